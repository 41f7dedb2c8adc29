// @capi/core/fake: the stateful fake of a provider for tests of code that uses its client. A
// provider package exports it bound to its own spec (`import { createFake } from
// '@capi/<provider>/fake'`, src/generated/fake.gen.ts, written by codegen); this entry holds the
// engine they share: the inference of resources (infer.ts), the store and its answers
// (engine.ts), deterministic values (generate.ts), and the kit around them (kit.ts: a fetch, a
// server on 127.0.0.1, faults). Node only (`listen()` serves with node:http). docs/fakes.md.
export { createFake, type Fake, type FakeOptions, type Fault, type FaultRule } from './kit.ts';
// engine.ts and infer.ts export exactly what this entry offers of them
export * from './engine.ts';
export * from './infer.ts';
export { answerServer, listenLocal, type ReadBody, type Respond, readBody, type ServerLimits, sendAnswer } from './http.ts';
export { type GenerateOptions, generate } from './generate.ts';
export {
  type FakeModel,
  type FakeMediaData,
  type FakeModelData,
  type FakeOperationData,
  type FakeOperation,
  fakeModel,
  type ResponseValidatorTable,
  type SchemaValidator,
} from './model.ts';
