// Each provider's turbo tasks are what docs/pipeline.md ("The registry and a provider's tasks")
// says: its table of tasks (what each runs, what it waits for, what it writes) is compared with
// turbo's own plan (`turbo run ... --dry=json`, which runs nothing) for every provider, and the
// one generate task hashes its own spec folder and no other provider's.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageTurboJson } from '../../lib/add/provider-add.ts';
import { loadProviders, repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';

const providers = loadProviders();
const pkgName = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;

/** The rows of the docs' task table: task, command, the tasks it waits for, the files it writes (`<p>` as written). */
function documentedTasks() {
  const text = readFileSync(join(repoRoot, 'docs/pipeline.md'), 'utf8');
  const section = text.slice(text.indexOf("## The registry and a provider's tasks"));
  const cells = (line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const codes = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  return section
    .split('\n')
    .filter((line) => /^\| `@capi\/<p>#/.test(line))
    .map((line) => {
      const [task, runs, after, writes] = cells(line);
      return { task: codes(task)[0], command: codes(runs)[0], after: codes(after), writes: codes(writes) };
    });
}

describe("each provider's turbo tasks are the ones docs/pipeline.md describes", () => {
  const documented = documentedTasks();
  let plan;
  beforeAll(async () => {
    const tasks = [...new Set(documented.map((d) => d.task.split('#')[1]))];
    const filters = providers.flatMap((p) => [`--filter=${pkgName(p.specDir)}`, `--filter=${pkgName(p.packageDir)}`]);
    const res = await runCommand(join(repoRoot, 'node_modules/.bin/turbo'), ['run', ...tasks, ...filters, '--dry=json'], {
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    });
    expect(res.status, res.out).toBe(0);
    plan = JSON.parse(res.stdout).tasks;
  }, 120_000);

  it('the docs list the four tasks of a provider', () => {
    expect(documented.map((d) => d.task)).toEqual([
      '@capi/<p>#generate',
      '@capi/<p>#lint:spec',
      '@capi/<p>#contract',
      '@capi/<p>#scenarios',
    ]);
  });

  it.each(providers.map((p) => [p.name, p]))('%s: the tasks, their commands, order and outputs', (name, p) => {
    const real = plan.filter((t) => t.command !== '<NONEXISTENT>');
    const of = (t) => t.package === pkgName(p.packageDir) || t.package === pkgName(p.specDir);
    const id = (task) => task.replace('@capi/<p>', pkgName(p.packageDir));
    // the spec package has no task: its effective spec is built by the client package's generate
    expect(
      real
        .filter(of)
        .map((t) => t.taskId)
        .sort(),
    ).toEqual(documented.map((d) => id(d.task)).sort());
    const realIds = new Set(real.map((t) => t.taskId));
    for (const d of documented) {
      const t = real.find((x) => x.taskId === id(d.task));
      expect(t.command, d.task).toBe(d.command);
      expect(t.dependencies.filter((x) => realIds.has(x)).sort(), `${d.task} waits for`).toEqual(d.after.map(id).sort());
      const outputs = t.outputs.map((o) => relative(repoRoot, resolve(repoRoot, t.directory, o)));
      const written = d.writes.map((w) => w.replaceAll('<p>', name));
      expect(outputs.sort(), `${d.task} writes`).toEqual(written.sort());
    }
  });

  it.each(providers.map((p) => [p.name, p]))("%s: generate hashes its spec folder's sources and no other provider's", (name, p) => {
    const t = plan.find((x) => x.taskId === `${pkgName(p.packageDir)}#generate`);
    const inputs = Object.keys(t.inputs).map((f) => relative(repoRoot, resolve(repoRoot, t.directory, f)));
    const specDir = relative(repoRoot, p.specDir);
    for (const source of [p.root, ...p.overlays]) expect(inputs, 'its root document and overlays').toContain(relative(repoRoot, source));
    expect(inputs).toContain(join(relative(repoRoot, p.packageDir), 'src/index.ts'));
    for (const other of providers.filter((o) => o.name !== name)) {
      const dir = relative(repoRoot, other.specDir);
      expect(inputs.filter((f) => f.startsWith(`${dir}/`) || f.startsWith(`${relative(repoRoot, other.packageDir)}/`))).toEqual([]);
    }
    expect(
      inputs.filter((f) => f.startsWith(`${specDir}/`) && f.endsWith('.har')),
      'recordings are not read by the build',
    ).toEqual([]);
  });

  it.each(providers.map((p) => [p.name, p]))('%s: every file of the package that codegen writes is an output of generate', (name, p) => {
    // a file generate writes but turbo does not list as an output is not restored on a cache hit
    // (the package README was not)
    const t = plan.find((x) => x.taskId === `${pkgName(p.packageDir)}#generate`);
    const outputs = t.outputs.map((o) => relative(repoRoot, resolve(repoRoot, t.directory, o)));
    const covered = (file) => outputs.some((o) => (o.endsWith('/**') ? file.startsWith(`${o.slice(0, -2)}`) : file === o));
    const written = readdirSync(p.packageDir, { recursive: true })
      .map(String)
      .filter((f) => !/^(node_modules|dist|reports|test)\//.test(f))
      .map((f) => join(p.packageDir, f))
      .filter((f) => statSync(f).isFile() && readFileSync(f, 'utf8').slice(0, 200).includes('GENERATED FILE'))
      .map((f) => relative(repoRoot, f));
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((f) => !covered(f))).toEqual([]);
  });

  it.each(providers.map((p) => [p.name, p]))('%s: packages/<p>/turbo.json is the one provider:add writes', (name, p) => {
    expect(readFileSync(join(p.packageDir, 'turbo.json'), 'utf8')).toBe(packageTurboJson(name));
  });
});
