// Runtime validation of response bodies against their documented schemas (opt-in, option
// `validate`): the validators are compiled at codegen time (src/generated/validators.gen.ts of each
// provider package, Ajv standalone code: no eval) and loaded by a dynamic import() the first time
// a client with `validate: 'warn' | 'throw'` needs them; with 'off' (the default) they are never
// loaded. 'warn' calls `onContractViolation` and leaves the result alone; 'throw' fails the call
// with kind "contract_violation". See docs/clients.md, "Runtime validation".
import { essence, isJsonMedia } from './body.js';
import { ConfigError, errorLabel, quoteName, type Violation } from './errors.js';
import type { SecretSet } from './redact.js';

export type ValidateMode = 'off' | 'warn' | 'throw';

/** An error of a compiled validator, as Ajv reports it. */
export interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A validator compiled at codegen time: true when the value is valid, else `errors` says why. */
export type CompiledValidator = ((data: unknown) => boolean) & { errors?: readonly SchemaError[] | null };

/** What validators.gen.ts exports: "METHOD /path" → status ("200", "4XX", "default") → media type → validator. */
export type ResponseValidators = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, CompiledValidator>>>>>>;

/** What `onContractViolation` is called with: never a body value, never a credential. */
export interface ContractViolation {
  readonly provider: string;
  /** "METHOD /path", as the spec writes the path. */
  readonly operation: string;
  readonly status: number;
  readonly violations: readonly Violation[];
}

export type ContractViolationHook = (violation: ContractViolation) => void;

/**
 * Checks one response body: the violations when the mode is 'throw' and the body breaks its
 * schema, else undefined (in 'warn' mode the hook has been told).
 */
export type ContractCheck = (operation: string, response: ResponseHead, body: unknown) => Promise<readonly Violation[] | undefined>;

/** What the check reads of a response: its status and Content-Type (a Response, or the fast path's head). */
export interface ResponseHead {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
}

/** The most violations reported for one body (a large drifted list would otherwise repeat one problem thousands of times). */
const MAX_VIOLATIONS = 50;

const loaded = new WeakMap<object, Promise<ResponseValidators>>();

/**
 * The check for a client's `validate` and `onContractViolation` options, or undefined when
 * validation is off. Invalid options (or validation asked of a package generated without
 * validators) are a ConfigError.
 */
export function contractCheck(
  provider: string,
  load: (() => Promise<{ validators: ResponseValidators }>) | undefined,
  options: { validate?: unknown; onContractViolation?: unknown },
  secrets: SecretSet,
): ContractCheck | undefined {
  const { validate = 'off', onContractViolation } = options;
  if (validate !== 'off' && validate !== 'warn' && validate !== 'throw') {
    throw new ConfigError(
      provider,
      'validate',
      `option "validate" must be 'off', 'warn' or 'throw'${typeof validate === 'string' ? `, not ${quoteName(validate)}` : ''}`,
    );
  }
  if (onContractViolation !== undefined && typeof onContractViolation !== 'function') {
    throw new ConfigError(provider, 'onContractViolation', 'option "onContractViolation" must be a function');
  }
  if (validate === 'off') return undefined;
  const mode = validate;
  if (!load) {
    throw new ConfigError(
      provider,
      'validate',
      `this version of the ${provider} package has no response validators: regenerate it (npm run generate) to use option "validate"`,
    );
  }
  const hook = (onContractViolation as ContractViolationHook | undefined) ?? warnToConsole;
  const validators = () => {
    let p = loaded.get(load);
    if (!p) {
      p = load().then(
        (m) => m.validators,
        () => {
          loaded.delete(load);
          throw new ConfigError(
            provider,
            'validate',
            `the ${provider} response validators could not be loaded: reinstall or regenerate the package`,
          );
        },
      );
      loaded.set(load, p);
    }
    return p;
  };
  return async (operation, response, body) => {
    if (body === undefined) return undefined; // no body to check (an empty response)
    const check = pick((await validators())[operation], response);
    if (!check) return undefined;
    let violations: Violation[];
    try {
      if (check(body)) return undefined;
      violations = (check.errors ?? []).slice(0, MAX_VIOLATIONS).map((e) => violation(e, secrets));
    } catch (err) {
      // a body nested deeper than the stack under a recursive schema: reported, never a network failure
      violations = [{ pointer: '', keyword: 'validator', message: `the body could not be checked (${errorLabel(err)})` }];
    }
    if (mode === 'throw') return violations;
    try {
      hook({ provider, operation, status: response.status, violations });
    } catch {
      // 'warn' never changes a call's result, not even when the hook throws
    }
    return undefined;
  };
}

/** The validator of a response: by status (exact, then "4XX", then "default"), then by its JSON media type. */
function pick(byStatus: ResponseValidators[string] | undefined, response: ResponseHead): CompiledValidator | undefined {
  if (!byStatus) return undefined;
  const status = String(response.status);
  const byMedia = byStatus[status] ?? byStatus[`${status[0]}XX`] ?? byStatus.default;
  if (!byMedia) return undefined;
  const type = essence(response.headers.get('content-type') ?? '');
  if (!isJsonMedia(type)) return undefined; // only JSON bodies are parsed, so only they are checked
  for (const [declared, v] of Object.entries(byMedia)) if (essence(declared) === type) return v;
  // a JSON body under a media type the status does not list: checked against its only JSON schema
  const all = Object.values(byMedia);
  return all.length === 1 ? all[0] : undefined;
}

/** A violation as reported: pointer, keyword, Ajv's message (which never quotes the value), secrets scrubbed. */
function violation(e: SchemaError, secrets: SecretSet): Violation {
  // the property that should not be there, or that is missing, is named by the pointer
  const extra =
    e.keyword === 'additionalProperties' ? e.params?.additionalProperty : e.keyword === 'required' ? e.params?.missingProperty : undefined;
  const pointer = typeof extra === 'string' ? `${e.instancePath}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}` : e.instancePath;
  return {
    pointer: clean(secrets.redactText(pointer || '')),
    keyword: clean(e.keyword),
    message: clean(secrets.redactText(e.message ?? `does not match "${e.keyword}"`)),
  };
}

/**
 * A property name comes from the server (untrusted): control characters (C0, DEL, C1), line
 * separators and bidi overrides escaped (a `warn` line is printed: a C1 CSI or a U+202E in it
 * could drive the terminal or reorder what a reader sees), at most 256 characters.
 */
const clean = (text: string) => {
  const safe = text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return safe.length > 256 ? `${safe.slice(0, 256)}...` : safe;
};

function warnToConsole(v: ContractViolation): void {
  const where = v.violations
    .slice(0, 5)
    .map((x) => `${x.pointer || '/'} ${x.message}`)
    .join('; ');
  console.warn(`${v.provider}: ${v.operation} answered ${v.status} with a body that breaks its documented schema: ${where}`);
}
