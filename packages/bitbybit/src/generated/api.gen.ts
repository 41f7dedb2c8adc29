// GENERATED FILE - do not edit. Produced by scripts/lib/codegen/codegen.ts for "bitbybit"
// from specs/bitbybit/effective.yaml. Change the spec or its overlay and run `npm run generate`.

import type { components, operations } from './schema.gen.js';

/** Facts from the effective spec that the client needs at run time. */
export const spec = {
  "title": "bitbybit Open API",
  "version": "1.0.0",
  "servers": [
    "https://api.bitbybit.studio/customer/api/open/v1"
  ],
  "security": [
    {
      "ApiKeyAuth": []
    }
  ],
  "operationSecurity": {},
  "securitySchemes": {
    "ApiKeyAuth": {
      "type": "apiKey",
      "in": "header",
      "name": "x-api-key"
    }
  },
  "operations": {
    "PUT /customers/{id}": [
      "200",
      "400",
      "401",
      "404"
    ]
  },
  "idempotency": {},
  "requestMedia": {
    "PUT /customers/{id}": [
      "application/json"
    ]
  },
  "operationIds": {
    "PUT /customers/{id}": "updateCustomer"
  },
  validators: () => import('./validators.gen.js'),
} as const;

/** Per paging operation (x-capi-pagination): none declared. */
export type Pages = {};

/** Schema `Customer`. */
export type Customer = components['schemas']['Customer'];
/** Schema `Address`. */
export type Address = components['schemas']['Address'];
/** Schema `Error`. */
export type ErrorSchema = components['schemas']['Error'];
/** Request body of PUT /customers/{id}. */
export type UpdateCustomerBody = NonNullable<operations['updateCustomer']['requestBody']>['content']['application/json'];
/** Path parameters of PUT /customers/{id}. */
export type UpdateCustomerPathParams = operations['updateCustomer']['parameters']['path'];
/** 200 body of PUT /customers/{id}. */
export type UpdateCustomerResponse200 = operations['updateCustomer']['responses'][200]['content']['application/json'];
/** 400 body of PUT /customers/{id}. */
export type UpdateCustomerError400 = operations['updateCustomer']['responses'][400]['content']['application/json'];
/** 401 body of PUT /customers/{id}. */
export type UpdateCustomerError401 = operations['updateCustomer']['responses'][401]['content']['application/json'];
/** 404 body of PUT /customers/{id}. */
export type UpdateCustomerError404 = operations['updateCustomer']['responses'][404]['content']['application/json'];
/** Any documented error body of PUT /customers/{id}. */
export type UpdateCustomerErrorBody = UpdateCustomerError400 | UpdateCustomerError401 | UpdateCustomerError404;
