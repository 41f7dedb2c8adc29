// operation-operationId (Redocly's built-in rule, found by Redocly): an operation without an
// operationId. The action names it after its method and path (`GET /v1/bundles/{bundle_id}`:
// `getV1BundlesByBundleId`), a number added where another operation holds that name already;
// beyond 25 findings, accepting the rule is suggested instead.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { MAX_PER_OPERATION_ACTIONS } from './operation-4xx-documented.ts';
import type { DefectKind } from './types.ts';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** A word of a path in PascalCase (`bundle_id` -> `BundleId`, `v1` -> `V1`). */
const pascal = (s: string): string =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`)
    .join('');

/** The operationId an operation is given from its method and path (a parameter as `By<Name>`). */
function nameOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      const param = /^\{([^{}]+)\}$/.exec(seg);
      return param ? `By${pascal(param[1] ?? '')}` : pascal(seg);
    });
  return `${method}${words.join('')}`;
}

/** Every operationId the document's operations hold. */
function operationIds(doc: unknown): Set<string> {
  const ids = new Set<string>();
  const paths = getAt(doc, ['paths']);
  if (!paths || typeof paths !== 'object') return ids;
  for (const item of Object.values(paths)) {
    if (!item || typeof item !== 'object') continue;
    for (const [method, op] of Object.entries(item)) {
      const id = METHODS.has(method) ? (op as { operationId?: unknown } | null)?.operationId : undefined;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return ids;
}

export const kind: DefectKind = {
  id: 'operation-operationId',
  severity: 'error',
  stage: 'lint',
  docs: "Redocly's operation-operationId: an operation without an operationId, so the generated client's docs, the contract tests and the reports have no name to give the call. The action names it after its method and path (`GET /v1/bundles/{bundle_id}`: `getV1BundlesByBundleId`), with a number added where another operation holds that name already; beyond 25 findings, accepting the rule is suggested instead (a naming scheme for that many is the provider's to choose); an operation outside `paths` (a webhook) is left to a person (accept the rule with a reason).",
  fix(findings, ctx) {
    // many operations without one: a naming scheme of the provider's own is for a person to choose
    if (findings.length > MAX_PER_OPERATION_ACTIONS) return 'accept';
    const taken = operationIds(ctx.doc);
    let treatment: 'accept' | undefined;
    for (const f of findings) {
      const segs = parsePointer(f.pointer ?? '');
      const op = segs.at(-1) === 'operationId' ? segs.slice(0, -1) : segs;
      const [root, path, method] = op;
      if (op.length !== 3 || root !== 'paths' || path === undefined || method === undefined || !METHODS.has(method)) {
        treatment = 'accept';
        continue;
      }
      const node = getAt(ctx.doc, op) as { operationId?: unknown } | undefined;
      // named already in the effective spec (an upstream finding outlives the action that fixed it)
      if (!node || typeof node !== 'object' || typeof node.operationId === 'string') continue;
      const base = nameOf(method, path);
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
      taken.add(name);
      ctx.push(f, {
        target: jsonPathOf(op),
        description: `Upstream gives ${method.toUpperCase()} ${path} no operationId; we name it \`${name}\` after its method and path.`,
        update: { operationId: name },
      });
    }
    return treatment;
  },
};
