// The registry of spec-defect kinds: every kind of upstream spec defect the pipeline knows, each
// in its own file of this folder (named after its id, its table-driven test beside it). Read by
// the Redocly plugin (redocly/plugin.js: the visitors), by `lint --fix` and `--suggest`
// (lint-hints.ts suggestFixes: the action builders) and by the contract harness
// (apps/conformance/src/judge/defects.ts: the actions of the defects it classifies) and by generation
// (codegen.ts: generationProblems, the shapes that stop it, with their actions).
//
// Adding a kind: write scripts/lib/defects/<name>.ts (and <name>.test.ts beside it), then add
// its import and its entry to KINDS below; a kind with a visitor also gets its line under
// `rules:` in redocly.yaml (`capi/<name>: error`). defects/registry.test.ts checks all of it.
import { kind as allOfConflictingValues } from './allof-conflicting-values.ts';
import { kind as closedAllOfPart } from './closed-allof-part.ts';
import { kind as contentMediaType } from './content-media-type.ts';
import { kind as danglingMapping } from './dangling-mapping.ts';
import { kind as deepObjectNesting } from './deep-object-nesting.ts';
import { kind as fileFormat } from './file-format.ts';
import { kind as headResponseContent } from './head-response-content.ts';
import { kind as ignoredHeaderParameter } from './ignored-header-parameter.ts';
import { kind as informationalResponse } from './informational-response.ts';
import { kind as invalidExample } from './invalid-example.ts';
import { kind as noContentStatus } from './no-content-status.ts';
import { kind as noEnumTypeMismatch } from './no-enum-type-mismatch.ts';
import { kind as noInvalidMediaTypeExamples } from './no-invalid-media-type-examples.ts';
import { kind as noInvalidParameterExamples } from './no-invalid-parameter-examples.ts';
import { kind as noInvalidSchemaExamples } from './no-invalid-schema-examples.ts';
import { kind as noOas30Keywords } from './no-oas30-keywords.ts';
import { kind as noUnresolvedRefs } from './no-unresolved-refs.ts';
import { kind as nullOnlyUnion } from './null-only-union.ts';
import { kind as nullInAllOf } from './null-in-allof.ts';
import { kind as nullableTypeSibling } from './nullable-type-sibling.ts';
import { kind as operation401Documented } from './operation-401-documented.ts';
import { kind as operation4xxDocumented } from './operation-4xx-documented.ts';
import { kind as operation4xxResponse } from './operation-4xx-response.ts';
import { kind as operationOperationId } from './operation-operationId.ts';
import { kind as overlappingOneOf } from './overlapping-oneof.ts';
import { kind as patternBacktracking } from './pattern-backtracking.ts';
import { kind as pathParamEmptyValue } from './path-param-empty-value.ts';
import { kind as pathTemplate } from './path-template.ts';
import { kind as patternSyntax } from './pattern-syntax.ts';
import { kind as readOnlyRequestBody } from './read-only-request-body.ts';
import { kind as refSiblingConstraint } from './ref-sibling-constraint.ts';
import { kind as requiredNotAllowed } from './required-not-allowed.ts';
import { kind as securityDefined } from './security-defined.ts';
import { kind as schemaSelfLoop } from './schema-self-loop.ts';
import { kind as securitySchemeDefined } from './security-scheme-defined.ts';
import { kind as struct } from './struct.ts';
import { kind as textMediaStructure } from './text-media-structure.ts';
import { kind as transportRequestHeader } from './transport-request-header.ts';
import { kind as transportResponseHeader } from './transport-response-header.ts';
import { kind as wildcardResponseMedia } from './wildcard-response-media.ts';
import { kind as bodilessMethodRequestBody } from './bodiless-method-request-body.ts';
import type { DefectKind, Rule, SchemaRefs, StageProblem } from './types.ts';
// the action builders of the kinds the contract harness classifies (cases.mjs)
export { correctInvalidValue } from './invalid-example.ts';
export { enumTypeFix } from './no-enum-type-mismatch.ts';
export { oneOfsToAnyOf } from './overlapping-oneof.ts';
export { unicodePatternAction } from './pattern-syntax.ts';
export { removeReadOnlyRoot } from './read-only-request-body.ts';

/** Every kind, in the order the plugin lists their rules. */
export const KINDS: readonly DefectKind[] = [
  // lint: our Redocly rules
  operation401Documented,
  operation4xxDocumented,
  noOas30Keywords,
  securitySchemeDefined,
  patternBacktracking,
  contentMediaType,
  patternSyntax,
  nullOnlyUnion,
  nullInAllOf,
  allOfConflictingValues,
  noContentStatus,
  transportResponseHeader,
  closedAllOfPart,
  transportRequestHeader,
  requiredNotAllowed,
  pathParamEmptyValue,
  ignoredHeaderParameter,
  deepObjectNesting,
  headResponseContent,
  informationalResponse,
  refSiblingConstraint,
  wildcardResponseMedia,
  bodilessMethodRequestBody,
  fileFormat,
  textMediaStructure,
  // lint: Redocly's built-in rules, with our actions
  operation4xxResponse,
  operationOperationId,
  nullableTypeSibling,
  noEnumTypeMismatch,
  securityDefined,
  noInvalidMediaTypeExamples,
  noInvalidSchemaExamples,
  noInvalidParameterExamples,
  // generation: Redocly's structural findings, sorted by what they mean for generation
  struct,
  // generation: shapes it finds by itself (in this order)
  schemaSelfLoop,
  pathTemplate,
  // bundle: found in the root document before bundling (build-spec.ts), since the bundle stops
  danglingMapping,
  noUnresolvedRefs,
  // harness: found by the contract tests
  invalidExample,
  readOnlyRequestBody,
  overlappingOneOf,
];

/** The kinds by id. */
export const DEFECT_KINDS: ReadonlyMap<string, DefectKind> = new Map(KINDS.map((k) => [k.id, k]));

/** The kind of a rule's findings, if the registry has it. */
export const kindOf = (rule: string): DefectKind | undefined => DEFECT_KINDS.get(rule);

/** The rules of the capi Redocly plugin (redocly/plugin.js): every kind with a visitor, by its name without `capi/`. */
export function pluginRules(): Record<string, Rule> {
  const rules: Record<string, Rule> = {};
  for (const k of KINDS) if (k.visitor) rules[k.id.replace(/^capi\//, '')] = k.visitor;
  return rules;
}

/** The preprocessors of the capi plugin (enabled by the lint stage only, scripts/lib/lint/lint.ts). */
export function pluginPreprocessors(): Record<string, Rule> {
  const out: Record<string, Rule> = {};
  for (const k of KINDS) if (k.preprocessor) out[k.preprocessor.id] = k.preprocessor.visitor;
  return out;
}

/** What stops generation besides Redocly's findings: the problems of every generation kind that finds its own, in registry order. */
export function generationProblems(doc: unknown, file = 'the document', schemaRefs?: SchemaRefs): StageProblem[] {
  return KINDS.filter((k) => k.stage === 'generation').flatMap((k) => k.detect?.(doc, file, schemaRefs) ?? []);
}
