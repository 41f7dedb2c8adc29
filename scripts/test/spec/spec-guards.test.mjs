// The guards every spec goes through (scripts/lib/spec/yaml-source.ts, scripts/lib/spec/spec-loader.ts)
// and what the build does with them, on real files: a copy of the repository's inputs, real
// `$ref`s to a local HTTP server (which must never be asked), to files of this machine and to
// files next to the spec; alias bombs, duplicate keys, bytes that are not UTF-8, nesting past the
// depth limit, and overlays that wipe the document. Each ends in one message naming file, line
// or JSON pointer and what to do, exit 1, and the previous effective.yaml kept.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { UserError } from '../../lib/shared/errors.ts';
import { loadYamlSource, specLimits } from '../../lib/spec/yaml-source.ts';
import { loadSpec } from '../../lib/spec/spec-loader.ts';
import { repoCopy, runCommand, runNode } from '../helpers.mjs';

const MINIMAL = `openapi: 3.1.0
info:
  title: t
  version: '1'
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
`;

/** The UserError `fn` throws (fails when it throws nothing or something else). */
const userError = (fn) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('no error');
};

describe('the safe loader (files on disk)', () => {
  let dir;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'capi-guards-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name, content) => {
    const p = join(dir, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
    return p;
  };

  it('stops a YAML alias bomb (billion laughs) with one message naming the limit and how to raise it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(',')}]`,
      );
    const err = userError(() => loadYamlSource(file('bomb.yaml', `${MINIMAL}${levels.join('\n')}\n`), { label: 'bomb.yaml' }));
    expect(err.format()).toMatch(
      /^bomb\.yaml: YAML aliases expand to more than 10000 nodes .*billion laughs.*raise the limit: CAPI_SPEC_MAX_ALIASES=<nodes>$/,
    );
  });

  it('refuses duplicate keys, naming the key and its line', () => {
    const err = userError(() =>
      loadYamlSource(
        file('dup.json', '{\n  "openapi": "3.1.0",\n  "info": {"title": "t", "version": "1"},\n  "paths": {},\n  "openapi": "3.0.0"\n}\n'),
        { label: 'dup.json' },
      ),
    );
    expect(err.line).toBe(5);
    expect(err.format()).toMatch(
      /^dup\.json:5:\d+: malformed YAML: Map keys must be unique\. "openapi" appears twice in the same mapping: parsers disagree .* Remove the duplicate in your copy/,
    );
  });

  it('reads a JSON document (read with JSON.parse) to the same values as the YAML parser, and still refuses a duplicate key hidden among escaped quotes', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 'quote " colon : brace { and \\ backslash', version: '1' },
      paths: {},
      'x-keys': { 'a\\': 1, 'b"': { 'c": ': [1.5, -0, 1e3, null, true, 'é ☕ \u0000'] }, ['__proto__']: { polluted: true } },
    };
    const text = JSON.stringify(doc, null, 2);
    const viaJson = loadYamlSource(file('ok.json', text)).data;
    // the same text behind a comment line is YAML to the reader (JSON.parse refuses it): the YAML parser's values
    const viaYaml = loadYamlSource(file('ok.yaml', `# yaml\n${text}`)).data;
    expect(viaJson).toStrictEqual(viaYaml);
    expect(viaJson['x-keys']['b"']['c": ']).toHaveLength(6);
    expect(Object.hasOwn(viaJson['x-keys'], '__proto__')).toBe(true);
    expect({}.polluted).toBeUndefined();
    // "c\": " twice in one object: JSON.parse keeps the last; the loader refuses it with its line
    const dup = text.replace('"c\\": ": [', '"c\\": ": 0,\n        "c\\": ": [');
    expect(dup).not.toBe(text);
    const err = userError(() => loadYamlSource(file('dup2.json', dup), { label: 'dup2.json' }));
    expect(err.format()).toMatch(/^dup2\.json:\d+:\d+: malformed YAML: Map keys must be unique\./);
    expect(err.line).toBe(dup.split('\n').findIndex((l) => l.includes('"c\\": ": [')) + 1);
  });

  it('refuses bytes that are not UTF-8, naming the line and the byte', () => {
    const [head, tail] = MINIMAL.split('description: ok');
    const bytes = Buffer.concat([Buffer.from(`${head}description: caf`), Buffer.from([0xe9]), Buffer.from(tail)]);
    const p = file('latin1.yaml', bytes);
    const err = userError(() => loadYamlSource(p, { label: 'latin1.yaml' }));
    expect(err.format()).toMatch(/^latin1\.yaml:10: not valid UTF-8: byte 0xe9 at offset \d+ .*convert the file to UTF-8 first/);
  });

  it('keeps valid UTF-8 (with a byte-order mark) byte for byte', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MINIMAL.replace('title: t', 'title: Café ☕'))]);
    const spec = loadSpec(file('bom.yaml', bytes));
    expect(spec.bytes.equals(bytes)).toBe(true);
    expect(spec.data.info.title).toBe('Café ☕');
  });

  it('refuses nesting past the depth limit with its JSON pointer and line, and says how to raise it', () => {
    const deep = `${'{"a":'.repeat(150)}1${'}'.repeat(150)}`;
    const p = file('deep.json', `{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},\n"paths": {},\n"x-deep": ${deep}}\n`);
    const err = userError(() => loadSpec(p, { label: () => 'deep.json' }));
    expect(specLimits().maxDepth).toBe(99);
    expect(err.format()).toMatch(
      /^deep\.json:3: nesting deeper than 99 levels: .*Redocly's parser, which bundles the spec, stops at 99 levels too .*flatten it, moving nested schemas to components\/schemas .*CAPI_SPEC_MAX_DEPTH sets this check's limit/,
    );
    // the variable sets the limit (lowered here: a shallow document is refused)
    const lowered = userError(() => loadSpec(p, { label: () => 'deep.json', limits: specLimits({ CAPI_SPEC_MAX_DEPTH: '2' }) }));
    expect(lowered.format()).toMatch(
      /^deep\.json:\d+: nesting deeper than 2 levels: .*lowered with CAPI_SPEC_MAX_DEPTH=2; the default is 99/,
    );
    expect(loadSpec(p, { limits: { ...specLimits(), maxDepth: 200 } }).data['x-deep'].a.a.a).toBeDefined();
  });

  it('refuses nesting built from aliases (deep inside deep), with the JSON pointer', () => {
    const chunk = (_i, inner) => `${'['.repeat(40)}${inner}${']'.repeat(40)}`;
    const text = `${MINIMAL}x-a: &a ${chunk(0, '1')}\nx-b: &b ${chunk(1, '*a')}\nx-c: ${chunk(2, '*b')}\n`;
    const err = userError(() => loadSpec(file('alias-deep.yaml', text), { label: () => 'alias-deep.yaml' }));
    expect(err.message).toMatch(/^nesting deeper than 99 levels \(at #\/x-c\/0\/0\/.*\)/);
  });

  it('a document nested beyond what the parser can follow: the same message, no stack trace', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const p = file('abyss.json', deep);
    const res = await runNode([
      '--input-type=module',
      '-e',
      `
      import { runMain } from ${JSON.stringify(join(repoRoot, 'scripts/lib/shared/errors.ts'))};
      import { loadSpec } from ${JSON.stringify(join(repoRoot, 'scripts/lib/spec/spec-loader.ts'))};
      runMain(() => { loadSpec(${JSON.stringify(p)}); });
    `,
    ]);
    expect(res.status, res.out).toBe(1);
    expect(res.out).toMatch(/^error: .*abyss\.json(:\d+)?: nesting deeper than 99 levels/);
    expect(res.out).not.toMatch(/\n\s+at /);
  });

  it('refuses a file over the size limit before reading it, naming the limit and the variable', () => {
    const p = file('big.yaml', `${MINIMAL}x-pad: "${'x'.repeat(2 * 1024 * 1024)}"\n`);
    const err = userError(() => loadSpec(p, { label: () => 'big.yaml', limits: { ...specLimits(), maxBytes: 1024 * 1024 } }));
    expect(err.format()).toMatch(/^big\.yaml: 2\.0 MB is more than the 1\.0 MB a spec may have .*raise it: CAPI_SPEC_MAX_MB=\d+$/);
  });

  it('follows relative files inside the folder, transitively, and lists them', () => {
    file(
      'tree/spec.yaml',
      MINIMAL.replace(
        'description: ok',
        "description: ok\n          content:\n            application/json:\n              schema:\n                $ref: 'schemas/customer.yaml#/Customer'",
      ),
    );
    file('tree/schemas/customer.yaml', "Customer:\n  type: object\n  properties:\n    address:\n      $ref: '../common/address.yaml'\n");
    file('tree/common/address.yaml', 'type: string\n');
    const spec = loadSpec(join(dir, 'tree/spec.yaml'));
    expect(spec.files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['tree/common/address.yaml', 'tree/schemas/customer.yaml']);
  });

  it.each([
    ['an http URL', 'http://127.0.0.1:9/x.yaml', /points outside the document, to the network/],
    ['an https URL', 'https://example.invalid/x.yaml#/X', /points outside the document, to the network/],
    ['a file: URL', 'file:///etc/hostname', /is a file: URL outside the document/],
    ['an absolute path', '/etc/hostname', /is an absolute path: the build would read that file from this machine/],
    ['a relative path that climbs out', '../outside.yaml', /leads out of the spec's folder \(to \.\.\/outside\.yaml\)/],
    ['a missing file', 'nowhere.yaml', /names .*nowhere\.yaml, which does not exist/],
  ])('refuses a $ref to %s, naming the $ref, the file, its JSON pointer and line', (_n, ref, why) => {
    file('outside.yaml', 'type: string\n');
    const p = file(
      'refs/spec.yaml',
      MINIMAL.replace(
        'description: ok',
        `description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '${ref}'`,
      ),
    );
    const err = userError(() => loadSpec(p, { label: (f) => relative(dir, f) }));
    expect(err.line).toBe(14);
    expect(err.format()).toMatch(
      new RegExp(
        `^refs/spec\\.yaml:14: \\$ref "${ref.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" at #/paths/~1a/get/responses/200/content/application~1json/schema/\\$ref `,
      ),
    );
    expect(err.message).toMatch(why);
  });

  it('refuses a relative file that is a symlink out of the folder', async () => {
    const { symlinkSync } = await import('node:fs');
    file(
      'link/spec.yaml',
      MINIMAL.replace(
        'description: ok',
        "description: ok\n          content:\n            application/json:\n              schema:\n                $ref: 'host.yaml'",
      ),
    );
    symlinkSync('/etc/hostname', join(dir, 'link/host.yaml'));
    expect(userError(() => loadSpec(join(dir, 'link/spec.yaml'))).message).toMatch(/leads out of the spec's folder/);
  });
});

describe('the build (scripts/commands/build-spec.ts) on a copy of the repository', () => {
  let server;
  let base;
  const requested = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requested.push(req.url);
      res.writeHead(200, { 'content-type': 'application/yaml' }).end('type: object\nproperties:\n  leaked: { type: string }\n');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  let repo;
  let effectiveBefore;
  const UPSTREAM = 'specs/salesive/upstream.yaml';
  const read = (f) => readFileSync(join(repo.dir, f), 'utf8');
  const build = (env = {}) =>
    runNode([join(repoRoot, 'scripts/commands/build-spec.ts'), '--root', repo.dir, 'salesive'], {
      cwd: repo.dir,
      env: { ...process.env, ...env },
    });
  const refTo = (ref) => repo.edit(UPSTREAM, (t) => t.replace(/\$ref: ['"]?#\/components\/schemas\/CustomerUpdate['"]?/, `$ref: '${ref}'`));
  const lineOf = (file, needle) =>
    read(file)
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1;
  beforeEach(async () => {
    repo = repoCopy();
    const res = await build();
    expect(res.status, res.out).toBe(0);
    effectiveBefore = read('specs/salesive/effective.yaml');
  });
  afterEach(() => repo.cleanup());

  const expectRefused = (res, message) => {
    expect(res.status, res.out).toBe(1);
    expect(res.out).toMatch(message);
    expect(res.out.match(/^error: /gm)).toHaveLength(1);
    expect(res.out).not.toMatch(/\n\s+at /);
    expect(read('specs/salesive/effective.yaml')).toBe(effectiveBefore);
  };

  it('never fetches a $ref to an http URL: refused with file, line, JSON pointer and what to do', async () => {
    refTo(`${base}/customer.yaml`);
    const res = await build();
    expectRefused(
      res,
      new RegExp(
        `^error: \\[salesive\\] specs/salesive/upstream\\.yaml:${lineOf(UPSTREAM, '/customer.yaml')}: \\$ref "http://127\\.0\\.0\\.1:\\d+/customer\\.yaml" at #/paths/~1customers~1\\{id\\}/put/requestBody/content/application~1json/schema/\\$ref points outside the document, to the network: .* An overlay cannot change this .*bundle the spec yourself`,
        'm',
      ),
    );
    expect(requested).toEqual([]);
  });

  it('never reads a file of this machine through a file: URL or an absolute path', async () => {
    const secret = join(repo.dir, '..', `capi-secret-${process.pid}.yaml`);
    writeFileSync(secret, 'type: string\ndescription: a secret of this machine\n');
    try {
      for (const ref of [`file://${secret}`, secret]) {
        refTo(ref);
        const res = await build();
        expectRefused(res, /\$ref ".*capi-secret-\d+\.yaml" at #\/paths\/.* (is a file: URL outside the document|is an absolute path)/);
        repo.edit(UPSTREAM, (t) => t.replace(ref, '#/components/schemas/CustomerUpdate'));
      }
    } finally {
      rmSync(secret, { force: true });
    }
  });

  it('never fetches nor reads a file of this machine through a discriminator mapping', async () => {
    // Redocly resolves it like a $ref, before any overlay: it fetched a mapping's URL and
    // inlined a file of this machine a mapping named (also after an overlay removed the mapping)
    const secret = join(repo.dir, '..', `capi-secret-${process.pid}.yaml`);
    writeFileSync(secret, 'type: object\ndescription: a secret of this machine\n');
    const mapping = (value) =>
      repo.edit(UPSTREAM, (t) =>
        t.replace(
          '    CustomerUpdate:\n      type: object\n',
          `    CustomerUpdate:\n      type: object\n      discriminator:\n        propertyName: phone\n        mapping:\n          x: '${value}'\n`,
        ),
      );
    const original = read(UPSTREAM);
    try {
      for (const [value, why] of [
        [`${base}/leak.yaml`, 'points outside the document, to the network'],
        [`file://${secret}`, 'is a file: URL outside the document'],
        [secret, 'is an absolute path'],
        [`../../../capi-secret-${process.pid}.yaml`, "leads out of the spec's folder"],
      ]) {
        mapping(value);
        expect(read(UPSTREAM)).not.toBe(original);
        const escaped = value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        expectRefused(await build(), new RegExp(`discriminator mapping "${escaped}" at #/.* ${why}`));
        repo.edit(UPSTREAM, () => original);
      }
      expect(requested).toEqual([]);
      // a mapping to a file inside the folder, and one that is not there (the build names it with its removal), are as before
      mkdirSync(join(repo.dir, 'specs/salesive/schemas'));
      writeFileSync(join(repo.dir, 'specs/salesive/schemas/X.yaml'), 'type: object\n');
      mapping('./schemas/X.yaml');
      const res = await build();
      expect(res.status, res.out).toBe(0);
    } finally {
      rmSync(secret, { force: true });
    }
  });

  it("reads no example's externalValue (file: URL, a file next to the spec, an http URL): renamed, named in the build's output, its content in neither the effective spec nor the packed package", async () => {
    // joinpeertube.org's examples name URLs: once refused, such a spec can be added, and nothing is read or fetched
    const secret = join(repo.dir, '..', `capi-secret-${process.pid}.txt`);
    writeFileSync(secret, 'SECRET-OF-THIS-MACHINE\n');
    mkdirSync(join(repo.dir, 'specs/salesive/examples'));
    writeFileSync(join(repo.dir, 'specs/salesive/examples/customer.json'), '{ "phone": "SECRET-NEXT-TO-THE-SPEC" }\n');
    const values = {
      passwd: 'file:///etc/passwd',
      machine: `file://${secret}`,
      local: './examples/customer.json',
      missing: './examples/missing.json',
      http: `${base}/leak.yaml`,
    };
    repo.edit(UPSTREAM, (t) =>
      t.replace(
        "            example:\n              phone: '+2348099998888'\n              active: false\n",
        `            examples:\n${Object.entries(values)
          .map(([name, value]) => `              ${name}:\n                summary: ${name}\n                externalValue: '${value}'\n`)
          .join('')}`,
      ),
    );
    try {
      const res = await build();
      expect(res.status, res.out).toBe(0);
      const effective = read('specs/salesive/effective.yaml');
      const leaked = /SECRET-|root:x:0|leaked/;
      expect(effective).not.toMatch(leaked);
      expect(requested).toEqual([]);
      const pointer = (name) => `#/paths/~1customers~1\\{id\\}/put/requestBody/content/application~1json/examples/${name}/externalValue`;
      expect(res.out).toMatch(
        new RegExp(
          `^spec salesive: 5 example externalValue\\(s\\) not read and renamed x-capi-dropped-externalValue \\(the build reads no file or URL an example names\\): ${Object.keys(values).map(pointer).join(', ')}\\b`,
          'm',
        ),
      );
      expect(parse(effective).paths['/customers/{id}'].put.requestBody.content['application/json'].examples.local).toEqual({
        summary: 'local',
        'x-capi-dropped-externalValue': './examples/customer.json',
      });
      // the package as it is published (its files: effective.yaml)
      const packed = mkdtempSync(join(tmpdir(), 'capi-packed-'));
      try {
        const pack = await runCommand('npm', ['pack', '--pack-destination', packed], { cwd: join(repo.dir, 'specs/salesive') });
        expect(pack.status, pack.out).toBe(0);
        const tarball = readdirSync(packed).find((f) => f.endsWith('.tgz'));
        const untar = await runCommand('tar', ['-xzf', join(packed, tarball), '-C', packed]);
        expect(untar.status, untar.out).toBe(0);
        expect(readFileSync(join(packed, 'package/effective.yaml'), 'utf8')).not.toMatch(leaked);
        expect(readdirSync(join(packed, 'package')).sort()).toEqual(['effective.yaml', 'package.json']);
      } finally {
        rmSync(packed, { recursive: true, force: true });
      }
      // lint hands Redocly the same kind of copy of the upstream document: nothing asked there either
      const lint = await runNode([join(repoRoot, 'scripts/capi.mjs'), 'lint', '--root', repo.dir, 'salesive'], {
        cwd: repo.dir,
        timeoutMs: 300_000,
      });
      expect(lint.out).toMatch(/^salesive: (ok|FAILED) /m);
      // no copy of the document left beside it
      expect(readdirSync(join(repo.dir, 'specs/salesive')).filter((f) => f.includes('neutral'))).toEqual([]);
      expect(requested).toEqual([]);
    } finally {
      rmSync(secret, { force: true });
    }
  });

  it('refuses a relative $ref that climbs out of specs/<provider>/ with ..', async () => {
    refTo('../bitbybit/upstream.yaml#/components/schemas/Customer');
    expectRefused(
      await build(),
      /\$ref "\.\.\/bitbybit\/upstream\.yaml#\/components\/schemas\/Customer" at .* leads out of the spec's folder \(to \.\.\/bitbybit\/upstream\.yaml\)/,
    );
  });

  it('bundles a relative file vendored next to the spec', async () => {
    mkdirSync(join(repo.dir, 'specs/salesive/schemas'));
    writeFileSync(join(repo.dir, 'specs/salesive/schemas/update.yaml'), 'type: object\nproperties:\n  vendoredField: { type: string }\n');
    refTo('schemas/update.yaml');
    const res = await build();
    expect(res.status, res.out).toBe(0);
    expect(read('specs/salesive/effective.yaml')).toMatch(/vendoredField/);
  });

  it('refuses an overlay that adds a $ref to the network', async () => {
    repo.edit(
      'specs/salesive/overlay.yaml',
      (t) =>
        `${t.trimEnd()}\n  - target: $.components.schemas.CustomerUpdate\n    description: Point the update body at the provider's live schema (a bad idea).\n    update:\n      allOf:\n        - $ref: '${base}/live.yaml'\n`,
    );
    expectRefused(
      await build(),
      /^error: \[salesive\] specs\/salesive\/overlay\.yaml: the overlay adds a \$ref "http:\/\/127\.0\.0\.1:\d+\/live\.yaml" at #\/components\/schemas\/CustomerUpdate\/allOf\/0\/\$ref points outside the document, to the network.* Change or delete that action\.$/m,
    );
    expect(requested).toEqual([]);
  });

  it('refuses an overlay action that removes everything ($..*), naming the action and its line', async () => {
    repo.edit(
      'specs/salesive/overlay.yaml',
      (t) => `${t.trimEnd()}\n  - target: $..*\n    description: Remove everything (a slip of the JSONPath).\n    remove: true\n`,
    );
    const line = lineOf('specs/salesive/overlay.yaml', 'target: $..*');
    expectRefused(
      await build(),
      new RegExp(
        `^error: \\[salesive\\] specs/salesive/overlay\\.yaml:${line}: overlay action 2 \\(\\$\\.\\.\\*\\) removes every operation \\(1 before, none after\\) and leaves a document that is not OpenAPI any more \\(no \`openapi: 3\\.x\` version, no \`info\` with \`title\` and \`version\`, no \`paths\`\\): .*Narrow the target .* or delete the action`,
        'm',
      ),
    );
  });

  it('refuses an overlay that removes every operation but leaves an OpenAPI shell', async () => {
    repo.edit(
      'specs/salesive/overlay.yaml',
      (t) => `${t.trimEnd()}\n  - target: $.paths.*.*\n    description: Remove every operation (meant one of them).\n    remove: true\n`,
    );
    expectRefused(
      await build(),
      /overlay\.yaml:\d+: overlay action 2 \(\$\.paths\.\*\.\*\) removes every operation \(1 before, none after\): the effective spec would describe no API/,
    );
  });

  it('builds a spec nested as deep as the limit, and refuses one level more with the limit and what to do', async () => {
    // the root mapping is level 1, x-deep's value level 2: 98 braces reach level 99
    const nest = (n) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`;
    const original = read(UPSTREAM);
    repo.edit(UPSTREAM, (t) => `${t.trimEnd()}\nx-deep: ${nest(98)}\n`);
    const deepest = await build();
    expect(deepest.status, deepest.out).toBe(0);
    writeFileSync(join(repo.dir, UPSTREAM), `${original.trimEnd()}\nx-deep: ${nest(99)}\n`);
    const line = read(UPSTREAM).split('\n').length - 1;
    const res = await build();
    expect(res.status, res.out).toBe(1);
    expect(res.out).toMatch(
      new RegExp(`^error: \\[salesive\\] specs/salesive/upstream\\.yaml:${line}: nesting deeper than 99 levels: .*flatten it`, 'm'),
    );
    expect(res.out.match(/^error: /gm)).toHaveLength(1);
    expect(res.out).not.toMatch(/\n\s+at /);
  });
});
