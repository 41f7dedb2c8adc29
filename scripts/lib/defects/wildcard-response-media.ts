// capi/wildcard-response-media: a response documented only under a media range (`*/*`,
// `application/*`) whose schema is structured data (an object or an array). Google's older
// specs, converted from discovery documents, write every response so, although the APIs answer
// JSON. A range says nothing about how the body is written: the generated client types data only
// from JSON media types (the operation gets no data type), the contract harness judges JSON
// answers only (an answer is judged without its schema), and Prism may pick a text serialiser
// for the object and fail to answer at all.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { mediaKind } from '../spec/media-type.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction, RuleContext, SpecNode } from './types.ts';

const essence = (key: string): string => (key.split(';')[0] ?? '').trim().toLowerCase();
const isJson = (key: string): boolean => mediaKind(key) === 'json';
const isRange = (key: string): boolean => essence(key) === '*/*' || essence(key) === 'application/*';
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a schema (its `$ref`s followed through ctx, three levels of composition deep) is an object or an array. */
function structured(schema: unknown, ctx: RuleContext, depth = 0): boolean {
  const s = ctx.resolve(schema).node;
  if (!isObject(s) || depth > 3) return false;
  const types = [s.type].flat();
  if (types.includes('object') || types.includes('array')) return true;
  if (s.type === undefined && (isObject(s.properties) || s.items !== undefined)) return true;
  return ['allOf', 'oneOf', 'anyOf'].some((k) => Array.isArray(s[k]) && (s[k] as unknown[]).some((m) => structured(m, ctx, depth + 1)));
}

/** Whether a media object documents structured data: its schema, or else its example. */
function documentsStructure(media: SpecNode, ctx: RuleContext): boolean {
  if (!isObject(media)) return false;
  if (media.schema !== undefined) return structured(media.schema, ctx);
  return media.example !== null && typeof media.example === 'object';
}

/** The range's media object documented as application/json instead. */
function jsonActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  const key = String(segs.at(-1));
  const map = getAt(doc, segs.slice(0, -1));
  const media = getAt(doc, segs);
  // the finding is gone once JSON is documented (the map has it already: nothing to move)
  if (!isObject(map) || media === undefined || Object.keys(map).some(isJson)) return [];
  return [
    {
      target: jsonPathOf(segs.slice(0, -1)),
      description: `Upstream documents a response (${where}) only as \`${key}\`, whose schema is an object or an array: documented as application/json, the media type the API answers it in (step 1 of 2).`,
      update: { 'application/json': media },
      'x-fixes': [rule],
    },
    {
      target: jsonPathOf(segs),
      description: `...(step 2 of 2) the media range \`${key}\` removed: no client types data from it and no mock knows how to write it.`,
      remove: true,
      'x-fixes': [rule],
    },
  ];
}

export const kind: DefectKind = {
  id: 'capi/wildcard-response-media',
  severity: 'error',
  stage: 'lint',
  docs: 'A response documented only under a media range (`*/*`, `application/*`) whose schema is an object or an array (Google specs converted from discovery documents write every response so): the generated client types data from JSON media types only, so the operation has no data type, the contract harness judges the answer without its schema, and Prism may find no serializer for it. The action documents the media object as `application/json` instead of the range (review it: an API that answers XML needs `application/xml`).',
  visitor: () => ({
    Response: {
      enter(response, ctx) {
        const content = response?.content;
        if (!isObject(content)) return;
        const keys = Object.keys(content);
        if (keys.some(isJson)) return;
        // the first range only: once it is JSON, the others are no finding
        const key = keys.find((k) => isRange(k) && documentsStructure(content[k], ctx));
        if (key === undefined) return;
        ctx.report({
          message: `The response is documented only as \`${key}\`, yet its schema is an object or an array: no client types data from a media range, and no mock knows how to write it. Document the media type the API answers (application/json).`,
          location: ctx.location.child(['content', key]).key(),
        });
      },
    },
  }),
  fix: perFinding(jsonActions),
};
