// The `verify` entry provider:add writes into a new provider's testing entry (packages/<p>/testing.ts:
// each credential option read from an environment variable, docs/keeping-up.md "Reality check"),
// and those variables in the scheduled job's env (.github/workflows/verify.yml, the step that runs
// `verify -- --all`; scripts/test/repo/verify-workflow.test.mjs wants every variable a testing
// entry names there). provider:remove takes its variables out of the job again.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { writeFileAtomic } from '../shared/fs-atomic.ts';

/** The scheduled reality check. */
export const VERIFY_WORKFLOW = '.github/workflows/verify.yml';

/** A credential option of the new client (provider-add.ts AuthOption): its name and whether it is a username and password. */
interface CredentialOption {
  option: string;
  kind: string;
}

/** `acme-shop` -> `ACME_SHOP`, `apiKey` -> `API_KEY`. */
const constantCase = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();

/**
 * Client option path -> the environment variable verify reads it from: `<PROVIDER>_<OPTION>`, a
 * username and password as `<PROVIDER>_<OPTION>_USERNAME` and `..._PASSWORD`.
 */
export function verifyEnv(provider: string, options: readonly CredentialOption[]): Record<string, string> {
  const prefix = constantCase(provider);
  return Object.fromEntries(
    options.flatMap((o) =>
      o.kind === 'basic'
        ? (['username', 'password'] as const).map((k) => [`${o.option}.${k}`, `${prefix}_${constantCase(o.option)}_${k.toUpperCase()}`])
        : [[o.option, `${prefix}_${constantCase(o.option)}`]],
    ),
  );
}

/** The step of the workflow that runs `verify -- --all`, as a YAML node, with the document. */
function verifyStep(root: string) {
  const file = join(root, VERIFY_WORKFLOW);
  if (!existsSync(file)) return undefined;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return undefined;
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get('steps') : undefined;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      const run = isMap(step) ? step.get('run') : undefined;
      if (isMap(step) && typeof run === 'string' && run.includes('verify -- --all')) return { file, doc, step };
    }
  }
  return undefined;
}

/**
 * Adds each variable to the env of the workflow's `verify -- --all` step, from the secret of the
 * same name (the rest of the file as it was); the names it added, or undefined when the
 * repository has no such step.
 */
export function addWorkflowVariables(root: string, names: readonly string[]): string[] | undefined {
  const found = verifyStep(root);
  if (!found) return undefined;
  const { file, doc, step } = found;
  if (!isMap(step.get('env'))) step.set('env', doc.createNode({}));
  const env = step.get('env');
  if (!isMap(env)) return undefined;
  const added = names.filter((n) => !env.has(n));
  for (const n of added) env.set(n, `\${{ secrets.${n} }}`);
  if (added.length) writeFileAtomic(file, doc.toString({ lineWidth: 0 }));
  return added;
}

/** Takes the variables out of the env of the workflow's `verify -- --all` step; the names it took out. */
export function removeWorkflowVariables(root: string, names: readonly string[]): string[] {
  const found = verifyStep(root);
  const env = found?.step.get('env');
  if (!found || !isMap(env)) return [];
  const removed = names.filter((n) => env.has(n));
  for (const n of removed) env.delete(n);
  if (removed.length) writeFileAtomic(found.file, found.doc.toString({ lineWidth: 0 }));
  return removed;
}
