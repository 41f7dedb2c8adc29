// The table-driven tests of the spec-defect kinds (<kind>.test.ts beside each kind): given a spec
// fragment, want these findings and these actions. A kind found by lint is checked end to end with
// the real tools: Redocly (with the repository's redocly.yaml rules and plugin) lints every case
// of the table in one run; the kind's actions (suggestFixes, as `lint --fix` writes them) are
// applied with the build's overlay checker, each must match and change the document, and Redocly
// lints the fixed documents without the finding. Used by tests only.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseJsonStream } from '../lint/lint.ts';
import { suggestFixes } from '../lint/lint-hints.ts';
import { checkOverlay } from '../overlay/overlay.ts';
import { redoclyAsync } from '../build/redocly.ts';
import { repoRoot } from '../registry/registry.ts';
import type { DefectFinding, OverlayAction } from './types.ts';

// biome-ignore lint/suspicious/noExplicitAny: a test document is changed freely by each case
export type Doc = any;

/** An action as a table writes it: its target, and its removal or its update. */
type WantedAction = { target: string; remove: true } | { target: string; update: unknown };

export interface LintCase {
  name: string;
  /** the spec fragment: what the case changes in the base document */
  given: (doc: Doc) => void;
  /** the rule whose findings are wanted (the kind's id when not given) */
  rule?: string;
  /** the pointers of the findings wanted (each must be among the findings); [] for none */
  findings: string[] | 'some';
  /** the overlay actions wanted for them; absent when the case checks the finding only */
  actions?: WantedAction[];
  /** what the fixed document has */
  fixed?: (doc: Doc) => void;
}

/** The base document of the rule tests: one PUT with a body, every status documented, one scheme. */
export const putBase = (): Doc => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  servers: [{ url: 'https://api.test.invalid' }],
  security: [{ key: [] }],
  paths: {
    '/things/{id}': {
      put: {
        operationId: 'updateThing',
        summary: 'Update a thing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' }, example: { name: 'n' } } } },
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          400: { description: 'bad' },
          401: { description: 'no auth' },
          404: { description: 'none' },
        },
      },
    },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-key' } },
    schemas: { Thing: { type: 'object', properties: { name: { type: 'string' } } } },
  },
});
export const putOp = (d: Doc): Doc => d.paths['/things/{id}'].put;

/** The base document of the action tests: one GET whose answer is an allOf, with a response header. */
export const getBase = (): Doc => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  servers: [{ url: 'https://api.test.invalid' }],
  security: [{ key: [] }],
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        summary: 'Get a thing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'ok',
            headers: { 'X-Request-Id': { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          400: { description: 'bad' },
          401: { description: 'no auth' },
          404: { description: 'none' },
        },
      },
    },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-key' } },
    schemas: {
      Base: { type: 'object', properties: { id: { type: 'string' } } },
      Thing: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { name: { type: 'string' } } }] },
    },
  },
});
export const getOp = (d: Doc): Doc => d.paths['/things/{id}'].get;

type Found = DefectFinding & { pointer: string };

