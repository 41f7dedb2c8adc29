// Prism's static mock generates answers with @stoplight/json-schema-sampler, which prints a note
// for every `allOf` of an array it meets (AWS wraps each array `$ref` in one to add a description):
// a real Prism answering such a schema prints it, and the conformance config's console filter
// drops exactly that line and no other.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { isSamplerNote, startPrism } from '../src/prism.ts';
import { sharedConfig } from '../vitest.config.mjs';

const FIXTURE = fileURLToPath(new URL('./fixtures/sampler-allof-array.yaml', import.meta.url));

describe("Prism's sampler note on an allOf of arrays", () => {
  let prism;
  beforeAll(async () => {
    prism = await startPrism(FIXTURE);
  });
  afterAll(async () => {
    await prism?.close();
  });

  it('is printed by a real Prism generating the answer, and dropped from the run output; other lines are kept', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let res;
    let printed;
    try {
      res = await fetch(`${prism.url}/tags`);
      printed = warn.mock.calls.map((args) => args.join(' '));
    } finally {
      warn.mockRestore();
    }
    expect(res.status).toBe(200);
    expect(Array.isArray((await res.json()).Tags)).toBe(true);
    const notes = printed.filter(isSamplerNote);
    expect(notes.length).toBeGreaterThan(0);
    const filter = sharedConfig.test.onConsoleLog;
    expect(typeof filter).toBe('function');
    for (const note of notes) expect(filter(`${note}\n`, 'stderr')).toBe(false);
    expect(filter('contract workdocs: 624 passed, 0 failed\n', 'stdout')).toBeUndefined();
    expect(filter('JSON Schema Sampler: a note of another kind\n', 'stderr')).toBeUndefined();
  });
});
