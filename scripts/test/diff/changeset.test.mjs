// The changeset `npm run diff -- <p> --changeset` writes: on 0.x a breaking contract change is a
// minor bump (semver), which changesets files under "Minor Changes"; its first line, the
// changelog's bullet, says BREAKING so a reader of the changelog cannot miss it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import changelog from '@changesets/cli/changelog';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeContractChangeset } from '../../lib/diff/changeset.ts';

const breaking = { class: 'breaking', rule: 'request-field-removed', where: 'PUT /customers/{id}', detail: 'request body: name removed' };
const minor = { class: 'minor', rule: 'response-field-added', where: 'GET /customers/{id}', detail: 'response 200: tier added' };

describe('writeContractChangeset', () => {
  let root;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'capi-changeset-'));
    mkdirSync(join(root, '.changeset'));
    writeFileSync(join(root, '.changeset', 'config.json'), '{}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (changes, semver) =>
    readFileSync(writeContractChangeset(root, { provider: 'salesive', package: '@capi/salesive', changes, semver }), 'utf8');
  const summary = (text) => text.split('---\n')[2].trim();

  it('on 0.x, a breaking change is a minor bump whose first line says BREAKING, and so is its changelog line', async () => {
    const text = write([breaking, minor], { bump: 'major', from: '0.1.0', to: '0.2.0' });
    expect(text).toMatch(/^---\n"@capi\/salesive": minor\n---\n/);
    const first = summary(text).split('\n')[0];
    expect(first).toBe(
      '**BREAKING** contract change of salesive: 1 breaking change(s), callers may need to change (a minor bump: on 0.x a breaking change takes the minor digit).',
    );
    expect(text).toMatch(/\n- \*\*breaking\*\* request-field-removed at `PUT \/customers\/\{id\}`: request body: name removed\n/);
    // the line changesets' default changelog writes under "### Minor Changes"
    const line = await changelog.getReleaseLine({ id: 'x', summary: summary(text), releases: [] }, 'minor', null);
    expect(line.trim().split('\n')[0]).toBe(`- ${first}`);
  });

  it('from 1.0, a breaking change is a major bump and still says BREAKING', () => {
    const text = write([breaking], { bump: 'major', from: '1.2.0', to: '2.0.0' });
    expect(text).toMatch(
      /^---\n"@capi\/salesive": major\n---\n\n\*\*BREAKING\*\* contract change of salesive: 1 breaking change\(s\), callers may need to change\.\n/,
    );
  });

  it('a change without a breaking one does not say BREAKING', () => {
    const text = write([minor], { bump: 'minor', from: '0.1.0', to: '0.1.1' });
    expect(text).not.toMatch(/BREAKING|\*\*breaking\*\*/);
    expect(summary(text).split('\n')[0]).toBe('Contract change of salesive.');
  });
});
