// JSON Pointers (RFC 6901), the one implementation: `$ref` fragments ('#/components/schemas/A'),
// Redocly's finding locations, and pointers we print. A fragment is URI-encoded first (RFC 6901
// section 6), so each segment is percent-decoded, then `~1` → `/` and `~0` → `~` (in that order).

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a literal '%' in a key, not an escape
  }
};

/** '#/a/b~1c', '/a/b~1c', '#' or '' → ['a', 'b/c'] (an empty key stays an empty segment). */
export function parsePointer(pointer: string = ''): string[] {
  const body = String(pointer).replace(/^#/, '');
  if (body === '' || body === '/') return body === '/' ? [''] : [];
  const segments = (body.charCodeAt(0) === 47 ? body.slice(1) : body).split('/');
  // most pointers have neither escapes nor `~`: their segments are the split as it is (about a
  // tenth of the cost, on the tens of thousands of references of a large spec)
  if (!body.includes('%') && !body.includes('~')) return segments;
  return segments.map((s) => decode(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One reference token: 'b/c' → 'b~1c', 'a~b' → 'a~0b'. */
export const escapeSegment = (s: string | number): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

/** ['a', 'b/c'] → '#/a/b~1c' */
export const formatPointer = (segments: readonly (string | number)[]): string => `#/${segments.map(escapeSegment).join('/')}`;

/** The node at a pointer of `doc` (a pointer string or its segments), or undefined. Only own keys are followed. */
export function getAt(doc: unknown, pointer: string | readonly (string | number)[]): unknown {
  let node = doc;
  const keys: readonly (string | number)[] = Array.isArray(pointer) ? pointer : parsePointer(pointer as string);
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * Follows local `$ref`s from `node` (at most `maxDepth` hops, so a cycle ends); returns the first
 * node that is not a local reference (an external one is returned as it is), undefined when a
 * reference leads nowhere. Typed as `node` is: a reference stands for a node of the kind it
 * replaces (a schema for a schema); what it points to is not checked.
 */
export function resolveLocal<N>(doc: unknown, node: N, maxDepth: number = 32): N | undefined {
  let n: unknown = node;
  for (let i = 0; i < maxDepth && isLocalRef(n); i++) {
    n = getAt(doc, n.$ref);
  }
  return n as N | undefined;
}

const isLocalRef = (n: unknown): n is { $ref: string } =>
  Boolean(n) && typeof n === 'object' && typeof (n as { $ref?: unknown }).$ref === 'string' && (n as { $ref: string }).$ref.startsWith('#');

/**
 * RFC 9535 JSONPath of a node, from its path segments: `$.paths['/x'].get` (array indexes as
 * numbers). The one place overlay action targets are written.
 */
export function jsonPathOf(segments: readonly (string | number)[]): string {
  return `$${segments
    .map((s) => {
      if (typeof s === 'number') return `[${s}]`;
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) return `.${s}`;
      // RFC 9535 string literal: backslash and quote escaped, and every control character (a
      // tab, a newline in a key: the literal may not hold one raw) as \uXXXX
      return `['${String(s)
        .replace(/\\/g, '\\\\')
        .replace(/'/g, "\\'")
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
        .replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}']`;
    })
    .join('')}`;
}
