// A path template's segments, for the inference (infer.ts) and the engine (engine.ts); internal to
// @capi/core/fake (its entry, index.ts, does not offer it).

/** The path's segments, without the trailing slash some specs write (`/api/v1/customers/{id}/`). */
export const segmentsOf = (path: string): string[] => path.split('/').filter((s, i, all) => s !== '' || (i > 0 && i < all.length - 1));
