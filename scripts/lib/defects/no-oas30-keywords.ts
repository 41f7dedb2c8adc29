// capi/no-oas30-keywords: OAS 3.0 schema keywords mean nothing in an OAS 3.1 (JSON Schema
// 2020-12) document: `nullable` is ignored, so null is rejected where the author meant to allow
// it; boolean exclusiveMinimum/exclusiveMaximum are invalid. Use type: [T, 'null'] and numeric
// exclusives.
import { jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind, FixFunction } from './types.ts';

const child = (node: unknown, key: string | number): unknown => (node as Record<string | number, unknown> | null | undefined)?.[key];

/**
 * The actions for OAS 3.0 `nullable`: the 3.1 form of the same type (type [T, 'null'], or
 * anyOf [$ref, null] beside a $ref), then the keyword removed. Also used, while `struct` is not a
 * kind of its own, for Redocly's struct findings that are all `nullable` (lint-hints.ts).
 */
export const nullableFix: FixFunction = (findings, ctx) => {
  const { rule } = ctx;
  for (const f of findings) {
    const segs = typedPath(ctx.doc, parsePointer(f.pointer ?? ''));
    const at = segs.at(-1) === 'nullable' ? segs.slice(0, -1) : segs;
    // the schema (or whatever is there): each field read is checked below
    const node = at.reduce<unknown>(child, ctx.doc) as { nullable?: unknown; $ref?: unknown; type?: unknown } | null | undefined;
    if (rule === 'capi/no-oas30-keywords' && node?.nullable === true && typeof node.$ref === 'string') {
      // beside a $ref: the referenced schema or null, the OAS 3.1 way
      ctx.push(f, {
        target: jsonPathOf(at),
        description: `OAS 3.0 \`nullable\` beside a \`$ref\` in an OAS 3.1 document (${ctx.where(f)}): the referenced schema or null (step 1 of 3).`,
        update: { anyOf: [{ $ref: node.$ref }, { type: 'null' }] },
      });
      ctx.push(f, { target: jsonPathOf([...at, '$ref']), description: 'The $ref now inside anyOf (step 2 of 3).', remove: true });
    } else if (rule === 'capi/no-oas30-keywords' && typeof node?.type === 'string') {
      // 3.1 form: type [<type>, 'null']; a scalar cannot be updated into a list, so remove it first
      ctx.push(f, {
        target: `${jsonPathOf(at)}.type`,
        description: `OAS 3.0 \`nullable\` in an OAS 3.1 document (${ctx.where(f)}): drop the scalar type (step 1 of 3).`,
        remove: true,
      });
      ctx.push(f, {
        target: jsonPathOf(at),
        description: 'Allow null the OAS 3.1 way (step 2 of 3).',
        update: { type: [node.type, 'null'] },
      });
    }
    ctx.push(f, {
      target: `${jsonPathOf(at)}.nullable`,
      description:
        rule === 'struct'
          ? `\`nullable\` without a \`type\` (${ctx.where(f)}) is invalid; drop the keyword.`
          : 'Remove the OAS 3.0 keyword (step 3 of 3).',
      remove: true,
    });
  }
  return undefined;
};

export const kind: DefectKind = {
  id: 'capi/no-oas30-keywords',
  severity: 'error',
  stage: 'lint',
  docs: "OAS 3.0 keywords in an OAS 3.1 document: `nullable` is ignored there (null is refused where the author meant to allow it; beside a `$ref` Ajv refuses it), boolean `exclusiveMinimum`/`exclusiveMaximum` are invalid. The action writes `nullable` the 3.1 way (`type: [T, 'null']`, or `anyOf: [{ $ref }, { type: 'null' }]` beside a `$ref`) and removes the keyword.",
  visitor: () => {
    let is31 = false;
    return {
      Root: {
        enter(root) {
          is31 = /^3\.[1-9]/.test(String(root?.openapi ?? ''));
        },
      },
      // a schema that is a `$ref` with siblings (3.1 allows them): Redocly visits the target, not
      // the node beside it, so `nullable` there is caught here (Ajv refuses it: "nullable" cannot
      // be used without "type"; codat.io has 13)
      ref: {
        enter(node, ctx) {
          if (!is31 || !node || typeof node !== 'object' || !('nullable' in node)) return;
          ctx.report({
            message: "OAS 3.0 keyword `nullable` beside a `$ref` in an OAS 3.1 document: use `anyOf: [{ $ref }, { type: 'null' }]`.",
            location: ctx.location.child('nullable').key(),
          });
        },
      },
      Schema: {
        enter(schema, ctx) {
          if (!is31 || !schema || typeof schema !== 'object') return;
          if ('nullable' in schema) {
            ctx.report({
              message: "OAS 3.0 keyword `nullable` in an OAS 3.1 document: use `type: [<type>, 'null']`.",
              location: ctx.location.child('nullable').key(),
            });
          }
          for (const k of ['exclusiveMinimum', 'exclusiveMaximum']) {
            if (typeof schema[k] === 'boolean') {
              ctx.report({
                message: `OAS 3.0 boolean \`${k}\` in an OAS 3.1 document: give the bound as a number.`,
                location: ctx.location.child(k).key(),
              });
            }
          }
        },
      },
    };
  },
  fix: nullableFix,
};
