import { z } from 'zod';
import { villageIdSchema } from './periods';
import { MAX_RISK_REPORTS, type Policy } from './policy';
import { candidateFor, type Candidate, type Role } from './roles';

/** R10 "3+2" dispute mediation (矛盾纠纷调解): categories, risk signs, task kinds and the ladder rules. */
export const DISPUTE_CATEGORIES = ['family', 'neighbour', 'land', 'marriage', 'debt', 'labour', 'land_acquisition', 'other'] as const;
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number];

export const RISK_FLAGS = ['skip_level_petition', 'group_petition', 'threat_of_revenge', 'extreme_distress'] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

export const DISPUTE_STATUSES = ['open', 'awaiting_followup', 'closed', 'referred_to_litigation'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export type EscalationReason = 'failed' | 'timeout' | 'risk';

export const MEDIATION_TASKS = {
  session: 'mediation.session',
  counselling: 'mediation.counselling',
  litigation: 'mediation.litigation_guidance',
  followup: 'mediation.followup',
} as const;

const notes = z.string().trim().min(1, '请填写调解情况 / the notes are required').max(5000);

export const mediationDecisionSchemas = {
  [MEDIATION_TASKS.session]: z
    .object({
      outcome: z.enum(['resolved', 'failed', 'continue']),
      agreement: z.string().trim().max(10000).optional(),
      notes,
    })
    .strict()
    .refine((d) => d.outcome !== 'resolved' || (d.agreement !== undefined && d.agreement.length > 0), {
      message: '调解成功须填写调解协议内容 / a resolved session needs the agreement text',
      path: ['agreement'],
    }),
  [MEDIATION_TASKS.counselling]: z
    .object({ actions: z.string().trim().min(1, '请填写疏导帮扶措施 / the actions are required').max(5000), followUpNeeded: z.boolean() })
    .strict(),
  [MEDIATION_TASKS.litigation]: z
    .object({ notes: z.string().trim().min(1, '请填写引导诉讼情况 / the notes are required').max(5000), court: z.string().trim().min(1).max(200).optional() })
    .strict(),
  [MEDIATION_TASKS.followup]: z.object({ kept: z.boolean(), notes: z.string().trim().min(1, '请填写回访情况 / the notes are required').max(5000) }).strict(),
};

export type SessionDecision = z.infer<(typeof mediationDecisionSchemas)['mediation.session']>;
export type CounsellingDecision = z.infer<(typeof mediationDecisionSchemas)['mediation.counselling']>;
export type LitigationDecision = z.infer<(typeof mediationDecisionSchemas)['mediation.litigation_guidance']>;
export type FollowupDecision = z.infer<(typeof mediationDecisionSchemas)['mediation.followup']>;

export const disputeStartSchema = z
  .object({
    villageId: villageIdSchema,
    parties: z
      .array(z.object({ name: z.string().trim().min(1).max(64), contact: z.string().trim().max(64).optional() }).strict())
      .min(1, '至少填写一方当事人 / at least one party')
      .max(50),
    category: z.enum(DISPUTE_CATEGORIES),
    summary: z.string().trim().min(1).max(10000),
    major: z.boolean().optional(),
    riskFlags: z.array(z.enum(RISK_FLAGS)).max(4).optional(),
  })
  .strict();
export type DisputeDetails = z.infer<typeof disputeStartSchema>;

/** Risk signs one case takes, from the policy snapshot of the case (one saved before the cap existed gets today's). */
export const riskReportCap = (rules: Partial<Policy['mediation']>): number => rules.riskReportsPerCase ?? MAX_RISK_REPORTS;

export const riskReportSchema = z.object({ flag: z.enum(RISK_FLAGS), note: z.string().trim().max(2000).default('') }).strict();
export type RiskReport = z.infer<typeof riskReportSchema>;

export type Ladder = Policy['mediation']['ladder'];
export type LadderTier = Ladder[number];

/** Whether a dispute is major: flagged so at registration, or of a category the policy marks major. */
export function isMajorDispute(mediation: Policy['mediation'], d: { category: string; major?: boolean }): boolean {
  return d.major === true || mediation.majorCategories.includes(d.category);
}

/** The roles mediating at a tier (0-based); a major dispute brings the legal adviser into every village tier. */
export function tierRoles(ladder: Ladder, tier: number, major: boolean): Role[] {
  const t = ladder[tier];
  const roles = [...t.roles];
  if (major && t.level === 'village' && !roles.includes('LEGAL_ADVISER')) roles.push('LEGAL_ADVISER');
  return roles;
}

export function tierCandidates(ladder: Ladder, tier: number, major: boolean, villageId: string): Candidate[] {
  return tierRoles(ladder, tier, major).map((r) => candidateFor(r, villageId));
}

/** The tier after a failed or timed-out one, or null when the ladder is exhausted (litigation guidance). */
export function nextTier(ladder: Ladder, tier: number): number | null {
  return tier + 1 < ladder.length ? tier + 1 : null;
}

export function firstTownTier(ladder: Ladder): number | null {
  const i = ladder.findIndex((t) => t.level === 'town');
  return i < 0 ? null : i;
}

export function legalAdviserTier(ladder: Ladder, major: boolean): number | null {
  const i = ladder.findIndex((_, n) => tierRoles(ladder, n, major).includes('LEGAL_ADVISER'));
  return i < 0 ? null : i;
}

export interface RiskEffect {
  /** The tier (0-based) the case jumps to at once, or null when it stays. */
  jumpTo: number | null;
  counselling: boolean;
  /** Town roles mailed at once. */
  notify: Role[];
}

/**
 * R10 risk signs escalate at once: a (group or skip-level) petition takes the case to the first
 * town tier; revenge or distress opens counselling and takes it up to the tier with the legal adviser.
 * A case is never moved down, and only an open case in the ladder moves at all.
 */
export function riskEffect(ladder: Ladder, major: boolean, tier: number, flag: RiskFlag, inLadder: boolean): RiskEffect {
  const petition = flag === 'skip_level_petition' || flag === 'group_petition';
  const target = petition ? firstTownTier(ladder) : legalAdviserTier(ladder, major);
  return {
    jumpTo: inLadder && target !== null && target > tier ? target : null,
    counselling: !petition,
    notify: petition ? ['TOWN_OFFICE', 'TOWN_LEADERSHIP'] : [],
  };
}

/** The levels a case event's detail names (an escalation's `fromLevel`, `toLevel`); null where it names none. */
export function escalationLevels(detail: Record<string, unknown> | null | undefined): { fromLevel: string | null; toLevel: string | null } {
  const level = (v: unknown) => (typeof v === 'string' ? v : null);
  return { fromLevel: level(detail?.fromLevel), toLevel: level(detail?.toLevel) };
}

/** Roles mailed when a case escalates into a tier: its mediators, and the town office on reaching a town tier. */
export function escalationNotify(ladder: Ladder, to: number): Role[] {
  return ladder[to].level === 'town' ? ['TOWN_OFFICE'] : [];
}

export const CATEGORY_LABELS: Record<DisputeCategory, string> = {
  family: '家庭纠纷',
  neighbour: '邻里纠纷',
  land: '土地纠纷',
  marriage: '婚姻纠纷',
  debt: '债务纠纷',
  labour: '劳动纠纷',
  land_acquisition: '征地拆迁纠纷',
  other: '其他纠纷',
};

export const RISK_LABELS: Record<RiskFlag, string> = {
  skip_level_petition: '越级访苗头',
  group_petition: '群体访苗头',
  threat_of_revenge: '扬言报复',
  extreme_distress: '情绪极端',
};
