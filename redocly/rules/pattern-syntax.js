// A schema `pattern` that does not compile as JSON Schema validators compile it (ECMA-262 with the
// `u` flag: Ajv in Redocly and in the contract tests, Prism's validator). JavaScript without `u`
// forgives identity escapes (`\:`) and lone braces; validators do not, and Prism then validates
// nothing against the schema (every request body passes). The rule reports it, with the same
// pattern written so it compiles where there is one (scripts/lib/patterns.ts; the overlay action
// comes from lint --fix). A copy of redocly/ made without the workspaces has no @capi/scripts:
// there the rule does nothing; any other failure to load is an error.
const patterns = await import('@capi/scripts/lib/patterns.ts').catch((err) => {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && /'@capi\/scripts'/.test(err.message)) return null;
  throw err;
});

export default function patternSyntax() {
  return {
    Schema: {
      enter(schema, ctx) {
        const problem = patterns?.unicodeProblem(schema?.pattern) ?? null;
        if (!problem) return;
        const fixed = patterns.unicodePattern(schema.pattern);
        ctx.report({
          message: `\`pattern\` does not compile as JSON Schema validators read it (ECMA-262 with the u flag): ${problem}. A validator that cannot compile the schema checks nothing against it (Prism then accepts any request body). ${fixed ? `Written so it compiles, with the same meaning: ${fixed}` : 'Rewrite it (no mechanical rewrite is known here).'}`,
          location: ctx.location.child('pattern'),
        });
      },
    },
  };
}
