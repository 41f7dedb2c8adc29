// Text from a spec that codegen writes into TypeScript source (api.gen.ts): schema names, paths
// and operationIds in doc comments and string literals. A `*/` in a path (Google-style
// `/v1/projects/*/locations/{id}`) or a schema name ended the comment early: the module no longer
// parsed, and a spec could put its own statements into the generated client. Each must stay
// inside its comment or literal, and a bidi override (Trojan Source) or control character there
// is written as `\uXXXX`.
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { apiModule } from '../../lib/codegen/codegen.ts';

const INJECT = '*/ globalThis.pwned = 1; /*';
const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };
const doc = {
  openapi: '3.1.0',
  info: { title: 'Hostile text', version: '1' },
  paths: {
    '/v1/projects/*/locations/{id}': {
      get: {
        operationId: 'getLocation',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: ok },
      },
    },
    [`/items/${INJECT}/{id}`]: {
      post: {
        operationId: 'postItem',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { 200: ok, 404: ok },
      },
    },
    '/lines/{id}': {
      get: {
        operationId: 'line\nbreak\u2028sep\u202eevil',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: ok },
      },
    },
  },
  components: {
    schemas: {
      [`Evil${INJECT}Name`]: { type: 'string' },
      'Trojan\u202eSource\u2066': { type: 'string' },
      'New\nLine': { type: 'string' },
    },
  },
};

/** The module's syntax errors and its top-level statements' kinds. */
function parse(text) {
  const { diagnostics } = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
  const file = ts.createSourceFile('api.gen.ts', text, ts.ScriptTarget.Latest, true);
  const kind = (s) =>
    ts.isImportDeclaration(s)
      ? 'import'
      : ts.isTypeAliasDeclaration(s)
        ? 'type'
        : ts.isVariableStatement(s)
          ? 'const'
          : ts.SyntaxKind[s.kind];
  return { errors: diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), kinds: file.statements.map(kind) };
}

describe('api.gen.ts with hostile text in the spec', () => {
  it('parses, and holds only its imports, the spec facts and type aliases (a */ in a path or schema name ends no comment)', () => {
    const text = apiModule(structuredClone(doc));
    const { errors, kinds } = parse(text);
    expect(errors).toEqual([]);
    expect([...new Set(kinds)].sort()).toEqual(['const', 'import', 'type']);
    expect(kinds.filter((k) => k === 'const')).toHaveLength(1); // `spec`
    expect(text).toContain(`/** Schema \`Evil*\\/ globalThis.pwned = 1; /*Name\`. */`);
    expect(text).toContain('/** Path parameters of GET /v1/projects/*\\/locations/{id}. */');
  });

  it('writes no bidi override, line break or control character raw into the module', () => {
    const text = apiModule(structuredClone(doc));
    expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\\u202e');
  });
});
