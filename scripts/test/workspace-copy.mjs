// A whole working copy of the repository as a git repository of its own, for tests that run
// turbo, watch files or compare git refs. The files of the last commit (`git archive HEAD`; or,
// with { source: 'worktree' }, the working tree's files that git does not ignore) are committed
// on a `main` branch of a new repository, and node_modules is a folder of symlinks into
// this repository's node_modules (so nothing is installed) except @capi/*, which points at the
// copy's own workspaces (so a consumer in the copy resolves the copy's packages).
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../lib/registry.ts';
import { runCommand } from './helpers.mjs';

/** A marker inside .git of a copy (never a turbo input): tests that copy the whole repository skip themselves there. */
export const NESTED_MARKER = join('.git', 'capi-workspace-copy');
export const insideWorkspaceCopy = (root = repoRoot) => existsSync(join(root, NESTED_MARKER));

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'capi test',
  GIT_AUTHOR_EMAIL: 'test@capi.invalid',
  GIT_COMMITTER_NAME: 'capi test',
  GIT_COMMITTER_EMAIL: 'test@capi.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs git in `cwd` (without blocking the worker); resolves with its output, rejects with it on failure. */
export async function git(cwd, ...args) {
  const res = await runCommand('git', args, { cwd, env: { ...process.env, ...GIT_ENV } });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}:\n${res.out}`);
  return res.stdout.trim();
}

/** `git archive HEAD | tar -x -C dir`, streamed. */
function extractHead(dir) {
  const archive = spawn('git', ['archive', '--format=tar', 'HEAD'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  archive.stderr.on('data', (d) => (err += d));
  tar.stderr.on('data', (d) => (err += d));
  archive.stdout.pipe(tar.stdin);
  // both must have ended (in either order) and both must have succeeded
  const ended = (child) =>
    new Promise((resolve) => {
      child.on('error', (e) => resolve(e.message));
      child.on('close', (code) => resolve(code));
    });
  return Promise.all([ended(archive), ended(tar)]).then(([a, t]) => {
    if (a !== 0 || t !== 0) throw new Error(`git archive HEAD | tar -x failed (${a}, ${t}): ${err}`);
  });
}

/**
 * HEAD is the default: a committed state is complete, while a working tree may hold half-done
 * edits (the copy then fails to build for reasons that have nothing to do with the test).
 * @param {{ source?: 'HEAD' | 'worktree', prefix?: string }} [opts] prefix: of the folder's name (a space in it tests paths with spaces)
 */
export async function workspaceCopy({ source = 'HEAD', prefix = 'capi-ws-' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (source === 'HEAD') {
    await extractHead(dir);
  } else {
    const files = (await git(repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')).split('\0').filter(Boolean);
    for (const f of files) {
      const src = join(repoRoot, f);
      if (!existsSync(src)) continue; // deleted in the working tree
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      cpSync(src, join(dir, f));
    }
  }
  linkNodeModules(dir);
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'copy of the working tree');
  return handle(dir);
}

/** A fresh clone of a copy (same commit, nothing built, no local cache): a second machine's checkout. */
export async function cloneCopy(copy) {
  const dir = mkdtempSync(join(tmpdir(), 'capi-clone-'));
  await git(tmpdir(), 'clone', '-q', copy.dir, dir);
  linkNodeModules(dir);
  return handle(dir);
}

function handle(dir) {
  writeFileSync(join(dir, NESTED_MARKER), 'this repository is a test copy\n');
  return {
    dir,
    read: (file) => readFileSync(join(dir, file), 'utf8'),
    write: (file, text) => writeFileSync(join(dir, file), text),
    edit(file, fn) {
      const before = readFileSync(join(dir, file), 'utf8');
      const after = fn(before);
      if (after === before) throw new Error(`edit of ${file} changed nothing`);
      writeFileSync(join(dir, file), after);
    },
    git: (...args) => git(dir, ...args),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function linkNodeModules(dir) {
  const src = join(repoRoot, 'node_modules');
  const dst = join(dir, 'node_modules');
  mkdirSync(dst);
  for (const name of readdirSync(src)) {
    if (name === '.cache' || name === '.vite') continue;
    if (name === '@capi') {
      // workspace links are relative (../../packages/x): the same link resolves inside the copy
      mkdirSync(join(dst, name));
      for (const ws of readdirSync(join(src, name))) symlinkSync(readlinkSync(join(src, name, ws)), join(dst, name, ws));
    } else if (name === '.bin') {
      // a workspace's bin (capi, capi-lint, ...) must run the copy's file, not this repository's:
      // its relative link (../@capi/...) is kept; every other bin points at the real one
      mkdirSync(join(dst, name));
      for (const b of readdirSync(join(src, name))) {
        const target = readlinkSync(join(src, name, b));
        symlinkSync(target.startsWith('../@capi/') ? target : join(src, name, b), join(dst, name, b));
      }
    } else {
      symlinkSync(join(src, name), join(dst, name));
    }
  }
}
