// Proves that the generated types guard real call sites: each wrong call below must fail the
// typecheck of this workspace package (resolving @capi/* by package name, as users do), at the
// line of the mistake, while the correct calls compile.
import { beforeAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function typecheck(files: Record<string, string>) {
  const configFile = ts.findConfigFile(appDir, ts.sys.fileExists)!;
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, appDir);
  const virtual = new Map(Object.entries(files).map(([name, text]) => [join(appDir, 'src', name), text]));
  const host = ts.createCompilerHost(parsed.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) =>
    virtual.has(f) ? ts.createSourceFile(f, virtual.get(f)!, lang) : getSourceFile.call(host, f, lang, ...rest);
  const program = ts.createProgram([...virtual.keys()], parsed.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file?.fileName.slice(appDir.length + 1),
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : undefined,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

const prelude = `
import { createSalesiveClient } from '@capi/salesive';
import { createBitbybitClient } from '@capi/bitbybit';
import { createImprintClient } from '@capi/imprint';
const salesive = createSalesiveClient({ token: 'app_x' });
const bitbybit = createBitbybitClient({ apiKey: 'k' });
const imprint = createImprintClient({ auth: { type: 'bearer', token: 't' } });
export async function run() {
`;
const lineOfCall = prelude.split('\n').length; // the call is on the first line after the prelude

const correct = `${prelude}
  await salesive.PUT('/customers/{id}', { params: { path: { id: 'c1' } }, body: { active: false, phone: null } });
  await bitbybit.PUT('/customers/{id}', { params: { path: { id: 'c1' } }, body: { firstName: 'Ada' } });
  await imprint.POST('/v2/customers/{customer_id}', { params: { path: { customer_id: 'c1' } }, body: { city: 'SF' } });
  // throwOnError: true types the client as throwing (no error member in the result)
  const throwing = await createSalesiveClient({ token: 'app_x', throwOnError: true, timeoutMs: 5_000 }).PUT('/customers/{id}', { params: { path: { id: 'c1' } }, body: {} });
  // @ts-expect-error a throwing client's result has no error member
  void throwing.error;
}`;

const wrong: [string, string, RegExp][] = [
  [
    'a misspelled body field',
    `await salesive.PUT('/customers/{id}', { params: { path: { id: 'c1' } }, body: { emial: 'a@b.co' } });`,
    /emial/,
  ],
  [
    'a wrong field type',
    `await salesive.PUT('/customers/{id}', { params: { path: { id: 'c1' } }, body: { active: 'yes' } });`,
    /not assignable to type 'boolean/,
  ],
  ['a missing path param', `await bitbybit.PUT('/customers/{id}', { params: { path: {} }, body: {} });`, /Property 'id' is missing/],
  [
    'a path param of the wrong type',
    `await bitbybit.PUT('/customers/{id}', { params: { path: { id: 42 } }, body: {} });`,
    /not assignable to type 'string'/,
  ],
  ['an undocumented path', `await bitbybit.PUT('/customer/{id}', { params: { path: { id: 'c1' } }, body: {} });`, /customer\/\{id\}/],
  [
    'the wrong method',
    `await imprint.PUT('/v2/customers/{customer_id}', { params: { path: { customer_id: 'c1' } }, body: {} });`,
    /v2\/customers/,
  ],
  // a misspelled client option: ignored at run time before (the call went to the production host)
  [
    'a misspelled baseUrl option',
    `createSalesiveClient({ token: 'app_x', baseURL: 'http://127.0.0.1:4010' });`,
    /'baseURL' does not exist[\s\S]*Did you mean to write 'baseUrl'\?/,
  ],
  ['a misspelled timeoutMs option', `createBitbybitClient({ apiKey: 'k', timeoutMS: 5 });`, /Did you mean to write 'timeoutMs'\?/],
  [
    'a misspelled throwOnError option',
    `createImprintClient({ auth: { type: 'bearer', token: 't' }, throwOnErrors: true });`,
    /Did you mean to write 'throwOnError'\?/,
  ],
  ['a retries option', `createSalesiveClient({ token: 'app_x', retries: 3 });`, /'retries' does not exist/],
  [
    'a null where the spec allows none',
    `await salesive.PUT('/customers/{id}', { params: { path: { id: 'c1' } }, body: { name: null } });`,
    /null/,
  ],
];

// One program for every case (each in its own virtual file): one typecheck, not one per case.
let diagnostics: ReturnType<typeof typecheck>;
beforeAll(() => {
  diagnostics = typecheck({
    'case-ok.ts': correct,
    'sync.ts': ts.sys.readFile(join(appDir, 'src/sync.ts'))!,
    ...Object.fromEntries(wrong.map(([, call], i) => [`case-${i}.ts`, `${prelude}  ${call}\n}\n`])),
  });
});

describe('workspace typecheck of provider calls', () => {
  it('accepts the example app and correct calls', () => {
    expect(diagnostics.filter((d) => d.file === 'src/case-ok.ts' || d.file === 'src/sync.ts')).toEqual([]);
  });

  it.each(wrong.map(([name, call, message], i) => [name, call, message, i] as const))(
    'rejects %s at its line',
    (_name, _call, message, i) => {
      const mine = diagnostics.filter((d) => d.file === `src/case-${i}.ts`);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine[0]).toMatchObject({ line: lineOfCall });
      expect(mine.map((d) => d.message).join('\n')).toMatch(message);
    },
  );
});
