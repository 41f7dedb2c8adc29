// Accepted findings behind a failure. A person (`lint:specs --fix`) turns a rule off for a
// provider in redocly.yaml, with its reason under `x-reasons`; lint's reason names where the rule
// found the defect (`e.g. specs/<p>/upstream.json #/components/schemas/V/pattern: ...`);
// `--fix --accept-all` accepts each finding by its JSON pointer under `x-accepted`.
// When a contract case then fails in a schema place such a finding names, the acceptance is the
// likely cause (amazonaws.com/iot-jobs-data's accepted `capi/pattern-syntax` finding failed three
// answers with "must match pattern"), and the failure says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type RedoclyConfig, repoRoot } from '@capi/scripts/lib/registry/registry.ts';

/** A rule accepted (turned off) in redocly.yaml, and a JSON pointer its reason names. */
export interface AcceptedFinding {
  rule: string;
  pointer: string;
}

/** A provider's accepted findings, as its contract cases are judged with them. */
export interface Acceptances {
  provider: string;
  findings: readonly AcceptedFinding[];
}

const off = (setting: unknown): boolean =>
  setting === 'off' || (typeof setting === 'object' && setting !== null && (setting as { severity?: unknown }).severity === 'off');

/**
 * The accepted findings redocly.yaml names for `provider`: each rule turned off (its entry's
 * `rules`, or the file's own for every provider) with each JSON pointer its `x-reasons` text
 * names. A reason that names none (one written by hand) gives nothing to match.
 */
export function acceptedFindings(provider: string, root: string = repoRoot): AcceptedFinding[] {
  let config: RedoclyConfig;
  try {
    config = parse(readFileSync(join(root, 'redocly.yaml'), 'utf8')) ?? {};
  } catch {
    return []; // the lint stage reports an unreadable registry; the contract tests judge without it
  }
  const found: AcceptedFinding[] = [];
  for (const scope of [config, config.apis?.[provider]]) {
    for (const [rule, setting] of Object.entries(scope?.rules ?? {})) {
      const reason = scope?.['x-reasons']?.[rule];
      if (!off(setting) || typeof reason !== 'string') continue;
      // `#/a/b~1c` up to a space; a `:` or `,` after it ends the sentence, not the pointer
      for (const m of reason.matchAll(/#\/\S*/g)) found.push({ rule, pointer: m[0].replace(/[:,.;)]+$/, '') });
    }
  }
  // findings accepted one by one (lint:specs --fix --accept-all): rule -> JSON pointer -> reason
  for (const [rule, at] of Object.entries(config.apis?.[provider]?.['x-accepted'] ?? {}))
    for (const pointer of Object.keys(at ?? {})) if (pointer.startsWith('#/')) found.push({ rule, pointer });
  return found;
}

const decoded = (pointer: string): string => {
  try {
    return decodeURI(pointer); // a pointer written as a URI fragment (`%7B`)
  } catch {
    return pointer;
  }
};

/**
 * Whether a finding's place is a schema or lies in one (a `schema` of a parameter, header or
 * media type, a component schema). A finding about a path or an operation (motaword's accepted
 * `no-ambiguous-paths` at `#/paths/~1{userId}~1resend-email-confirmation`, operation-4xx-response
 * at an operation's `responses`) is above every schema of it, and says nothing about a body's
 * shape: it is no likely cause of a schema failure there.
 */
const inSchema = (pointer: string): boolean => /\/(schema|schemas)(\/|$)/.test(pointer);

/**
 * The note a failure gets when a schema place it went through (`schemaPaths`: the spec model's
 * place of each error, or the schemas on the way to the value where no schemaPath is known) is one an
 * accepted finding of its provider names: the finding's pointer equal to it or a prefix of it.
 * Names each such finding (rule and pointer), says the acceptance is the likely cause and how to
 * correct it instead; '' when there is none.
 */
export function acceptedCause(accepted: Acceptances | undefined, schemaPaths: readonly string[]): string {
  const places = schemaPaths.map(decoded);
  const hits = (accepted?.findings ?? []).filter(({ pointer }) => {
    const at = decoded(pointer);
    return inSchema(at) && places.some((p) => p === at || p.startsWith(`${at}/`));
  });
  if (!accepted || !hits.length) return '';
  const named = [...new Set(hits.map((h) => `${h.rule} at ${h.pointer}`))].join(', ');
  return ` [the failure is where an accepted finding is: ${named} (turned off in redocly.yaml): the acceptance is the likely cause; correct the spec instead (npm run lint:specs -- ${accepted.provider} --fix writes the action where one is known, else write one in the overlay) and take the rule out of the provider's rules and x-reasons]`;
}