/** Lints documents with the repository's rules and plugin, in one Redocly run; answers name -> findings. */
async function lintAll(dir: string, docs: [string, unknown][]): Promise<Record<string, Found[]>> {
  const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8'));
  const apis: Record<string, { root: string }> = {};
  for (const [name, doc] of docs) {
    writeFileSync(join(dir, `${name}.yaml`), stringify(doc));
    apis[name] = { root: join(dir, `${name}.yaml`) };
  }
  const cfg = { extends: config.extends, plugins: config.plugins.map((p: string) => resolve(repoRoot, p)), rules: config.rules, apis };
  writeFileSync(join(dir, 'redocly.yaml'), stringify(cfg));
  const res = await redoclyAsync(['lint', '--config', join(dir, 'redocly.yaml'), '--format=json'], { cwd: dir });
  const out: Record<string, Found[]> = {};
  for (const p of parseJsonStream(res.stdout).problems) {
    const at = p.location?.[0];
    const name = (at?.source?.ref ?? '').replace(/^.*\//, '').replace('.yaml', '');
    const list = out[name] ?? [];
    out[name] = list;
    list.push({ rule: p.ruleId, pointer: at?.pointer ?? '', message: p.message, file: name });
  }
  return out;
}

/** Applies actions with the build's overlay checker; each must match and change something. */
function applyActions(dir: string, doc: unknown, actions: readonly OverlayAction[]): unknown {
  const file = join(dir, `overlay-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
  const res = checkOverlay(file, doc, { root: dir });
  for (const a of res.actions) expect(a.matched > 0 && a.changed, `action ${a.index} (${a.target}) must match and change`).toBe(true);
  return res.document;
}

/** An action as the tables write it. */
export const wanted = ({ target, remove, update }: OverlayAction): WantedAction => (remove ? { target, remove: true } : { target, update });

/**
 * The table of a kind found by lint: each case's document linted (want its findings), its actions
 * suggested (want them, each naming the rule first in x-fixes, nothing accepted), applied, and
 * the fixed document linted again (want no finding of the rule).
 */
export function lintTable(id: string, cases: readonly LintCase[], base: () => Doc = putBase): void {
  let dir: string;
  let before: Record<string, Found[]> = {};
  let after: Record<string, Found[]> = {};
  const broken = new Map<number, Doc>();
  const fixed = new Map<number, unknown>();
  const suggested = new Map<number, ReturnType<typeof suggestFixes>>();
  const ruleOf = (c: LintCase) => c.rule ?? id;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-kind-'));
    const docs: [string, unknown][] = [];
    cases.forEach((c, i) => {
      const d = base();
      c.given(d);
      broken.set(i, d);
      docs.push([`broken-${i}`, d]);
    });
    before = await lintAll(dir, docs);
    const again: [string, unknown][] = [];
    cases.forEach((c, i) => {
      if (!c.actions) return;
      const findings = (before[`broken-${i}`] ?? []).filter((f) => f.rule === ruleOf(c));
      const s = suggestFixes(findings, { doc: broken.get(i), provider: 't' });
      suggested.set(i, s);
      const doc = applyActions(dir, broken.get(i), s.actions);
      fixed.set(i, doc);
      again.push([`fixed-${i}`, doc]);
    });
    after = again.length ? await lintAll(dir, again) : {};
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe(id, () => {
    it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_, i) => {
      const c = cases[i];
      const rule = ruleOf(c);
      const found = (before[`broken-${i}`] ?? []).filter((f) => f.rule === rule).map((f) => f.pointer);
      if (c.findings === 'some') expect(found.length).toBeGreaterThan(0);
      else if (!c.findings.length) expect(found).toEqual([]);
      else for (const p of c.findings) expect(found).toContain(p);
      if (!c.actions) return;
      const s = suggested.get(i);
      expect(s?.accept).toEqual([]);
      expect(s?.actions.map(wanted)).toEqual(c.actions);
      for (const a of s?.actions ?? []) expect(a['x-fixes']?.[0]).toBe(rule);
      c.fixed?.(fixed.get(i));
      expect((after[`fixed-${i}`] ?? []).filter((f) => f.rule === rule)).toEqual([]);
    });
  });
}

/** A finding as a table writes it (its rule, pointer and message; upstream file and line 7). */
export const finding = (rule: string, pointer: string, message = 'problem'): DefectFinding => ({
  rule,
  pointer,
  message,
  file: 'specs/x/upstream.yaml',
  line: 7,
});

export interface SuggestCase {
  name: string;
  /** the document the findings are read against */
  doc: () => Doc;
  /** the findings (as lint reports them) */
  findings: DefectFinding[];
  /** the actions wanted (target, remove or update); absent when `check` says what is wanted */
  actions?: WantedAction[];
  /** what suggestFixes answers, and the document with its actions applied */
  check?: (s: ReturnType<typeof suggestFixes>, fixed: Doc) => void;
}

/**
 * The table of a kind whose findings are given as lint reports them (no Redocly run): each case's
 * actions suggested (suggestFixes, as `lint --fix` writes them), applied with the build's overlay
 * checker (each must match and change the document), and checked.
 */
export function suggestTable(id: string, cases: readonly SuggestCase[]): void {
  describe(id, () => {
    it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_, i) => {
      const c = cases[i];
      const doc = c.doc();
      const s = suggestFixes(c.findings, { doc, provider: 'x' });
      if (c.actions) expect(s.actions.map(wanted)).toEqual(c.actions);
      const dir = mkdtempSync(join(tmpdir(), 'capi-kind-'));
      try {
        const fixed = s.actions.length ? applyActions(dir, doc, s.actions) : doc;
        c.check?.(s, fixed);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
