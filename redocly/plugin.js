// Our Redocly lint rules: what the generated clients and contract tests rely on.
// One file per rule in rules/, named after the rule id (used as capi/<id> in redocly.yaml).
import operation401Documented from './rules/operation-401-documented.js';
import operation4xxDocumented from './rules/operation-4xx-documented.js';
import noOas30Keywords from './rules/no-oas30-keywords.js';
import securitySchemeDefined from './rules/security-scheme-defined.js';
import patternBacktracking, { safePatterns } from './rules/pattern-backtracking.js';
import contentMediaType from './rules/content-media-type.js';
import patternSyntax from './rules/pattern-syntax.js';
import nullOnlyUnion from './rules/null-only-union.js';
import noContentStatus from './rules/no-content-status.js';
import transportResponseHeader from './rules/transport-response-header.js';
import closedAllOfPart from './rules/closed-allof-part.js';
import transportRequestHeader from './rules/transport-request-header.js';
import requiredNotAllowed from './rules/required-not-allowed.js';
import pathParamEmptyValue from './rules/path-param-empty-value.js';
import ignoredHeaderParameter from './rules/ignored-header-parameter.js';

export default function capiPlugin() {
  return {
    id: 'capi',
    rules: {
      oas3: {
        'operation-401-documented': operation401Documented,
        'operation-4xx-documented': operation4xxDocumented,
        'no-oas30-keywords': noOas30Keywords,
        'security-scheme-defined': securitySchemeDefined,
        'pattern-backtracking': patternBacktracking,
        'content-media-type': contentMediaType,
        'pattern-syntax': patternSyntax,
        'null-only-union': nullOnlyUnion,
        'no-content-status': noContentStatus,
        'transport-response-header': transportResponseHeader,
        'closed-allof-part': closedAllOfPart,
        'transport-request-header': transportRequestHeader,
        'required-not-allowed': requiredNotAllowed,
        'path-param-empty-value': pathParamEmptyValue,
        'ignored-header-parameter': ignoredHeaderParameter,
      },
    },
    // enabled by the lint stage only (scripts/lib/lint.ts), never by `redocly bundle`
    preprocessors: { oas3: { 'safe-patterns': safePatterns } },
  };
}
