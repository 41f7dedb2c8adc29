// generation/schema-self-loop: a schema that refers to itself with no property or array item
// between (`allOf: [self]`, a `oneOf` branch that comes back through another schema's `allOf`): no
// value can be checked against it (a validator loops) and no TypeScript type expresses it
// (TS2502). Found by generation (generation-checks.ts selfLoops), which stops with the action.
import { selfLoops } from '../codegen/generation-checks.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'generation/schema-self-loop',
  severity: 'error',
  stage: 'generation',
  docs: 'A schema that refers to itself with no property or array item between (`allOf: [self]`, a `oneOf` member that comes back to its parent through `allOf`): a validator checks the same value again for ever, and TypeScript cannot express it (TS2502). Generation stops; the action removes the list item that closes the loop (allOf first). Schemas that only refer to each other are named, with no action to guess.',
  detect: (doc, _file, schemaRefs) => selfLoops(doc, schemaRefs),
};
