// A schema `pattern` that backtracks catastrophically (a group repeated without bound around
// content repeated without bound, `([\w.-]*)*`): every regex engine the pipeline uses (Ajv in
// Redocly and in the contract tests, Prism's validator) takes exponential time on a string
// that does not match. The rule reports it (the overlay gets the equivalent linear pattern where
// there is one); the preprocessor, which only the lint stage enables (scripts/lib/lint.ts, never
// `redocly bundle`, which would change the effective spec behind the overlay's back), swaps in
// that linear pattern while linting, so the example rules finish with the same findings.
// The reading of patterns is the pipeline's own (scripts/lib/patterns.ts). A copy of redocly/
// made without the workspaces (some tests bundle specs that way) has no @capi/scripts: there
// the rule and the preprocessor do nothing; any other failure to load is an error.
const patterns = await import('@capi/scripts/lib/patterns.ts').catch((err) => {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && /'@capi\/scripts'/.test(err.message)) return null;
  throw err;
});
const backtracks = (p) => patterns?.backtracks(p) ?? false;
const linearPattern = (p) => patterns?.linearPattern(p) ?? null;

/** The pattern a schema had before the preprocessor made it linear. */
const original = new WeakMap();

export function safePatterns() {
  return {
    Schema: {
      enter(schema) {
        if (!schema || typeof schema.pattern !== 'string' || !backtracks(schema.pattern)) return;
        const linear = linearPattern(schema.pattern);
        if (!linear) return;
        original.set(schema, schema.pattern);
        schema.pattern = linear;
      },
    },
  };
}

export default function patternBacktracking() {
  return {
    Schema: {
      enter(schema, ctx) {
        const pattern = original.get(schema) ?? schema?.pattern;
        if (typeof pattern !== 'string' || !backtracks(pattern)) return;
        const linear = linearPattern(pattern);
        ctx.report({
          message: `\`pattern\` backtracks catastrophically (a repeated group around repeated content): a validator takes exponential time on a value that does not match. ${linear ? `The same pattern without the nesting: ${linear}` : 'Simplify it (no equivalent linear pattern is known here).'}`,
          location: ctx.location.child('pattern'),
        });
      },
    },
  };
}
