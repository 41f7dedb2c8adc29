// Schema `pattern`s that backtrack catastrophically. A quantified group whose content can repeat
// without bound, itself repeated without bound (`([\w.-]*)*`, `(\d+)+`), gives a backtracking
// regex engine (JavaScript's, so Ajv's, Redocly's and Prism's) exponentially many ways to try a
// string that does not match: one such pattern made `redocly lint` run for over ten minutes on a
// single example. So does a repeated group of alternatives that share a character (`(\w|\d)+`:
// a run of n digits matches in 2^n ways), and one whose alternatives spell a string in two ways
// (`(a|aa)+`). Where the group holds one repeated atom, the same language has a linear
// pattern (`[\w.-]*`), which linearPattern writes; any other nesting is only reported.

/** Where an item of a pattern is, and its quantifier ('' | '*' | '+' | '?' | '{..}', with a lazy or possessive `?`/`+`). */
interface Span {
  start: number;
  /** where the item ends, before its quantifier */
  end: number;
  quant: string;
  /** where the quantifier ends */
  quantEnd: number;
}

/** A character, class or escape; `anchor`: `^` or `$`. */
interface Atom extends Span {
  kind: 'atom';
  anchor?: boolean;
}

/** A parenthesised group and its items. */
interface Group extends Span {
  kind: 'group';
  items: Item[];
  alternation: boolean;
  /** its alternatives (one when it has no `|`), each a sequence of items */
  alternatives: Item[][];
  capturing: boolean;
}

type Item = Atom | Group;

/** A sequence of items (`alternation`: with a `|` at its level). */
interface Sequence {
  items: Item[];
  alternation: boolean;
  alternatives: Item[][];
}

/** An item before its end and quantifier are read. */
type Head = Omit<Atom, keyof Span> | Omit<Group, keyof Span>;

/**
 * The items of a pattern's top level and of every group, as a tree (see Item).
 * Returns null when the pattern is not something this reader understands (it then says nothing).
 */
function parse(src: string): Sequence | null {
  let i = 0;
  const seq = (depth: number): Sequence | null => {
    const items: Item[] = [];
    const alternatives: Item[][] = [[]];
    let alternation = false;
    while (i < src.length) {
      const c = src[i];
      if (c === ')') {
        if (depth === 0) return null;
        break;
      }
      if (c === '|') {
        alternation = true;
        alternatives.push([]);
        i++;
        continue;
      }
      const start = i;
      let head: Head;
      if (c === '(') {
        i++;
        if (src[i] === '?') {
          // (?:  (?=  (?!  (?<=  (?<!  (?<name>
          i++;
          if (src[i] === '<' && src[i + 1] !== '=' && src[i + 1] !== '!') {
            const close = src.indexOf('>', i);
            if (close < 0) return null;
            i = close + 1;
          } else if (src[i] === '<') i += 2;
          else i += 1;
        }
        const inner = seq(depth + 1);
        if (!inner || src[i] !== ')') return null;
        i++;
        head = {
          kind: 'group',
          items: inner.items,
          alternation: inner.alternation,
          alternatives: inner.alternatives,
          capturing: src[start + 1] !== '?',
        };
      } else if (c === '[') {
        i++;
        if (src[i] === '^') i++;
        if (src[i] === ']') i++;
        while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
        if (src[i] !== ']') return null;
        i++;
        head = { kind: 'atom' };
      } else if (c === '\\') {
        i += 2;
        head = { kind: 'atom' };
      } else if ('*+?{'.includes(c) && !(c === '{' && !/^\{\d+(,\d*)?\}/.test(src.slice(i)))) {
        return null; // a quantifier with nothing before it
      } else {
        i++;
        head = { kind: 'atom', anchor: c === '^' || c === '$' };
      }
      const end = i;
      const q = /^(?:[*+?]|\{\d+(?:,\d*)?\})[?+]?/.exec(src.slice(i));
      const quant = q ? q[0] : '';
      i += q ? q[0].length : 0;
      const item = { ...head, start, end, quant, quantEnd: i } as Item;
      items.push(item);
      alternatives[alternatives.length - 1].push(item);
    }
    return { items, alternation, alternatives };
  };
  const top = seq(0);
  return top && i === src.length ? top : null;
}

