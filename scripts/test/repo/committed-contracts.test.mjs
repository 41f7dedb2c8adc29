// Committed contracts: each provider's effective spec, generated types, response validators, fake model and generated README are
// committed, so a pull request shows how a contract changed. They must be exactly what
// `npm run generate` makes from the sources next to them: this builds them afresh in a copy and
// compares byte for byte, naming the command that brings them up to date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadProviders, repoRoot } from '../../lib/registry/registry.ts';
import { repoCopy, runCommand, runScript } from '../helpers.mjs';

const providers = loadProviders();
const generatedFiles = (p) => [
  p.effective,
  join(p.packageDir, 'src/generated/schema.gen.ts'),
  join(p.packageDir, 'src/generated/api.gen.ts'),
  join(p.packageDir, 'src/generated/validators.gen.ts'),
  join(p.packageDir, 'src/generated/fake.gen.ts'),
  join(p.packageDir, 'README.md'),
];

describe('committed contracts', () => {
  let copy;
  beforeAll(async () => {
    copy = repoCopy({ packages: true });
    for (const script of ['commands/build-spec.ts', 'commands/codegen.ts']) {
      const res = await runScript(script, ['--root', copy.dir]);
      expect(res.status, res.stderr).toBe(0);
    }
  }, 300_000);
  afterAll(() => copy?.cleanup());

  it.each(providers.map((p) => [p.name, p]))('%s: the committed generated files are what npm run generate makes', (_name, p) => {
    const stale = [];
    for (const file of generatedFiles(p)) {
      const rel = relative(repoRoot, file);
      const fresh = readFileSync(join(copy.dir, rel), 'utf8');
      const committed = existsSync(file) ? readFileSync(file, 'utf8') : null;
      if (committed !== fresh) stale.push(`${rel}${committed === null ? ' (missing)' : ''}`);
    }
    expect(stale, `out of date: ${stale.join(', ')}. Run \`npm run generate\` and commit the result.`).toEqual([]);
  });

  it('git tracks them (they are not ignored)', async () => {
    const files = providers.flatMap((p) => generatedFiles(p).map((f) => relative(repoRoot, f)));
    const res = await runCommand('git', ['check-ignore', ...files]);
    expect(res.stdout.trim(), 'ignored by .gitignore').toBe('');
  });
});
