// The harness's own messages about the responses Prism answers.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadSpecModel } from '@capi/scripts/lib/spec-model.ts';
import { MockLimitation, assertNoResponseDefect } from '../src/cases.mjs';

const spec = fileURLToPath(new URL('./fixtures/responses.yaml', import.meta.url));
const model = loadSpecModel(spec);

describe('the mock limitation message', () => {
  it('names a response once ("invalid success response", never "response response")', () => {
    const response = model.operation('GET /things/{id}').responses[0];
    const violation = { where: 'response', at: 'body.id', path: ['id'], code: 'pattern', message: 'must match pattern' };
    for (const [status, said] of [
      ['success response', 'an invalid success response although'],
      [200, 'an invalid 200 response although'],
    ]) {
      let err;
      try {
        assertNoResponseDefect([violation], { model, response, specFile: 'responses.yaml', status });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MockLimitation);
      expect(err.message).toContain(said);
      expect(err.message).not.toMatch(/response response/);
    }
  });
});
