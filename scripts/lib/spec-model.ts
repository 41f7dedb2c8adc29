// What the contract tests derive from an effective spec: its operations, the documented
// statuses of each, request schemas, and a JSON Schema 2020-12 validator (Ajv) for any node of
// the document. Nothing here is listed by hand: a new status in a spec is a new test case.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadYamlSource } from '@capi/scripts/lib/yaml-source.ts';
import { escapeSegment, formatPointer, getAt } from '@capi/scripts/lib/json-pointer.ts';
import { HTTP_METHODS as METHODS } from '@capi/scripts/lib/spec-walk.ts';

/** A JSON pointer (with #) from path segments. */
export const pointer = (...segments) => formatPointer(segments);

export function loadSpecModel(file, { provider, label } = {}) {
  const { data: loaded } = loadYamlSource(file, { provider, label });
  const doc = /^3\.0\./.test(String(loaded.openapi)) ? fromOas30(loaded) : loaded;
  // unicodeRegExp: false: specs write patterns with escapes unicode mode refuses (`\:`), which
  // Prism and Redocly read; a pattern is an ECMA-262 regex either way
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: false });
  addFormats(ajv);
  // Register the whole document, so every internal $ref resolves against it.
  ajv.addSchema(stripForAjv(doc), 'spec');
  const validators = new Map();
  const nodeValidators = new WeakMap();
  const resolve = (node) => follow(node, null).node;
  // the node behind $refs, and the JSON pointer where it really lives (Ajv needs that one)
  function follow(node, where) {
    let n = node;
    let p = where;
    for (let i = 0; n?.$ref && i < 32; i++) {
      p = n.$ref;
      n = at(doc, n.$ref);
    }
    return { node: n, pointer: p };
  }

  const operations = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      const { node: body, pointer: bodyAt } = follow(op.requestBody, pointer('paths', path, method, 'requestBody'));
      const bodyMedia = body?.content?.['application/json'];
      const responses = Object.entries(op.responses ?? {}).map(([status, r]) => {
        const { node: res, pointer: resAt } = follow(r, pointer('paths', path, method, 'responses', status));
        const media = res?.content?.['application/json'];
        return {
          status,
          description: res?.description,
          json: Boolean(media),
          schemaPointer: media?.schema ? `${resAt}/content/application~1json/schema` : null,
        };
      });
      operations.push({
        operationId: op.operationId ?? `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        // the query and header parameters a request must carry (optional ones are left out)
        requiredParams: params.filter((p) => p?.required && (p.in === 'query' || p.in === 'header')),
        security: op.security ?? doc.security ?? [],
        requestBody: bodyMedia
          ? {
              required: Boolean(body.required),
              schema: bodyMedia.schema,
              schemaPointer: `${bodyAt}/content/application~1json/schema`,
              example: bodyMedia.example ?? Object.values(bodyMedia.examples ?? {}).map((e) => resolve(e)?.value)[0],
            }
          : null,
        responses,
      });
    }
  }

  return {
    doc,
    operations,
    resolve,
    securitySchemes: doc.components?.securitySchemes ?? {},
    /**
     * The schema node that governs `path` (instance path segments) inside the schema at
     * `schemaPointer`, and the JSON pointer where that node lives: followed through $refs,
     * properties, items and additionalProperties; it stops at a oneOf/anyOf/allOf, whose branch
     * it cannot know. @returns {{ node: any, pointer: string, rest: string[] }}
     */
    schemaAt(schemaPointer, path) {
      let { node, pointer: where } = follow(at(doc, schemaPointer) ?? null, schemaPointer);
      let i = 0;
      for (; i < path.length && node && typeof node === 'object'; i++) {
        const seg = path[i];
        let next;
        if (node.properties?.[seg] !== undefined) next = [node.properties[seg], `${where}/properties/${escapeSegment(seg)}`];
        else if (/^\d+$/.test(seg) && node.items && typeof node.items === 'object') next = [node.items, `${where}/items`];
        else if (node.additionalProperties && typeof node.additionalProperties === 'object')
          next = [node.additionalProperties, `${where}/additionalProperties`];
        else break;
        ({ node, pointer: where } = follow(next[0], next[1]));
      }
      return { node, pointer: where, rest: path.slice(i) };
    },
    /** Validates `value` against a schema node of the document (its $refs resolve in the document). */
    validateNode(schema, value) {
      let v = nodeValidators.get(schema);
      if (!v) {
        v = ajv.compile(
          JSON.parse(
            JSON.stringify(schema ?? {}, (k, x) =>
              k === '$ref' && typeof x === 'string' && x.startsWith('#') ? `spec${x}` : k === 'discriminator' ? undefined : x,
            ),
          ),
        );
        nodeValidators.set(schema, v);
      }
      return v(value);
    },
    /** Validates `value` against the schema at a JSON pointer of the document (2020-12). */
    validate(schemaPointer, value) {
      let v = validators.get(schemaPointer);
      if (!v) {
        v =
          ajv.getSchema(`spec${encodeURI(schemaPointer).replace(/%7B/g, '{').replace(/%7D/g, '}')}`) ??
          ajv.getSchema(`spec${schemaPointer}`);
        if (!v) throw new Error(`no schema at ${schemaPointer}`);
        validators.set(schemaPointer, v);
      }
      const ok = v(value);
      return { ok, errors: ok ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`) };
    },
  };
}

function at(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  return getAt(doc, ref);
}

// OpenAPI-only fields that are not JSON Schema and would confuse Ajv when they sit where a
// schema keyword could (e.g. `example` at media level is fine; `discriminator` needs Ajv's
// option). We keep the document as is except for dropping `discriminator`, which Ajv would
// enforce with its own stricter rules than OpenAPI's.
function stripForAjv(doc) {
  // `$id` inside the document's schemas (a URL several schemas often share, as documentation)
  // would make Ajv resolve references against it, or refuse it as defined twice
  return JSON.parse(JSON.stringify(doc, (k, v) => (k === 'discriminator' || k === '$id' ? undefined : v)));
}

/**
 * An OAS 3.0 document's schemas in their JSON Schema 2020-12 form, so Ajv and the generated
 * cases read them as OAS 3.0 means them (Prism reads 3.0 natively): `nullable: true` adds 'null'
 * to the type (and to an enum), boolean exclusiveMinimum/exclusiveMaximum become numbers.
 */
export function fromOas30(doc) {
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    if (out.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
    if ('nullable' in out && typeof out.nullable === 'boolean') delete out.nullable;
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ]) {
      if (out[flag] === true && typeof out[bound] === 'number') {
        out[flag] = out[bound];
        delete out[bound];
      } else if (out[flag] === false) delete out[flag];
    }
    return out;
  };
  return walk(doc);
}
