// bundle/dangling-mapping: a discriminator `mapping` that names files which do not exist (a
// document bundled from a multi-file source that kept its relative references). Redocly resolves
// those before any overlay and the bundle stops, so the build finds them in the root document
// before bundling (build-spec.ts, with defect-actions.ts danglingMappings and
// danglingMappingActions); a name the bundle keeps is Redocly's no-unresolved-refs (its own kind).
import { danglingMappingActions, danglingMappings } from '../build/defect-actions.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'bundle/dangling-mapping',
  severity: 'error',
  stage: 'bundle',
  docs: 'A discriminator `mapping` value that names a file which is not there (the published document was bundled from several files and kept their relative references): Redocly cannot resolve it, before any overlay, and the bundle stops. The build finds it in the root document and stops with the actions: each value rewritten to the component its name denotes, or removed where the document has none; `lint:specs --fix` writes them into the overlay.',
  detect: (doc, file) =>
    danglingMappings(doc, file).map((m) => ({
      message: `discriminator mapping \`${String(m.path.at(-1))}: ${m.value}\` names a file that is not there`,
      pointer: m.pointer,
      fix: danglingMappingActions([m], file),
    })),
};
