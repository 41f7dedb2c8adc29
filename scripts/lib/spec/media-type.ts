// Media types as the pipeline reads them: "type/subtype" without parameters, and how a body of a
// type is written. No imports: the lint rules (scripts/lib/defects, loaded into Redocly's plugin)
// read it without loading the spec model's validator.
/**
 * How a body of a media type is written: `json` (application/json, text/json, any `+json` type,
 * with or without parameters such as `; charset=utf-8`), `form` (application/x-www-form-urlencoded),
 * `multipart` (multipart/form-data), `text` (text/*), `binary` (anything else: bytes). The
 * same classes as the client's serialiser (packages/core).
 */
export type MediaKind = 'json' | 'form' | 'multipart' | 'text' | 'binary';

/** "type/subtype" of a media type, lower case, without parameters. */
export const mediaEssence = (type: string): string => (String(type).split(';')[0] ?? '').trim().toLowerCase();

/**
 * The kind of a media type (see MediaKind): the pipeline's one rule for "is this media type JSON"
 * (codegen's facts, the fakes, the contract tests, the lint rules read it); the client's runtime,
 * which cannot import the pipeline, has the same rule (packages/core/src/body.ts, isJsonMedia),
 * tested on the same media types. `text/json` is JSON (nonstandard, common in .NET APIs:
 * hetras-certification.net).
 */
export function mediaKind(type: string): MediaKind {
  const e = mediaEssence(type);
  if (e === 'application/json' || e === 'text/json' || (e.endsWith('+json') && /^[^\s/]+\/[^\s/]+$/.test(e))) return 'json';
  if (e === 'application/x-www-form-urlencoded') return 'form';
  if (e === 'multipart/form-data') return 'multipart';
  if (e.startsWith('text/')) return 'text';
  return 'binary';
}
