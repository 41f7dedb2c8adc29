// A path template's segments, for the inference (infer.ts) and the engine (engine.ts); internal to
// @capi/core/fake (its entry, index.ts, does not offer it).

/** The path's segments, without the trailing slash some specs write (`/api/v1/customers/{id}/`). */
const segmentsOf = (path: string): string[] => path.split('/').filter((s, i, all) => s !== '' || (i > 0 && i < all.length - 1));

/**
 * The segments that name the resource: without a last segment that only names the answer's format
 * (Docker's engine API and its clones: `GET /containers/json` lists the containers,
 * `GET /containers/{id}/json` reads one, beside `DELETE /containers/{id}`). A path of that one
 * segment (`/json`) keeps it.
 */
export const resourceSegmentsOf = (path: string): string[] => {
  const segs = segmentsOf(path);
  return segs.length > 1 && FORMAT_SEGMENT.test(segs.at(-1) ?? '') ? segs.slice(0, -1) : segs;
};

/** The answer formats a path may name: as a segment of its own (above) or as a suffix (below). */
const FORMATS = '(?:json|xml)';
const FORMAT_SEGMENT = new RegExp(`^${FORMATS}$`, 'i');
/** A format suffix a path segment may carry (`/things.json`, `/things/{thingId}.json`): the same resource as without it. */
export const FORMAT_SUFFIX = new RegExp(`\\.${FORMATS}$`);
