// What @capi/core/fake offers (src/fake/index.ts): its values, and (typechecked) its types. The
// entry re-exports whole modules where it offers all they export; this pins that it offers no
// more and no less than it did.
import { describe, expect, it } from 'vitest';
import * as fake from '../src/fake/index.js';

describe('@capi/core/fake', () => {
  it('exports these values, no other', () => {
    expect(Object.keys(fake).sort()).toEqual(
      [
        'MAX_BODY_BYTES',
        'MAX_LOGGED',
        'MAX_LOGGED_BODY',
        'MAX_RECORDS',
        'MAX_STORE_BYTES',
        'MAX_RECORD_BYTES',
        'answerServer',
        'besideEnvelope',
        'createEngine',
        'createFake',
        'createsAtItem',
        'fakeModel',
        'generate',
        'idQueryOf',
        'inferResources',
        'isAuthOrLimitStatus',
        'isLongRunning',
        'listenLocal',
        'operationsOf',
        'pageParams',
        'readAsScalar',
        'readBody',
        'sendAnswer',
        'singular',
      ].sort(),
    );
  });

  it('exports these types (a missing one fails the typecheck)', () => {
    type Offered = [
      fake.Answer,
      fake.Engine,
      fake.EngineOptions,
      fake.EngineRules,
      fake.Fake,
      fake.FakeMediaData,
      fake.FakeModel,
      fake.FakeModelData,
      fake.FakeOperation,
      fake.FakeOperationData,
      fake.FakeOptions,
      fake.Fault,
      fake.FaultRule,
      fake.GenerateOptions,
      fake.Inference,
      fake.InferredOperation,
      fake.LoggedRequest,
      fake.OperationInput,
      fake.OperationKind,
      fake.ReadBody,
      fake.RequestFacts,
      fake.Resource,
      fake.ResourceRules,
      fake.Respond,
      fake.ResponseValidatorTable,
      fake.SchemaValidator,
      fake.ServerLimits,
    ];
    const offered: Offered | undefined = undefined;
    expect(offered).toBeUndefined();
  });
});
