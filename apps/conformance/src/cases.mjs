// Shared by the contract tests and the report: which providers run, the property-test seed, and
// how a request to one operation is built from the spec.
import fc from 'fast-check';
import { resolve } from 'node:path';
import { loadProviders, repoRoot as defaultRoot } from '../../../scripts/lib/registry.mjs';
import { validArbitrary } from './arbitraries.mjs';

/** The repository (or a copy of it, CONFORMANCE_ROOT, used by the conformance CLI's tests). */
export const repoRoot = process.env.CONFORMANCE_ROOT ? resolve(process.env.CONFORMANCE_ROOT) : defaultRoot;

/** Providers to test: all registered, or CONFORMANCE_PROVIDERS=a,b (set by the conformance CLI). */
export function selectedProviders() {
  const all = loadProviders(repoRoot);
  const only = process.env.CONFORMANCE_PROVIDERS;
  return only === undefined ? all : all.filter((p) => only.split(',').includes(p.name));
}

/** The property-test seed: CONFORMANCE_SEED when set (to replay a failure), else a fresh one. */
export const seed = process.env.CONFORMANCE_SEED !== undefined
  ? Number(process.env.CONFORMANCE_SEED)
  : Math.floor(Math.random() * 2 ** 31);
export const runs = Number(process.env.CONFORMANCE_RUNS ?? 200);

/** A value for each path parameter: its example, else one derived from its schema. */
export function pathParamsFor(op, model) {
  return Object.fromEntries(
    op.pathParams.map((p) => {
      const s = model.resolve(p.schema) ?? {};
      let v = p.example ?? s.example ?? s.examples?.[0];
      if (v === undefined) {
        if (s.type === 'integer' || s.type === 'number') v = Math.max(s.minimum ?? 1, 1);
        else if (s.format === 'uuid') v = '3f1c2b9e-8a4d-4f6e-9c2a-1b5d7e9f0a12';
        else v = 'conformance-id';
      }
      return [p.name, v];
    }),
  );
}

/** A valid request body: the spec's example when it is valid, else the first generated one. */
export function validBodyFor(op, model) {
  const rb = op.requestBody;
  if (!rb) return undefined;
  if (rb.example !== undefined && model.validate(rb.schemaPointer, rb.example).ok) return rb.example;
  return fc.sample(validArbitrary(rb.schema, model.resolve), { numRuns: 1, seed: 42 })[0];
}

/**
 * Middleware that removes every credential the operation's security schemes would carry, for
 * the "no credentials" case (the client itself refuses to be built without them).
 */
export function stripCredentials(model) {
  const schemes = Object.values(model.securitySchemes);
  return {
    onRequest({ request }) {
      let url = new URL(request.url);
      for (const s of schemes) {
        if (s.type === 'apiKey' && s.in === 'header') request.headers.delete(s.name);
        else if (s.type === 'apiKey' && s.in === 'query') url.searchParams.delete(s.name);
        else if (s.type === 'apiKey' && s.in === 'cookie') request.headers.delete('cookie');
        else request.headers.delete('authorization');
      }
      return url.href === request.url ? request : new Request(url, request);
    },
  };
}
