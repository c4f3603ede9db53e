import { z } from 'zod';
import { assessmentStartSchema, redlistStartSchema } from './assessment';
import { contractStartSchema } from './contract-review';
import { decisionSchemas, taskCompletionSchema } from './decisions';
import { disputeStartSchema, riskReportSchema } from './mediation';
import { savedPolicySchema } from './policy-validation';
import { nominationSchema, objectionSchema, redBlackStartSchema, voteSchema } from './red-black';

export const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict();

/** Every request body by its shape's name: the API parses with them, documents them, and serves them to the pages. */
export const REQUEST_SCHEMAS = {
  login: loginSchema,
  policy: savedPolicySchema,
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

/** The name under which OpenAPI publishes each task kind's decision shape. */
export const decisionShapeName = (kind: string) => `Decision_${kind}`;

const jsonSchemas = (shapes: Record<string, z.ZodType>, target: 'openapi-3.0' | 'draft-2020-12') =>
  Object.fromEntries(Object.entries(shapes).map(([name, schema]) => [name, z.toJSONSchema(schema, { target, io: 'input' }) as Record<string, unknown>]));

/** The OpenAPI components of what clients send: the request bodies by shape name, each decision as `Decision_<kind>`. */
export function openApiRequestSchemas(): Record<string, Record<string, unknown>> {
  return jsonSchemas({ ...REQUEST_SCHEMAS, ...Object.fromEntries(Object.entries(decisionSchemas).map(([kind, s]) => [decisionShapeName(kind), s])) }, 'openapi-3.0');
}

/**
 * What `GET /api/schemas` serves the pages (JSON Schema 2020-12): the request bodies by shape name, each
 * decision by its task kind, and `nomination`, the name the nomination form (a `redblack.nominate` decision) goes by.
 */
export function pageSchemas(): Record<string, Record<string, unknown>> {
  return jsonSchemas({ ...REQUEST_SCHEMAS, nomination: nominationSchema, ...decisionSchemas }, 'draft-2020-12');
}
