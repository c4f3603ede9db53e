import { z } from 'zod';
import { contractDecisionSchemas } from './contract-review';
import { issuesText } from './issues';
import { mediationDecisionSchemas } from './mediation';
import { redBlackDecisionSchemas } from './red-black';
import { assessmentDecisionSchemas, redlistDecisionSchemas } from './assessment';

/** Every task kind's decision shape, by kind: the API, the workflows and the OpenAPI document share it. */
export const decisionSchemas: Record<string, z.ZodType> = {
  ...contractDecisionSchemas,
  ...mediationDecisionSchemas,
  ...redBlackDecisionSchemas,
  ...assessmentDecisionSchemas,
  ...redlistDecisionSchemas,
};

/** The body that completes a task: the decision is checked against its task kind's schema (`checkDecision`). */
export const taskCompletionSchema = z
  .object({
    decision: z.record(z.string(), z.unknown()).describe('The decision; its shape depends on the task kind: one of the Decision_<kind> schemas.'),
    comment: z.string().max(2000).optional(),
  })
  .strict();

export type DecisionCheck = { ok: true; decision: unknown } | { ok: false; message: string };

export function checkDecision(kind: string, decision: unknown): DecisionCheck {
  const schema = decisionSchemas[kind];
  if (!schema) return { ok: false, message: `unknown task kind ${kind}` };
  const result = schema.safeParse(decision);
  if (result.success) return { ok: true, decision: result.data };
  return {
    ok: false,
    message: issuesText(result.error),
  };
}
