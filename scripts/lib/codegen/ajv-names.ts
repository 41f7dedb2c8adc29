// The names Ajv's code optimizer counts, counted in one walk (ajv-standalone.ts compiles the
// generated modules' validators inside `namesCountedOnce`). Before it writes a function's code,
// Ajv's `gen.optimize()` asks the function's tree for how often each variable name is used
// (`names`: the root's count, then the count of every node it removes). Each node answers with a
// new object into which it copies its children's answers, so a name is copied once per level it
// sits below: on GitHub's spec that counting was about 40% of the optimizer and, with the garbage
// of those copies, about a fifth of the CPU of making validators.gen.ts and fake.gen.ts.
//
// Here each tree is walked once into one object, a leaf's expressions (`_Code` items and names)
// read in place rather than through the object each of their getters makes: the same counts (a
// sum does not depend on the order it is added in), so the optimizer removes and inlines exactly what it did and the code is
// byte for byte Ajv's (scripts/test/codegen/ajv-names.test.mjs compares both on every provider).
// Ajv's node classes are private to its codegen module: they are found from the nodes a CodeGen
// makes, and the counting is checked against Ajv's own on a tree of every kind before it is used.
// When the classes are not found or the counts differ (another Ajv), Ajv's own counting stays.
import { _, CodeGen, Name, ValueScope } from 'ajv/dist/compile/codegen/index.js';

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
  /** Ajv's `_Code` (an expression: strings and names) and `Name` */
  expr: Class;
  name: Class;
  /** the leaves whose names are their expressions' (Def: rhs; Assign and AssignOp: lhs unless a name, rhs; Throw: error; AnyCode: code) */
  def: Class;
  assign: Class;
  throwNode: Class;
  anyCode: Class;
}

/** A leaf of Ajv's code tree, as far as its expressions are concerned. */
interface LeafNode {
  rhs?: unknown;
  lhs?: unknown;
  error?: unknown;
  code?: unknown;
}

const add = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const n in from) into[n] = (into[n] || 0) + (from[n] || 0);
};

/**
 * Adds the names of an expression (a `Name`, or a `_Code` of strings and names) to `into`, as its
 * `names` getter counts them, without the object that getter makes for each expression.
 */
function countExpr(expr: unknown, into: Record<string, number>, c: NodeClasses): void {
  if (expr instanceof c.name) {
    const s = (expr as unknown as { str: string }).str;
    into[s] = (into[s] || 0) + 1;
  } else if (expr instanceof c.expr) {
    for (const item of (expr as unknown as { _items: unknown[] })._items) {
      if (item instanceof c.name) {
        const s = (item as unknown as { str: string }).str;
        into[s] = (into[s] || 0) + 1;
      }
    }
  } else if (expr instanceof c.code) add(into, (expr as CodeNode).names);
}

/** Adds the names of a leaf to `into`: from its expressions for the kinds known, by its getter otherwise. */
function countLeaf(node: CodeNode, into: Record<string, number>, c: NodeClasses): void {
  const leaf = node as unknown as LeafNode;
  if (node instanceof c.def) countExpr(leaf.rhs, into, c);
  else if (node instanceof c.assign) {
    if (!(leaf.lhs instanceof c.name)) countExpr(leaf.lhs, into, c);
    countExpr(leaf.rhs, into, c);
  } else if (node instanceof c.throwNode) countExpr(leaf.error, into, c);
  else if (node instanceof c.anyCode) countExpr(leaf.code, into, c);
  else add(into, node.names);
}

/** Adds the names of `node` and everything below it to `into`, as Ajv's getters sum them. */
function count(node: CodeNode, into: Record<string, number>, c: NodeClasses): void {
  if (!(node instanceof c.parent) || !node.nodes) {
    countLeaf(node, into, c); // a leaf: its own (small) count
    return;
  }
  for (const n of node.nodes) count(n, into, c);
  if (node instanceof c.ifNode) {
    countExpr(node.condition, into, c);
    if (node.else) count(node.else, into, c);
  } else if (node instanceof c.forLoop) {
    countExpr(node.iteration, into, c);
  } else if (node instanceof c.forRange) {
    countExpr(node.from, into, c);
    countExpr(node.to, into, c);
  } else if (node instanceof c.forIter) {
    countExpr(node.iterable, into, c);
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
    const def = (root.nodes ?? [])[0]?.constructor as Class;
    gen.assign(_`u[${x}]`, _`${x} + v`);
    const assign = last();
    gen.add(x, _`w(${x})`); // AssignOp, an Assign
    gen.label(new Name('l')).code(_`y(${x}, ${x})`);
    const anyCode = last();
    gen.throw(_`z(${x})`);
    const throwNode = last();
    const parent = Object.getPrototypeOf(Object.getPrototypeOf(root)).constructor as Class;
    const expr = (_`t` as object).constructor as Class;
    const code = Object.getPrototypeOf(expr.prototype).constructor as Class;
    const classes = { parent, ifNode, forLoop, forRange, forIter, tryNode, code, expr, name: Name, def, assign, throwNode, anyCode };
    const counted = [parent, ifNode, forLoop, forRange, forIter, tryNode];
    if (
      typeof code !== 'function' ||
      ![def, assign, anyCode, throwNode].every((k) => typeof k === 'function' && k !== parent) ||
      !(x instanceof Name) ||
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
