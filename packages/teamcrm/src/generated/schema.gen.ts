// GENERATED FILE - do not edit. Produced by scripts/lib/codegen/codegen.ts for "teamcrm"
// from specs/teamcrm/effective.yaml. Change the spec or its overlay and run `npm run generate`.

export interface paths {
    "/customers/{uuid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Update a customer
         * @description Partially updates an existing customer: send only the fields to change; omitted fields keep their current values. A new email must still be unique within the team (check with find-by-email first). An address is replaced as a whole object, never field by field; send `null` to remove it. Send `null` or an empty string to clear `website` or `mainPhone`. Contacts cannot be changed here. The server refreshes `updatedAt` whenever a field changes. Fetch the current customer first to avoid overwriting fields by accident. Decision: the `x-client-id`, `x-signature` and `Authorization` header parameters listed on the page are modelled as security schemes (all three required together) rather than as parameters.
         */
        put: operations["updateCustomer"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Partial update of a customer: include only the fields to change, at least one. Decision: no field is required even though the page marks `customer` and `email` Required, because its partial-update prose says omitted fields remain unchanged. */
        CustomerUpdate: {
            /** @description Customer or business name (non-empty). */
            customer?: string;
            /**
             * Format: email
             * @description Primary contact email; must be unique within the team.
             */
            email?: string;
            /** @description Primary phone number; international format recommended. Send `null` or an empty string to remove it. */
            mainPhone?: string | null;
            /** @description Website URL; should include the protocol. Send `null` or an empty string to remove it. No `format: uri` because the page does not document one (decision). */
            website?: string | null;
            /**
             * @description Customer status; the page says it defaults to `active` if not specified. On a partial update an omitted status is simply left unchanged.
             * @enum {string}
             */
            status?: "active" | "inactive";
            /** @description Complete billing address; replaces the whole stored address (individual address fields cannot be updated). Send `null` to remove it. */
            billingAddress?: components["schemas"]["Address"] | null;
            /** @description Complete shipping address; replaces the whole stored address (individual address fields cannot be updated). Send `null` to remove it. */
            shippingAddress?: components["schemas"]["Address"] | null;
            /** @description Contact persons. Listed under the body parameters, but the page says contacts cannot be updated via this endpoint. Decision: kept in the schema; the server is assumed to ignore it (no effect). Clients should omit it. */
            contacts?: components["schemas"]["Contact"][];
        };
        /** @description Address structure for billing and shipping addresses. Its child attributes are collapsed on the docs page and not visible, so no properties are modelled and any properties are allowed (decision). */
        Address: {
            [key: string]: unknown;
        };
        /** @description A contact person. Its child attributes are collapsed on the docs page and not visible, so no properties are modelled and any properties are allowed (decision). */
        Contact: {
            [key: string]: unknown;
        };
        /** @description A customer record as returned in `data`. The page collapses the children of `data`; these properties are inferred from the update body plus the `updatedAt` timestamp the page mentions (`createdAt` is a further guess). Decision: no property is required and others are allowed. */
        Customer: {
            /**
             * Format: uuid
             * @description The customer's unique identifier (inferred from the path parameter).
             */
            uuid?: string;
            /** @description Customer or business name (inferred). */
            customer?: string;
            /**
             * Format: email
             * @description Primary contact email, unique within the team (inferred).
             */
            email?: string;
            /** @description Primary phone number (inferred). */
            mainPhone?: string | null;
            /** @description Website URL (inferred). */
            website?: string | null;
            /**
             * @description Customer status (inferred).
             * @enum {string}
             */
            status?: "active" | "inactive";
            /** @description Billing address, or null if none (inferred). */
            billingAddress?: components["schemas"]["Address"] | null;
            /** @description Shipping address, or null if none (inferred). */
            shippingAddress?: components["schemas"]["Address"] | null;
            /** @description Contact persons (inferred). */
            contacts?: components["schemas"]["Contact"][];
            /**
             * Format: date-time
             * @description Creation time (inferred; not mentioned on the page).
             */
            createdAt?: string;
            /**
             * Format: date-time
             * @description Last modification time; set automatically when any field changes.
             */
            updatedAt?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description Success envelope. The page lists `status`, `message` and `data` without marking them required, so none is required here. */
        CustomerResponse: {
            /** @description Outcome indicator (values not documented). */
            status?: string;
            /** @description Human-readable result message. */
            message?: string;
            data?: components["schemas"]["Customer"];
        };
        /** @description Error envelope shared by all error responses. Children of `details` and `errors` items are collapsed on the page, so they are open objects. `code` values in the examples are illustrative; the page lists none. */
        Error: {
            /**
             * @description Always "error" for error responses.
             * @constant
             */
            status: "error";
            /** @description Human-readable error description. */
            message: string;
            /** @description Machine-readable error code for programmatic handling. */
            code: string;
            /** @description Additional context about the error; varies by error type. */
            details?: {
                [key: string]: unknown;
            };
            /** @description Present for validation errors with multiple fields. */
            errors?: {
                [key: string]: unknown;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    updateCustomer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The unique identifier of the customer to update. */
                uuid: string;
            };
            cookie?: never;
        };
        /** @description The fields to change; at least one field. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "customer": "Acme Widgets Ltd",
                 *       "email": "billing@acme-widgets.example.com",
                 *       "mainPhone": "+44 20 7946 0000",
                 *       "website": null,
                 *       "status": "inactive",
                 *       "shippingAddress": null
                 *     }
                 */
                "application/json": components["schemas"]["CustomerUpdate"];
            };
        };
        responses: {
            /** @description Customer updated successfully. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "success",
                     *       "message": "Customer updated successfully",
                     *       "data": {
                     *         "uuid": "3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f8a9b0c",
                     *         "customer": "Acme Widgets Ltd",
                     *         "email": "billing@acme-widgets.example.com",
                     *         "mainPhone": "+44 20 7946 0000",
                     *         "website": null,
                     *         "status": "inactive",
                     *         "billingAddress": null,
                     *         "shippingAddress": null,
                     *         "contacts": [],
                     *         "createdAt": "2024-01-15T09:30:00Z",
                     *         "updatedAt": "2024-06-03T14:05:12Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerResponse"];
                };
            };
            /** @description Bad Request - validation failed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "error",
                     *       "message": "Validation failed",
                     *       "code": "VALIDATION_ERROR",
                     *       "errors": [
                     *         {
                     *           "field": "email",
                     *           "message": "email must be a valid email address"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unauthorized - authentication failed. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "error",
                     *       "message": "Invalid request signature",
                     *       "code": "UNAUTHORIZED"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not Found - the customer does not exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "error",
                     *       "message": "Customer not found",
                     *       "code": "CUSTOMER_NOT_FOUND",
                     *       "details": {
                     *         "uuid": "3f1c2a9e-7b4d-4c1e-9a2f-5d6e7f8a9b0c"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict - the email already exists within the team. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "error",
                     *       "message": "A customer with this email already exists",
                     *       "code": "EMAIL_ALREADY_EXISTS",
                     *       "details": {
                     *         "email": "billing@acme-widgets.example.com"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too Many Requests - rate limit exceeded. The page documents no response headers (e.g. `Retry-After`), so none are modelled. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "error",
                     *       "message": "Rate limit exceeded, try again later",
                     *       "code": "RATE_LIMIT_EXCEEDED"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
