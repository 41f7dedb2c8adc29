// GENERATED FILE - do not edit. Produced by scripts/lib/codegen/codegen.ts for "salesive"
// from specs/salesive/effective.yaml. Change the spec or its overlay and run `npm run generate`.

import type { components, operations } from './schema.gen.js';

/** Facts from the effective spec that the client needs at run time. */
export const spec = {
  "title": "Salesive Apps API — Customers & Categories",
  "version": "1.0.0",
  "servers": [
    "https://api.salesive.com/api/v1"
  ],
  "security": [
    {
      "AppToken": []
    }
  ],
  "operationSecurity": {},
  "securitySchemes": {
    "AppToken": {
      "type": "http",
      "scheme": "bearer"
    }
  },
  "operations": {
    "PUT /customers/{id}": [
      "200",
      "400",
      "401",
      "403",
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

/** Schema `CustomerUpdate`. */
export type CustomerUpdate = components['schemas']['CustomerUpdate'];
/** Schema `EnvelopeBase`. */
export type EnvelopeBase = components['schemas']['EnvelopeBase'];
/** Schema `Customer`. */
export type Customer = components['schemas']['Customer'];
/** Schema `UserProfile`. */
export type UserProfile = components['schemas']['UserProfile'];
/** Schema `Envelope`. */
export type Envelope = components['schemas']['Envelope'];
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
/** 403 body of PUT /customers/{id}. */
export type UpdateCustomerError403 = operations['updateCustomer']['responses'][403]['content']['application/json'];
/** 404 body of PUT /customers/{id}. */
export type UpdateCustomerError404 = operations['updateCustomer']['responses'][404]['content']['application/json'];
/** Any documented error body of PUT /customers/{id}. */
export type UpdateCustomerErrorBody = UpdateCustomerError400 | UpdateCustomerError401 | UpdateCustomerError403 | UpdateCustomerError404;
