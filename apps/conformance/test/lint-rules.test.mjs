// Each of Redocly's lint rules the clients rely on, against a small document that breaks it (the finding must
// appear) and the same document fixed (it must not). All cases are linted in one Redocly run
// with the repository's own redocly.yaml rules and plugin.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { redoclyAsync } from '@capi/scripts/lib/build/redocly.ts';
import { putBase, putOp } from '@capi/scripts/lib/defects/testing.ts';
import { parseJsonStream } from '@capi/scripts/lib/lint/lint.ts';
import { repoRoot } from '@capi/scripts/lib/registry/registry.ts';

// the rule tests' base document (one PUT with a body, every status documented, one scheme)
const base = putBase;
const op = putOp;

// The rules of the spec-defect kinds (ours, and Redocly's that have actions) are tested beside
// each kind (scripts/lib/defects/<kind>.test.ts); here: Redocly's other rules the clients rely on.
const cases = {
  'operation-operationId': (d) => delete op(d).operationId,
};

let findings; // case name -> rule ids found
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capi-rules-'));
  try {
    const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8'));
    const apis = { good: { root: join(dir, 'good.yaml') } };
    writeFileSync(join(dir, 'good.yaml'), stringify(base()));
    for (const [rule, breakIt] of Object.entries(cases)) {
      const doc = base();
      breakIt(doc);
      const file = join(dir, `${rule.replace(/[/#]/g, '_')}.yaml`);
      writeFileSync(file, stringify(doc));
      apis[rule.replace(/[/#]/g, '_')] = { root: file };
    }
    const cfg = { extends: config.extends, plugins: config.plugins.map((p) => resolve(repoRoot, p)), rules: config.rules, apis };
    writeFileSync(join(dir, 'redocly.yaml'), stringify(cfg));
    const res = await redoclyAsync(['lint', '--config', join(dir, 'redocly.yaml'), '--format=json'], { cwd: dir });
    findings = {};
    for (const p of parseJsonStream(res.stdout).problems) {
      const name = p.location[0].source.ref.replace(/^.*\//, '').replace('.yaml', '');
      (findings[name] ??= []).push(p.ruleId);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('lint rules', () => {
  it('the valid document has no findings', () => {
    expect(findings.good ?? []).toEqual([]);
  });
  it.each(Object.keys(cases))('%s reports the broken document', (rule) => {
    expect(findings[rule.replace(/[/#]/g, '_')] ?? []).toContain(rule.split('#')[0]);
  });
});
