// What to put in the overlay (or in redocly.yaml) for each lint finding a provider still has.
// Used by `npm run provider:add` and `npm run lint:specs -- --suggest`. Each rule gets one of
// three treatments:
//   - a mechanical correction, one overlay action per defect (an example that contradicts its
//     schema is removed, OAS 3.0 `nullable` is rewritten, an enum its type refuses is moved into
//     `items` or written in its type, a spec that defines schemes but requires none gets them as
//     alternatives, one without any scheme says that calls are anonymous);
//   - a statement only you can make (which statuses an operation answers): one overlay action
//     per operation to fill in (its description a placeholder lint refuses until you write it:
//     placeholders.ts), when there are few; when there are many, accepting the rule for this
//     provider is suggested instead;
//   - anything else: accept the rule for this provider in redocly.yaml, with your reason.
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isSeq, parseDocument, stringify, type YAMLSeq } from 'yaml';
import { writeFileAtomic } from './fs-atomic.ts';
import type { LintFinding, LintResult, UpstreamFinding } from './lint.ts';
import type { Provider } from './registry.ts';
import { loadYamlSource } from './yaml-source.ts';
import { formatPointer, getAt, jsonPathOf, parsePointer, resolveLocal } from './json-pointer.ts';
import { structKind } from './generation-checks.ts';
import { linearPattern, unicodePattern } from './patterns.ts';
import { acceptedOnImport, isPlaceholder, REASON_PLACEHOLDER, statusPlaceholder } from './placeholders.ts';
import {
  closedAllOfActions,
  ignoredHeaderParameterActions,
  mappingEntryActions,
  nullableTypeSiblingActions,
  pathParamEmptyValueActions,
  requiredNotAllowedActions,
  transportHeaderActions,
  transportRequestHeaderActions,
} from './defect-actions.ts';

/** Rules whose overlay actions defect-actions.ts writes: (document, finding's pointer, where, rule) -> actions. */
const DEFECT_ACTIONS: Record<string, typeof transportHeaderActions | undefined> = {
  'capi/transport-response-header': transportHeaderActions,
  'capi/closed-allof-part': closedAllOfActions,
  'no-unresolved-refs': mappingEntryActions,
  'nullable-type-sibling': nullableTypeSiblingActions,
  'capi/transport-request-header': transportRequestHeaderActions,
  'capi/required-not-allowed': requiredNotAllowedActions,
  'capi/path-param-empty-value': pathParamEmptyValueActions,
  'capi/ignored-header-parameter': ignoredHeaderParameterActions,
};

/** When a "you decide" rule has more findings than this, accepting it is suggested instead of actions. */
export const MAX_PER_OPERATION_ACTIONS = 25;

const EXAMPLE_RULES = new Set(['no-invalid-media-type-examples', 'no-invalid-schema-examples', 'no-invalid-parameter-examples']);
const RESPONSE_RULES = new Set(['capi/operation-401-documented', 'capi/operation-4xx-documented', 'operation-4xx-response']);

/**
 * An overlay action as the suggestions write it (Overlay 1.0: a target, then an update or a
 * removal), with the rules it fixes in `x-fixes`.
 */
export interface SuggestedAction {
  /** JSONPath */
  target: string;
  description: string;
  update?: unknown;
  remove?: boolean;
  /** the lint rules it fixes (or `contract-tests`) */
  'x-fixes'?: string[];
}

/**
 * A finding to suggest a correction for: a lint error of the effective spec, or an upstream
 * finding not handled yet (`handled`, `reason`). Only the rule and the message are required.
 */
export interface FindingToFix {
  rule: string;
  message: string;
  pointer?: string | undefined;
  file?: string;
  line?: number | undefined;
  /** for people: file, line, pointer (lint.ts locationOf) */
  where?: string;
  handled?: string;
  reason?: unknown;
}

/** A rule to accept for the provider in redocly.yaml: how many findings, and one for the reason. */
export interface AcceptSuggestion {
  rule: string;
  count: number;
  example: string;
}

/** What is suggested for one rule. */
export interface RuleAdvice {
  rule: string;
  count: number;
  /** overlay actions; accept the rule; or name the rule in the x-fixes of the action that fixed it already */
  treatment: 'overlay' | 'accept' | 'x-fixes';
  actions: number;
}

/** The suggestions for a provider. */
export interface Suggestion {
  actions: SuggestedAction[];
  accept: AcceptSuggestion[];
  rules: RuleAdvice[];
  provider: string;
  /** the finding each action answers */
  sources: Map<SuggestedAction, FindingToFix>;
}

/** A path of a document: keys and array indexes. */
type Segments = (string | number)[];

/** The value under a key or index of a node, as `node?.[key]` reads it (undefined below null or undefined). */
const child = (node: unknown, key: string | number): unknown => (node as Record<string | number, unknown> | null | undefined)?.[key];

/** JSON pointer (with or without #) to path segments. */
export const segmentsOf = (pointer: string = ''): string[] => parsePointer(pointer);

