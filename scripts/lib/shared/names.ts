/**
 * 'update-customer', 'update_customer', 'updateCustomer' -> 'UpdateCustomer'. One rule for every
 * name we derive (type aliases, client factories), so the scaffold writes `create<Name>Client`
 * exactly as the conformance app looks it up.
 */
export const pascalCase = (s: string): string =>
  s.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());

/** The factory a provider package exports: `create<Name>Client`. */
export const factoryName = (provider: string): string => `create${pascalCase(provider)}Client`;
