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

/** The statuses statusPlaceholder is written with: a code, a range (4XX) or `default`. */
const STATUS = String.raw`(?:[1-5](?:\d\d|XX)|default)`;

/** statusPlaceholder's text with its status as a pattern (each other character as itself). */
const STATUS_PLACEHOLDER = new RegExp(
  `^${statusPlaceholder('\u0000')
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace('\u0000', STATUS)}$`,
);

/**
 * Whether `text` is a placeholder the tools themselves wrote, exactly as they write it (the
 * reason of an accepted rule, the description of an action that documents a status): what
 * `--fix --accept-all` may replace. Any other text, a person's `TODO` included, is not ours.
 */
export function isOwnPlaceholder(text: unknown): boolean {
  return typeof text === 'string' && (text === REASON_PLACEHOLDER || STATUS_PLACEHOLDER.test(text));
}

/**
 * A text quoted (JSON) for a message, at most `max` characters of it: cut at the last word
 * boundary before the limit, with an ellipsis, never mid-word.
 */
export function quoted(text: string, max = 80): string {
  if (text.length <= max) return JSON.stringify(text);
  const cut = text.slice(0, max);
  // the word at the limit is whole when a space follows it
  const boundary = /\s/.test(text[max]) ? max : cut.search(/\s+\S*$/);
  return JSON.stringify(`${(boundary > 0 ? cut.slice(0, boundary) : cut).replace(/[\s,;:.]+$/, '')}…`);
}

/** The reason `--accept-all` writes over a REASON_PLACEHOLDER an earlier `--fix` left. */
export const acceptedRuleOnImport = (today: string): string =>
  `accepted on import without review (npm run lint:specs -- --fix --accept-all, ${today}): turned off by an earlier --fix, its reason never written`;

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