/** Path segments with array indexes as numbers, read against the document. */
function typedSegments(doc: unknown, segs: readonly string[]): Segments {
  const out: Segments = [];
  let node = doc;
  for (const s of segs) {
    const key = Array.isArray(node) && /^\d+$/.test(s) ? Number(s) : s;
    out.push(key);
    node = child(node, key);
  }
  return out;
}

/**
 * How many leading segments of a path name the example to remove: up to the outermost `example`
 * keyword, or the entry under the outermost `examples` (an example's value may have keys named
 * so too; a property named so is not a keyword). Undefined when there is none.
 */
function exampleCut(segs: readonly (string | number)[]): number | undefined {
  const i = segs.findIndex((s, k) => (s === 'example' || (s === 'examples' && segs[k + 1] !== undefined)) && segs[k - 1] !== 'properties');
  if (i < 0) return undefined;
  return segs[i] === 'examples' ? i + 2 : i + 1;
}

/** Where each `$ref` to `#/components/examples/<name>` is used, as path segments of the referring entry. */
function exampleRefs(doc: unknown): Map<string, Segments[]> {
  const refs = new Map<string, Segments[]>();
  const walk = (node: unknown, path: Segments): void => {
    if (!node || typeof node !== 'object') return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/examples/')) {
      // '#/components/examples/<name>' or '#/components/examples/<name>/value'
      const name = segmentsOf(ref)[2];
      let uses = refs.get(name);
      if (!uses) {
        uses = [];
        refs.set(name, uses);
      }
      uses.push(path.slice(0, exampleCut(path) ?? path.length));
      return;
    }
    if (Array.isArray(node)) for (const [i, v] of node.entries()) walk(v, [...path, i]);
    else for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(doc, []);
  return refs;
}

/**
 * @param findings lint errors of the effective spec and upstream findings not handled yet
 * @param ctx doc: the effective spec (parsed)
 */
