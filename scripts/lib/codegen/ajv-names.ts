// The names Ajv's code optimizer counts, counted in one walk (ajv-standalone.ts compiles the
// generated modules' validators inside `namesCountedOnce`). Before it writes a function's code,
// Ajv's `gen.optimize()` asks the function's tree for how often each variable name is used
// (`names`: the root's count, then the count of every node it removes). Each node answers with a
// new object into which it copies its children's answers, so a name is copied once per level it
// sits below: on GitHub's spec that counting was about 40% of the optimizer and, with the garbage
// of those copies, about a fifth of the CPU of making validators.gen.ts and fake.gen.ts.
//
// Here each tree is walked once into one object: the same counts (a sum does not depend on the
// order it is added in), so the optimizer removes and inlines exactly what it did and the code is
// byte for byte Ajv's (scripts/test/codegen/ajv-names.test.mjs compares both on every provider).
// Ajv's node classes are private to its codegen module: they are found from the nodes a CodeGen
// makes, and the counting is checked against Ajv's own on a tree of every kind before it is used.
// When the classes are not found or the counts differ (another Ajv), Ajv's own counting stays.
import { _, CodeGen, ValueScope } from 'ajv/dist/compile/codegen/index.js';

/** A node of Ajv's code tree, as far as its `names` are concerned. */
interface CodeNode {
  readonly names: Record<string, number>;
  nodes?: CodeNode[];
  condition?: unknown;
  else?: CodeNode;
  iteration?: { names: Record<string, number> };
  from?: unknown;
  to?: unknown;
  iterable?: { names: Record<string, number> };
  catch?: CodeNode;
  finally?: CodeNode;
}

type Class = abstract new (...args: never[]) => unknown;

/** The classes whose `names` getter is replaced, and the one that marks code (a name or an expression). */
interface NodeClasses {
  parent: Class;
  ifNode: Class;
  forLoop: Class;
  forRange: Class;
  forIter: Class;
  tryNode: Class;
  code: Class;
}

const add = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const n in from) into[n] = (into[n] || 0) + (from[n] || 0);
};

/** Adds the names of `node` and everything below it to `into`, as Ajv's getters sum them. */
function count(node: CodeNode, into: Record<string, number>, c: NodeClasses): void {
  if (!(node instanceof c.parent) || !node.nodes) {
    add(into, node.names); // a leaf: its own (small) count
    return;
  }
  for (const n of node.nodes) count(n, into, c);
  if (node instanceof c.ifNode) {
    if (node.condition instanceof c.code) add(into, (node.condition as CodeNode).names);
    if (node.else) count(node.else, into, c);
  } else if (node instanceof c.forLoop) {
    if (node.iteration) add(into, node.iteration.names);
  } else if (node instanceof c.forRange) {
    if (node.from instanceof c.code) add(into, (node.from as CodeNode).names);
    if (node.to instanceof c.code) add(into, (node.to as CodeNode).names);
  } else if (node instanceof c.forIter) {
    if (node.iterable) add(into, node.iterable.names);
  } else if (node instanceof c.tryNode) {
    if (node.catch) count(node.catch, into, c);
    if (node.finally) count(node.finally, into, c);
  }
}

/** A tree with a node of every kind, and the classes found from it (undefined if Ajv's shapes are not these). */
function probe(): { root: CodeNode; classes: NodeClasses } | undefined {
  try {
    const gen = new CodeGen(new ValueScope({ scope: {} }));
    const internal = gen as unknown as { _root: CodeNode; _currNode: CodeNode };
    const root = internal._root;
    const last = (): Class => (root.nodes ?? []).slice(-1)[0]?.constructor as Class;
    const x = gen.let('x', _`a + b`);
    gen.if(_`${x} > c`);
    const ifNode = internal._currNode.constructor as Class;
    gen.assign(x, _`d`).elseIf(_`${x} < e`).assign(_`f.g`, x).else().code(_`h(${x})`).endIf();
    gen.for(_`let i = ${x}; i < j; i++`, () => gen.code(_`k(i, ${x})`));
    const forLoop = last();
    gen.forRange('n', 0, _`${x}.length`, (n) => gen.assign(x, _`${x} + ${n}`));
    const forRange = last();
    gen.forOf('m', _`o(${x})`, (m) => gen.if(_`${m}`, () => gen.break()));
    const forIter = last();
    gen.try(
      () => gen.code(_`p(${x})`),
      (e) => gen.throw(e),
      () => gen.code(_`q(${x})`),
    );
    const tryNode = last();
    gen.func(_`r`, _`s`, false, () => gen.return(_`${x} && s`));
    const parent = Object.getPrototypeOf(Object.getPrototypeOf(root)).constructor as Class;
    const code = Object.getPrototypeOf(Object.getPrototypeOf(_`t`)).constructor as Class;
    const classes = { parent, ifNode, forLoop, forRange, forIter, tryNode, code };
    const counted = [parent, ifNode, forLoop, forRange, forIter, tryNode];
    if (
      typeof code !== 'function' ||
      !counted.every((k) => typeof Object.getOwnPropertyDescriptor(k.prototype, 'names')?.get === 'function')
    ) {
      return undefined;
    }
    return { root, classes };
  } catch {
    return undefined;
  }
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>): boolean => {
  const nonzero = (o: Record<string, number>) =>
    Object.entries(o)
      .filter(([, v]) => v)
      .sort(([k1], [k2]) => (k1 < k2 ? -1 : 1));
  return JSON.stringify(nonzero(a)) === JSON.stringify(nonzero(b));
};

let replacement: { install(): void; restore(): void } | null | undefined;

/** The getters to put in place of Ajv's, checked against Ajv's own on the probe tree; null when they cannot be. */
function getters(): { install(): void; restore(): void } | null {
  const found = probe();
  if (!found) return null;
  const { root, classes: c } = found;
  const targets = [c.parent, c.ifNode, c.forLoop, c.forRange, c.forIter, c.tryNode].map((k) => k.prototype as object);
  const own = targets.map((t) => Object.getOwnPropertyDescriptor(t, 'names') as PropertyDescriptor);
  const ours: PropertyDescriptor = {
    configurable: true,
    get(this: CodeNode) {
      const into: Record<string, number> = {};
      count(this, into, c);
      return into;
    },
  };
  const swap = {
    install: () => {
      for (const t of targets) Object.defineProperty(t, 'names', ours);
    },
    restore: () => {
      for (const [i, t] of targets.entries()) Object.defineProperty(t, 'names', own[i] as PropertyDescriptor);
    },
  };
  const theirs = root.names;
  swap.install();
  try {
    return sameCounts(root.names, theirs) ? swap : null;
  } finally {
    swap.restore();
  }
}

/**
 * Runs `fn` (Ajv compiling) with the optimizer's names counted in one walk per tree, then puts
 * Ajv's counting back; with Ajv's own when this Ajv's code tree is not the one this was written for.
 */
export function namesCountedOnce<T>(fn: () => T): T {
  if (replacement === undefined) replacement = getters();
  if (!replacement) return fn();
  replacement.install();
  try {
    return fn();
  } finally {
    replacement.restore();
  }
}
