// The types of a spec-defect kind (one file per kind in this folder, listed in index.ts) and of
// the overlay action that corrects it. This module imports nothing: every module of the pipeline
// can import its types without an import cycle (defects/registry.test.ts checks there is none).

/**
 * The visits of a document's schemas that generation reads (spec/schema-walk.ts schemaRefs: a
 * component schema at its own place, or a node holding a local `$ref`, where the walk found it).
 */
export type SchemaRefs = readonly { node: { [key: string]: unknown }; at: readonly (string | number)[] }[];

/**
 * An overlay action (OpenAPI Overlay 1.0) as the pipeline writes it: `target` an RFC 9535
 * JSONPath, then `update` or `remove`; `x-fixes` names what it corrects (lint rules,
 * `generation`, `contract-tests`). The one type for every action a kind, generation, the build
 * or the contract tests suggest.
 */
export interface OverlayAction {
  /** JSONPath */
  target: string;
  description: string;
  update?: unknown;
  remove?: boolean;
  /** the lint rules it fixes (or `generation`, `contract-tests`) */
  'x-fixes'?: string[];
}

/**
 * A finding to correct: a lint error of the effective spec, or an upstream finding not handled
 * yet (`handled`, `reason`). Only the rule and the message are required.
 */
export interface DefectFinding {
  rule: string;
  message: string;
  pointer?: string | undefined;
  file?: string;
  line?: number | undefined;
  /** for people: file, line, pointer (lint.ts locationOf) */
  where?: string;
  handled?: string;
  reason?: unknown;
}

// --- Redocly's side: a rule is a function answering a visitor -----------------------------------

/** A place in the linted document, as Redocly's rule context gives it. */
export interface RuleLocation {
  child(path: string | number | readonly (string | number)[]): RuleLocation;
  /** the key at this place instead of its value */
  key(): RuleLocation;
}

/** What Redocly passes to a visitor function besides the node. */
export interface RuleContext {
  report(problem: { message: string; location?: RuleLocation }): void;
  location: RuleLocation;
  /** a node with its `$ref` followed */
  resolve(node: unknown): { node: unknown };
  /** the key of the node in its parent (an Operation's path, say) */
  key?: string | number;
  /** for an Operation: the Path Item around it */
  parentPathItem?: { parameters?: unknown } | undefined;
}

/**
 * A node of the document as a visitor reads it: anything (a spec is input), so each visitor checks
 * what it reads before it uses it.
 */
// biome-ignore lint/suspicious/noExplicitAny: a visitor receives whatever the document holds; each rule checks the shape it reads
export type SpecNode = any;

type VisitFunction = (node: SpecNode, ctx: RuleContext) => void;

/** Redocly's visitor: node type (Schema, Operation, Response, MediaTypesMap, ref, Root, ...) -> enter/leave. */
type RuleVisitor = Record<string, { enter?: VisitFunction; leave?: VisitFunction }>;

/** A Redocly rule (or preprocessor): a new visitor per document linted. */
export type Rule = () => RuleVisitor;

// --- our side: what a kind does with its findings -------------------------------------------------

/** What a kind's action builder is given (by suggestFixes, lint-hints.ts) for the findings of its rule. */
export interface FixContext {
  /** the effective spec (parsed) */
  doc: unknown;
  /** the rule the findings are of (a kind may answer several: operation-4xx-response and the capi ones) */
  rule: string;
  /** for people: where a finding is (file:line) */
  where(f: DefectFinding): string;
  /** adds an action that answers `f`; answers 1 when it is new, 0 when an earlier one is the same (it then names this rule too) */
  push(f: DefectFinding, action: OverlayAction): number;
  /** accept the rule for these findings only (the others were corrected) */
  acceptSome(findings: readonly DefectFinding[]): void;
}

/**
 * The action builder of a kind: pushes the actions for the findings of its rule (ctx.push), and
 * answers 'accept' when the rule is to be accepted for the provider instead (some finding has no
 * mechanical correction), 'by-hand' when some finding has none and accepting it would not help
 * (generation refuses the spec with it whatever redocly.yaml says: `--accept-all` must leave it
 * open), else nothing.
 */
export type FixFunction = (findings: readonly DefectFinding[], ctx: FixContext) => 'accept' | 'by-hand' | undefined;

/** A defect a stage finds by itself (generation, the build): what and where, and the actions that correct it. */
export interface StageProblem {
  message: string;
  /** JSON pointer */
  pointer: string;
  fix: OverlayAction[];
  /** the actions of another problem (the first of the list) correct it too */
  covered?: boolean;
}

/** Which stage of the pipeline finds a kind. */
type DefectStage = 'lint' | 'generation' | 'bundle' | 'harness';

/**
 * One kind of upstream spec defect: how it is found, what corrects it, and what the docs say.
 * Each lives in its own file of scripts/lib/defects/, named after its id, with its table-driven
 * test beside it; index.ts lists them.
 */
export interface DefectKind {
  /** the rule id its findings carry: `capi/<name>` for our rules, Redocly's id for a built-in rule */
  id: string;
  /** severity in redocly.yaml (our rules are errors: an effective spec has none of them) */
  severity: 'error' | 'warn';
  stage: DefectStage;
  /** our Redocly rule; none when Redocly finds it (a built-in rule) or another stage does */
  visitor?: Rule;
  /** a preprocessor the lint stage enables (scripts/lib/lint/lint.ts), by its id in the capi plugin */
  preprocessor?: { id: string; visitor: Rule };
  /**
   * how the stage finds it when no lint rule does: generation, in the document about to be
   * generated; the build, in the root document before bundling (`file`: where it was read);
   * `schemaRefs`: the document's schema references when generation has them already
   * (spec/schema-walk.ts schemaRefs)
   */
  detect?: (doc: unknown, file: string, schemaRefs?: SchemaRefs) => StageProblem[];
  /** the overlay actions for its findings (suggestFixes); none when a person decides each one */
  fix?: FixFunction;
  /** docs: what the defect is, why it breaks the pipeline, what the action does (one paragraph) */
  docs: string;
}