export function suggestFixes(
  findings: readonly FindingToFix[],
  { doc, provider }: { doc: unknown; provider: string; root?: string },
): Suggestion {
  const byRule = new Map<string, FindingToFix[]>();
  for (const f of findings) {
    let list = byRule.get(f.rule);
    if (!list) {
      list = [];
      byRule.set(f.rule, list);
    }
    list.push(f);
  }
  const actions: SuggestedAction[] = [];
  const accept: AcceptSuggestion[] = [];
  const rules: RuleAdvice[] = [];
  let refs: Map<string, Segments[]> | undefined;
  const byKey = new Map<string, SuggestedAction & { 'x-fixes': string[] }>();
  const sources = new Map<SuggestedAction, FindingToFix>(); // action -> the finding it answers
  let current: FindingToFix | undefined;
  const push = (rule: string, action: SuggestedAction): number => {
    const key = `${action.target}|${action.remove ? 'remove' : JSON.stringify(action.update)}`;
    const prev = byKey.get(key);
    if (prev) {
      if (!prev['x-fixes'].includes(rule)) prev['x-fixes'].push(rule);
      return 0;
    }
    const added = { ...action, 'x-fixes': [rule] };
    byKey.set(key, added);
    actions.push(added);
    sources.set(added, current as FindingToFix); // set before every push
    return 1;
  };
  const where = (f: FindingToFix) => f.where ?? `${f.file}:${f.line ?? '?'}`;

  for (const [rule, all] of byRule) {
    let added = 0;
    let treatment: RuleAdvice['treatment'] = 'overlay';
    // gone from the effective spec already: an action fixed it without naming the rule
    const gone = all.filter((f) => f.handled === 'unhandled' && /^gone from/.test(String(f.reason ?? '')));
    if (gone.length) rules.push({ rule, count: gone.length, treatment: 'x-fixes', actions: 0 });
    const list = all.filter((f) => !gone.includes(f));
    if (!list.length) continue;
    if (EXAMPLE_RULES.has(rule)) {
      for (const f of list) {
        current = f;
        const segs = segmentsOf(f.pointer);
        const why = `Upstream example contradicts its schema (${where(f)}: ${f.message.replace(/^Example value must conform to the schema: /, '')}); removed, so mocks and tests use the schema.`;
        const cut = exampleCut(segs);
        if (segs[0] === 'components' && segs[1] === 'examples' && segs[2]) {
          // a shared example: drop every use of it, then the example itself
          refs ??= exampleRefs(doc);
          for (const use of refs.get(segs[2]) ?? []) added += push(rule, { target: jsonPathOf(use), description: why, remove: true });
          added += push(rule, { target: jsonPathOf(['components', 'examples', segs[2]]), description: why, remove: true });
        } else if (cut !== undefined) {
          added += push(rule, { target: jsonPathOf(typedSegments(doc, segs.slice(0, cut))), description: why, remove: true });
        } else {
          treatment = 'accept';
        }
      }
    } else if (rule === 'struct' && !list.every((f) => /nullable/.test(f.message))) {
      // each kind of structural finding gets its mechanical correction where it has one
      // (generation-checks.ts); the others are accepted with a reason or corrected by hand
      const ctx = { schemas: null, refs: null };
      const unfixed: FindingToFix[] = [];
      for (const f of list) {
        current = f;
        const fix = structKind(f, doc, ctx).fix ?? [];
        if (!fix.length) unfixed.push(f);
        for (const a of fix) added += push(rule, a);
      }
      if (!added) treatment = 'accept';
      else if (unfixed.length) accept.push({ rule, count: unfixed.length, example: `${where(unfixed[0])}: ${unfixed[0].message}` });
    } else if (rule === 'capi/content-media-type') {
      for (const f of list) {
        current = f;
        const segs = typedSegments(doc, segmentsOf(f.pointer));
        const key = String(segs.at(-1));
        // `text/plain; utf-8`: a media type whose parameters are malformed keeps its media object
        // under the bare type (when the map has none yet); anything else (`code:`) is removed
        const bare = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*;/.exec(key)?.[1];
        const map = getAt(doc, segs.slice(0, -1));
        if (bare && map !== null && typeof map === 'object' && !Object.hasOwn(map, bare)) {
          added += push(rule, {
            target: jsonPathOf(segs.slice(0, -1)),
            description: `Upstream's media type \`${key}\` (${where(f)}) has malformed parameters: its media object is kept as \`${bare}\` (step 1 of 2).`,
            update: { [bare]: getAt(doc, segs) },
          });
        }
        added += push(rule, {
          target: jsonPathOf(segs),
          description: bare
            ? `Upstream's media type \`${key}\` (${where(f)}) has malformed parameters, which no client or mock can match; removed${Object.hasOwn(map ?? {}, bare) ? ` (\`${bare}\` is documented already)` : ' (step 2 of 2)'}.`
            : `Upstream puts \`${key}\` under \`content\` (${where(f)}), which is no media type: nothing can be sent or answered as it (Prism never answers a request whose response documents it); removed.`,
          remove: true,
        });
      }
    } else if (rule === 'capi/pattern-backtracking') {
      for (const f of list) {
        current = f;
        const segs = typedSegments(doc, segmentsOf(f.pointer));
        const pattern = getAt(doc, segs);
        // linearPattern answers null for anything but a string that backtracks
        const linear = typeof pattern === 'string' ? linearPattern(pattern) : null;
        if (!linear) {
          treatment = 'accept';
          continue;
        }
        added += push(rule, {
          target: jsonPathOf(segs.slice(0, -1)),
          description: `Upstream \`pattern\` ${pattern} backtracks catastrophically (a validator takes exponential time on a value that does not match); the same language without the nested repetition.`,
          update: { pattern: linear },
        });
      }
    } else if (rule === 'capi/no-content-status') {
      for (const f of list) {
        current = f;
        const segs = typedSegments(doc, segmentsOf(f.pointer));
        const node = getAt(doc, segs) as { $ref?: unknown } | undefined;
        if (segs[0] !== 'paths') {
          treatment = 'accept';
          continue;
        }
        if (typeof node?.$ref === 'string') {
          // a shared response (used for other statuses too): this status gets its own, without content
          const shared = resolveLocal(doc, node) as { description?: unknown } | undefined;
          const code = String(segs.at(-1));
          added += push(rule, {
            target: jsonPathOf([...segs, '$ref']),
            description: `Upstream's ${code} response (${where(f)}) is ${node.$ref}, which documents content a ${code} has none of (RFC 9110): this status gets its own response without it (step 1 of 2).`,
            remove: true,
          });
          added += push(rule, {
            target: jsonPathOf(segs),
            description: `...(step 2 of 2) the same description, no content.`,
            update: { description: typeof shared?.description === 'string' ? shared.description : `${code} (no content)` },
          });
          continue;
        }
        added += push(rule, {
          target: jsonPathOf(segs),
          description: `Upstream documents content for a ${String(segs.at(-2))} response (${where(f)}), which has none (RFC 9110): no client receives a body there; removed.`,
          remove: true,
        });
      }
    } else if (rule === 'capi/null-only-union') {
      for (const f of list) {
        current = f;
        const segs = typedSegments(doc, segmentsOf(f.pointer)).slice(0, -1); // the schema, not its `type`
        const node = getAt(doc, segs) as { oneOf?: unknown[]; anyOf?: unknown[] } | undefined;
        const key = Array.isArray(node?.oneOf) ? 'oneOf' : 'anyOf';
        added += push(rule, {
          target: jsonPathOf([...segs, 'type']),
          description: `Upstream's \`type: 'null'\` beside a ${key} (${where(f)}) admits null only; the union with null as one more branch instead (step 1 of 2: remove the type).`,
          remove: true,
        });
        added += push(rule, {
          target: jsonPathOf(segs),
          description: `Upstream's ${key} (${where(f)}) is nullable: null is one more branch (step 2 of 2).`,
          update: { [key]: [{ type: 'null' }] },
        });
      }
    } else if (DEFECT_ACTIONS[rule]) {
      // the kinds whose actions live in defect-actions.ts (issue 19)
      for (const f of list) {
        current = f;
        const fix = DEFECT_ACTIONS[rule](doc, f.pointer ?? '', where(f), rule);
        if (!fix.length) treatment = 'accept';
        for (const a of fix) added += push(rule, a);
      }
    } else if (rule === 'capi/pattern-syntax') {
      for (const f of list) {
        current = f;
        const segs = typedSegments(doc, segmentsOf(f.pointer));
        const pattern = getAt(doc, segs);
        const fixed = unicodePattern(pattern);
        if (!fixed) {
          treatment = 'accept';
          continue;
        }
        added += push(rule, {
          target: jsonPathOf(segs.slice(0, -1)),
          description: `Upstream \`pattern\` ${pattern} does not compile as validators read it (ECMA-262 with the u flag), so nothing was checked against its schema; the same pattern without the escapes u refuses.`,
          update: { pattern: fixed },
        });
      }
    } else if (rule === 'capi/no-oas30-keywords' || (rule === 'struct' && list.every((f) => /nullable/.test(f.message)))) {
      for (const f of list) {
        current = f;
        const segs = typedSegments(doc, segmentsOf(f.pointer));
        const at = segs.at(-1) === 'nullable' ? segs.slice(0, -1) : segs;
        // the schema (or whatever is there): each field read is checked below
        const node = at.reduce<unknown>(child, doc) as { nullable?: unknown; $ref?: unknown; type?: unknown } | null | undefined;
        if (rule === 'capi/no-oas30-keywords' && node?.nullable === true && typeof node.$ref === 'string') {
          // beside a $ref: the referenced schema or null, the OAS 3.1 way
          added += push(rule, {
            target: jsonPathOf(at),
            description: `OAS 3.0 \`nullable\` beside a \`$ref\` in an OAS 3.1 document (${where(f)}): the referenced schema or null (step 1 of 3).`,
            update: { anyOf: [{ $ref: node.$ref }, { type: 'null' }] },
          });
          added += push(rule, {
            target: jsonPathOf([...at, '$ref']),
            description: 'The $ref now inside anyOf (step 2 of 3).',
            remove: true,
          });
        } else if (rule === 'capi/no-oas30-keywords' && typeof node?.type === 'string') {
          // 3.1 form: type [<type>, 'null']; a scalar cannot be updated into a list, so remove it first
          added += push(rule, {
            target: `${jsonPathOf(at)}.type`,
            description: `OAS 3.0 \`nullable\` in an OAS 3.1 document (${where(f)}): drop the scalar type (step 1 of 3).`,
            remove: true,
          });
          added += push(rule, {
            target: jsonPathOf(at),
            description: 'Allow null the OAS 3.1 way (step 2 of 3).',
            update: { type: [node.type, 'null'] },
          });
        }
        added += push(rule, {
          target: `${jsonPathOf(at)}.nullable`,
          description:
            rule === 'struct'
              ? `\`nullable\` without a \`type\` (${where(f)}) is invalid; drop the keyword.`
              : 'Remove the OAS 3.0 keyword (step 3 of 3).',
          remove: true,
        });
      }
    } else if (rule === 'no-enum-type-mismatch') {
      const done = new Set<string>(); // one correction per schema, however many of its values mismatch
      for (const f of list) {
        current = f;
        const segs = segmentsOf(f.pointer);
        const cut = segs.lastIndexOf('enum');
        const schema = cut > 0 ? formatPointer(segs.slice(0, cut)) : undefined;
        if (!schema || done.has(schema)) continue;
        done.add(schema);
        const fix = enumTypeFix(doc, schema, where(f));
        if (!fix.length) {
          treatment = 'accept';
          continue;
        }
        for (const a of fix) added += push(rule, a);
      }
    } else if (rule === 'security-defined' && applicableSchemes(doc).length) {
      // schemes are defined: the calls need them (never anonymous behind the user's back)
      current = list[0];
      added += push(rule, definedSchemesAction(doc));
    } else if (rule === 'security-defined' && Object.keys(child(child(doc, 'components'), 'securitySchemes') ?? {}).length) {
      // only schemes the client cannot send (HTTP digest, mutual TLS): whether calls are anonymous is for a person to say
      treatment = 'accept';
    } else if (rule === 'security-defined') {
      current = list[0];
      added += push(rule, {
        target: '$',
        description:
          'Upstream declares no security requirement at all and defines no scheme; we state that calls are anonymous. If the provider does need credentials, define its scheme under components.securitySchemes and name it here instead.',
        update: { security: [{}] },
      });
    } else if (RESPONSE_RULES.has(rule) && list.length <= MAX_PER_OPERATION_ACTIONS) {
      for (const f of list) {
        current = f;
        const segs = segmentsOf(f.pointer);
        const cut = segs.indexOf('responses');
        const op = cut >= 0 ? segs.slice(0, cut) : segs;
        // every status the finding names ("does not document 400 ... or 404 ..."), except those
        // the effective spec documents already (an upstream finding outlives the action that fixed
        // it): the advice converges instead of repeating an applied action
        const named =
          rule === 'capi/operation-401-documented' ? ['401'] : [...new Set([...f.message.matchAll(/\b(4\d\d)\b/g)].map((m) => m[1]))];
        const documented = getAt(doc, [...op, 'responses']) ?? {};
        for (const status of (named.length ? named : ['400']).filter((s) => !Object.hasOwn(documented, s))) {
          added += push(rule, {
            target: jsonPathOf([...op, 'responses']),
            description: statusPlaceholder(status),
            update: {
              [status]: {
                description:
                  ({ 401: 'Missing or invalid credentials.', 404: 'No such resource.' } as Record<string, string | undefined>)[status] ??
                  'Invalid request.',
              },
            },
          });
        }
      }
    } else {
      treatment = 'accept';
    }
    if (treatment === 'accept') accept.push({ rule, count: list.length, example: `${where(list[0])}: ${list[0].message}` });
    rules.push({ rule, count: list.length, treatment, actions: added });
  }
  removeHighestIndexFirst(actions);
  return { actions, accept, rules, provider, sources };
}

