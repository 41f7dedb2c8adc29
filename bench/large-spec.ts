// A synthetic spec of about 20 MB through provider:add, the build and generate, each in its own
// process: wall time and peak memory (the largest resident set of the script and of the
// processes it starts, e.g. Redocly). The spec is written for the purpose: lint-clean, one
// resource per path with a GET and a PATCH, each with its own schemas, so every stage sees a
// document of GitHub's shape at one and a half times its size.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';
import { log, table } from './lib.ts';

/** YAML text of a valid OAS 3.1 spec of about `bytes` bytes. */
export function syntheticSpec(bytes = 20 * 1024 * 1024) {
  const head = `openapi: 3.1.0
info:
  title: Synthetic large API
  version: 1.0.0
  description: Written by bench/large-spec.ts.
servers:
  - url: https://api.large.test/v1
security:
  - bearerAuth: []
paths:
`;
  const paths = [];
  const schemas = [];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const props = Array.from(
      { length: 12 },
      (_, k) => `        field${k}:
          type: ${k % 3 ? 'string' : 'integer'}
          description: Field ${k} of resource ${i}; a sentence long enough to weigh like a real description does.
`,
    ).join('');
    const schema = `    Resource${i}:
      type: object
      required: [id]
      properties:
        id:
          type: string
${props}    Resource${i}Update:
      type: object
      additionalProperties: false
      minProperties: 1
      properties:
${props.replace(/^ {8}/gm, '        ')}`;
    const responses = (ok: string) => `          '200':
            description: The resource.
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/${ok}'
          '400':
            description: Invalid request.
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/Error'
          '401':
            description: Missing or invalid token.
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/Error'
          '404':
            description: No such resource.
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/Error'
`;
    const path = `  /resources${i}/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema:
          type: string
    get:
      operationId: getResource${i}
      summary: Get resource ${i}
${'      responses:\n'}${responses(`Resource${i}`)}    patch:
      operationId: updateResource${i}
      summary: Update resource ${i}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Resource${i}Update'
${'      responses:\n'}${responses(`Resource${i}`)}`;
    paths.push(path);
    schemas.push(schema);
    size += path.length + schema.length;
  }
  return `${head}${paths.join('')}components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
  schemas:
    Error:
      type: object
      required: [message]
      properties:
        message:
          type: string
${schemas.join('')}`;
}

/** Runs `node args` with a probe that records the peak RSS of every node process it starts. */
type Measured = { status: number | null; out: string; ms: number; peakMb: number; processes: number };
function measure(args: string[], { cwd, env = {} }: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Measured> {
  const probeDir = mkdtempSync(join(tmpdir(), 'capi-rss-'));
  const probe = join(probeDir, 'probe.mjs');
  writeFileSync(
    probe,
    `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(${JSON.stringify(probeDir)} + '/' + process.pid + '.rss', String(process.resourceUsage().maxRSS)));
`,
  );
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probe}`.trim() },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) =>
    child.on('close', (status) => {
      const ms = performance.now() - t0;
      const rss = readdirSync(probeDir)
        .filter((f) => f.endsWith('.rss'))
        .map((f) => Number(readFileSync(join(probeDir, f), 'utf8')));
      rmSync(probeDir, { recursive: true, force: true });
      resolve({ status, out, ms, peakMb: Math.max(0, ...rss) / 1024, processes: rss.length });
    }),
  );
}

export async function largeSpec({ bytes = 20 * 1024 * 1024 } = {}) {
  const copy = await workspaceCopy();
  const specDir = mkdtempSync(join(tmpdir(), 'capi-large-'));
  try {
    const file = join(specDir, 'large.yaml');
    writeFileSync(file, syntheticSpec(bytes));
    const size = statSync(file).size;
    const ops = (readFileSync(file, 'utf8').match(/^ {6}operationId:/gm) ?? []).length;
    log(`large spec: ${(size / 1024 / 1024).toFixed(1)} MB, ${ops} operations`);
    const scripts = join(copy.dir, 'scripts');
    const rows = [];
    const breakdown = [];
    const stages: [string, string[]][] = [
      [
        'provider:add (scaffold, build, generate, lint)',
        [join(scripts, 'commands/add.ts'), '--root', copy.dir, '--no-install', 'large', file],
      ],
      ['build (overlay check + redocly bundle)', [join(scripts, 'commands/build-spec.ts'), '--root', copy.dir, 'large']],
      ['generate (validate + openapi-typescript)', [join(scripts, 'commands/codegen.ts'), '--root', copy.dir, 'large']],
    ];
    for (const [name, args] of stages) {
      const r = await measure(args, { cwd: copy.dir });
      log(`large spec: ${name}: exit ${r.status}, ${(r.ms / 1000).toFixed(1)} s, peak ${r.peakMb.toFixed(0)} MB`);
      if (r.status !== 0 && !(name.startsWith('provider:add') && r.status === 1)) throw new Error(`${name} failed:\n${r.out.slice(-3000)}`);
      rows.push([name, r.status, (r.ms / 1000).toFixed(1), r.peakMb.toFixed(0), r.processes]);
      // the progress lines each script prints: `[large] <stage>: done in <s> s`
      for (const m of r.out.matchAll(/^\[large\] (.+): (done|failed) in (\d+\.\d) s$/gm)) breakdown.push([name.split(' ')[0], m[1], m[3]]);
    }
    const md = [
      `A synthetic OAS 3.1 spec (bench/large-spec.ts): ${(size / 1024 / 1024).toFixed(1)} MB of YAML, ${ops} operations, one run each on a copy of the repository; the progress lines the scripts print name each stage's share.`,
      '',
      table(['stage', 'exit', 's', 'peak RSS MB', 'node processes'], rows),
      '',
      'Where the time goes, from the progress lines the scripts print (s):',
      '',
      table(['command', 'stage', 's'], breakdown),
      '',
      '- Peak RSS is the largest resident set among the processes of a stage (the script, Redocly), not their sum.',
      '- provider:add exits 1 when lint finds something to correct; the synthetic spec is written to pass, so 0 is expected.',
    ];
    return { md: md.join('\n'), rows };
  } finally {
    rmSync(specDir, { recursive: true, force: true });
    copy.cleanup();
  }
}
