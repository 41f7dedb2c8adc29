import { createQuerySerializer } from 'openapi-fetch';

/**
 * How one query parameter is written, where the spec says otherwise than openapi-fetch's default
 * (an array as `name=a&name=b`, an object as deepObject `name[key]=value`): its `style`, `explode`
 * and `allowReserved` as the spec declares them, OpenAPI's defaults filled in (`SpecFacts.queryStyles`).
 */
export interface QueryStyle {
  readonly style: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  readonly explode: boolean;
  readonly allowReserved?: boolean;
}

type Serializer = (query: Record<string, unknown>) => string;

const plain = createQuerySerializer();
const made = new WeakMap<object, Serializer>();

/**
 * The query serialiser of an operation whose parameters declare their own style: each declared
 * parameter written as the spec says (`latlong=51.4,-2.1` for `explode: false`, `a|b` for
 * pipeDelimited, `key=value` for an object in form style), any other as openapi-fetch writes it,
 * in the order the call gives them. Made once per operation's styles.
 */
export function styledQuery(styles: Readonly<Record<string, QueryStyle>>): Serializer {
  const known = made.get(styles);
  if (known) return known;
  const own = new Map<string, Serializer>();
  for (const [name, s] of Object.entries(styles)) {
    const shape = { style: s.style, explode: s.explode } as { style: 'form'; explode: boolean };
    own.set(name, createQuerySerializer({ array: shape, object: shape, allowReserved: s.allowReserved === true }));
  }
  const serializer: Serializer = (query) => {
    const parts: string[] = [];
    if (query && typeof query === 'object') {
      for (const name of Object.keys(query)) {
        // one parameter at a time, as its own object (a computed key: `__proto__` stays a key)
        const part = (own.get(name) ?? plain)({ [name]: query[name] });
        if (part) parts.push(part);
      }
    }
    return parts.join('&');
  };
  made.set(styles, serializer);
  return serializer;
}
