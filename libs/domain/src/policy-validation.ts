import { checkDecision } from './decisions';
import { policySchema, type Policy } from './policy';

/**
 * A policy as it may be saved: the policy's own rules, and every default outcome a decision its
 * task accepts (the workflow applies it when the deadline passes). Apart from policy.ts, which the
 * procedures' decision schemas read, so that the two do not import each other.
 */
export const savedPolicySchema = policySchema.superRefine((p, ctx) => {
  for (const [kind, timing] of Object.entries(p.tasks)) {
    timing.onTimeout.forEach((step, i) => {
      if (step.action !== 'default') return;
      const check = checkDecision(kind, step.decision);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['tasks', kind, 'onTimeout', i, 'decision'], message: `the default decision is not a valid ${kind} decision: ${check.message}` });
    });
  }
});

export interface PolicyError {
  path: string;
  message: string;
}

export type PolicyValidation = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

export function validatePolicy(input: unknown): PolicyValidation {
  const result = savedPolicySchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
  };
}
