// Checks an OpenAPI Overlay 1.0 document against the document it overlays, action by action,
// the way Redocly applies it (in order, each target evaluated on the result of the previous
// actions, RFC 9535 JSONPath). Redocly silently skips an action whose target matches nothing;
// we treat that as overlay rot: the upstream changed under our correction.
import { type JsonValue, paths as jsonPaths, query } from 'jsonpath-rfc9535';
import { isDeepStrictEqual } from 'node:util';
import { relative } from 'node:path';
import { loadYamlSource } from '../spec/yaml-source.ts';
import { UserError } from '../shared/errors.ts';
import { repoRoot } from '../registry/registry.ts';
import { formatPointer } from '../spec/json-pointer.ts';
import { countOperations } from '../spec/spec-model.ts';

/** An action of an overlay as the YAML has it: only `target` is checked (a string). */
interface ActionIn {
  target: string;
  description?: unknown;
  update?: unknown;
  remove?: unknown;
  'x-fixes'?: unknown;
}

/** What checkOverlay found out about one action, applied to the result of the actions before it (the action itself, as written: defects/types.ts OverlayAction). */
export interface CheckedAction {
  /** the OpenAPI shape of the document after this action, when it changed the document */
  shape: OpenApiShape | undefined;
  /** 1-based */
  index: number;
  target: string;
  line: number | undefined;
  /** as the overlay has it */
  description: unknown;
  /** the lint rules the action says it fixes (`x-fixes`, as the overlay has it), used to attribute upstream lint findings to it */
  fixes: unknown[];
  /** JSON pointers of the nodes the target matched */
  paths: string[];
  matched: number;
  changed: boolean;
}

/**
 * The overlay applied: the resulting document, the overlay's repository-relative path, and each
 * action. The document has the input's type: a mapping stays a mapping (no action can replace the
 * root with anything else: an update merges into it, a remove leaves it).
 */
export interface OverlayCheck<D = unknown> {
  document: D;
  file: string;
  actions: CheckedAction[];
}

/** A path of a document: keys and array indexes. */
type Path = (string | number)[];

/** An object or array of a document, indexed by a path segment. */
type Container = Record<string | number, unknown>;

export function checkOverlay<D>(
  overlayFile: string,
  document: D,
  { provider, root = repoRoot }: { provider?: string | undefined; root?: string } = {},
): OverlayCheck<D> {
  const file = relative(root, overlayFile);
  const src = loadYamlSource(overlayFile, { provider, label: file });
  const ov = src.data;
  if (typeof ov.overlay !== 'string' || !/^1\./.test(ov.overlay)) {
    throw new UserError('not an Overlay 1.x document (missing `overlay: 1.0.0`)', { provider, file, line: 1 });
  }
  if (!Array.isArray(ov.actions) || ov.actions.length === 0) {
    return { document, actions: [], file };
  }
  let doc = structuredClone(document);
  const actions = (ov.actions as unknown[]).map((item, index): CheckedAction => {
    const line = src.lineOf(['actions', index]);
    if (typeof (item as { target?: unknown } | null | undefined)?.target !== 'string') {
      throw new UserError(`action ${index + 1} has no target`, { provider, file, line });
    }
    const action = item as ActionIn;
    let nodes: JsonValue[];
    try {
      nodes = query(doc as JsonValue, action.target);
    } catch (err) {
      throw new UserError(`action ${index + 1}: invalid JSONPath target ${action.target}: ${(err as Error).message}`, {
        provider,
        file,
        line,
        cause: err,
      });
    }
    const paths = nodes.length ? pathsOf(doc, action.target) : [];
    let changed = false;
    if (paths.length) {
      try {
        ({ doc, changed } = applyAction(doc, action, paths));
      } catch (err) {
        throw new UserError(`action ${index + 1} (${action.target}): ${(err as Error).message}`, { provider, file, line, cause: err });
      }
    }
    return {
      shape: changed ? openApiShape(doc) : undefined,
      index: index + 1,
      target: action.target,
      line,
      description: action.description,
      fixes: Array.isArray(action['x-fixes']) ? action['x-fixes'] : [],
      paths: paths.map(toPointer),
      matched: nodes.length,
      changed,
    };
  });
  return { document: doc, actions, file };
}

/** Raises overlay rot (a target matching nothing, an action that changes nothing) as one UserError. */
export function assertNoRot(result: OverlayCheck, { provider }: { provider?: string | undefined }): void {
  const rotten = result.actions.filter((a) => a.matched === 0 || !a.changed);
  if (!rotten.length) return;
  const lines = rotten.map(
    (a) =>
      `  ${result.file}:${a.line ?? '?'} action ${a.index} (${a.target}): ` +
      (a.matched === 0
        ? 'target matches nothing — the upstream document changed under this correction; update or delete the action'
        : 'changes nothing (no-op) — the upstream already has this fix; delete the action'),
  );
  throw new UserError(`overlay rot in ${result.file}:\n${lines.join('\n')}`, {
    provider,
    file: result.file,
    line: rotten[0].line,
  });
}

/** What keeps a document from being an OpenAPI description we can generate from (none: it is one), and its operation count. */
interface OpenApiShape {
  problems: string[];
  operations: number;
}

