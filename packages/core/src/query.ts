import { createQuerySerializer } from 'openapi-fetch';

/**
 * How one query parameter is written, where the spec says otherwise than openapi-fetch's default
 * (an array as `name=a&name=b`, an object as deepObject `name[key]=value`): its `style`, `explode`
 * and `allowReserved` as the spec declares them, OpenAPI's defaults filled in; or `json`, a
 * parameter described by `content` with a JSON media type, whose value is sent as its JSON text,
 * percent-encoded, in one `name=<json>` pair (`SpecFacts.queryStyles`).
 *
 * Declared twice: here, what the client reads, and in @capi/scripts' codegen (codegen.ts), what
 * it writes. No legal one home: @capi/core is published without @capi/scripts, and @capi/scripts
 * must not import @capi/core (core's build would come before every scripts task). The two are
 * held together by scripts/test/codegen/query-style-agreement.test.mjs.
 */
export type QueryStyle =
  | {
      readonly style: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
      readonly explode: boolean;
      readonly allowReserved?: boolean;
    }
  | { readonly json: true };

type Serializer = (query: Record<string, unknown>) => string;

const plain = createQuerySerializer();
const made = new WeakMap<object, Serializer>();

/**
 * A parameter described by `content` (a JSON media type): its one key and its value's JSON text,
 * both percent-encoded (`filter=%7B%22a%22%3A1%7D`); null is the JSON `null`, undefined (or a value
 * JSON has no text for, such as a function) leaves it out.
 */
const jsonParam: Serializer = (query) => {
  const [name, value] = Object.entries(query)[0] ?? [];
  const text = name === undefined || value === undefined ? undefined : JSON.stringify(value);
  return text === undefined ? '' : `${encodeURIComponent(name as string)}=${encodeURIComponent(text)}`;
};

/**
 * The query serialiser of an operation whose parameters declare their own style: each declared
 * parameter written as the spec says (`latlong=51.4,-2.1` for `explode: false`, `a|b` for
 * pipeDelimited, `key=value` for an object in form style, `name=<json>` for one described by
 * `content`), any other as openapi-fetch writes it,
 * in the order the call gives them. Made once per operation's styles.
 */
export function styledQuery(styles: Readonly<Record<string, QueryStyle>>): Serializer {
  const known = made.get(styles);
  if (known) return known;
  const own = new Map<string, Serializer>();
  for (const [name, s] of Object.entries(styles)) {
    if ('json' in s) {
      own.set(name, jsonParam);
      continue;
    }
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
