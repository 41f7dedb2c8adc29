// The one placeholder check. Where the tools write a text a person still has to write (the reason
// a rule is accepted in redocly.yaml, the description of an overlay action that states something
// only the person knows), they write a placeholder; lint refuses every placeholder, wherever it
// stands, until a person replaces it (scripts/lib/lint/lint.ts). The texts written here are exactly
// what `isPlaceholder` refuses (scripts/test/lint/placeholders.test.mjs round-trips them).

/** What every placeholder the tools write starts with. */
const MARK = 'TODO:';

/** The reason `--fix` writes for a rule it accepts: lint refuses it until a person replaces it. */
export const REASON_PLACEHOLDER = `${MARK} write why this rule is accepted for this provider (lint fails until you do)`;

/** The description `--fix` writes on an overlay action that documents a status only the person can vouch for. */
export const statusPlaceholder = (status: string): string =>
  `${MARK} why you document ${status} here (what the provider answers, and your source); lint fails until you write it`;

/**
 * Whether a reason or an action description is still to be written: missing, empty, a `TODO`
 * (what `--fix` writes), or a `<...>` slot (what the printed advice shows, pasted as it is).
 */
export function isPlaceholder(text: unknown): boolean {
  if (typeof text !== 'string') return true;
  const t = text.trim();
  return t === '' || /^TODO\b/i.test(t) || /^<.*>$/s.test(t);
}

/**
 * What `--accept-all` (the corpus) writes instead of a placeholder: no placeholder, and it says
 * that nobody reviewed it. @param what the placeholder it replaces, or what was accepted
 */
export function acceptedOnImport(what: string, today: string): string {
  const rest = what
    .trim()
    .replace(/^TODO:\s*/i, '')
    .replace(/;\s*lint fails until you write it$/, '');
  return `accepted on import without review (npm run lint:specs -- --fix --accept-all, ${today}): ${rest}`;
}
