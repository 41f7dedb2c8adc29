// `npm run lint:specs` (src/lint-cli.ts): the lint stage alone, with the conformance job's pass
// criteria, on copies of the specs.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoCopy } from '@capi/scripts/testing/helpers.mjs';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { appDir, run } from './helpers.ts';

let repo;
afterEach(() => repo?.cleanup());

/** imprint's upstream with 30 operations without an operationId: no overlay action fixes that, the rule is accepted. */
function addOperationsWithoutId(copy) {
  const op = (i) =>
    `  /extra/${i}:\n    get:\n      summary: Extra ${i}\n      responses:\n        '200':\n          description: ok\n        '400':\n          description: bad\n        '401':\n          description: no\n`;
  const extra = Array.from({ length: 30 }, (_, i) => op(i)).join('');
  copy.edit('specs/imprint/upstream.yaml', (t) => t.replace(/^paths:\n/m, `paths:\n${extra}`));
}

describe('lint:specs', () => {
  it('passes on the registered specs', async () => {
    repo = repoCopy();
    const res = await run([join(appDir, 'src/lint-cli.ts'), '--root', repo.dir]);
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/^salesive: ok {2}0 error\(s\), 0 warning\(s\), upstream \d+ finding\(s\) handled \d+/m);
    expect(res.out).toMatch(new RegExp(`lint ok: ${loadProviders(repo.dir).length} provider\\(s\\)`));
  });

  it('counts every finding of a large spec (Redocly stops at 100 per document unless told otherwise) and says what fixes them', async () => {
    repo = repoCopy();
    // 150 operations without an operationId, without any 4xx and without a 401 (the spec requires a token): 450 findings
    const extra = Array.from(
      { length: 150 },
      (_, i) => `  /extra/${i}:\n    get:\n      summary: Extra ${i}\n      responses:\n        '200':\n          description: ok\n`,
    ).join('');
    repo.edit('specs/profiles/authored.yaml', (t) => t.replace(/^paths:\n/m, `paths:\n${extra}`));
    const res = await run([join(appDir, 'src/lint-cli.ts'), '--root', repo.dir, 'profiles']);
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/^profiles: FAILED {2}450 error\(s\)/m);
    expect(res.out).toMatch(/^ {2}\.\.\. and 440 more$/m);
    expect(res.out).toMatch(
      /^ {4}operation-4xx-response +150 finding\(s\) +accept in redocly\.yaml \(more than 25 operations; or document each status in the overlay\)$/m,
    );
    expect(res.out).toMatch(
      /^ {4}operation-operationId +150 finding\(s\) +accept in redocly\.yaml with your reason, or correct it in the overlay$/m,
    );
    expect(res.out).toMatch(
      /npm run lint:specs -- --fix profiles: writes these corrections into the overlay and redocly\.yaml .*\(profiles is authored: make them in specs\/profiles\/authored\.yaml itself\)/,
    );
  });

  it('fails, naming file and line, on a lint error, an unhandled upstream defect and overlay rot; the others still pass', async () => {
    repo = repoCopy();
    // without its overlay action, salesive documents no 400 again
    repo.edit('specs/salesive/overlay.yaml', (t) => `${t.slice(0, t.indexOf('\nactions:'))}\nactions: []\n`);
    repo.edit('specs/imprint/overlay.yaml', (t) =>
      t.replace('$.components.schemas.Customer.properties.updated_at', '$.components.schemas.Customer.properties.modified_at'),
    );
    const res = await run([join(appDir, 'src/lint-cli.ts'), '--root', repo.dir]);
    expect(res.status).toBe(1);
    expect(res.out).toMatch(
      /^salesive: FAILED {2}1 error\(s\).*\n {2}specs\/salesive\/effective\.yaml:\d+ .*\(capi\/operation-4xx-documented\)/m,
    );
    expect(res.out).toMatch(
      / {2}upstream defect not handled: specs\/salesive\/upstream\.yaml:\d+ .*\(capi\/operation-4xx-documented\): still present in the effective spec/,
    );
    expect(res.out).toMatch(
      /^imprint: FAILED {2}not linted: its effective spec did not build \(below\) .*\n {2}\[imprint\] specs\/imprint\/overlay\.yaml:\d+: overlay rot/m,
    );
    expect(res.out).toMatch(/^bitbybit: ok/m);
    const n = loadProviders(repo.dir).length;
    expect(res.out).toMatch(new RegExp(`lint FAILED: ${n - 2} of ${n} provider\\(s\\) passed`));
  });

  it('names the key Redocly stops on when a schema property is named `hasOwnProperty`, and says what to do; done, lint checks the rest', async () => {
    repo = repoCopy();
    repo.edit('specs/salesive/upstream.yaml', (t) =>
      t.replace(
        '      properties:\n        status:\n',
        // no type: Redocly's example check reads the built-in where an example has no such
        // field, and would call every example invalid for any type
        '      properties:\n        hasOwnProperty:\n          description: A field named like a JavaScript built-in.\n        status:\n',
      ),
    );
    const lint = () => run([join(appDir, 'src/lint-cli.ts'), '--root', repo.dir, 'salesive']);
    const stopped = await lint();
    expect(stopped.status).toBe(1);
    const line = repo.read('specs/salesive/effective.yaml').split('\n').indexOf('        hasOwnProperty:') + 1;
    expect(stopped.out).toMatch(
      new RegExp(
        `e\\.hasOwnProperty is not a function Redocly stops on an object with a key named \`hasOwnProperty\` .*: specs/salesive/effective\\.yaml:${line} #/components/schemas/EnvelopeBase/properties/hasOwnProperty\\. Where that key is a schema property, the rule that stops is no-required-schema-properties-undefined: turn it off for salesive in redocly\\.yaml \\(apis\\.salesive\\.rules\\) with its reason under apis\\.salesive\\.x-reasons`,
      ),
    );
    // done as it says: the effective spec is linted without that rule, the upstream document
    // (report mode) is read too, its findings counted, none lost to Redocly stopping on it
    repo.edit('redocly.yaml', (t) =>
      t.replace(
        '    output: specs/salesive/effective.yaml\n',
        "    output: specs/salesive/effective.yaml\n    rules:\n      no-required-schema-properties-undefined: 'off'\n    x-reasons:\n      no-required-schema-properties-undefined: Redocly 2.77 stops on the property hasOwnProperty.\n",
      ),
    );
    const done = await lint();
    expect(done.out).toMatch(/^salesive: ok {2}0 error\(s\), 0 warning\(s\), upstream [1-9]\d* finding\(s\) handled [1-9]/m);
    expect(done.status).toBe(0);
  });

  it("--fix writes the overlay actions; what only a person can say (a rule's reason, why a status is documented) gets a TODO lint refuses until it is written", async () => {
    repo = repoCopy();
    // salesive without its overlay action: --fix writes it back (with description and x-fixes)
    repo.edit('specs/salesive/overlay.yaml', (t) => `${t.slice(0, t.indexOf('\nactions:'))}\nactions: []\n`);
    addOperationsWithoutId(repo);
    const fixed = await run([join(appDir, 'src/lint-cli.ts'), '--root', repo.dir, '--fix', 'salesive', 'imprint']);
    expect(fixed.out).toMatch(/^salesive: --fix wrote 1 overlay action\(s\) and accepted 0 rule\(s\)/m);
    expect(fixed.out).toMatch(
      /^salesive: 1 of those action\(s\) state what only you can vouch for: write each description that says TODO/m,
    );
    expect(fixed.out).toMatch(/^imprint: --fix wrote 0 overlay action\(s\) and accepted 1 rule\(s\) \(each reason still to write\)/m);
    expect(fixed.out).toMatch(/^lint again with the fixes:$/m);
    expect(fixed.out).toMatch(
      /^salesive: FAILED.*\n {2}specs\/salesive\/overlay\.yaml:\d+ action 1 \(.*\): its description is still a placeholder \("TODO: why you document 4\d\d here/m,
    );
    expect(fixed.out).toMatch(
      /^imprint: FAILED.*\n {2}redocly\.yaml: rule operation-operationId is turned off for imprint; write its reason under apis\.imprint\.x-reasons\.operation-operationId \(it is still a placeholder: "TODO: /m,
    );
    expect(fixed.status).toBe(1);
    const overlay = repo.read('specs/salesive/overlay.yaml');
    expect(overlay).toMatch(/^actions:\n {2}- target: /m);
    expect(overlay).toMatch(/x-fixes:\n\s+- capi\/operation-4xx-documented/);

    // a person writes the reason: lint passes
    repo.edit('redocly.yaml', (t) =>
      t.replace(
        /TODO: write why this rule is accepted for this provider \(lint fails until you do\)/,
        'The extra read endpoints carry no operationId upstream; our client names them by path.',
      ),
    );
    repo.edit('specs/salesive/overlay.yaml', (t) =>
      t.replace(/description: "?TODO: why you document (4\d\d) here.*$/m, 'description: Salesive answers $1 here (its API reference).'),
    );
    const reasoned = await run([join(appDir, 'src/lint-cli.ts'), '--root', repo.dir, 'salesive', 'imprint']);
    expect(reasoned.status, reasoned.out).toBe(0);
  });

  it('--fix --accept-all records that the findings were accepted on import without review (each by its pointer, the rule left on), and passes', async () => {
    repo = repoCopy();
    addOperationsWithoutId(repo);
    const res = await run([join(appDir, 'src/lint-cli.ts'), '--root', repo.dir, '--fix', '--accept-all', 'imprint']);
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/^imprint: ok/m);
    const imprint = parse(repo.read('redocly.yaml')).apis.imprint;
    expect(imprint.rules?.['operation-operationId']).toBeUndefined();
    const accepted = Object.entries(imprint['x-accepted']['operation-operationId']);
    expect(accepted).toHaveLength(30);
    for (const [pointer, reason] of accepted) {
      expect(pointer).toMatch(/^#\/paths\/~1extra~1\d+\/get\/operationId$/);
      expect(reason).toMatch(/^accepted on import without review \(npm run lint:specs -- --fix --accept-all, \d{4}-\d{2}-\d{2}\): /);
    }
    const lone = await run([join(appDir, 'src/lint-cli.ts'), '--root', repo.dir, '--accept-all', 'imprint']);
    expect(lone.status).toBe(1);
    expect(lone.out).toMatch(/--accept-all goes with --fix/);
  });
});
