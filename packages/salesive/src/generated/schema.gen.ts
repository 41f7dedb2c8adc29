// GENERATED FILE - do not edit. Produced by scripts/lib/codegen/codegen.ts for "salesive"
// from specs/salesive/effective.yaml. Change the spec or its overlay and run `npm run generate`.

export interface paths {
    "/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Update a customer
         * @description Updates an existing customer in the store. At least one field must be supplied. If the email is changed it must remain unique within the store. The id may be the customer record id or the underlying user id. Returns 404 if the customer is not in this store. The store is bound to the app token server-side from the installation — never send a shop id. Requires the `WRITE_CUSTOMERS` scope.
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
        /** @description Fields accepted when updating a customer. At least one field must be supplied. */
        CustomerUpdate: {
            /** @description Updated customer name. */
            name?: string;
            /**
             * Format: email
             * @description Updated email address. Must be a valid email and unique within the store.
             */
            email?: string;
            /** @description Updated phone number. May be null. */
            phone?: string | null;
            /** @description ObjectId of a linked platform user. May be null. */
            user?: string | null;
            /** @description Whether the customer is active. */
            active?: boolean;
        };
        /** @description Standard Salesive response envelope. The operation-specific payload is carried in `data`. */
        EnvelopeBase: {
            /** @description HTTP status code, echoed in the body. */
            status: number;
            /** @description Whether the request succeeded. */
            success: boolean;
            /** @description Human-readable result message. */
            message: string;
        };
        /** @description A store-scoped customer record. */
        Customer: {
            _id?: string;
            /** @description Virtual alias of `_id`. */
            id?: string;
            /** @description Linked platform user, or null when the customer is not linked to a user. */
            user?: components["schemas"]["UserProfile"] | null;
            /** @description The store id (bound server-side). */
            shop?: string;
            name?: string;
            phone?: string | null;
            email?: string;
            /** Format: date-time */
            lastActive?: string;
            online?: boolean;
            active?: boolean;
            avatar?: string | null;
            /** Format: date-time */
            createdAt?: string;
            /** Format: date-time */
            updatedAt?: string;
        };
        /** @description The platform user linked to the customer, when one exists. */
        UserProfile: {
            _id?: string;
            name?: string;
            email?: string;
            avatar?: string | null;
        };
        Envelope: components["schemas"]["EnvelopeBase"] & {
            /** @description Operation-specific payload (object, array, or null). */
            data?: unknown;
        };
    };
    responses: {
        /** @description Missing or invalid app access token. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 401,
                 *       "success": false,
                 *       "message": "Authentication required",
                 *       "data": null
                 *     }
                 */
                "application/json": components["schemas"]["Envelope"];
            };
        };
        /** @description The app token is missing the OAuth scope required for this operation. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 403,
                 *       "success": false,
                 *       "message": "Insufficient scope",
                 *       "data": null
                 *     }
                 */
                "application/json": components["schemas"]["Envelope"];
            };
        };
        /** @description The customer does not exist or is not in the installation's store. */
        CustomerNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 404,
                 *       "success": false,
                 *       "message": "Customer not found",
                 *       "data": null
                 *     }
                 */
                "application/json": components["schemas"]["Envelope"];
            };
        };
    };
    parameters: {
        /** @description The customer record id, or the underlying user id of the customer. */
        CustomerId: string;
    };
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
                /** @description The customer record id, or the underlying user id of the customer. */
                id: components["parameters"]["CustomerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "phone": "+2348099998888",
                 *       "active": false
                 *     }
                 */
                "application/json": components["schemas"]["CustomerUpdate"];
            };
        };
        responses: {
            /** @description The updated customer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": 200,
                     *       "success": true,
                     *       "message": "Customer updated successfully",
                     *       "data": {
                     *         "_id": "665a1f2c9b1e4a0012ab34cd",
                     *         "user": {
                     *           "_id": "6650aa11bb22cc33dd44ee55",
                     *           "name": "Ada Obi",
                     *           "email": "ada@example.com",
                     *           "avatar": "https://cdn.example.com/u/ada.png"
                     *         },
                     *         "shop": "664f0e2a1c2b3d4e5f6a7b8c",
                     *         "name": "Ada Obi",
                     *         "phone": "+2348099998888",
                     *         "email": "ada@example.com",
                     *         "lastActive": "2026-06-27T14:05:00.000Z",
                     *         "online": false,
                     *         "active": false,
                     *         "createdAt": "2026-05-01T09:00:00.000Z",
                     *         "updatedAt": "2026-06-28T08:10:00.000Z",
                     *         "avatar": "https://cdn.example.com/u/ada.png",
                     *         "id": "665a1f2c9b1e4a0012ab34cd"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["EnvelopeBase"] & {
                        data?: components["schemas"]["Customer"];
                    };
                };
            };
            /** @description Validation failed: empty body, malformed field, or an email already used in the store (documented by us; see overlay action 1). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": 400,
                     *       "success": false,
                     *       "message": "At least one field must be supplied",
                     *       "data": null
                     *     }
                     */
                    "application/json": components["schemas"]["Envelope"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["CustomerNotFound"];
        };
    };
}
