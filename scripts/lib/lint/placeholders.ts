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
 * At most `max` UTF-16 code units of `text` (an ellipsis after them when cut): cut at the last
 * word boundary (whitespace) before the limit, its trailing punctuation dropped, never mid-word;
 * a first word longer than the limit is cut at the limit, but never between the two halves of a
 * surrogate pair (an emoji, a CJK extension character). What the tools write into a reason or a
 * message from a finding's text (lint-hints.ts, --accept-all), and what `quoted` quotes.
 */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  // the word at the limit is whole when a space follows it
  const boundary = /\s/.test(text.charAt(max)) ? max : cut.search(/\s+\S*$/);
  if (boundary > 0) {
    const words = cut.slice(0, boundary).replace(/[\s,;:.]+$/, '');
    if (words) return `${words}…`;
  }
  // one word past the limit: a high surrogate last would be half a character
  const end = /[\uD800-\uDBFF]$/.test(cut) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** A text quoted (JSON) for a message, at most `max` characters of it (excerpt: at a word boundary, with an ellipsis). */
export function quoted(text: string, max = 80): string {
  return JSON.stringify(excerpt(text, max));
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
