// What is wrong with an exchange, in one shape: Prism's violations (src/prism.ts, prismViolations)
// and the harness's own JSON Schema 2020-12 checks of an answer (src/judge/defects.ts).

/** One thing found wrong with an exchange. */
export interface Violation {
  /** 'request', 'response', or 'prism' (Prism could not answer at all). */
  readonly where: string | undefined;
  /** Where in the request or response, dotted (`body.items.0`, `header.x-rate`). */
  readonly at: string;
  /** The instance path below the body (or the header's name first). */
  readonly path: string[];
  /** The JSON Schema keyword or Prism's code, when known. */
  readonly code: string | undefined;
  readonly message: string;
  /** The schema place the harness's own check went through (Ajv's schemaPath); Prism names none. */
  readonly schemaPath?: string;
}

/** A violation list as one line, for failure messages (vitest would show only `[ Array(1) ]`). */
export function describeViolations(list: readonly (Violation | string)[]): string {
  return list
    .map((v) => (typeof v === 'string' ? v : `${v.where ?? ''}${v.at ? ` ${v.at}` : ''}: ${v.message}`))
    .join('; ')
    .slice(0, 2000);
}
