// capi/text-media-structure: a body documented only under text media types (`text/plain`,
// `text/powershell`, `text/csv`; no JSON beside them) whose schema is an object or an array.
// Text is a string on the wire: the client reads the answer as text although its type says
// object, Prism cannot answer it at all ("Cannot serialise complex objects as text"), and the
// contract harness neither sends such a body nor judges such an answer (azure.com/
// automation-runbook's `default` errors, documented as `text/powershell` because the operation
// answers PowerShell text). XML is left alone (an object schema describes an XML document), so
// is an event stream (its schema describes each event, by convention), and so is text beside a
// JSON media type (.NET writes one schema under `text/plain`, `application/json` and
// `text/json`: clients and mocks use the JSON one). The action writes the schema as a string,
// with upstream's description.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { mediaKind } from '../spec/media-type.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction, RuleContext, SpecNode } from './types.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const essence = (key: string): string => (key.split(';')[0] ?? '').trim().toLowerCase();
// XML: an object schema describes the document; an event stream: by convention, each event's data
const isText = (key: string): boolean => mediaKind(key) === 'text' && !/xml$/.test(essence(key)) && essence(key) !== 'text/event-stream';

/** Whether a schema (its `$ref`s followed through `resolve`, three levels of composition deep) is an object or an array. */
function structured(schema: unknown, resolve: (node: unknown) => unknown, depth = 0): boolean {
  const s = resolve(schema);
  if (!isObject(s) || depth > 3) return false;
  const types = [s.type].flat();
  if (types.includes('string')) return false;
  if (types.includes('object') || types.includes('array')) return true;
  if (s.type === undefined && (isObject(s.properties) || s.items !== undefined)) return true;
  return ['allOf', 'oneOf', 'anyOf'].some((k) => Array.isArray(s[k]) && (s[k] as unknown[]).some((m) => structured(m, resolve, depth + 1)));
}

/** The media object's schema written as a string (an overlay update merges, so the old schema goes first). */
function stringActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  const media = getAt(doc, segs);
  if (!isObject(media) || media.schema === undefined) return [];
  const own = isObject(media.schema) && typeof media.schema.description === 'string' ? media.schema.description : undefined;
  return [
    {
      target: jsonPathOf([...segs, 'schema']),
      description: `Upstream documents \`${String(segs.at(-1))}\` (${where}), text on the wire, with an object or array schema: no client reads text as one and no mock can write it. Step 1 of 2: the schema removed...`,
      remove: true,
      'x-fixes': [rule],
    },
    {
      target: jsonPathOf(segs),
      description:
        '...(step 2 of 2) and written as the string the body is (where the API answers JSON, document application/json instead).',
      update: { schema: { type: 'string', ...(own === undefined ? {} : { description: own }) } },
      'x-fixes': [rule],
    },
  ];
}

export const kind: DefectKind = {
  id: 'capi/text-media-structure',
  severity: 'error',
  stage: 'lint',
  docs: "A body documented only under text media types (`text/plain`, `text/powershell`, `text/csv`; no JSON beside them) whose schema is an object or an array (azure.com/automation-runbook's `default` errors as `text/powershell`): text is a string on the wire, so the client's type is wrong, Prism cannot answer it (\"Cannot serialise complex objects as text\") and the contract harness can neither send nor judge it. The action writes the schema as a string, keeping its description; XML, `text/event-stream` (its schema describes each event) and text beside a JSON media type (.NET's `text/plain`) are left alone.",
  visitor: () => ({
    MediaTypesMap: {
      enter(map: SpecNode, ctx: RuleContext) {
        if (!isObject(map)) return;
        const keys = Object.keys(map);
        if (keys.some((k) => mediaKind(k) === 'json')) return;
        const resolve = (node: unknown) => ctx.resolve(node).node;
        for (const key of keys) {
          const media = map[key];
          if (!isText(key) || !isObject(media) || !structured(media.schema, resolve)) continue;
          ctx.report({
            message: `\`${key}\` is text on the wire, yet its schema is an object or an array: no client reads text as one and no mock can write it. Write the schema as a string, or document the media type the API answers (application/json).`,
            location: ctx.location.child([key]).key(),
          });
        }
      },
    },
  }),
  fix: perFinding(stringActions),
};
