// Validators of body schemas written by our own code generator instead of Ajv's, for the
// generated modules (validators.gen.ts, fake.gen.ts; ajv-standalone.ts chooses per body): one walk
// over each schema emitting plain JavaScript with the verdicts and the errors (instancePath,
// schemaPath, keyword, params, message, in the same order) of Ajv's standalone code under the
// project's options (spec-model.ts AJV_OPTIONS: allErrors, ownProperties, unicode lengths, formats
// of ajv-formats, strict off, references compiled as functions of their own). Ajv's code generation
// costs about a millisecond of CPU per function on GitHub's spec (its per-keyword contexts, code
// trees, optimizer and their garbage); this costs a small fraction of that
// (docs/decisions-and-lessons.md).
//
// A body is ours only when every schema it reaches (its `$ref`s followed) uses the keywords below
// exactly as Ajv reads them; anything else (NOT_OURS, a value of another shape, a reference that is
// not a JSON pointer into the document, a pattern that does not compile) leaves that body to Ajv,
// as before. scripts/test/codegen/own-validators.test.mjs compares both on bodies made from schemas.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { readsWithU } from '../lint/patterns.ts';
import { getAt } from '../spec/json-pointer.ts';
import { isObject, MAX_VALIDATOR_CODE, type SpecNode, ValidatorTooLarge } from '../spec/spec-model.ts';

/**
 * The keywords Ajv2020 (with ajv-formats' keywords) validates with that this generator does not
 * write, each leaving a schema using it to Ajv (the test checks this list against Ajv's own):
 * - dynamic references and anchors (`$dynamicRef`, `$recursiveRef`, ...): a scope passed along at
 *   run time, and Ajv's options change when a document uses them (ajv-standalone.ts);
 * - `unevaluatedProperties`/`unevaluatedItems`: they need what every other keyword evaluated;
 * - `if`/`then`/`else`, `contains`/`minContains`/`maxContains`, `propertyNames`,
 *   `patternProperties`, `dependencies`, `dependentRequired`, `dependentSchemas`: rare in API
 *   bodies; each has its own error shape (and patternProperties changes what additionalProperties
 *   counts) not written here;
 * - `nullable` (left only in an OpenAPI 3.1 document: 3.0's is converted to a type): Ajv adds null
 *   to the type, and refuses it without one;
 * - `id` (Ajv refuses draft-04 ids), `$id`, `$anchor`, `$schema`, `$vocabulary`: they change how
 *   references resolve or how Ajv reads the schema;
 * - `formatMaximum` and the other format limits of ajv-formats;
 * - `$async`: Ajv makes an asynchronous function of it.
 * Every other key Ajv ignores (annotations, `x-` extensions, unknown words), and so does this.
 */
export const NOT_OURS: ReadonlySet<string> = new Set([
  '$dynamicAnchor',
  '$dynamicRef',
  '$recursiveAnchor',
  '$recursiveRef',
  'id',
  '$id',
  '$anchor',
  '$schema',
  '$vocabulary',
  'nullable',
  'if',
  'then',
  'else',
  'propertyNames',
  'dependencies',
  'patternProperties',
  'contains',
  'dependentRequired',
  'dependentSchemas',
  'maxContains',
  'minContains',
  'unevaluatedProperties',
  'unevaluatedItems',
  'formatMaximum',
  'formatMinimum',
  'formatExclusiveMaximum',
  'formatExclusiveMinimum',
  '$async',
]);

/** The keywords written here: verdicts and errors as Ajv's (the test compares every one). */
export const OURS: ReadonlySet<string> = new Set([
  '$ref',
  'type',
  'const',
  'enum',
  'not',
  'anyOf',
  'oneOf',
  'allOf',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'multipleOf',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'maxItems',
  'minItems',
  'prefixItems',
  'items',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'additionalProperties',
  'properties',
]);

/**
 * The most subschemas (references not followed) one function of ours is written from: over ten
 * times GitHub's largest component (about 1 500 objects), within spec-model.ts's MAX_VALIDATOR_CODE in code.
 */
