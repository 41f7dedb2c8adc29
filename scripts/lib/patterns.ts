// Schema `pattern`s that backtrack catastrophically. A quantified group whose content can repeat
// without bound, itself repeated without bound (`([\w.-]*)*`, `(\d+)+`), gives a backtracking
// regex engine (JavaScript's, so Ajv's, Redocly's and Prism's) exponentially many ways to try a
// string that does not match: one such pattern made `redocly lint` run for over ten minutes on a
// single example. Where the group holds one repeated atom, the same language has a linear
// pattern (`[\w.-]*`), which linearPattern writes; any other nesting is only reported.
import { escapeSegment } from './json-pointer.ts';
import { walkSchemas } from './schema-walk.ts';

/**
 * The items of a pattern's top level and of every group, as a tree:
 * { kind: 'atom' | 'group', start, end, quant: '' | '*' | '+' | '?' | '{..}', quantEnd, items?, alternation? }
 * Returns null when the pattern is not something this reader understands (it then says nothing).
 */
function parse(src) {
  let i = 0;
  const seq = (depth) => {
    const items = [];
    let alternation = false;
    while (i < src.length) {
      const c = src[i];
      if (c === ')') {
        if (depth === 0) return null;
        break;
      }
      if (c === '|') {
        alternation = true;
        i++;
        continue;
      }
      const start = i;
      let item;
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
        item = { kind: 'group', start, items: inner.items, alternation: inner.alternation, capturing: src[start + 1] !== '?' };
      } else if (c === '[') {
        i++;
        if (src[i] === '^') i++;
        if (src[i] === ']') i++;
        while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
        if (src[i] !== ']') return null;
        i++;
        item = { kind: 'atom', start };
      } else if (c === '\\') {
        i += 2;
        item = { kind: 'atom', start };
      } else if ('*+?{'.includes(c) && !(c === '{' && !/^\{\d+(,\d*)?\}/.test(src.slice(i)))) {
        return null; // a quantifier with nothing before it
      } else {
        i++;
        item = { kind: 'atom', start, anchor: c === '^' || c === '$' };
      }
      item.end = i;
      const q = /^(?:[*+?]|\{\d+(?:,\d*)?\})[?+]?/.exec(src.slice(i));
      item.quant = q ? q[0] : '';
      i += q ? q[0].length : 0;
      item.quantEnd = i;
      items.push(item);
    }
    return { items, alternation };
  };
  const top = seq(0);
  return top && i === src.length ? top : null;
}

const unbounded = (q) => q.startsWith('*') || q.startsWith('+') || /^\{\d+,\}/.test(q);
const repeatsInside = (items) => items.some((x) => unbounded(x.quant) || (x.kind === 'group' && repeatsInside(x.items)));

/** Whether `pattern` has a group repeated without bound around content that repeats without bound. */
export function backtracks(pattern) {
  if (typeof pattern !== 'string') return false;
  const tree = parse(pattern);
  if (!tree) return false;
  const walk = (items) => items.some((x) => x.kind === 'group' && ((unbounded(x.quant) && repeatsInside(x.items)) || walk(x.items)));
  return walk(tree.items);
}

/**
 * The same language without the nested repetition, where a repeated group holds exactly one
 * repeated atom (`(X*)*`, `(X+)*`, `(X*)+` → `X*`; `(X+)+` → `X+`); null when there is no such
 * rewrite (other nestings, or a backreference whose group numbers would change).
 */
export function linearPattern(pattern) {
  if (!backtracks(pattern) || /\\[1-9]|\\k</.test(pattern)) return null;
  let out = pattern;
  // bounded: every round removes one group
  for (let round = 0; round < 100 && backtracks(out); round++) {
    const tree = parse(out);
    let target = null;
    const find = (items) => {
      for (const x of items) {
        if (target) return;
        if (x.kind !== 'group') continue;
        const only = x.items.length === 1 ? x.items[0] : null;
        const q = (s) => s[0] ?? '';
        if (
          !x.alternation &&
          only &&
          only.kind === 'atom' &&
          !only.anchor &&
          ['*', '+', '?'].includes(q(x.quant)) &&
          ['*', '+', '?'].includes(q(only.quant)) &&
          (unbounded(x.quant) || unbounded(only.quant))
        ) {
          target = { x, only };
          return;
        }
        find(x.items);
      }
    };
    find(tree.items);
    if (!target) return null;
    const { x, only } = target;
    const outer = x.quant[0];
    const inner = only.quant[0];
    const quant = outer === '+' && inner === '+' ? '+' : '*';
    out = out.slice(0, x.start) + out.slice(only.start, only.end) + quant + out.slice(x.quantEnd);
  }
  return backtracks(out) ? null : out;
}

/** Every schema `pattern` of `doc` that backtracks: location, pattern, and its linear form if any. */
export function backtrackingPatterns(doc) {
  const out = [];
  walkSchemas(doc, (node, at) => {
    if (typeof node.pattern === 'string' && backtracks(node.pattern)) {
      out.push({
        pointer: `#/${[...at, 'pattern'].map(escapeSegment).join('/')}`,
        pattern: node.pattern,
        linear: linearPattern(node.pattern),
      });
    }
  });
  return out;
}
