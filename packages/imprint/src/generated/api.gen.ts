// GENERATED FILE - do not edit. Produced by scripts/lib/codegen/codegen.ts for "imprint"
// from specs/imprint/effective.yaml. Change the spec or its overlay and run `npm run generate`.

import type { components, operations } from './schema.gen.js';

/** Facts from the effective spec that the client needs at run time. */
export const spec = {
  "title": "Public Imprint API",
  "version": "2.0",
  "servers": [
    "https://dev.sbx.imprint.co"
  ],
  "security": [
    {
      "basicAuth": []
    },
    {
      "bearerAuth": []
    }
  ],
  "operationSecurity": {},
  "securitySchemes": {
    "bearerAuth": {
      "type": "http",
      "scheme": "bearer"
    },
    "basicAuth": {
      "type": "http",
      "scheme": "basic"
    }
  },
  "operations": {
    "POST /v2/customers/{customer_id}": [
      "200",
      "400",
      "401",
      "404"
    ]
  },
  "idempotency": {},
  "requestMedia": {
    "POST /v2/customers/{customer_id}": [
      "application/json"
    ]
  },
  "operationIds": {
    "POST /v2/customers/{customer_id}": "updateCustomer"
  },
  validators: () => import('./validators.gen.js'),
} as const;

/** Per paging operation (x-capi-pagination): none declared. */
export type Pages = {};

/** Schema `CustomerAccountHistory`. */
export type CustomerAccountHistory = components['schemas']['CustomerAccountHistory'];
/** Schema `Customer`. */
export type Customer = components['schemas']['Customer'];
/** Schema `InvalidRequestError`. */
export type InvalidRequestError = components['schemas']['InvalidRequestError'];
/** Schema `CustomerNotFoundError`. */
export type CustomerNotFoundError = components['schemas']['CustomerNotFoundError'];
/** Schema `Address`. */
export type Address = components['schemas']['Address'];
/** Schema `CustomerProgramStatus`. */
export type CustomerProgramStatus = components['schemas']['CustomerProgramStatus'];
/** Schema `DateOfBirth`. */
export type DateOfBirth = components['schemas']['DateOfBirth'];
/** Schema `PartnerCustomerId`. */
export type PartnerCustomerId = components['schemas']['PartnerCustomerId'];
/** Request body of POST /v2/customers/{customer_id}. */
export type UpdateCustomerBody = NonNullable<operations['updateCustomer']['requestBody']>['content']['application/json'];
/** Path parameters of POST /v2/customers/{customer_id}. */
export type UpdateCustomerPathParams = operations['updateCustomer']['parameters']['path'];
/** 200 body of POST /v2/customers/{customer_id}. */
export type UpdateCustomerResponse200 = operations['updateCustomer']['responses'][200]['content']['application/json'];
/** 400 body of POST /v2/customers/{customer_id}. */
export type UpdateCustomerError400 = operations['updateCustomer']['responses'][400]['content']['application/json'];
/** 401 body of POST /v2/customers/{customer_id}. */
export type UpdateCustomerError401 = operations['updateCustomer']['responses'][401]['content']['application/json'];
/** 404 body of POST /v2/customers/{customer_id}. */
export type UpdateCustomerError404 = operations['updateCustomer']['responses'][404]['content']['application/json'];
/** Any documented error body of POST /v2/customers/{customer_id}. */
export type UpdateCustomerErrorBody = UpdateCustomerError400 | UpdateCustomerError401 | UpdateCustomerError404;
