/**
 * 'update-customer', 'update_customer', 'updateCustomer' -> 'UpdateCustomer'. One rule for every
 * name we derive (type aliases, client factories), so the scaffold writes `create<Name>Client`
 * exactly as the conformance app looks it up.
 */
export const pascalCase = (s: string): string =>
  s.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());

/** The factory a provider package exports: `create<Name>Client`. */
export const factoryName = (provider: string): string => `create${pascalCase(provider)}Client`;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const RAW_IN_SOURCE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text from a spec (a path, a schema name, a header name) inside a generated `/** ... *\/`
 * comment: a `*\/` in it (`/v1/projects/*\/locations`) would end the comment and put the rest
 * into the module as code, so it is written `*\/`; line breaks, control characters and bidi
 * overrides (Trojan Source) are written as `\uXXXX`.
 */
export const commentText = (text: string): string => text.replace(RAW_IN_SOURCE, escaped).replace(/\*\//g, '*\\/');

/**
 * Generated Markdown (a package README) with text from a spec in it (a title, operationIds,
 * scheme names): control characters but newline, line separators and bidi overrides are written
 * as `\uXXXX`, so `cat README.md` cannot clear or retitle a terminal, and a renderer shows the
 * names in the order they were written.
 */
export const markdownText = (text: string): string => text.replace(RAW_IN_SOURCE, (c) => (c === '\n' ? c : escaped(c)));

/** Any text as a TypeScript string literal in single quotes: quote, backslash, line breaks, control characters and bidi overrides escaped. */
export const tsString = (text: string): string => `'${text.replace(/[\\']/g, '\\$&').replace(RAW_IN_SOURCE, escaped)}'`;

/** A value as JSON for generated source: line separators, C1 controls and bidi overrides (only ever inside its strings) written as `\uXXXX`. */
export const sourceJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, escaped);