/** What makes a document an OpenAPI description we can generate from, and its operation count. */
function openApiShape(doc: unknown): OpenApiShape {
  if (!isObject(doc)) return { problems: ['the document is not a mapping'], operations: 0 };
  const problems: string[] = [];
  if (typeof doc.openapi !== 'string' || !/^3\.[01]\./.test(doc.openapi)) problems.push('no `openapi: 3.x` version');
  if (!isObject(doc.info) || typeof doc.info.title !== 'string' || doc.info.version === undefined)
    problems.push('no `info` with `title` and `version`');
  if (!isObject(doc.paths)) problems.push('no `paths`');
  return { problems, operations: countOperations(doc) };
}

/**
 * Refuses an overlay whose result is no longer the provider's API: not an OpenAPI document any
 * more (no version, info or paths where the input had them), or no operation left where the
 * input had some (e.g. `remove` on `$..*`). Names the first action that did it, with its line.
 * @param input the document the overlay was applied to
 */
export function assertStillOpenApi(result: OverlayCheck, input: unknown, { provider }: { provider?: string | undefined }): void {
  const before = openApiShape(input);
  const broken = (shape: OpenApiShape) => {
    const lost = shape.problems.filter((p) => !before.problems.includes(p));
    const noOps = before.operations > 0 && shape.operations === 0;
    return lost.length || noOps ? { lost, noOps, shape } : null;
  };
  if (!broken(openApiShape(result.document))) return;
  // The result is broken and the input was not, so some action changed the document: there is a
  // culprit, and the shape it left (or, after it, the result's) is broken.
  const culprit = (result.actions.find((a) => a.shape && broken(a.shape)) ?? result.actions.at(-1)) as CheckedAction;
  const what = broken(culprit.shape ?? openApiShape(result.document)) as NonNullable<ReturnType<typeof broken>>;
  const parts: string[] = [];
  if (what.noOps) parts.push(`removes every operation (${before.operations} before, none after)`);
  if (what.lost.length) parts.push(`leaves a document that is not OpenAPI any more (${what.lost.join(', ')})`);
  throw new UserError(
    `overlay action ${culprit.index} (${culprit.target}) ${parts.join(' and ')}: the effective spec would describe no API. ` +
      "Narrow the target to the nodes you mean (e.g. $.paths['/customers/{id}'].get.responses['500']) or delete the action; effective.yaml was left as it was.",
    { provider, file: result.file, line: culprit.line },
  );
}

/**
 * Applies one action to `doc` (in place where it can) and says whether anything changed; only
 * the matched nodes are compared, never the whole document (large specs have megabytes).
 */
function applyAction<D>(doc: D, action: ActionIn, paths: Path[]): { doc: D; changed: boolean } {
  if (action.remove === true) {
    // remove deepest first so indexes of sibling array items stay valid
    for (const p of [...paths].sort((a, b) => b.length - a.length || compareDesc(a, b))) {
      const parent = p.slice(0, -1).reduce<unknown>((n, k) => (n as Container | null | undefined)?.[k], doc);
      const key = p[p.length - 1];
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (parent) delete (parent as Container)[key];
    }
    return { doc, changed: paths.length > 0 };
  }
  let changed = false;
  if (action.update !== undefined) {
    for (const p of paths) {
      if (p.length === 0) {
        const next = merge(doc, action.update);
        changed ||= !isDeepStrictEqual(doc, next);
        doc = next as D; // merged into the root: of its kind (see OverlayCheck)
      } else {
        const parent = p.slice(0, -1).reduce<unknown>((n, k) => (n as Container)[k], doc) as Container;
        const key = p[p.length - 1];
        const next = merge(parent[key], action.update);
        changed ||= !isDeepStrictEqual(parent[key], next);
        parent[key] = next;
      }
    }
  }
  return { doc, changed };
}

function compareDesc(a: Path, b: Path): number {
  return String(b[b.length - 1]).localeCompare(String(a[a.length - 1]), undefined, { numeric: true });
}

// Overlay 1.0 update semantics: objects merge recursively, arrays append, other values replace.
function merge(target: unknown, update: unknown): unknown {
  if (Array.isArray(target) && Array.isArray(update)) return [...target, ...structuredClone(update)];
  if (isObject(target) && isObject(update)) {
    const out = { ...target };
    for (const [k, v] of Object.entries(update)) out[k] = k in out ? merge(out[k], v) : structuredClone(v);
    return out;
  }
  if (Array.isArray(update) || isObject(update) || Array.isArray(target) || isObject(target)) {
    // Redocly refuses these too ("Cannot apply array to string"): remove the node first, then update its parent.
    throw new Error(`cannot apply ${kind(update)} to ${kind(target)}; remove the old value in an earlier action`);
  }
  return structuredClone(update);
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function pathsOf(doc: unknown, target: string): Path[] {
  // jsonpath-rfc9535 gives normalized paths like $['a'][0]; turn them into key arrays.
  return jsonPaths(doc as JsonValue, target).map((np) =>
    [...np.matchAll(/\[(?:'((?:[^'\\]|\\.)*)'|(\d+))\]/g)].map((m) => (m[1] !== undefined ? unescapeName(m[1]) : Number(m[2]))),
  );
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
/** A name of a normalized path as the key it names: `\'`, `\\`, `\t` and the other control characters' escapes (`\u0000`) undone. */
const unescapeName = (name: string): string =>
  name.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) =>
    e.length > 1 ? String.fromCharCode(Number.parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );

const toPointer = (path: Path): string => formatPointer(path);