const MAX_NODES = 20_000;
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);
/** Ajv's groups of keywords by the type of data they apply to, each in Ajv's order. */
const GROUPS: readonly (readonly [string, readonly string[]])[] = [
  ['number', ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'format']],
  ['string', ['maxLength', 'minLength', 'pattern', 'format']],
  ['array', ['maxItems', 'minItems', 'prefixItems', 'items', 'uniqueItems']],
  ['object', ['maxProperties', 'minProperties', 'required', 'additionalProperties', 'properties']],
];
const LIMITS: Readonly<Record<string, [string, string]>> = {
  maximum: ['>', '<='],
  minimum: ['<', '>='],
  exclusiveMaximum: ['>=', '<'],
  exclusiveMinimum: ['<=', '>'],
};
const COUNTS: Readonly<Record<string, [string, string, string]>> = {
  maxLength: ['>', 'more', 'characters'],
  minLength: ['<', 'fewer', 'characters'],
  maxItems: ['>', 'more', 'items'],
  minItems: ['<', 'fewer', 'items'],
  maxProperties: ['>', 'more', 'properties'],
  minProperties: ['<', 'fewer', 'properties'],
};

const FORMATS = fullFormats as Record<string, unknown>;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const lit = (v: unknown) => JSON.stringify(v);
const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const escapeFragment = (s: string) => encodeURIComponent(escapePointer(s));
/** whether Ajv writes nothing for a schema (no keyword it validates with) */
const alwaysValid = (s: unknown) => s === true || (isObject(s) && !Object.keys(s).some((k) => OURS.has(k) || NOT_OURS.has(k)));

/**
 * The `$ref` targets a schema uses (JSON pointers into the document), or undefined when it uses
 * something only Ajv writes. Walks the schema and its subschemas, not what references lead to.
 */
