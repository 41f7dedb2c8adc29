// `lint:specs --fix --accept-all` writes the actions waiting in overlay.suggested.yaml (left by
// provider:add) the way it writes lint's own: a placeholder description becomes "accepted on
// import without review", so the corpus's lint stage does not fail on descriptions nobody was
// meant to write. Without --accept-all the placeholder stays (lint asks the person for it).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { applyPendingSuggestions } from '../../lib/lint/lint-fix.ts';
import { isPlaceholder, statusPlaceholder } from '../../lib/lint/placeholders.ts';

let dir;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
function provider() {
  dir = mkdtempSync(join(tmpdir(), 'capi-pending-'));
  mkdirSync(join(dir, 'specs/p'), { recursive: true });
  const overlay = join(dir, 'specs/p/overlay.yaml');
  writeFileSync(overlay, 'overlay: 1.0.0\ninfo:\n  title: p\n  version: 1.0.0\nactions: []\n');
  const action = {
    target: "$.paths['/health'].get.responses",
    description: statusPlaceholder('400'),
    update: { 400: { description: 'Bad request' } },
  };
  writeFileSync(join(dir, 'specs/p/overlay.suggested.yaml'), stringify({ actions: [action] }));
  return { name: 'p', specDir: join(dir, 'specs/p'), overlays: [overlay], effective: join(dir, 'specs/p/effective.yaml'), upstream: true };
}
const descriptions = (p) => parse(readFileSync(p.overlays[0], 'utf8')).actions.map((a) => a.description);

describe("--fix: provider:add's suggested actions", () => {
  it('with --accept-all: written with a description that says they were accepted on import without review', () => {
    const p = provider();
    expect(applyPendingSuggestions([p], dir, () => {}, { acceptAll: true }).get('p')).toBe(1);
    const [description] = descriptions(p);
    expect(isPlaceholder(description)).toBe(false);
    expect(description).toMatch(
      /^accepted on import without review \(npm run lint:specs -- --fix --accept-all, \d{4}-\d\d-\d\d\): why you document 400 here/,
    );
  });

  it('without it: the placeholder stays, for the person to write', () => {
    const p = provider();
    applyPendingSuggestions([p], dir, () => {});
    expect(isPlaceholder(descriptions(p)[0])).toBe(true);
  });
});
