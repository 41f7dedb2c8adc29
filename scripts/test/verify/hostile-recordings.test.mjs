// Recordings are files in the repository (specs/<p>/recordings/*.har), replayed in CI by the
// conformance contract task (`capi replay <p> --check`). A contributor can commit any file there:
// a symlink to a file of the machine that runs CI, a file of any size, one edited by hand. Each
// must end in one line naming the recording (exit 1), never read another file of the machine,
// never quote what it read, never end in a stack. Run as a user runs it (node scripts/capi.mjs
// replay ... --check, which serves the recordings on 127.0.0.1 port 0), on a scratch copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../helpers.mjs';
import { workspaceCopy } from '../../lib/shared/workspace-copy.ts';

let copy;
let outside;
const SECRET = 'ci-secret-d41d8cd98f00';

const dir = () => join(copy.dir, 'specs/imprint/recordings');
const replay = (env = {}) =>
  runCommand(process.execPath, ['scripts/capi.mjs', 'replay', 'imprint', '--check', '--root', copy.dir], {
    cwd: copy.dir,
    env: { ...process.env, ...env },
  });
/** A recording verify wrote, as parsed JSON (edited by each case). */
const recorded = () => JSON.parse(readFileSync(join(dir(), 'updatecustomer--write.har'), 'utf8'));
/** Only the three recorded files and `name` (written by `write`). */
function only(name, write) {
  for (const f of readdirSync(dir())) if (f.startsWith('zz-')) rmSync(join(dir(), f), { force: true });
  write(join(dir(), name));
}

beforeAll(async () => {
  copy = await workspaceCopy({ source: 'worktree', prefix: 'capi-hostile-recordings-' });
  outside = mkdtempSync(join(tmpdir(), 'capi-outside-'));
  // a file of the machine outside the repository: not JSON (its first characters were quoted by
  // JSON.parse's message), and one that is a valid recording (read, it would be replayed)
  writeFileSync(join(outside, 'secret.txt'), `${SECRET}\n`);
  const valid = recorded();
  valid.log.entries[0]._capi.case = SECRET;
  writeFileSync(join(outside, 'valid.har'), JSON.stringify(valid));
}, 300_000);

afterAll(() => {
  copy?.cleanup();
  if (outside) rmSync(outside, { recursive: true, force: true });
});

/** One line naming the recording, exit 1, no stack, nothing of the secret. */
function refused(res, file, why) {
  expect(res.status, res.out).toBe(1);
  expect(res.out).not.toContain(SECRET);
  expect(res.out).not.toMatch(/\n\s+at /);
  expect(res.stderr).toMatch(new RegExp(`specs/imprint/recordings/${file}`));
  expect(res.stderr).toMatch(why);
}

describe('capi replay --check on recordings a contributor edited', () => {
  it.each([
    ['secret.txt', 'a file that is not JSON'],
    ['valid.har', 'a valid recording'],
  ])('a recording that is a symlink to %s outside the repository is refused, never read', async (target) => {
    only('zz-link.har', (file) => symlinkSync(join(outside, target), file));
    refused(await replay(), 'zz-link.har', /symlink|not a regular file/);
  });

  it('a recording larger than the bound is refused before it is read', async () => {
    only('zz-big.har', (file) => {
      const har = recorded();
      har.log.entries[0].response.content.text = JSON.stringify({ pad: 'x'.repeat(65 * 1024 * 1024) });
      writeFileSync(file, JSON.stringify(har));
    });
    refused(await replay(), 'zz-big.har', /larger than/);
  });

  it('a recording that is not JSON names itself and the position, quoting nothing of it', async () => {
    only('zz-text.har', (file) => writeFileSync(file, `${SECRET} is no JSON`));
    refused(await replay(), 'zz-text.har', /not JSON/);
  });

  it.each([
    ['headers that are not a list', (e) => (e.response.headers = { 'content-type': 'application/json' })],
    ['a status that is not one', (e) => (e.response.status = 'two hundred')],
    ['a path that is not a path', (e) => (e._capi.path = 42)],
  ])('a recording with %s is refused naming it', async (_what, edit) => {
    only('zz-shape.har', (file) => {
      const har = recorded();
      edit(har.log.entries[0]);
      writeFileSync(file, JSON.stringify(har));
    });
    refused(await replay(), 'zz-shape.har', /not a recording of capi verify/);
  });

  it('a recordings folder that is a symlink out of the repository is refused, never read', async () => {
    only('zz-none.har', () => {});
    const elsewhere = join(outside, 'recordings');
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'valid.har'), readFileSync(join(outside, 'valid.har')));
    renameSync(dir(), `${dir()}.kept`);
    symlinkSync(elsewhere, dir());
    try {
      const res = await replay();
      expect(res.status, res.out).toBe(1);
      expect(res.out).not.toContain(SECRET);
      expect(res.out).not.toMatch(/\n\s+at /);
      expect(res.stderr).toMatch(/specs\/imprint\/recordings: a symlink/);
    } finally {
      rmSync(dir());
      renameSync(`${dir()}.kept`, dir());
    }
  });

  it('a recorded path with a malformed escape is a problem of that recording, not a crash', async () => {
    only('zz-escape.har', (file) => {
      const har = recorded();
      har.log.entries[0]._capi.case = 'escape';
      har.log.entries[0]._capi.path = '/v2/customers/%zz';
      writeFileSync(file, JSON.stringify(har));
    });
    const res = await replay();
    expect(res.status, res.out).toBe(1);
    expect(res.out).not.toMatch(/URIError|\n\s+at /);
    expect(res.out).toMatch(/\(escape\) through the client: .*\/v2\/customers\/%zz/);
    // the three recordings verify wrote still pass
    expect(res.out).toMatch(/imprint: 3 of 4 recording\(s\) answered in the client's documented branch/);
  });
});