/**
 * Items of one array removed by index (`...examples[3]`, `...examples[9]`): an overlay applies
 * its actions in order, and each removal shifts the items after it, so the later targets would
 * miss (overlay rot) or hit the wrong item. Within each array the highest index goes first; the
 * actions keep their places otherwise.
 */
export function removeHighestIndexFirst<A extends { target: string; remove?: boolean | undefined }>(actions: A[]): A[] {
  const groups = new Map<string, { i: number; index: number; action: A }[]>();
  actions.forEach((a, i) => {
    const m = a.remove ? /^(.*)\[(\d+)\]$/.exec(a.target) : null;
    if (!m) return;
    let group = groups.get(m[1]);
    if (!group) {
      group = [];
      groups.set(m[1], group);
    }
    group.push({ i, index: Number(m[2]), action: a });
  });
  for (const list of groups.values()) {
    const slots = list.map((x) => x.i);
    const ordered = [...list].sort((a, b) => b.index - a.index);
    slots.forEach((slot, k) => {
      actions[slot] = ordered[k].action;
    });
  }
  return actions;
}

/** The actions as YAML list items (indented for `actions:`), ready to paste into an overlay. */
export function actionsYaml(actions: readonly SuggestedAction[]): string {
  if (!actions.length) return '';
  return stringify(actions, { lineWidth: 0 }).replace(/^/gm, '  ').trimEnd();
}

