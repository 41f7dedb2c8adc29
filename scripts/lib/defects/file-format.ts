// capi/file-format: `format: file` on a schema that is no string. Swagger 2 wrote a file as
// `type: file`; converters to OAS 3 left it as `type: object, format: file` (azure.com/
// automation-runbook's `text/powershell` runbook body, 15 specs of the public directory). OAS 3
// writes a file as `type: string, format: binary`; as written, the client's type is an object
// (a file or a text cannot be passed) and the contract tests cannot send the body at all. The
// action writes it the OAS 3 way. A schema that also lists properties, items or a composition
// describes something else and is left alone.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction, RuleContext, SpecNode } from './types.ts';

const SHAPE = ['properties', 'additionalProperties', 'items', 'allOf', 'anyOf', 'oneOf', '$ref'];

/** Whether `schema` is Swagger 2's file as converted: `format: file`, no string type, nothing else that gives it a shape. */
function convertedFile(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return false;
  const s = schema as Record<string, unknown>;
  if (s.format !== 'file' || SHAPE.some((k) => k in s)) return false;
  return s.type === undefined || s.type === 'object';
}

/** The action for a finding at `.../format`: the schema written as a binary string. */
function fileActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs.at(-1) !== 'format') return [];
  const at = segs.slice(0, -1);
  if (!convertedFile(getAt(doc, at))) return [];
  return [
    {
      target: jsonPathOf(at),
      description: `Upstream writes a file as \`format: file\` on a schema that is no string (${where}), Swagger 2's \`type: file\` as converted: the client would type it as an object. Written the OAS 3 way, a binary string.`,
      update: { type: 'string', format: 'binary' },
      'x-fixes': [rule],
    },
  ];
}

export const kind: DefectKind = {
  id: 'capi/file-format',
  severity: 'error',
  stage: 'lint',
  docs: "`format: file` on a schema that is no string (`type: object, format: file`: Swagger 2's `type: file` as converters wrote it in OAS 3; azure.com/automation-runbook's `text/powershell` runbook body): the client types the file or text as an object, and the contract tests cannot send the body. The action writes it `type: string, format: binary`; a schema with properties, items or a composition beside the format is left alone.",
  visitor: () => ({
    Schema: {
      enter(schema: SpecNode, ctx: RuleContext) {
        if (!convertedFile(schema)) return;
        ctx.report({
          message:
            "`format: file` on a schema that is no string (Swagger 2's `type: file` as converted): the client types it as an object. Write a file as `type: string, format: binary`.",
          location: ctx.location.child('format'),
        });
      },
    },
  }),
  fix: perFinding(fileActions),
};
