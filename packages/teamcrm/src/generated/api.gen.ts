// GENERATED FILE - do not edit. Produced by scripts/lib/codegen/codegen.ts for "teamcrm"
// from specs/teamcrm/effective.yaml. Change the spec or its overlay and run `npm run generate`.

import type { components, operations } from './schema.gen.js';

/** Facts from the effective spec that the client needs at run time. */
export const spec = {
  "title": "Team CRM customers API (authored from docs)",
  "version": "1.0.0",
  "servers": [
    "https://api.teamcrm.example/v1"
  ],
  "security": [
    {
      "clientId": [],
      "signature": [],
      "bearerAuth": []
    }
  ],
  "operationSecurity": {},
  "securitySchemes": {
    "clientId": {
      "type": "apiKey",
      "in": "header",
      "name": "x-client-id"
    },
    "signature": {
      "type": "apiKey",
      "in": "header",
      "name": "x-signature"
    },
    "bearerAuth": {
      "type": "http",
      "scheme": "bearer"
    }
  },
  "operations": {
    "PUT /customers/{uuid}": [
      "200",
      "400",
      "401",
      "404",
      "409",
      "429"
    ]
  },
  "idempotency": {},
  "requestMedia": {
    "PUT /customers/{uuid}": [
      "application/json"
    ]
  },
  "operationIds": {
    "PUT /customers/{uuid}": "updateCustomer"
  },
  validators: () => import('./validators.gen.js'),
} as const;

/** Per paging operation (x-capi-pagination): none declared. */
export type Pages = {};

/** Schema `CustomerUpdate`. */
export type CustomerUpdate = components['schemas']['CustomerUpdate'];
/** Schema `Address`. */
export type Address = components['schemas']['Address'];
/** Schema `Contact`. */
export type Contact = components['schemas']['Contact'];
/** Schema `Customer`. */
export type Customer = components['schemas']['Customer'];
/** Schema `CustomerResponse`. */
export type CustomerResponse = components['schemas']['CustomerResponse'];
/** Schema `Error`. */
export type ErrorSchema = components['schemas']['Error'];
/** Request body of PUT /customers/{uuid}. */
export type UpdateCustomerBody = NonNullable<operations['updateCustomer']['requestBody']>['content']['application/json'];
/** Path parameters of PUT /customers/{uuid}. */
export type UpdateCustomerPathParams = operations['updateCustomer']['parameters']['path'];
/** 200 body of PUT /customers/{uuid}. */
export type UpdateCustomerResponse200 = operations['updateCustomer']['responses'][200]['content']['application/json'];
/** 400 body of PUT /customers/{uuid}. */
export type UpdateCustomerError400 = operations['updateCustomer']['responses'][400]['content']['application/json'];
/** 401 body of PUT /customers/{uuid}. */
export type UpdateCustomerError401 = operations['updateCustomer']['responses'][401]['content']['application/json'];
/** 404 body of PUT /customers/{uuid}. */
export type UpdateCustomerError404 = operations['updateCustomer']['responses'][404]['content']['application/json'];
/** 409 body of PUT /customers/{uuid}. */
export type UpdateCustomerError409 = operations['updateCustomer']['responses'][409]['content']['application/json'];
/** 429 body of PUT /customers/{uuid}. */
export type UpdateCustomerError429 = operations['updateCustomer']['responses'][429]['content']['application/json'];
/** Any documented error body of PUT /customers/{uuid}. */
export type UpdateCustomerErrorBody = UpdateCustomerError400 | UpdateCustomerError401 | UpdateCustomerError404 | UpdateCustomerError409 | UpdateCustomerError429;
