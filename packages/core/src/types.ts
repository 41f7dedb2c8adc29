import type { Client, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod } from 'openapi-typescript-helpers';

type Media = 'application/json';

// openapi-fetch infers each call's options as a type parameter (`Init extends ...`). TypeScript
// does not check excess properties against a constraint, so a misspelled field in a body whose
// fields are all optional (every partial update here) compiles. These signatures take the
// options at their concrete type instead, so the object literal is checked field by field.
type InitArgs<I> = undefined extends I ? [init?: I] : [init: I];

type StrictMethod<Paths extends Record<string, any>, M extends HttpMethod> = <P extends PathsWithMethod<Paths, M>>(
  url: P,
  ...init: InitArgs<MaybeOptionalInit<Paths[P], M>>
) => Promise<FetchResponse<Paths[P][M], NonNullable<MaybeOptionalInit<Paths[P], M>>, Media>>;

/** An openapi-fetch client whose calls reject unknown fields (see above). Same object at run time. */
export type ProviderClient<Paths extends Record<string, any>> = Omit<
  Client<Paths, Media>,
  'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'OPTIONS' | 'HEAD' | 'TRACE'
> & {
  GET: StrictMethod<Paths, 'get'>;
  PUT: StrictMethod<Paths, 'put'>;
  POST: StrictMethod<Paths, 'post'>;
  DELETE: StrictMethod<Paths, 'delete'>;
  PATCH: StrictMethod<Paths, 'patch'>;
  OPTIONS: StrictMethod<Paths, 'options'>;
  HEAD: StrictMethod<Paths, 'head'>;
  TRACE: StrictMethod<Paths, 'trace'>;
};
