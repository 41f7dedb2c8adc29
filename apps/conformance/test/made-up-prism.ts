// A real Prism over a spec a test makes up: the spec written to a folder of its own, Prism on
// 127.0.0.1 port 0 (startPrism), and both gone when the test is done with them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type PrismServer, startPrism } from '../src/prism.ts';

type StartOptions = NonNullable<Parameters<typeof startPrism>[1]>;

/** A Prism of a made-up spec; `file` is the spec as Prism reads it, `close()` also removes it. */
export interface MadeUpPrism extends PrismServer {
  readonly file: string;
}

/**
 * Writes `spec` to a fresh temporary folder as `name` (JSON when it ends in .json, YAML else:
 * JSON reads faster for the specs made large on purpose) and starts a Prism of it; a start that
 * fails leaves nothing behind.
 */
export async function madeUpPrism(spec: unknown, opts: StartOptions & { name?: string } = {}): Promise<MadeUpPrism> {
  const { name = 'effective.yaml', ...start } = opts;
  const dir = mkdtempSync(join(tmpdir(), 'capi-made-up-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  const file = join(dir, name);
  let server: PrismServer;
  try {
    writeFileSync(file, name.endsWith('.json') ? JSON.stringify(spec) : stringify(spec));
    server = await startPrism(file, start);
  } catch (err) {
    remove();
    throw err;
  }
  return {
    file,
    url: server.url,
    uncheckedResponse: (method, path, status) => server.uncheckedResponse(method, path, status),
    uncheckedRequest: (method, path, mediaType) => server.uncheckedRequest(method, path, mediaType),
    prismAccepts: (method, path, status) => server.prismAccepts(method, path, status),
    async close(): Promise<void> {
      try {
        await server.close();
      } finally {
        remove();
      }
    },
  };
}

/** Runs `use` with a Prism of `spec` (madeUpPrism) and closes it however `use` ends. */
export async function withMadeUpPrism<T>(
  spec: unknown,
  use: (prism: MadeUpPrism) => Promise<T>,
  opts: StartOptions & { name?: string } = {},
): Promise<T> {
  const prism = await madeUpPrism(spec, opts);
  try {
    return await use(prism);
  } finally {
    await prism.close();
  }
}

/**
 * `depth` schemas `Level0`…: each of two fields (left, right) of the next one, the last `last`.
 * Written out that is 2^depth copies of the last, which makes a spec large enough that its
 * operations share one bundle (src/prism-operations.ts).
 */
export function wideLevels(
  depth: number,
  last: object = { type: 'object', properties: { code: { type: 'string' } } },
): Record<string, object> {
  const schemas: Record<string, object> = {};
  for (let i = 0; i < depth; i++)
    schemas[`Level${i}`] =
      i === depth - 1
        ? last
        : {
            type: 'object',
            properties: { left: { $ref: `#/components/schemas/Level${i + 1}` }, right: { $ref: `#/components/schemas/Level${i + 1}` } },
          };
  return schemas;
}