/** The redocly.yaml lines that accept `rules` for one provider, each with a reason to write. */
export function acceptYaml(provider: string, accept: readonly AcceptSuggestion[]): string {
  if (!accept.length) return '';
  const lines = [`apis:`, `  ${provider}:`, `    rules:`];
  for (const a of accept) lines.push(`      ${a.rule}: off`);
  lines.push('    x-reasons:');
  // quoted: pasted as it is, it is YAML (and a placeholder lint refuses until you write the reason)
  for (const a of accept)
    lines.push(
      `      ${a.rule}: ${JSON.stringify(`<why you accept it: ${a.count} finding(s), e.g. ${a.example.replace(/[#:]\s/g, ' ').slice(0, 100)}>`)}`,
    );
  return lines.join('\n');
}

/** suggestForProvider's answer. */
export interface ProviderSuggestion {
  suggestion: Suggestion;
  findings: FindingToFix[];
  /** the suggestion file written, if any */
  file: string | null;
  /** where the actions belong (repository path) */
  overlay: string;
}

/**
 * The suggestions for one provider: its open lint findings (read against its effective spec)
 * plus `extraActions` (spec defects the contract tests found). With `write` and any action,
 * they go to specs/<p>/overlay.suggested.yaml.
 */
export function suggestForProvider(
  provider: Provider,
  lint: LintResult | null | undefined,
  root: string,
  { extraActions = [], write = true }: { extraActions?: readonly SuggestedAction[]; write?: boolean } = {},
): ProviderSuggestion {
  const findings = lint ? openFindings(lint) : [];
  const base: Suggestion = findings.length
    ? suggestFixes(findings, { doc: loadYamlSource(provider.effective).data, provider: provider.name })
    : { actions: [], accept: [], rules: [], provider: provider.name, sources: new Map() };
  const suggestion = { ...base, actions: [...base.actions, ...extraActions] };
  const overlay = provider.overlays[0]
    ? relative(root, provider.overlays[0])
    : `specs/${provider.name}/overlay.yaml (create it and list it under overlays: in redocly.yaml)`;
  let file: string | null = null;
  if (write && suggestion.actions.length) {
    file = join(root, 'specs', provider.name, 'overlay.suggested.yaml');
    writeFileAtomic(file, suggestionFile(provider.name, suggestion, overlay));
  }
  return { suggestion, findings, file, overlay };
}

/** A whole overlay file of suggestions (written next to the real one, never applied by itself). */
export function suggestionFile(provider: string, suggestion: { actions: readonly SuggestedAction[] }, overlayFile: string): string {
  return `# Suggested corrections for ${provider}, written by npm run conformance, npm run lint:specs -- --suggest
# or npm run provider:add. npm run lint:specs -- --fix ${provider} writes these actions into
# ${overlayFile} (and deletes this file); or copy the ones you agree with under \`actions:\` there.
# Write a reason into each description that still asks for one.
${stringify({ overlay: '1.0.0', info: { title: `${provider} suggested corrections`, version: '0.0.0' }, actions: suggestion.actions }, { lineWidth: 0 })}`;
}

/**
 * Overlay actions for a `oneOf` whose alternatives overlap (a value matches several, so no
 * value is valid: Prism's contract tests find it when a response cannot be made valid): say
 * `anyOf`, which is what such a spec means. @param pointer JSON pointer of the schema node
 */
/** The overlay target of a schema's JSON pointer: an index into a list of schemas is an array index (`allOf[1]`), not a member name (`allOf['1']`). */
export function schemaTarget(pointer: string): string {
  return jsonPathOf(
    segmentsOf(pointer).map((s, i, all) =>
      /^\d+$/.test(s) && ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'parameters'].includes(all[i - 1] ?? '') ? Number(s) : s,
    ),
  );
}

/**
 * The overlay action for an `example` or `default` that its own schema refuses (found by the
 * contract tests: Prism's static mock answers it as it is): the value the schema means when the
 * written one is its text (`"false"` for a boolean), else its removal. Either documents only.
 */
export function correctInvalidValue(
  schemaPointer: string,
  keyword: 'example' | 'default',
  problem: string,
  replacement?: unknown,
): SuggestedAction[] {
  const target = schemaTarget(schemaPointer);
  const description = `Upstream ${keyword} is invalid against the schema it belongs to (${problem}), and Prism's mock answers it as it is (found by the contract tests)`;
  return [
    replacement === undefined
      ? { target: `${target}.${keyword}`, description: `${description}; removed.`, remove: true, 'x-fixes': ['contract-tests'] }
      : {
          target,
          description: `${description}; ${JSON.stringify(replacement)} is what it writes as text.`,
          update: { [keyword]: replacement },
          'x-fixes': ['contract-tests'],
        },
  ];
}

/**
 * The overlay action for a request body schema that is `readOnly` as a whole (found by the
 * contract tests): no value of it may be sent, and Prism drops the whole schema from request
 * validation. Removing the keyword there changes no response (a response may hold read-only
 * values either way); properties keep their own `readOnly`.
 */
export function removeReadOnlyRoot(schemaPointer: string, where: string): SuggestedAction[] {
  return [
    {
      target: `${schemaTarget(schemaPointer)}.readOnly`,
      description: `Upstream marks the request body schema of ${where} readOnly as a whole: a body no client may send, which the operation asks for, and Prism then validates no request body (found by the contract tests); its properties keep their own readOnly.`,
      remove: true,
      'x-fixes': ['contract-tests'],
    },
  ];
}

export function oneOfToAnyOf(pointer: string, node: { oneOf?: unknown }): SuggestedAction[] {
  const target = schemaTarget(pointer);
  const description = `Upstream \`oneOf\` alternatives overlap here: a value matches several of them, so none is valid; \`anyOf\` says what the provider means (found by the contract tests).`;
  return [
    { target, description, update: { anyOf: node.oneOf }, 'x-fixes': ['contract-tests'] },
    { target: `${target}.oneOf`, description: 'Remove the oneOf that anyOf replaces.', remove: true, 'x-fixes': ['contract-tests'] },
  ];
}

/** The findings a provider still has to deal with: effective-spec errors and unhandled upstream findings (once each). */
export function openFindings(lint: Pick<LintResult, 'upstream' | 'problems'>): (UpstreamFinding | LintFinding)[] {
  const open = (lint.upstream ?? []).filter((f) => f.handled === 'unhandled');
  const errors = lint.problems.filter((p) => p.severity === 'error');
  const key = (f: LintFinding) => `${f.rule}|${f.pointer}`;
  const seen = new Set(open.map(key));
  return [...open, ...errors.filter((e) => !seen.has(key(e)))];
}

const TREATMENT: Record<RuleAdvice['treatment'], (r: RuleAdvice) => string> = {
  overlay: (r) => `overlay: ${r.actions} action(s)`,
  'x-fixes': (r) => `already fixed by an overlay action: add ${r.rule} to that action's x-fixes`,
  accept: (r) =>
    RESPONSE_RULES.has(r.rule)
      ? `accept in redocly.yaml (more than ${MAX_PER_OPERATION_ACTIONS} operations; or document each status in the overlay)`
      : 'accept in redocly.yaml with your reason, or correct it in the overlay',
};

/** One line per rule: how many findings, and what to do about them. */
export function adviceTable(suggestion: Pick<Suggestion, 'rules'>): string[] {
  const width = Math.max(...suggestion.rules.map((r) => r.rule.length));
  return suggestion.rules
    .sort((a, b) => b.count - a.count)
    .map((r) => `${r.rule.padEnd(width)}  ${String(r.count).padStart(5)} finding(s)  ${TREATMENT[r.treatment](r)}`);
}

export { REASON_PLACEHOLDER } from './placeholders.ts';

/**
 * `--fix`: writes a suggestion where it belongs. The overlay actions go under `actions:` of the
 * provider's overlay (each with its description and the rule it fixes in x-fixes); the rules to
 * accept go into redocly.yaml with REASON_PLACEHOLDER, or with `acceptAll` a reason that says
 * honestly that they were accepted on import without review. Comments and order are kept.
 * An authored spec has no overlay: its actions are not written (it is corrected in place).
 * Answers how many actions it wrote and rules it accepted, and the files it changed.
 */
export function applySuggestion(
  provider: Provider,
  // the actions are written as they are (corpus.ts passes an overlay fragment's, unchecked)
  suggestion: { actions: readonly unknown[]; accept: readonly AcceptSuggestion[] },
  root: string,
  { acceptAll = false, today = new Date().toISOString().slice(0, 10) }: { acceptAll?: boolean; today?: string } = {},
): { actions: number; accepted: number; files: string[]; placeholders: number } {
  const files: string[] = [];
  let actions = 0;
  const overlay = provider.overlays[0];
  if (suggestion.actions.length && overlay) {
    const doc = parseDocument(readFileSync(overlay, 'utf8'));
    if (!isSeq(doc.get('actions', true))) doc.set('actions', doc.createNode([]));
    const list = doc.get('actions', true) as YAMLSeq; // a list: as found, or just set
    list.flow = false; // `actions: []` becomes a block list
    for (const a of suggestion.actions) list.add(doc.createNode(acceptAll ? reviewedOnImport(a, today) : a));
    writeFileAtomic(overlay, doc.toString({ lineWidth: 0 }));
    actions = suggestion.actions.length;
    files.push(overlay);
  }
  if (suggestion.accept.length) {
    const file = join(root, 'redocly.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    for (const a of suggestion.accept) {
      doc.setIn(['apis', provider.name, 'rules', a.rule], 'off');
      doc.setIn(
        ['apis', provider.name, 'x-reasons', a.rule],
        acceptAll
          ? `accepted on import without review (npm run lint:specs -- --fix --accept-all, ${today}): ${a.count} finding(s), e.g. ${a.example.slice(0, 120)}`
          : REASON_PLACEHOLDER,
      );
    }
    writeFileAtomic(file, doc.toString({ lineWidth: 0 }));
    files.push(file);
  }
  // what was suggested is now written: a suggestion file left behind would offer it again
  rmSync(join(root, 'specs', provider.name, 'overlay.suggested.yaml'), { force: true });
  // the descriptions a person still has to write (lint refuses them until then)
  const placeholders = acceptAll ? 0 : suggestion.actions.filter((a) => isPlaceholder((a as { description?: unknown }).description)).length;
  return { actions, accepted: suggestion.accept.length, files, placeholders };
}

/**
 * `--accept-all`: an action whose description is a placeholder gets one that says it was written
 * on import without review (not a placeholder: lint accepts it, and a reviewer sees what to check).
 */
function reviewedOnImport(action: unknown, today: string): unknown {
  const description = (action as { description?: unknown } | null)?.description;
  if (action === null || typeof action !== 'object' || !isPlaceholder(description)) return action;
  const what = typeof description === 'string' && description.trim() ? description : 'this correction';
  return { ...action, description: acceptedOnImport(what, today) };
}

/** Whether `value` is of the JSON Schema `type` (as Redocly's no-enum-type-mismatch reads it; null where `nullable`). */
function ofType(value: unknown, type: unknown, nullable: boolean): boolean {
  if (nullable && value === null) return true;
  switch (type) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

/** An enum value written as the text of a value of `type` (`"1"` for an integer), as that value; undefined when it is none. */
function asType(value: unknown, type: unknown): unknown {
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) {
    const n = Number(t);
    return type === 'integer' && !Number.isInteger(n) ? undefined : n;
  }
  if (type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
  return undefined;
}

/**
 * The overlay actions for a schema whose `enum` holds values its `type` refuses (Redocly's
 * no-enum-type-mismatch; the contract tests find the same schema admits no value at all):
 * - an array whose `enum` lists item values (`type: array, enum: [a, b]`: what the provider
 *   means is an array of those): the enum moves into `items`;
 * - else each value written as the text of a value of the type (`"1"` for an integer, `1` for a
 *   string) becomes that value, and a value that can be none is dropped (the enum goes when
 *   none is left: no value matched it).
 * Empty when the schema at `schemaPointer` has no such enum. Overlay updates append to a list,
 * so a list is removed before it is written again.
 * @param where for people: where the finding is (file, line, pointer)
 */
export function enumTypeFix(doc: unknown, schemaPointer: string, where: string): SuggestedAction[] {
  const node = getAt(doc, schemaPointer) as { type?: unknown; enum?: unknown; items?: unknown; nullable?: unknown } | undefined;
  if (!node || typeof node !== 'object' || !Array.isArray(node.enum) || node.type === undefined) return [];
  const types = Array.isArray(node.type) ? node.type : [node.type];
  const nullable = node.nullable === true;
  const values = node.enum as unknown[];
  const bad = values.filter((v) => !types.some((t) => ofType(v, t, nullable)));
  if (!bad.length) return [];
  const target = schemaTarget(schemaPointer);
  const fixes = ['no-enum-type-mismatch'];
  const shown = JSON.stringify(values).slice(0, 80);
  if (types.includes('array') && values.every((v) => !Array.isArray(v))) {
    const items = node.items as { enum?: unknown; $ref?: unknown } | undefined;
    const ownEnum = !!items && typeof items === 'object' && Array.isArray(items.enum);
    const referenced = !!items && typeof items === 'object' && typeof items.$ref === 'string';
    const steps = ownEnum ? 1 : referenced ? 3 : 2;
    const removeEnum: SuggestedAction = {
      target: `${target}.enum`,
      description: `Upstream lists item values (${shown}) as the \`enum\` of an array (${where}): no array equals a ${typeof bad[0]}, so no value is valid; ${
        ownEnum ? 'its items list their own enum already: removed.' : `the enum belongs to \`items\` (step 1 of ${steps}: remove it here).`
      }`,
      remove: true,
      'x-fixes': fixes,
    };
    if (ownEnum) return [removeEnum];
    if (!referenced)
      return [
        removeEnum,
        {
          target,
          description: '...(step 2 of 2) the same values as the enum of each item.',
          update: { items: { enum: values } },
          'x-fixes': fixes,
        },
      ];
    // beside a $ref (OAS 3.0 ignores siblings of $ref): the referenced schema and the enum, both in force
    return [
      removeEnum,
      { target: `${target}.items`, description: '...(step 2 of 3) the item $ref moves into an allOf.', remove: true, 'x-fixes': fixes },
      {
        target,
        description: '...(step 3 of 3) each item: the referenced schema and one of the enum values.',
        update: { items: { allOf: [items], enum: values } },
        'x-fixes': fixes,
      },
    ];
  }
  const kept: unknown[] = [];
  for (const v of values) {
    const meant = types.some((t) => ofType(v, t, nullable)) ? v : types.map((t) => asType(v, t)).find((x) => x !== undefined);
    if (meant !== undefined && !kept.some((k) => JSON.stringify(k) === JSON.stringify(meant))) kept.push(meant);
  }
  const removeEnum: SuggestedAction = {
    target: `${target}.enum`,
    description: kept.length
      ? `Upstream \`enum\` ${shown} holds values its type (${types.join(', ')}) refuses (${where}), so a value sent or answered as written is invalid; each value as the type writes it, those that are none dropped (step 1 of 2: remove it).`
      : `Upstream \`enum\` ${shown} holds no value of its type (${types.join(', ')}) (${where}): no value is valid; removed, so the schema admits what its type says.`,
    remove: true,
    'x-fixes': fixes,
  };
  if (!kept.length) return [removeEnum];
  return [
    removeEnum,
    {
      target,
      description: `...(step 2 of 2) the enum as values of its type: ${JSON.stringify(kept).slice(0, 80)}.`,
      update: { enum: kept },
      'x-fixes': fixes,
    },
  ];
}

/** The schemes under components.securitySchemes a client can send (API key, HTTP bearer or basic, OAuth 2, OpenID Connect), in order. */
export function applicableSchemes(doc: unknown): string[] {
  const schemes = child(child(doc, 'components'), 'securitySchemes');
  if (!schemes || typeof schemes !== 'object') return [];
  return Object.entries(schemes)
    .filter(([, s]) => {
      const type = child(s, 'type');
      const scheme = String(child(s, 'scheme') ?? '');
      return type === 'apiKey' || type === 'oauth2' || type === 'openIdConnect' || (type === 'http' && /^(bearer|basic)$/i.test(scheme));
    })
    .map(([name]) => name);
}

/**
 * The action for a spec that defines security schemes but requires none (security-defined):
 * the document's `security` becomes one alternative per scheme the client can send, so every
 * credential option the scaffold offers (provider-add.ts authOptions: each optional, as the
 * alternatives are) is sent, and an operation without credentials is refused by the client
 * instead of going out anonymous. Writing `security: [{}]` instead would make the API anonymous
 * behind the user's back while the client still asks for its credentials.
 */
export function definedSchemesAction(doc: unknown): SuggestedAction {
  const names = applicableSchemes(doc);
  return {
    target: '$',
    description: `Upstream defines the security schemes ${names.join(', ')} but requires none; we apply them, as alternatives, to every operation that names no security of its own, so the credentials the client is given are sent. If some calls are anonymous, give those operations \`security: []\` (and say why here).`,
    update: { security: names.map((n) => ({ [n]: [] })) },
  };
}
