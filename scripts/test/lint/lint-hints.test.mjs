// What the lint stage suggests for each kind of finding (scripts/lib/lint/lint-hints.ts): each
// suggested overlay action is applied with the same overlay checker the build uses, and must
// change the document where the finding is.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { checkOverlay } from '../../lib/overlay/overlay.ts';
import { acceptYaml, applySuggestion, MAX_PER_OPERATION_ACTIONS, openFindings, suggestFixes } from '../../lib/lint/lint-hints.ts';
import { jsonPathOf } from '../../lib/spec/json-pointer.ts';

const finding = (rule, pointer, message = 'problem') => ({ rule, pointer, message, file: 'specs/x/upstream.yaml', line: 7 });

/** Applies suggested actions with the build's overlay checker; returns the result document. */
function apply(doc, actions) {
  const dir = mkdtempSync(join(tmpdir(), 'capi-hints-'));
  try {
    const file = join(dir, 'overlay.yaml');
    writeFileSync(file, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
    const res = checkOverlay(file, doc, { root: dir });
    for (const a of res.actions) expect(a.matched > 0 && a.changed, `action ${a.index} (${a.target}) must match and change`).toBe(true);
    return res.document;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const doc = () => ({
  openapi: '3.1.0',
  paths: {
    '/customers/{id}': {
      put: {
        parameters: [{ name: 'id', in: 'path', schema: { type: 'integer' }, example: 'abc' }],
        requestBody: {
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/C' },
              examples: { bad: { value: { name: 1, examples: { x: 1 } } }, good: { value: { name: 'a' } } },
            },
          },
        },
        responses: {
          200: {
            description: 'ok',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/C' },
                examples: { shared: { $ref: '#/components/examples/Wrong' } },
              },
            },
          },
          201: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/C' }, example: { name: 2 } } } },
        },
      },
    },
    "/it's": {
      get: {
        responses: {
          200: {
            description: 'ok',
            content: {
              'application/json': {
                examples: {
                  s: { $ref: '#/components/examples/Wrong' },
                  v: { summary: 'a ref to the value only', value: { $ref: '#/components/examples/Wrong/value' } },
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: { C: { type: 'object', properties: { name: { type: 'string', example: 5, nullable: true } } } },
    examples: { Wrong: { value: { name: 3 } } },
  },
});

describe('lint hints', () => {
  it('builds JSONPath that quotes what needs quoting', () => {
    expect(jsonPathOf(['paths', "/it's", 'get', 'parameters', 0])).toBe("$.paths['/it\\'s'].get.parameters[0]");
  });

  it('builds JSONPath that selects a key with a control character (a tab, a newline, NUL), which RFC 9535 wants escaped, and the overlay applies it to that key', () => {
    const d = doc();
    for (const key of ['a\tb', 'line\nbreak', 'nul\u0000', 'del\u007f', "both\t'\\"]) {
      d.components.schemas[key] = { type: 'string', deprecated: true };
      const res = apply(structuredClone(d), [{ target: jsonPathOf(['components', 'schemas', key]), update: { description: 'found' } }]);
      expect(res.components.schemas[key].description, JSON.stringify(key)).toBe('found');
    }
  });

  it('removes each example that contradicts its schema: inline, under examples, in schemas, parameters, and every use of a shared one', () => {
    const d = doc();
    const s = suggestFixes(
      [
        finding(
          'no-invalid-media-type-examples',
          '#/paths/~1customers~1{id}/put/requestBody/content/application~1json/examples/bad/value/name',
        ),
        finding(
          'no-invalid-media-type-examples',
          '#/paths/~1customers~1{id}/put/requestBody/content/application~1json/examples/bad/value/examples/x',
        ),
        finding('no-invalid-media-type-examples', '#/paths/~1customers~1{id}/put/responses/201/content/application~1json/example/name'),
        finding('no-invalid-media-type-examples', '#/components/examples/Wrong/value/name'),
        finding('no-invalid-schema-examples', '#/components/schemas/C/properties/name/example'),
        finding('no-invalid-parameter-examples', '#/paths/~1customers~1{id}/put/parameters/0/example'),
      ],
      { doc: d, provider: 'x' },
    );
    expect(s.accept).toEqual([]);
    const out = apply(d, s.actions);
    const put = out.paths['/customers/{id}'].put;
    expect(Object.keys(put.requestBody.content['application/json'].examples)).toEqual(['good']);
    expect(put.responses[201].content['application/json']).not.toHaveProperty('example');
    expect(put.responses[200].content['application/json'].examples).toEqual({});
    expect(out.paths["/it's"].get.responses[200].content['application/json'].examples).toEqual({});
    expect(out.components.examples).toEqual({});
    expect(out.components.schemas.C.properties.name).not.toHaveProperty('example');
    expect(put.parameters[0]).not.toHaveProperty('example');
    for (const a of s.actions) expect(a.description).toMatch(/^Upstream example contradicts its schema \(specs\/x\/upstream\.yaml:7: /);
  });

  it('rewrites OAS 3.0 nullable the 3.1 way', () => {
    const d = doc();
    const s = suggestFixes([finding('capi/no-oas30-keywords', '#/components/schemas/C/properties/name/nullable')], {
      doc: d,
      provider: 'x',
    });
    expect(apply(d, s.actions).components.schemas.C.properties.name).toEqual({ type: ['string', 'null'], example: 5 });
  });

  it('keeps a media type with malformed parameters under its bare type, and removes a content key that is no media type', () => {
    const d = doc();
    const content = d.paths['/customers/{id}'].put.responses[200].content;
    content['text/plain; utf-8'] = { schema: { type: 'string' } };
    content.code = { example: 400 };
    const s = suggestFixes(
      [
        finding('capi/content-media-type', '#/paths/~1customers~1{id}/put/responses/200/content/text~1plain; utf-8'),
        finding('capi/content-media-type', '#/paths/~1customers~1{id}/put/responses/200/content/code'),
      ],
      { doc: d, provider: 'x' },
    );
    const after = apply(d, s.actions).paths['/customers/{id}'].put.responses[200].content;
    expect(after['text/plain']).toEqual({ schema: { type: 'string' } });
    expect(Object.keys(after).sort()).toEqual(['application/json', 'text/plain']);
  });

  // security-defined: scripts/lib/defects/security-defined.test.ts
  it('documents a missing status per operation when there are few, and suggests accepting the rule when there are many', () => {
    const d = doc();
    const few = suggestFixes(
      [
        finding(
          'capi/operation-4xx-documented',
          '#/paths/~1customers~1{id}/put/responses',
          'Operation does not document 404 (no resource at the path).',
        ),
      ],
      { doc: d, provider: 'x' },
    );
    expect(apply(d, few.actions).paths['/customers/{id}'].put.responses[404]).toEqual({ description: 'No such resource.' });
    const many = suggestFixes(
      Array.from({ length: MAX_PER_OPERATION_ACTIONS + 1 }, () =>
        finding('operation-4xx-response', '#/paths/~1customers~1{id}/put/responses'),
      ),
      { doc: d, provider: 'x' },
    );
    expect(many.actions).toEqual([]);
    expect(many.rules).toEqual([{ rule: 'operation-4xx-response', count: MAX_PER_OPERATION_ACTIONS + 1, treatment: 'accept', actions: 0 }]);
    expect(acceptYaml('x', many.accept)).toMatch(
      /^apis:\n {2}x:\n {4}rules:\n {6}operation-4xx-response: off\n {4}x-reasons:\n {6}operation-4xx-response: "<why you accept it: 26 finding\(s\)/,
    );
  });

  it('the reason to write for an accepted rule quotes the example finding where it is, without the provider folder', () => {
    // a finding of a rule no action corrects, deep in a schema: the example cut at 100 characters
    // kept only "specs/<provider>/upstream.json…" when the folder came first (rudder's)
    const pointer = '#/components/schemas/directive-rule-compliance/properties/mode/allOf';
    const accepted = suggestFixes(
      [
        {
          ...finding('no-illogical-composition-keywords', pointer, 'Schema with allOf has a type that conflicts with its members.'),
          file: 'specs/rudder-example-local/upstream.json',
          where: `specs/rudder-example-local/upstream.json ${pointer}`, // as lint places it (locationOf)
        },
      ],
      { doc: doc(), provider: 'rudder-example-local' },
    );
    const reason = acceptYaml('rudder-example-local', accepted.accept).split('\n').at(-1);
    expect(reason).toBe(
      `      no-illogical-composition-keywords: "<why you accept it: 1 finding(s), e.g. upstream.json ${pointer} Schema with allOf…>"`,
    );
  });

  it('says when a finding is already gone but no action names its rule, and keeps effective errors and unhandled upstream findings once each', () => {
    const upstream = [
      {
        ...finding('no-invalid-media-type-examples', '#/a'),
        handled: 'unhandled',
        reason: 'gone from the effective spec, but no overlay action names this rule in x-fixes',
      },
      { ...finding('no-ambiguous-paths', '#/b'), handled: 'unhandled', reason: 'still present in the effective spec: ...' },
      { ...finding('info-license', '#/info'), handled: 'accepted' },
    ];
    const problems = [
      { ...finding('no-ambiguous-paths', '#/b'), severity: 'error' },
      { ...finding('no-ambiguous-paths', '#/c'), severity: 'warn' },
    ];
    const open = openFindings({ upstream, problems });
    expect(open.map((f) => f.pointer)).toEqual(['#/a', '#/b']);
    const s = suggestFixes(open, { doc: doc(), provider: 'x' });
    expect(s.rules).toEqual([
      { rule: 'no-invalid-media-type-examples', count: 1, treatment: 'x-fixes', actions: 0 },
      { rule: 'no-ambiguous-paths', count: 1, treatment: 'accept', actions: 0 },
    ]);
  });
});

describe('advice that converges', () => {
  const MISSING = 'Operation does not document 400 (invalid request body) or 404 (no resource at the path).';
  const ptr = '#/paths/~1customers~1{id}/put/responses';

  it('documents every status a finding names, in one pass', () => {
    const d = doc();
    const s = suggestFixes([finding('capi/operation-4xx-documented', ptr, MISSING)], { doc: d, provider: 'x' });
    expect(s.actions.map((a) => Object.keys(a.update)[0]).sort()).toEqual(['400', '404']);
    const fixed = apply(d, s.actions);
    expect(Object.keys(fixed.paths['/customers/{id}'].put.responses)).toEqual(expect.arrayContaining(['400', '404']));
  });

  it('suggests nothing again for a status the effective spec documents already (the upstream finding outlives its fix)', () => {
    const d = doc();
    d.paths['/customers/{id}'].put.responses['400'] = { description: 'Invalid request.' };
    const once = suggestFixes([finding('capi/operation-4xx-documented', ptr, MISSING)], { doc: d, provider: 'x' });
    expect(once.actions.map((a) => Object.keys(a.update)[0])).toEqual(['404']);
    d.paths['/customers/{id}'].put.responses['404'] = { description: 'No such resource.' };
    expect(suggestFixes([finding('capi/operation-4xx-documented', ptr, MISSING)], { doc: d, provider: 'x' }).actions).toEqual([]);
  });
});

describe('no-enum-type-mismatch', () => {
  const schemaDoc = (schemas) => ({ openapi: '3.0.3', paths: {}, components: { schemas } });
  const mismatch = (name, i = 0) => finding('no-enum-type-mismatch', `#/components/schemas/${name}/enum/${i}`);

  // the table of its actions: scripts/lib/defects/no-enum-type-mismatch.test.ts
  it('--fix --accept-all writes the action, not an accepted rule', () => {
    const root = mkdtempSync(join(tmpdir(), 'capi-enum-fix-'));
    try {
      mkdirSync(join(root, 'specs', 'x'), { recursive: true });
      const overlay = join(root, 'specs/x/overlay.yaml');
      writeFileSync(overlay, 'overlay: 1.0.0\ninfo:\n  title: x\n  version: 1.0.0\nactions: []\n');
      writeFileSync(join(root, 'redocly.yaml'), 'apis:\n  x:\n    root: specs/x/upstream.yaml\n');
      const d = schemaDoc({ Tags: { type: 'array', enum: ['red'], items: { type: 'string' } } });
      const s = suggestFixes([mismatch('Tags')], { doc: d, provider: 'x' });
      const done = applySuggestion({ name: 'x', overlays: [overlay] }, s, root, { acceptAll: true });
      expect(done).toMatchObject({ actions: 2, accepted: 0 });
      expect(readFileSync(join(root, 'redocly.yaml'), 'utf8')).not.toMatch(/no-enum-type-mismatch/);
      expect(parse(readFileSync(overlay, 'utf8')).actions.map((a) => a['x-fixes'])).toEqual([
        ['no-enum-type-mismatch'],
        ['no-enum-type-mismatch'],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('what --accept-all and the printed advice write from a finding', () => {
  // a word straddles each limit (100 printed, 120 a reason, 200 a finding accepted by pointer)
  const words = (limit) => `${'word '.repeat(Math.floor((limit - 3) / 5))}straddling the limit`;
  // no space before the limit, an emoji's two UTF-16 halves across it
  const emoji = (limit) => `${'x'.repeat(limit - 1)}\u{1F600}tail`;
  const wholeWords = (text, prefix) => {
    expect(text.startsWith(prefix)).toBe(true);
    const rest = text.slice(prefix.length);
    expect(rest).toMatch(/^(word )*word…$/);
  };
  const noHalf = (text) => {
    expect(text).toMatch(/…$/);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(text.isWellFormed()).toBe(true);
  };

  it('cuts at a word boundary with an ellipsis, and never between the halves of a surrogate pair', () => {
    const root = mkdtempSync(join(tmpdir(), 'capi-excerpt-'));
    try {
      mkdirSync(join(root, 'specs', 'x'), { recursive: true });
      const overlay = join(root, 'specs/x/overlay.yaml');
      writeFileSync(overlay, 'overlay: 1.0.0\ninfo:\n  title: x\n  version: 1.0.0\nactions: []\n');
      writeFileSync(join(root, 'redocly.yaml'), 'apis:\n  x:\n    root: specs/x/upstream.yaml\n');
      const accept = [
        { rule: 'rule-words', count: 2, example: words(120) },
        { rule: 'rule-emoji', count: 2, example: emoji(120) },
        {
          rule: 'by-pointer',
          count: 2,
          example: 'e',
          findings: [
            { pointer: '#/a', message: words(200) },
            { pointer: '#/b', message: emoji(200) },
          ],
        },
      ];
      applySuggestion({ name: 'x', overlays: [overlay] }, { actions: [], accept }, root, { acceptAll: true, today: '2026-01-01' });
      const apis = parse(readFileSync(join(root, 'redocly.yaml'), 'utf8')).apis.x;
      const prefix = 'accepted on import without review (npm run lint:specs -- --fix --accept-all, 2026-01-01): ';
      wholeWords(apis['x-reasons']['rule-words'], `${prefix}2 finding(s), e.g. `);
      noHalf(apis['x-reasons']['rule-emoji']);
      wholeWords(apis['x-accepted']['by-pointer']['#/a'], prefix);
      noHalf(apis['x-accepted']['by-pointer']['#/b']);
      // the advice printed for redocly.yaml
      const printed = parse(
        acceptYaml('x', [
          { rule: 'r', count: 1, example: words(100) },
          { rule: 's', count: 1, example: emoji(100) },
        ]),
      );
      expect(printed.apis.x['x-reasons'].r).toMatch(/e\.g\. (word )*word…>$/);
      noHalf(printed.apis.x['x-reasons'].s.replace(/>$/, ''));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('removals by index', () => {
  it('remove the highest index of an array first, so each target still names the item it meant', async () => {
    const { removeHighestIndexFirst } = await import('../../lib/lint/lint-hints.ts');
    const d = { components: { schemas: { A: { examples: ['a0', 'bad1', 'a2', 'bad3', 'a4', 'bad5'] } } } };
    const actions = removeHighestIndexFirst([
      { target: '$.components.schemas.A.examples[1]', description: 'x', remove: true },
      { target: '$.info', description: 'other', update: { title: 't' } },
      { target: '$.components.schemas.A.examples[3]', description: 'x', remove: true },
      { target: '$.components.schemas.A.examples[5]', description: 'x', remove: true },
    ]);
    expect(actions.map((a) => a.target)).toEqual([
      '$.components.schemas.A.examples[5]',
      '$.info',
      '$.components.schemas.A.examples[3]',
      '$.components.schemas.A.examples[1]',
    ]);
    const fixed = apply({ ...d, info: { title: 'x' } }, actions);
    expect(fixed.components.schemas.A.examples).toEqual(['a0', 'a2', 'a4']);
  });
});
