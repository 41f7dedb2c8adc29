// no-unresolved-refs (Redocly's built-in rule, found by Redocly) at a discriminator mapping entry
// of the effective spec: a schema name or a local pointer to nothing, which the bundle keeps
// ("Discriminator mapping value 'Fish' does not point to an existing schema component"). The
// mapping entries that name files which are not there stop the bundle instead, and are found
// before bundling (build-spec.ts, defect-actions.ts danglingMappings) with the same correction.
import { mappingEntryActions } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'no-unresolved-refs',
  severity: 'error',
  stage: 'bundle',
  docs: "A discriminator `mapping` value that resolves to nothing: a file that is not there (a document bundled from several files that kept its relative references: found before bundling, since the bundle stops) or a schema name the document does not have (Redocly's no-unresolved-refs). The action rewrites the entry to the component its name denotes, or removes it where the document has none. Any other unresolved reference gets no action.",
  fix: perFinding(mappingEntryActions),
};
