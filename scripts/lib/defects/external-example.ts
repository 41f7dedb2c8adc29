// bundle/external-example: an example whose `externalValue` the build cannot read (a file that is
// not there; a URL, cpy.re's peertube has 17, is refused when the spec is read, spec-loader.ts:
// Redocly fetches it). Redocly
// resolves those like references, before any overlay, and the bundle stops, so the build finds
// them in the root document before bundling (build-spec.ts, with defect-actions.ts
// externalExamples and externalExampleActions).
import { externalExampleActions, externalExamples } from '../build/defect-actions.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'bundle/external-example',
  severity: 'error',
  stage: 'bundle',
  docs: 'An example whose `externalValue` the build cannot read (a file that is not there; a URL or a file outside the folder is refused when the spec is read, since Redocly would fetch or read it): Redocly resolves it before any overlay, and the bundle stops ("Can\'t resolve $ref: fetch failed"). The build finds it in the root document and stops with the actions: the example removed, a shared one with its uses, so mocks and tests use the schema.',
  detect: (doc, file) =>
    externalExamples(doc, file).map((e) => ({
      message: `example \`externalValue: ${e.value}\` cannot be read by the build`,
      pointer: e.pointer,
      fix: externalExampleActions([e], file),
    })),
};