function ownRefs(schema: unknown): string[] | undefined {
  const refs: string[] = [];
  let nodes = 0;
  const walk = (s: unknown): boolean => {
    // a schema whose parts are the same objects many times over (a YAML alias) grows its function
    // by that factor per level: past MAX_NODES it is Ajv's, whose bound refuses it by name as before
    if (++nodes > MAX_NODES) return false;
    if (typeof s === 'boolean') return true;
    if (!isObject(s)) return false;
    for (const k of Object.keys(s)) if (NOT_OURS.has(k)) return false;
    const v = (k: string) => s[k];
    if (v('$ref') !== undefined) {
      const ref = v('$ref');
      if (typeof ref !== 'string' || !ref.startsWith('#/')) return false;
      refs.push(ref);
    }
    if (v('type') !== undefined) {
      const types = [v('type')].flat();
      if (!types.length || !types.every((t) => typeof t === 'string' && JSON_TYPES.has(t))) return false;
      if (new Set(types).size !== types.length) return false;
    }
    if (v('enum') !== undefined && (!Array.isArray(v('enum')) || !v('enum').length)) return false;
    for (const k of ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', ...Object.keys(COUNTS)])
      if (v(k) !== undefined && !isNumber(v(k))) return false;
    if (v('multipleOf') !== undefined && !(v('multipleOf') > 0)) return false;
    if (v('pattern') !== undefined) {
      if (typeof v('pattern') !== 'string') return false;
      try {
        new RegExp(v('pattern'), readsWithU(v('pattern')) ? 'u' : '');
      } catch {
        return false;
      }
    }
    if (v('format') !== undefined) {
      const f = v('format');
      if (typeof f !== 'string') return false;
      // a name Object.prototype has (`constructor`) is a "format" to Ajv's lookup
      if (!Object.hasOwn(FORMATS, f) && f in FORMATS) return false;
      const def = Object.hasOwn(FORMATS, f) ? FORMATS[f] : undefined;
      if (def !== undefined && def !== true && !(def instanceof RegExp) && typeof def !== 'function') {
        if (!isObject(def) || (def as { async?: unknown }).async || typeof (def as { validate?: unknown }).validate === 'undefined')
          return false;
      }
    }
    if (v('uniqueItems') !== undefined && typeof v('uniqueItems') !== 'boolean') return false;
    if (v('required') !== undefined && (!Array.isArray(v('required')) || !v('required').every((r: unknown) => typeof r === 'string')))
      return false;
    if (v('properties') !== undefined) {
      if (!isObject(v('properties')) || Object.hasOwn(v('properties'), '__proto__')) return false;
      for (const sub of Object.values(v('properties') as SpecNode)) if (!walk(sub)) return false;
    }
    for (const k of ['additionalProperties', 'items', 'not']) if (v(k) !== undefined && !walk(v(k))) return false;
    for (const k of ['prefixItems', 'allOf', 'anyOf', 'oneOf']) {
      if (v(k) === undefined) continue;
      if (!Array.isArray(v(k)) || (k !== 'prefixItems' && !v(k).length)) return false;
      for (const sub of v(k)) if (!walk(sub)) return false;
    }
    return true;
  };
  return walk(schema) ? refs : undefined;
}

interface OwnValidators {
  /**
   * The name of the function validating the schema at `pointer` (a JSON pointer into the document),
   * or undefined when it, or a schema it reaches, is one Ajv must write. ValidatorTooLarge when a
   * function it needs would be over spec-model.ts's MAX_VALIDATOR_CODE.
   */
  add(pointer: string): string | undefined;
  /** The functions added so far (those they call included), as an ES module body, and the run-time helpers they import. */
  code(): { code: string; used: Set<string> };
}

/** Our validators over `doc` (the document Ajv would compile: ajvDocument). */
export function ownValidators(doc: unknown): OwnValidators {
  const local = new Map<string, string[] | undefined>(); // pointer → its refs, undefined: Ajv's
  const ours = new Map<string, boolean>(); // pointer → every schema it reaches is ours
  const names = new Map<string, string>(); // pointer → function name
  const consts: string[] = []; // module-level constants
  const functions: string[] = [];
  const used = new Set<string>();
  const todo: string[] = [];
  let constants = 0;

  const refsOf = (pointer: string): string[] | undefined => {
    if (!local.has(pointer)) {
      const schema = getAt(doc, pointer);
      local.set(pointer, schema === undefined ? undefined : ownRefs(schema));
    }
    return local.get(pointer);
  };
  const reachable = (pointer: string): boolean => {
    const known = ours.get(pointer);
    if (known !== undefined) return known;
    const seen = new Set([pointer]);
    const queue = [pointer];
    for (let at = queue.pop(); at !== undefined; at = queue.pop()) {
      if (ours.get(at) === true) continue;
      const refs = refsOf(at);
      if (!refs || ours.get(at) === false) {
        ours.set(pointer, false);
        return false;
      }
      for (const r of refs) {
        if (!seen.has(r)) {
          seen.add(r);
          queue.push(r);
        }
      }
    }
    for (const p of seen) ours.set(p, true);
    return true;
  };
  /** a run-time helper's name, imported by the module */
  const helper = (name: string) => {
    used.add(name);
    return name;
  };
  const byCode = new Map<string, string>(); // a constant's code → its name: one per distinct value
  const constant = (prefix: string, code: string) => {
    let name = byCode.get(code);
    if (!name) {
      name = `own${prefix}${constants++}`;
      byCode.set(code, name);
      consts.push(`const ${name} = ${code};`);
    }
    return name;
  };
  const has = () => constant('Has', 'Object.prototype.hasOwnProperty');
  const nameOf = (pointer: string): string => {
    let name = names.get(pointer);
    if (!name) {
      name = `ownValidate${names.size}`;
      names.set(pointer, name);
      todo.push(pointer);
    }
    return name;
  };

  /** The code of one function: the schema at `pointer` (ours) validated, its errors on the function. */
  const writeFunction = (pointer: string, name: string): string => {
    let vars = 0;
    const v = (p: string) => `${p}${vars++}`;
    const error = (path: string, schemaPath: string, keyword: string, params: string, message: string) =>
      `if(vErrors===null)vErrors=[];vErrors.push({instancePath:${path},schemaPath:${lit(schemaPath)},keyword:${lit(keyword)},params:${params},message:${message}});errors++;`;
    const reset = (count: string) => `errors=${count};if(vErrors!==null){if(${count}){vErrors.length=${count};}else{vErrors=null;}}`;
    const typeMatch = (t: string, d: string): string => {
      switch (t) {
        case 'null':
          return `${d}===null`;
        case 'array':
          return `Array.isArray(${d})`;
        case 'object':
          return `(${d}&&typeof ${d}=="object"&&!Array.isArray(${d}))`;
        case 'integer':
          return `(typeof ${d}=="number"&&!(${d}%1)&&!isNaN(${d}))`;
        default:
          return `typeof ${d}==${lit(t)}`;
      }
    };
    const wrongType = (types: string[], d: string) => `!(${types.map((t) => typeMatch(t, d)).join('||')})`;

    const schemaCode = (s: unknown, d: string, path: string, sp: string): string => {
      if (s === true) return '';
      if (s === false) return error(path, `${sp}/false schema`, 'false schema', '{}', '"boolean schema is false"');
      const schema = s as SpecNode;
      let out = '';
      const types: string[] = schema.type === undefined ? [] : [schema.type].flat();
      const typeError = () => error(path, `${sp}/type`, 'type', `{type:${lit(schema.type)}}`, lit(`must be ${types.join(',')}`));
      const groupUsed = (group: string) => GROUPS.find(([g]) => g === group)?.[1].some((k) => schema[k] !== undefined) ?? false;
      const checked = types.length > 0 && !(types.length === 1 && groupUsed(types[0] as string));
      if (checked) out += `if(${wrongType(types, d)}){${typeError()}}`;
      if (schema.$ref !== undefined) {
        const fn = nameOf(schema.$ref);
        out += `if(!${fn}(${d},{instancePath:${path}})){vErrors=vErrors===null?${fn}.errors:vErrors.concat(${fn}.errors);errors=vErrors.length;}`;
      }
      if (schema.const !== undefined) {
        const c = schema.const;
        const fail = c !== null && typeof c === 'object' ? `!${helper('equal')}(${d},${constant('Const', lit(c))})` : `${lit(c)}!==${d}`;
        out += `if(${fail}){${error(path, `${sp}/const`, 'const', `{allowedValue:${lit(c)}}`, '"must be equal to constant"')}}`;
      }
      if (schema.enum !== undefined) {
        const values = schema.enum as unknown[];
        const all = constant('Enum', lit(values));
        const match = values
          .map((e, i) => (e !== null && typeof e === 'object' ? `${helper('equal')}(${d},${all}[${i}])` : `${d}===${lit(e)}`))
          .join('||');
        out += `if(!(${match})){${error(path, `${sp}/enum`, 'enum', `{allowedValues:${all}}`, '"must be equal to one of the allowed values"')}}`;
      }
      if (schema.not !== undefined) {
        const before = v('n');
        const sub = alwaysValid(schema.not) ? '' : schemaCode(schema.not, d, path, `${sp}/not`);
        out += `const ${before}=errors;${sub}if(errors===${before}){${error(path, `${sp}/not`, 'not', '{}', '"must NOT be valid"')}}else{${reset(before)}}`;
      }
      if (schema.anyOf !== undefined) {
        const branches = schema.anyOf as unknown[];
        if (!branches.some(alwaysValid)) {
          const before = v('a');
          const valid = v('av');
          out += `const ${before}=errors;let ${valid}=false;`;
          let close = '';
          branches.forEach((b, i) => {
            const start = v('b');
            out += `const ${start}=errors;${schemaCode(b, d, path, `${sp}/anyOf/${i}`)}${valid}=${valid}||errors===${start};`;
            if (i < branches.length - 1) {
              out += `if(!${valid}){`;
              close += '}';
            }
          });
          out += `${close}if(${valid}){${reset(before)}}else{${error(path, `${sp}/anyOf`, 'anyOf', '{}', '"must match a schema in anyOf"')}}`;
        }
      }
      if (schema.oneOf !== undefined) {
        const before = v('o');
        const valid = v('ov');
        const passing = v('op');
        out += `const ${before}=errors;let ${valid}=false;let ${passing}=null;`;
        // as Ajv writes it: once two branches pass, the later ones are not evaluated (each is
        // inside the `else` of the one before), and a third passing one is never seen
        let close = '';
        (schema.oneOf as unknown[]).forEach((b, i) => {
          const start = v('b');
          const ok = v('bv');
          out += alwaysValid(b)
            ? `const ${ok}=true;`
            : `const ${start}=errors;${schemaCode(b, d, path, `${sp}/oneOf/${i}`)}const ${ok}=errors===${start};`;
          if (i > 0) {
            out += `if(${ok}&&${valid}){${valid}=false;${passing}=[${passing},${i}];}else{`;
            close += '}';
          }
          out += `if(${ok}){${valid}=true;${passing}=${i};}`;
        });
        out += `${close}if(${valid}){${reset(before)}}else{${error(path, `${sp}/oneOf`, 'oneOf', `{passingSchemas:${passing}}`, '"must match exactly one schema in oneOf"')}}`;
      }
      if (schema.allOf !== undefined) {
        (schema.allOf as unknown[]).forEach((b, i) => {
          if (!alwaysValid(b)) out += schemaCode(b, d, path, `${sp}/allOf/${i}`);
        });
      }
      for (const [group, keywords] of GROUPS) {
        if (!groupUsed(group)) continue;
        let inner = '';
        for (const k of keywords) if (schema[k] !== undefined) inner += keywordCode(group, k, schema, d, path, sp);
        const typeHere = types.length === 1 && types[0] === group && !checked;
        out += `if(${typeMatch(group, d)}){${inner}}${typeHere ? `else{${typeError()}}` : ''}`;
      }
      return out;
    };

    const keywordCode = (group: string, k: string, schema: SpecNode, d: string, path: string, sp: string): string => {
      const value = schema[k];
      if (LIMITS[k]) {
        const [fail, ok] = LIMITS[k];
        return `if(${d}${fail}${lit(value)}||isNaN(${d})){${error(path, `${sp}/${k}`, k, `{comparison:${lit(ok)},limit:${lit(value)}}`, lit(`must be ${ok} ${value}`))}}`;
      }
      if (COUNTS[k]) {
        const [op, comp, what] = COUNTS[k];
        const count = group === 'string' ? `${helper('ucs2length')}(${d})` : group === 'array' ? `${d}.length` : `Object.keys(${d}).length`;
        return `if(${count}${op}${lit(value)}){${error(path, `${sp}/${k}`, k, `{limit:${lit(value)}}`, lit(`must NOT have ${comp} than ${value} ${what}`))}}`;
      }
      switch (k) {
        case 'multipleOf': {
          const r = v('r');
          return `let ${r};if((${r}=${d}/${lit(value)},${r}!==parseInt(${r}))){${error(path, `${sp}/multipleOf`, k, `{multipleOf:${lit(value)}}`, lit(`must be multiple of ${value}`))}}`;
        }
        case 'pattern': {
          const re = constant('Pattern', `new RegExp(${lit(value)}, ${lit(readsWithU(value) ? 'u' : '')})`);
          return `if(!${re}.test(${d})){${error(path, `${sp}/pattern`, k, `{pattern:${lit(value)}}`, lit(`must match pattern "${value}"`))}}`;
        }
        case 'format': {
          const def = Object.hasOwn(FORMATS, value) ? FORMATS[value] : undefined;
          if (def === undefined || def === true) return '';
          const isDef = def !== null && typeof def === 'object' && !(def instanceof RegExp);
          const type = isDef ? ((def as { type?: string }).type ?? 'string') : 'string';
          if (type !== group) return '';
          const check = isDef ? (def as { validate: unknown }).validate : def;
          used.add('fullFormats');
          const ref = constant('Format', `fullFormats[${lit(value)}]${isDef ? '.validate' : ''}`);
          const ok = typeof check === 'function' ? `${ref}(${d})` : `${ref}.test(${d})`;
          return `if(!${ok}){${error(path, `${sp}/format`, k, `{format:${lit(value)}}`, lit(`must match format "${value}"`))}}`;
        }
        case 'required': {
          let out = '';
          for (const name of value as string[]) {
            out += `if(${d}[${lit(name)}]===undefined||!${has()}.call(${d},${lit(name)})){${error(path, `${sp}/required`, k, `{missingProperty:${lit(name)}}`, lit(`must have required property '${name}'`))}}`;
          }
          return out;
        }
        case 'properties': {
          let out = '';
          for (const [name, sub] of Object.entries(value as SpecNode)) {
            if (alwaysValid(sub)) continue;
            const item = v('p');
            out += `if(${d}[${lit(name)}]!==undefined&&${has()}.call(${d},${lit(name)})){const ${item}=${d}[${lit(name)}];${schemaCode(sub, item, `${path}+${lit(`/${escapePointer(name)}`)}`, `${sp}/properties/${escapeFragment(name)}`)}}`;
          }
          return out;
        }
        case 'additionalProperties': {
          if (alwaysValid(value)) return '';
          const key = v('k');
          const props = isObject(schema.properties) ? Object.keys(schema.properties) : [];
          let known = '';
          if (props.length > 8) known = `${constant('Props', `new Set(${lit(props)})`)}.has(${key})`;
          else if (props.length) known = props.map((p) => `${key}===${lit(p)}`).join('||');
          const keyPath = `${path}+"/"+${key}.replace(/~/g,"~0").replace(/\\//g,"~1")`;
          const body =
            value === false
              ? error(path, `${sp}/additionalProperties`, k, `{additionalProperty:${key}}`, '"must NOT have additional properties"')
              : (() => {
                  const item = v('x');
                  return `const ${item}=${d}[${key}];${schemaCode(value, item, keyPath, `${sp}/additionalProperties`)}`;
                })();
          return `for(const ${key} of Object.keys(${d})){${known ? `if(!(${known})){${body}}` : body}}`;
        }
        case 'prefixItems': {
          let out = '';
          (value as unknown[]).forEach((sub, i) => {
            if (alwaysValid(sub)) return;
            const item = v('t');
            out += `if(${d}.length>${i}){const ${item}=${d}[${i}];${schemaCode(sub, item, `${path}+"/${i}"`, `${sp}/prefixItems/${i}`)}}`;
          });
          return out;
        }
        case 'items': {
          if (alwaysValid(value)) return '';
          const n = Array.isArray(schema.prefixItems) ? schema.prefixItems.length : 0;
          if (n && value === false)
            return `if(!(${d}.length<=${n})){${error(path, `${sp}/items`, k, `{limit:${n}}`, lit(`must NOT have more than ${n} items`))}}`;
          const i = v('i');
          const item = v('t');
          return `for(let ${i}=${n};${i}<${d}.length;${i}++){const ${item}=${d}[${i}];${schemaCode(value, item, `${path}+"/"+${i}`, `${sp}/items`)}}`;
        }
        case 'uniqueItems': {
          if (value !== true) return '';
          const i = v('i');
          const j = v('j');
          const fail = error(
            path,
            `${sp}/uniqueItems`,
            k,
            `{i:${i},j:${j}}`,
            `"must NOT have duplicate items (items ## "+${j}+" and "+${i}+" are identical)"`,
          );
          const itemTypes: string[] = isObject(schema.items) && schema.items.type !== undefined ? [schema.items.type].flat() : [];
          let loop: string;
          if (itemTypes.length && !itemTypes.some((t) => t === 'object' || t === 'array')) {
            const item = v('u');
            const indices = v('h');
            loop = `const ${indices}={};for(;${i}--;){let ${item}=${d}[${i}];if(${wrongType(itemTypes, item)})continue;${
              itemTypes.length > 1 ? `if(typeof ${item}=="string")${item}+="_";` : ''
            }if(typeof ${indices}[${item}]=="number"){${j}=${indices}[${item}];${fail}break;}${indices}[${item}]=${i};}`;
          } else {
            used.add('equal');
            const outer = v('outer');
            loop = `${outer}:for(;${i}--;){for(${j}=${i};${j}--;){if(equal(${d}[${i}],${d}[${j}])){${fail}break ${outer};}}}`;
          }
          return `let ${i}=${d}.length;let ${j};if(${i}>1){${loop}}`;
        }
        default:
          throw new Error(`own-validators.ts: no code for ${k}`);
      }
    };

    const body = schemaCode(getAt(doc, pointer), 'data', 'instancePath', '#');
    // the bound Ajv's functions have (spec-model.ts boundedCode): megabytes of code for every client
    if (body.length > MAX_VALIDATOR_CODE) throw new ValidatorTooLarge(body.length, pointer);
    return `function ${name}(data,{instancePath=""}={}){let vErrors=null;let errors=0;${body}${name}.errors=vErrors;return errors===0;}`;
  };
  /** the functions named and not yet written (those a written one calls are named as it is written) */
  const writePending = () => {
    for (let i = 0; i < todo.length; i++) functions.push(writeFunction(todo[i] as string, names.get(todo[i] as string) as string));
    todo.length = 0;
  };

  return {
    add(pointer) {
      if (!pointer.startsWith('#/') || !reachable(pointer)) return undefined;
      const name = nameOf(pointer);
      writePending(); // written now, so a function over the bound is named by the body that asked for it
      return name;
    },
    code() {
      writePending();
      return { code: [...consts, ...functions].join('\n'), used };
    },
  };
}
