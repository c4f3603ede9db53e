import { z } from 'zod';
import { fen } from './money';
import { villageIdSchema } from './periods';

/** R11: village contracts and agreements are reviewed by the legal adviser before signing. */
export const CONTRACT_TASKS = {
  review: 'contract.review',
  revise: 'contract.revise',
  sign: 'contract.sign',
} as const;

export const contractDecisionSchemas = {
  [CONTRACT_TASKS.review]: z
    .object({ approve: z.boolean(), opinion: z.string().trim().min(1, '审核意见不能为空 / the opinion is required').max(5000) })
    .strict(),
  [CONTRACT_TASKS.revise]: z.object({ summary: z.string().trim().min(1, '合同摘要不能为空 / the summary is required').max(10000) }).strict(),
  [CONTRACT_TASKS.sign]: z.object({ signed: z.literal(true, { message: '请确认已签订 / signed must be true' }) }).strict(),
};

export type ContractReviewDecision = z.infer<(typeof contractDecisionSchemas)['contract.review']>;
export type ContractReviseDecision = z.infer<(typeof contractDecisionSchemas)['contract.revise']>;

export type ContractStage = 'review' | 'revise' | 'sign' | 'done';

export const contractStartSchema = z
  .object({
    villageId: villageIdSchema,
    title: z.string().trim().min(1).max(200),
    counterparty: z.string().trim().min(1).max(200),
    amountFen: fen().nonnegative(),
    summary: z.string().trim().min(1).max(10000),
  })
  .strict();

export type ContractDetails = z.infer<typeof contractStartSchema>;
