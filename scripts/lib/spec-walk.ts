// Walking an OpenAPI document's operations: the HTTP methods a path item may hold (OAS 3.0 and
// 3.1) and the one loop over (path, method, operation) that the tools share.

/** The operation keys of a path item, in the order the specification lists them. */
export const HTTP_METHODS = /** @type {const} */ (['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Every operation of a document, in document order.
 * @returns {{ path: string, method: string, METHOD: string, item: object, op: object }[]}
 */
export function operationsOf(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc?.paths ?? {})) {
    if (!item || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op && typeof op === 'object') out.push({ path, method, METHOD: method.toUpperCase(), item, op });
    }
  }
  return out;
}
