// generation/path-template: a path whose template holds `?` (a query string) or `#` (a fragment:
// AWS's POST /#X-Amz-Target=...): what follows is never part of the path a client calls. Found
// by generation (path-templates.ts), which stops with the actions that move each operation to its
// real path.
import { pathTemplateProblems } from '../codegen/path-templates.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'generation/path-template',
  severity: 'error',
  stage: 'generation',
  docs: 'A path template with `?` or `#` (weatherbit.io, flickr, amazonaws, box): the query string or fragment is never part of the path a client calls, so the operation cannot be called as documented. Generation stops; the actions move each operation to its real path, its query pairs as (required) query parameters, joining the operations that share a real path into one.',
  detect: pathTemplateProblems,
};
