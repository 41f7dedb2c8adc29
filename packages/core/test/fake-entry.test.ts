// What @capi/core/fake offers (src/fake/index.ts): its values, and (typechecked) its types. The
// entry re-exports whole modules where it offers all they export; this pins that it offers no
// more and no less than it did.
import { describe, expect, it } from 'vitest';
import * as fake from '../src/fake/index.js';
import type {
  Answer,
  Engine,
  EngineOptions,
  EngineRules,
  Fake,
  FakeMediaData,
  FakeModel,
  FakeModelData,
  FakeOperation,
  FakeOperationData,
  FakeOptions,
  Fault,
  FaultRule,
  GenerateOptions,
  Inference,
  InferredOperation,
  LoggedRequest,
  OperationInput,
  OperationKind,
  ReadBody,
  RequestFacts,
  Resource,
  ResourceRules,
  Respond,
  ResponseValidatorTable,
  SchemaValidator,
} from '../src/fake/index.js';

describe('@capi/core/fake', () => {
  it('exports these values, no other', () => {
    expect(Object.keys(fake).sort()).toEqual(
      [
        'MAX_BODY_BYTES',
        'MAX_LOGGED',
        'MAX_LOGGED_BODY',
        'MAX_RECORDS',
        'MAX_RECORD_BYTES',
        'answerServer',
        'createEngine',
        'createFake',
        'fakeModel',
        'generate',
        'inferResources',
        'listenLocal',
        'operationsOf',
        'readBody',
        'sendAnswer',
        'singular',
      ].sort(),
    );
  });

  it('exports these types (a missing one fails the typecheck)', () => {
    type Offered = [
      Answer,
      Engine,
      EngineOptions,
      EngineRules,
      Fake,
      FakeMediaData,
      FakeModel,
      FakeModelData,
      FakeOperation,
      FakeOperationData,
      FakeOptions,
      Fault,
      FaultRule,
      GenerateOptions,
      Inference,
      InferredOperation,
      LoggedRequest,
      OperationInput,
      OperationKind,
      ReadBody,
      RequestFacts,
      Resource,
      ResourceRules,
      Respond,
      ResponseValidatorTable,
      SchemaValidator,
    ];
    const offered: Offered | undefined = undefined;
    expect(offered).toBeUndefined();
  });
});
