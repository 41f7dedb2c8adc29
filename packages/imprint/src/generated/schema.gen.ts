// GENERATED FILE - do not edit. Produced by scripts/lib/codegen/codegen.ts for "imprint"
// from specs/imprint/effective.yaml. Change the spec or its overlay and run `npm run generate`.

export interface paths {
    "/v2/customers/{customer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Update a customer
         * @description Updates the details of the customer associated with the supplied `customer_id`
         */
        post: operations["updateCustomer"];
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
        /** @description A Customer's account history with the partner */
        CustomerAccountHistory: {
            /**
             * Format: email
             * @description Customer's email address
             * @example customer@example.com
             */
            email?: string;
            /**
             * @description Customer's phone number in E.164 format
             * @example +14155552671
             */
            phone?: string;
            /**
             * @description The customer's first name
             * @example John
             */
            first_name?: string;
            /**
             * @description The customer's last name
             * @example Doe
             */
            last_name?: string;
            /**
             * @description Customer's preferred language code as defined by ISO 639-1
             * @example en
             */
            preferred_language?: string;
            address?: components["schemas"]["Address"];
            /**
             * @description The customer's account tenure with the partner, in months
             * @example 13
             */
            account_tenure?: number;
            /**
             * @description The Life Time Value for the customer's account, in the min currency unit (cents for USD)
             * @example 34000
             */
            ltv_amount?: number;
            /**
             * @description The 3 char currency code of the amount in iso-4217
             * @example USD
             */
            ltv_currency?: string;
            /**
             * @description The customer's current loyalty tier
             * @example GOLD
             */
            loyalty_tier?: string;
            /**
             * @description The RFC-3339 timestamp when the customer's account was created with the partner
             * @example 2025-02-13T19:08:07.000Z
             */
            account_created_at?: string;
            /**
             * @description The number of lifetime transactions the customer has made with the partner
             * @example 100
             */
            transaction_count?: number;
        };
        /** @description Represents a customer in the Imprint system */
        Customer: {
            /**
             * @description Unique identifier for the customer
             * @example 9B5E1EE0-2E1C-46E7-81B9-3C3917204BE4
             */
            id: string;
            /**
             * Format: email
             * @description Customer's email address
             * @example customer@example.com
             */
            email?: string;
            /**
             * @description Customer's phone number in E.164 format
             * @example +14155552671
             */
            phone?: string;
            /**
             * @description Map of the customer's enrolled card program name to the customer's status.
             * @example {
             *       "Card Program Name": "OPEN"
             *     }
             */
            statuses?: {
                [key: string]: components["schemas"]["CustomerProgramStatus"];
            };
            /**
             * @description The customer's first name.
             * @example John
             */
            first_name?: string;
            /**
             * @description The customer's last name.
             * @example Doe
             */
            last_name?: string;
            /**
             * @description Customer's preferred language code as defined by ISO 639-1
             * @example en
             */
            preferred_language?: string;
            /**
             * @description Customer's Social Security Number in 4 digits
             * @example 1234
             */
            ssn4?: string;
            date_of_birth?: components["schemas"]["DateOfBirth"];
            address?: components["schemas"]["Address"];
            partner_customer_id?: components["schemas"]["PartnerCustomerId"];
            /**
             * @description Set of key-value pairs for storing additional information about the customer.
             * @example {
             *       "preferred_language": "en"
             *     }
             */
            metadata?: {
                [key: string]: unknown;
            };
            /**
             * @description the RFC-3339 date when the customer was created
             * @example 2025-02-13T19:08:07.000Z
             */
            created_at?: string;
            /**
             * @description the RFC-3339 date when the customer was last updated
             * @example 2025-02-13T19:08:07.000Z
             */
            updated_at?: string;
        };
        InvalidRequestError: {
            /**
             * @description The path of the endpoint returning the error
             * @example /v2/customers
             */
            path?: string;
            /**
             * @description The details of the error being returned
             * @example [
             *       "email: must be a well-formed email address"
             *     ]
             */
            details?: string[];
            /**
             * @description The category of error being returned
             * @example Bad Request
             */
            error?: string;
            /**
             * @description The HTTP status code of the error
             * @example 400
             */
            status?: number;
            /**
             * @description The timestamp that the error occurred
             * @example 2025-01-20T18:18:22.923+00:00
             */
            timestamp?: string;
        };
        CustomerNotFoundError: {
            /**
             * @description The category of error being returned
             * @example CUSTOMER_NOT_FOUND_ERROR
             */
            type: string;
            /**
             * @description A message describing the cause of the error
             * @example Customer not found for provided ID: CSMR-v1-123
             */
            message: string;
            /**
             * @description The param causing the error
             * @example customer_id
             */
            param?: string;
        };
        /** @description Mailing address information */
        Address: {
            /**
             * @description Primary street address
             * @example 123 Main St
             */
            street_line1?: string;
            /**
             * @description Secondary street address (apartment, suite, etc.)
             * @example Apt 4B
             */
            street_line2?: string;
            /**
             * @description City name
             * @example San Francisco
             */
            city?: string;
            /**
             * @description State or province
             * @example CA
             */
            state?: string;
            /**
             * @description ZIP or postal code
             * @example 94105
             */
            postal_code?: string;
            /**
             * @description ISO-3166-1 alpha-3 Country Code
             * @example USA
             */
            country?: string;
        };
        /**
         * @description Status of a customer within a card program.
         * @enum {string}
         */
        CustomerProgramStatus: "OPEN" | "CLOSED";
        /** @description Customer's date of birth */
        DateOfBirth: {
            /**
             * @description Year of birth
             * @example 1990
             */
            year?: number;
            /**
             * @description Month of birth
             * @example 1
             */
            month?: number;
            /**
             * @description Day of birth
             * @example 1
             */
            day?: number;
        };
        /**
         * @description The unique identifier for the customer in the partner's system
         * @example PARTNER_USER_456
         */
        PartnerCustomerId: string;
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
                /** @description The unique identifier for the customer */
                customer_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @example customer@example.com
                     */
                    email?: string;
                    /** @example +14155552671 */
                    phone?: string;
                    /** @example John */
                    first_name?: string;
                    /** @example Doe */
                    last_name?: string;
                    /** @example en */
                    preferred_language?: string;
                    /** @example 123 Main St */
                    street_line1?: string;
                    /** @example Apt 4B */
                    street_line2?: string;
                    /** @example San Francisco */
                    city?: string;
                    /** @example CA */
                    state?: string;
                    /** @example 94105 */
                    postal_code?: string;
                    customer_history?: components["schemas"]["CustomerAccountHistory"];
                    /**
                     * @description Additional customer data
                     * @example {
                     *       "preferred_language": "en"
                     *     }
                     */
                    metadata?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Customer updated successfully */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidRequestError"];
                };
            };
            /** @description Missing or invalid credentials (documented by us; see overlay action 2). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "path": "/v2/customers/BBB815E9-F654-438D-9AD3-3F7BB8136FC0",
                     *       "details": [
                     *         "invalid credentials"
                     *       ],
                     *       "error": "Unauthorized",
                     *       "status": 401,
                     *       "timestamp": "2025-01-20T18:18:22.923+00:00"
                     *     }
                     */
                    "application/json": components["schemas"]["InvalidRequestError"];
                };
            };
            /** @description Customer not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerNotFoundError"];
                };
            };
        };
    };
}
