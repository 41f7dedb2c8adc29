// @capi/core/fake: the stateful fake of a provider for tests of code that uses its client. A
// provider package exports it bound to its own spec (`import { createFake } from
// '@capi/<provider>/fake'`, written by codegen); this entry holds the engine they share. Node only
// (`listen()` serves it with node:http). See docs/fakes.md, "Testing your code against the fake".
export { createFake, type Fake, type FakeOptions, type Fault, type FaultRule } from './kit.ts';
export type { LoggedRequest, EngineOptions } from './engine.ts';
export type { Inference, OperationKind, Resource } from './infer.ts';
export { fakeModel, type FakeModel, type FakeModelData, type FakeOperation, type SchemaValidator } from './model.ts';
