import { z } from 'zod';
import { assessmentStartSchema, redlistStartSchema } from './assessment';
import { contractStartSchema } from './contract-review';
import { decisionSchemas, taskCompletionSchema } from './decisions';
import { disputeStartSchema, riskReportSchema } from './mediation';
import { policySchema } from './policy';
import { objectionSchema, redBlackStartSchema, voteSchema } from './red-black';

export const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict();

/** Every request body by its shape's name: the API parses with them, documents them, and serves them to the pages. */
export const REQUEST_SCHEMAS = {
  login: loginSchema,
  policy: policySchema,
  taskCompletion: taskCompletionSchema,
  contractStart: contractStartSchema,
  redBlackStart: redBlackStartSchema,
  vote: voteSchema,
  objection: objectionSchema,
  disputeStart: disputeStartSchema,
  riskReport: riskReportSchema,
  assessmentStart: assessmentStartSchema,
  redlistStart: redlistStartSchema,
} satisfies Record<string, z.ZodType>;

export type RequestShape = keyof typeof REQUEST_SCHEMAS;
export type RequestBody<S extends RequestShape> = z.infer<(typeof REQUEST_SCHEMAS)[S]>;

/** The name under which each task kind's decision shape is published. */
export const decisionShapeName = (kind: string) => `Decision_${kind}`;

/** The request bodies and every task kind's decision, as JSON Schema of what a client sends (OpenAPI 3.0 or draft 2020-12). */
export function requestJsonSchemas(target: 'openapi-3.0' | 'draft-2020-12'): Record<string, Record<string, unknown>> {
  const shapes: [string, z.ZodType][] = [...Object.entries(REQUEST_SCHEMAS), ...Object.entries(decisionSchemas).map(([kind, s]): [string, z.ZodType] => [decisionShapeName(kind), s])];
  return Object.fromEntries(shapes.map(([name, schema]) => [name, z.toJSONSchema(schema, { target, io: 'input' }) as Record<string, unknown>]));
}
