// `--fix --accept-all` after a plain `--fix`: the placeholders the plain one wrote (an action's
// description, a rule's reason in redocly.yaml) are replaced by texts that say they were accepted
// on import without review, as `--accept-all` writes them in the first place. Only the tools' own
// placeholders, recognised by their exact text (isOwnPlaceholder): a person's text, a `TODO` of
// their own included, is never touched.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import { acceptedOnImport, acceptedRuleOnImport, isOwnPlaceholder } from './placeholders.ts';
import type { Provider } from '../registry/registry.ts';

/** What acceptOwnPlaceholders replaced: action descriptions, rule reasons, and the files it wrote. */
interface Replaced {
  descriptions: number;
  reasons: number;
  files: string[];
}

/**
 * Replaces the tools' own placeholders of a provider: in its overlays, each action description
 * that is one; in redocly.yaml, each `apis.<provider>.x-reasons` entry that is one (the root's
 * reasons are shared, not the provider's, and stay). Comments and order are kept. A file that
 * cannot be read is left alone (the build and lint name what is wrong with it).
 */
export function acceptOwnPlaceholders(
  provider: Pick<Provider, 'name' | 'overlays'>,
  root: string,
  today: string = new Date().toISOString().slice(0, 10),
): Replaced {
  const out: Replaced = { descriptions: 0, reasons: 0, files: [] };
  for (const overlay of provider.overlays) {
    const doc = readDocument(overlay);
    const actions = doc?.get('actions', true);
    if (!doc || !isSeq(actions)) continue;
    let n = 0;
    for (const action of actions.items) {
      if (!isMap(action)) continue;
      const description = action.get('description', true);
      if (!isScalar(description) || !isOwnPlaceholder(description.value)) continue;
      description.value = acceptedOnImport(String(description.value), today);
      n++;
    }
    if (!n) continue;
    writeFileAtomic(overlay, doc.toString({ lineWidth: 0 }));
    out.descriptions += n;
    out.files.push(overlay);
  }
  const config = join(root, 'redocly.yaml');
  const doc = readDocument(config);
  const reasons = doc?.getIn(['apis', provider.name, 'x-reasons'], true);
  if (doc && isMap(reasons)) {
    let n = 0;
    for (const pair of reasons.items) {
      if (!isScalar(pair.value) || !isOwnPlaceholder(pair.value.value)) continue;
      pair.value.value = acceptedRuleOnImport(today);
      n++;
    }
    if (n) {
      writeFileAtomic(config, doc.toString({ lineWidth: 0 }));
      out.reasons = n;
      out.files.push(config);
    }
  }
  return out;
}

/** A YAML file as a document (comments kept), or undefined when it is missing or not YAML. */
function readDocument(file: string): ReturnType<typeof parseDocument> | undefined {
  if (!existsSync(file)) return undefined;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  return doc.errors.length ? undefined : doc;
}