const unbounded = (q: string) => q.startsWith('*') || q.startsWith('+') || /^\{\d+,\}/.test(q);
const repeatsInside = (items: readonly Item[]): boolean =>
  items.some((x) => unbounded(x.quant) || (x.kind === 'group' && repeatsInside(x.items)));

/** Characters a one-character item is tried on: Latin-1, and a few beyond (a letter, a space, a line separator, a CJK character). */
const SAMPLE = [...Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)), '\u0101', '\u2003', '\u2028', '\u4e2d'];

/** The sample characters one alternative of one item (an atom: a character, class, escape or `.`) matches; null when it is not one such atom. */
function charsOf(pattern: string, alternative: readonly Item[]): Set<string> | null {
  if (alternative.length !== 1) return null;
  const [x] = alternative;
  if (x.kind !== 'atom' || x.anchor) return null;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern.slice(x.start, x.end)})$`);
  } catch {
    return null;
  }
  return new Set(SAMPLE.filter((c) => re.test(c)));
}

/** `((?:a|b))+`: the group it only wraps, whose alternatives are the ones repeated. */
function unwrapped(x: Group): Group {
  let group: Group = x;
  while (group.items.length === 1 && group.items[0].kind === 'group' && !group.items[0].quant && !group.alternation) group = group.items[0];
  return group;
}

/**
 * Whether a group repeated without bound has two alternatives that are single characters sets
 * sharing a character (`(\w|\d)+`, `(.|\s)*`, `([a-z]|[a-z0-9])*`): a string of such
 * characters can be matched in 2^n ways, which a backtracking engine tries one by one.
 */
function overlappingAlternatives(pattern: string, x: Group): boolean {
  const group = unwrapped(x);
  if (!group.alternation) return false;
  const sets = group.alternatives.map((a) => charsOf(pattern, a)).filter((set): set is Set<string> => set !== null);
  for (let a = 0; a < sets.length; a++) for (let b = a + 1; b < sets.length; b++) for (const c of sets[a]) if (sets[b].has(c)) return true;
  return false;
}

/** Where a set-string of ambiguousAlternatives is taken up to: alternative `alt`, from position `at`. */
type Suffix = { alt: number; at: number };

/** The most alternatives ambiguousAlternatives reads in one group. */
const MAX_ALTERNATIVES = 64;
/** The most positions an alternative is read as (a longer one is left to overlappingAlternatives). */
const MAX_POSITIONS = 64;
/** A character outside SAMPLE, for a class that matches none of it (`[\u0400-\u04ff]`): it may overlap another such class. */
const OUTSIDE = '\u{10ffff}';

/**
 * One alternative as the character set of each position (`ab` -> [{a}, {b}], `\d{3}` -> three
 * {0..9}), through groups without a quantifier or `|`; null when it is not that (an item
 * repeated a varying number of times, a group of alternatives, an anchor, a lookaround).
 */
function positionsOf(pattern: string, alternative: readonly Item[]): Set<string>[] | null {
  const out: Set<string>[] = [];
  const add = (items: readonly Item[]): boolean => {
    for (const x of items) {
      const exact = /^\{(\d+)(?:,\1)?\}$/.exec(x.quant);
      const times = x.quant === '' ? 1 : exact ? Number(exact[1]) : -1;
      if (times < 0 || out.length + times > MAX_POSITIONS) return false;
      if (x.kind === 'group') {
        // a group of alternatives, or a lookaround (it matches no character)
        if (x.alternation || /^\(\?(?:[=!]|<[=!])/.test(pattern.slice(x.start, x.start + 4))) return false;
        for (let n = 0; n < times; n++) if (!add(x.items)) return false;
        continue;
      }
      const chars = charsOf(pattern, [{ ...x, quant: '' }]);
      if (!chars) return false;
      if (chars.size === 0) chars.add(OUTSIDE);
      for (let n = 0; n < times; n++) out.push(chars);
    }
    return true;
  };
  return add(alternative) ? out : null;
}

/**
 * Whether a group repeated without bound has alternatives that can spell one string in two ways
 * (`(a|aa)+`, `(ab|a|b)*`, `(\d{12}|\d{16})*`): then n repetitions of that string can be matched
 * in 2^n ways, which a backtracking engine tries one by one on a value that does not match. Each
 * alternative is read as a string of character sets (positionsOf); two positions agree when their
 * sets share a character. The test is Sardinas and Patterson's for a code: the suffixes left when
 * one alternative (or a suffix left before) starts another; the alternatives are ambiguous when
 * one such suffix is empty. Reading sets position by position may find an ambiguity a stricter
 * reading would not (it never misses one of the alternatives it reads).
 */
function ambiguousAlternatives(pattern: string, group: Group): boolean {
  // the test's work grows with alternatives × positions: a group past these bounds is left to overlappingAlternatives
  if (!group.alternation || group.alternatives.length > MAX_ALTERNATIVES) return false;
  const alts = group.alternatives.map((a) => positionsOf(pattern, a)).filter((a): a is Set<string>[] => a !== null && a.length > 0);
  const agree = (a: Set<string>, b: Set<string>) => [...a].some((c) => b.has(c));
  /** Whether alternative `u` (from `from`) agrees with `s`'s first positions, for as long as the shorter of them. */
  const starts = (u: Set<string>[], from: number, v: Set<string>[], at: number) => {
    for (let k = 0; from + k < u.length && at + k < v.length; k++) if (!agree(u[from + k], v[at + k])) return false;
    return true;
  };
  const seen = new Set<string>();
  const todo: Suffix[] = [];
  /** Records suffix (alt, at); true when it is empty (an ambiguity). */
  const push = (alt: number, at: number): boolean => {
    if (at >= alts[alt].length) return true;
    const key = `${alt}:${at}`;
    if (!seen.has(key)) {
      seen.add(key);
      todo.push({ alt, at });
    }
    return false;
  };
  for (let i = 0; i < alts.length; i++)
    for (let j = 0; j < alts.length; j++)
      if (i !== j && alts[i].length <= alts[j].length && starts(alts[i], 0, alts[j], 0) && push(j, alts[i].length)) return true;
  while (todo.length) {
    const { alt, at } = todo.pop() as Suffix;
    const left = alts[alt].length - at;
    for (let i = 0; i < alts.length; i++) {
      if (!starts(alts[i], 0, alts[alt], at)) continue;
      // an alternative within the suffix leaves the rest of the suffix; a suffix within an alternative, the rest of it
      if (alts[i].length <= left ? push(alt, at + alts[i].length) : push(i, left)) return true;
    }
  }
  return false;
}

/**
 * Whether `pattern` has a group repeated without bound around content that repeats without
 * bound, or around alternatives that overlap (overlappingAlternatives) or spell one string in
 * two ways (ambiguousAlternatives).
 */
export function backtracks(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  const tree = parse(pattern);
  if (!tree) return false;
  const walk = (items: readonly Item[]): boolean =>
    items.some(
      (x) =>
        x.kind === 'group' &&
        ((unbounded(x.quant) &&
          (repeatsInside(x.items) || overlappingAlternatives(pattern, x) || ambiguousAlternatives(pattern, unwrapped(x)))) ||
          walk(x.items)),
    );
  return walk(tree.items);
}

/**
 * The same language without the nested repetition, where a repeated group holds exactly one
 * repeated atom (`(X*)*`, `(X+)*`, `(X*)+` → `X*`; `(X+)+` → `X+`); null when there is no such
 * rewrite (other nestings, or a backreference whose group numbers would change).
 */
export function linearPattern(pattern: unknown): string | null {
  if (typeof pattern !== 'string' || !backtracks(pattern) || /\\[1-9]|\\k</.test(pattern)) return null;
  let out = pattern;
  // bounded: every round removes one group
  for (let round = 0; round < 100 && backtracks(out); round++) {
    const tree = parse(out);
    if (!tree) return null; // never: backtracks(out) parsed it
    // the first group (depth first) that holds exactly one repeated atom
    const find = (items: readonly Item[]): { x: Group; only: Atom } | null => {
      for (const x of items) {
        if (x.kind !== 'group') continue;
        const only = x.items.length === 1 ? x.items[0] : null;
        const q = (s: string) => s[0] ?? '';
        if (
          !x.alternation &&
          only &&
          only.kind === 'atom' &&
          !only.anchor &&
          ['*', '+', '?'].includes(q(x.quant)) &&
          ['*', '+', '?'].includes(q(only.quant)) &&
          (unbounded(x.quant) || unbounded(only.quant))
        ) {
          return { x, only };
        }
        const inside = find(x.items);
        if (inside) return inside;
      }
      return null;
    };
    const target = find(tree.items);
    if (!target) return null;
    const { x, only } = target;
    const outer = x.quant[0];
    const inner = only.quant[0];
    const quant = outer === '+' && inner === '+' ? '+' : '*';
    out = out.slice(0, x.start) + out.slice(only.start, only.end) + quant + out.slice(x.quantEnd);
  }
  return backtracks(out) ? null : out;
}

/**
 * The pattern a validator runs for a schema's `pattern` or a `patternProperties` name, whose input
 * (a request body the fakes read, an answer the clients and verify check) is untrusted: the
 * pattern itself when it does not backtrack; else its linear form (the same language); else null,
 * where no linear form is known: it is not checked (a validator would take exponential time on a
 * value of some 40 characters, and a JavaScript RegExp cannot be interrupted).
 */
export function boundedPattern(pattern: string): string | null {
  return backtracks(pattern) ? linearPattern(pattern) : pattern;
}

/** A Unicode property escape (`\p{L}`, `\P{Lu}`): only the u flag gives it its meaning. */
const PROPERTY_ESCAPE = /\\[pP]\{/;

/**
 * Whether our validators read `pattern` with the u flag although Ajv is set to read without it: it
 * has a Unicode property escape and compiles with the flag (boundedRegExp, and the generated
 * validators: ajv-standalone.ts).
 */
export function readsWithU(pattern: string): boolean {
  return PROPERTY_ESCAPE.test(pattern) && unicodeProblem(pattern) === null;
}

/**
 * Ajv's `code.regExp` for the validators that run here (the spec model's, and Prism's in the
 * contract tests): boundedPattern, and an empty RegExp (it matches every string) where that gives
 * null. A pattern with a Unicode property escape that compiles with the u flag is read with it, as
 * Prism's validator and the contract tests' generator read it: without, `\p{L}` is the characters
 * p, {, L and } (AWS's tag pattern refused the key "a" Prism accepted).
 */
export const boundedRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    const source = boundedPattern(pattern) ?? '';
    return new RegExp(source, !flags.includes('u') && readsWithU(source) ? `${flags}u` : flags);
  },
  { code: 'new RegExp' },
);

// Patterns that do not compile as validators read them. JSON Schema validators compile
// `pattern` as an ECMA-262 regular expression with the `u` flag (Ajv, so Redocly's example rules,
// Prism and the contract tests). Without `u`, JavaScript forgives identity escapes (`\:`, `\-`
// outside a class, `\a`) and lone `{`, `}`, `]`; with it they are syntax errors. A schema Ajv
// cannot compile is not validated at all: Prism 5 then accepts every request body of the
// operation (anchore.io's `\:` in a date pattern let every negative body case through).

/** Why `pattern` does not compile with the `u` flag, or null when it does (or is no string). */
export function unicodeProblem(pattern: unknown): string | null {
  if (typeof pattern !== 'string') return null;
  try {
    new RegExp(pattern, 'u');
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Escapes a `u` regex keeps: syntax characters, `/`, and (in a class) `-`. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
/** Escape letters with a meaning of their own (character classes, controls, code points, properties, names). */
const MEANINGFUL = new Set('dDwWsSbBnrtvfcxuUpPk0');

/**
 * The pattern written so a `u` regex compiles it with the meaning JavaScript gives it without
 * `u`: an identity escape of a character that needs none becomes the character (`\:` → `:`),
 * a lone `{`, `}` or `]` is escaped. Null when it compiles already, or still does not after that
 * (a person decides then).
 */
export function unicodePattern(pattern: unknown): string | null {
  if (typeof pattern !== 'string' || unicodeProblem(pattern) === null) return null;
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) return null;
      i++;
      if (SYNTAX.has(n) || MEANINGFUL.has(n) || /[1-9]/.test(n) || (inClass && n === '-')) out += `\\${n}`;
      else out += n; // an identity escape: the character itself
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // a `]` right after `[` or `[^` is a literal in neither mode; leave it to the compiler
      continue;
    }
    if (c === '{') {
      const q = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      if (q) {
        out += q[0];
        i += q[0].length - 1;
      } else out += '\\{';
      continue;
    }
    if (c === '}' || c === ']') {
      out += `\\${c}`;
      continue;
    }
    out += c;
  }
  return unicodeProblem(out) === null ? out : null;
}
