// Walking an OpenAPI document's operations: the HTTP methods a path item may hold (OAS 3.0 and
// 3.1) and the one loop over (path, method, operation) that the tools share.

/** The operation keys of a path item, in the order the specification lists them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * An operation object of a parsed document. The fields the tools read are named with the types
 * the OpenAPI specification gives them; operationsOf checks only that the operation is an object,
 * so a field of a document that breaks the specification may hold something else.
 */
export interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}

export interface OperationEntry {
  path: string;
  method: HttpMethod;
  /** the method in upper case: 'GET' */
  METHOD: string;
  /** the path item holding the operation */
  item: Record<string, unknown>;
  op: Operation;
}

/** Every operation of a document, in document order. */
export function operationsOf(doc: unknown): OperationEntry[] {
  const out: OperationEntry[] = [];
  // `?? {}` as in `doc?.paths ?? {}`: whatever `paths` holds is walked as Object.entries walks it
  const paths = (doc === null || doc === undefined ? undefined : (doc as { paths?: unknown }).paths) ?? {};
  for (const [path, item] of Object.entries(paths) as [string, unknown][]) {
    if (!item || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const op: unknown = (item as Record<string, unknown>)[method];
      if (op && typeof op === 'object') {
        out.push({ path, method, METHOD: method.toUpperCase(), item: item as Record<string, unknown>, op: op as Operation });
      }
    }
  }
  return out;
}
