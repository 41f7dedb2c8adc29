// A whole working copy of the repository as a git repository of its own, for tests that run
// turbo, watch files or compare git refs. The files of the last commit (`git archive HEAD`; or,
// with { source: 'worktree' }, the working tree's files that git does not ignore) are committed
// on a `main` branch of a new repository, and node_modules is a folder of symlinks into
// this repository's node_modules (so nothing is installed) except @capi/*, which points at the
// copy's own workspaces (so a consumer in the copy resolves the copy's packages). Tests use it,
// and so do commands (`npm run corpus` runs on a copy) and the benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
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
import { repoRoot } from '../registry/registry.ts';

/** A marker inside .git of a copy (never a turbo input): tests that copy the whole repository skip themselves there. */
const NESTED_MARKER = join('.git', 'capi-workspace-copy');
export const insideWorkspaceCopy = (root: string = repoRoot): boolean => existsSync(join(root, NESTED_MARKER));

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'capi test',
  GIT_AUTHOR_EMAIL: 'test@capi.invalid',
  GIT_COMMITTER_NAME: 'capi test',
  GIT_COMMITTER_EMAIL: 'test@capi.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs git in `cwd` (without blocking the caller); resolves with its stdout, rejects with its output on failure. */
export function git(cwd: string, ...args: string[]): Promise<string> {
  const child = spawn('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    out += d;
  });
  child.stderr.on('data', (d: Buffer) => (out += d));
  return new Promise((resolve, reject) => {
    child.on('error', (err) => reject(new Error(`git ${args.join(' ')} could not start in ${cwd}: ${err.message}`)));
    child.on('close', (status) => {
      if (status === 0) resolve(stdout.trim());
      else reject(new Error(`git ${args.join(' ')} failed in ${cwd}:\n${out}`));
    });
  });
}

/** `git archive HEAD | tar -x -C dir`, streamed. */
function extractHead(dir: string): Promise<void> {
  const archive = spawn('git', ['archive', '--format=tar', 'HEAD'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  archive.stderr.on('data', (d) => (err += d));
  tar.stderr.on('data', (d) => (err += d));
  archive.stdout.pipe(tar.stdin);
  // both must have ended (in either order) and both must have succeeded
  const ended = (child: ChildProcess) =>
    new Promise<number | string | null>((resolve) => {
      child.on('error', (e) => resolve(e.message));
      child.on('close', (code) => resolve(code));
    });
  return Promise.all([ended(archive), ended(tar)]).then(([a, t]) => {
    if (a !== 0 || t !== 0) throw new Error(`git archive HEAD | tar -x failed (${a}, ${t}): ${err}`);
  });
}

/** A copy of the repository and what its users do with it. */
interface WorkspaceCopy {
  dir: string;
  /** a file of the copy, by its repository-relative path */
  read(file: string): string;
  write(file: string, text: string): void;
  /** rewrites a file with fn; throws when fn changed nothing (a test editing nothing tests nothing) */
  edit(file: string, fn: (text: string) => string): void;
  git(...args: string[]): Promise<string>;
  cleanup(): void;
}

interface WorkspaceCopyOptions {
  /** the last commit (default) or the working tree's files */
  source?: 'HEAD' | 'worktree';
  /** of the folder's name (a space in it tests paths with spaces) */
  prefix?: string;
}

/**
 * HEAD is the default: a committed state is complete, while a working tree may hold half-done
 * edits (the copy then fails to build for reasons that have nothing to do with the test).
 */
export async function workspaceCopy({ source = 'HEAD', prefix = 'capi-ws-' }: WorkspaceCopyOptions = {}): Promise<WorkspaceCopy> {
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
export async function cloneCopy(copy: { dir: string }): Promise<WorkspaceCopy> {
  const dir = mkdtempSync(join(tmpdir(), 'capi-clone-'));
  await git(tmpdir(), 'clone', '-q', copy.dir, dir);
  linkNodeModules(dir);
  return handle(dir);
}

function handle(dir: string): WorkspaceCopy {
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

function linkNodeModules(dir: string): void {
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
