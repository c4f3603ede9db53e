import { z } from 'zod';
import { ROLES } from './roles';
import { isPositiveDuration } from './durations';
import { fen } from './money';

/** The caps before they were policy values: the defaults, and the caps of policy snapshots saved before the fields existed. */
export const MAX_VOTE_CHANGES = 10;
export const MAX_RISK_REPORTS = 50;

const duration = z.string().refine(isPositiveDuration, { message: 'must be a positive ISO-8601 duration such as P7D or PT30S' });
const role = z.enum(ROLES);
const fraction = z
  .object({ numerator: z.number().int().positive(), denominator: z.number().int().positive() })
  .strict()
  .refine((f) => f.numerator <= f.denominator, { message: 'a fraction must be at most 1' });

const timeoutStep = z.discriminatedUnion('action', [
  z.object({ action: z.literal('remind'), extendBy: duration }).strict(),
  z
    .object({
      action: z.literal('reassign'),
      addRoles: z.array(role).min(1),
      notifyRoles: z.array(role).default([]),
      extendBy: duration,
    })
    .strict(),
  z.object({ action: z.literal('default'), decision: z.record(z.string(), z.unknown()) }).strict(),
]);

const taskTiming = z
  .object({
    due: duration,
    remindAt: z.array(duration).default([]),
    onTimeout: z.array(timeoutStep).default([]),
  })
  .strict();

const rewardTier = z
  .object({
    fromRank: z.number().int().positive(),
    toRank: z.number().int().positive(),
    villageAwardFen: fen().nonnegative(),
    cadrePoolFen: fen().nonnegative(),
  })
  .strict();

const ladderTier = z
  .object({
    name: z.string().min(1),
    level: z.enum(['village', 'town']),
    roles: z.array(role).min(1),
    timeLimit: duration,
  })
  .strict();

export const policySchema = z
  .object({
    villageCount: z.number().int().positive(),
    redBlack: z
      .object({
        minRed: z.number().int().nonnegative(),
        minBlack: z.number().int().nonnegative(),
        quorum: fraction,
        passThreshold: fraction,
        voteDuration: duration,
        voteExtension: duration,
        noticePeriod: duration,
        /**
         * R5 objections are public: caps per notice and per contact keep a flood from burying the
         * committees and the procedure's history: every objection is one review task, about 26 history
         * events and one completion Update, so at most 200 keep a notice far from Temporal's limits.
         * Snapshots saved before the caps existed get the defaults.
         */
        objectionsPerNotice: z.number().int().positive().max(200).default(100),
        objectionsPerContact: z.number().int().positive().max(50).default(5),
        /** R4: how often a representative may change their vote on one ballot; each change is an Update in the history. */
        voteChangesPerVoter: z.number().int().positive().max(50).default(MAX_VOTE_CHANGES),
      })
      .strict()
      .refine((r) => r.objectionsPerContact <= r.objectionsPerNotice, { path: ['objectionsPerContact'], message: 'at most objectionsPerNotice' }),
    assessment: z
      .object({ quarterlyWeightPercent: z.number().int().min(0).max(100), annualWeightPercent: z.number().int().min(0).max(100) })
      .strict()
      .refine((w) => w.quarterlyWeightPercent + w.annualWeightPercent === 100, { message: 'the weights must add up to 100' }),
    rewardTiers: z.array(rewardTier).min(1),
    mediation: z
      .object({
        ladder: z.array(ladderTier).min(1),
        followUpAfter: duration,
        majorCategories: z.array(z.string()).default([]),
        /** R10: risk signs one case takes; each is an Update and an event in its history, which must stay bounded. */
        riskReportsPerCase: z.number().int().positive().max(200).default(MAX_RISK_REPORTS),
      })
      .strict(),
    tasks: z.record(z.string().regex(/^[a-z_]+\.[a-z_]+$/), taskTiming),
  })
  .strict()
  .superRefine((p, ctx) => {
    const tiers = [...p.rewardTiers].sort((a, b) => a.fromRank - b.fromRank);
    let expected = 1;
    for (const t of tiers) {
      if (t.fromRank !== expected || t.toRank < t.fromRank) {
        ctx.addIssue({ code: 'custom', path: ['rewardTiers'], message: `reward tiers must cover ranks 1..${p.villageCount} without gaps or overlaps (at rank ${expected})` });
        return;
      }
      expected = t.toRank + 1;
    }
    if (expected !== p.villageCount + 1) {
      ctx.addIssue({ code: 'custom', path: ['rewardTiers'], message: `reward tiers must end at rank ${p.villageCount}` });
    }
  });

export type Policy = z.infer<typeof policySchema>;
export type TaskTiming = z.infer<typeof taskTiming>;
export type TimeoutStep = z.infer<typeof timeoutStep>;

const yuan = (n: number) => n * 100;

export const DEFAULT_POLICY: Policy = {
  villageCount: 17,
  redBlack: {
    minRed: 3,
    minBlack: 3,
    quorum: { numerator: 2, denominator: 3 },
    passThreshold: { numerator: 1, denominator: 2 },
    voteDuration: 'P3D',
    voteExtension: 'P2D',
    noticePeriod: 'P7D',
    objectionsPerNotice: 100,
    objectionsPerContact: 5,
    voteChangesPerVoter: MAX_VOTE_CHANGES,
  },
  assessment: { quarterlyWeightPercent: 80, annualWeightPercent: 20 },
  rewardTiers: [
    { fromRank: 1, toRank: 2, villageAwardFen: yuan(40000), cadrePoolFen: yuan(6000) },
    { fromRank: 3, toRank: 7, villageAwardFen: yuan(30000), cadrePoolFen: yuan(4000) },
    { fromRank: 8, toRank: 15, villageAwardFen: yuan(20000), cadrePoolFen: yuan(3000) },
    { fromRank: 16, toRank: 17, villageAwardFen: yuan(10000), cadrePoolFen: yuan(2000) },
  ],
  mediation: {
    ladder: [
      { name: '调解小组/网格员', level: 'village', roles: ['MEDIATOR'], timeLimit: 'P3D' },
      { name: '村调委会', level: 'village', roles: ['MEDIATOR', 'COMMITTEE'], timeLimit: 'P7D' },
      { name: '村两委+法律顾问', level: 'village', roles: ['COMMITTEE', 'LEGAL_ADVISER'], timeLimit: 'P10D' },
      { name: '镇调委会/司法所', level: 'town', roles: ['TOWN_MEDIATION'], timeLimit: 'P15D' },
      { name: '镇综治中心', level: 'town', roles: ['TOWN_OFFICE', 'TOWN_MEDIATION'], timeLimit: 'P15D' },
    ],
    followUpAfter: 'P30D',
    majorCategories: ['land_acquisition'],
    riskReportsPerCase: MAX_RISK_REPORTS,
  },
  tasks: {
    'contract.review': {
      due: 'P5D',
      remindAt: ['P3D'],
      onTimeout: [{ action: 'reassign', addRoles: ['TOWN_OFFICE'], notifyRoles: [], extendBy: 'P5D' }],
    },
    'contract.revise': { due: 'P7D', remindAt: ['P5D'], onTimeout: [{ action: 'remind', extendBy: 'P7D' }] },
    'contract.sign': { due: 'P5D', remindAt: ['P3D'], onTimeout: [{ action: 'remind', extendBy: 'P5D' }] },
    'mediation.counselling': { due: 'P2D', remindAt: ['P1D'], onTimeout: [{ action: 'reassign', addRoles: ['TOWN_OFFICE'], notifyRoles: [], extendBy: 'P2D' }] },
    'mediation.litigation_guidance': { due: 'P7D', remindAt: ['P5D'], onTimeout: [{ action: 'remind', extendBy: 'P7D' }] },
    'mediation.followup': { due: 'P7D', remindAt: ['P5D'], onTimeout: [{ action: 'remind', extendBy: 'P7D' }] },
    'redblack.nominate': {
      due: 'P15D',
      remindAt: ['P10D'],
      onTimeout: [{ action: 'reassign', addRoles: ['SECRETARY'], notifyRoles: ['TOWN_OFFICE'], extendBy: 'P5D' }],
    },
    'redblack.discuss': { due: 'P7D', remindAt: ['P5D'], onTimeout: [{ action: 'reassign', addRoles: ['SECRETARY'], notifyRoles: ['TOWN_OFFICE'], extendBy: 'P3D' }] },
    'redblack.quorum_failed': { due: 'P7D', remindAt: ['P5D'], onTimeout: [{ action: 'remind', extendBy: 'P7D' }] },
    'redblack.objection': { due: 'P5D', remindAt: ['P3D'], onTimeout: [{ action: 'reassign', addRoles: ['TOWN_OFFICE'], notifyRoles: [], extendBy: 'P5D' }] },
    'redblack.black_followup': { due: 'P15D', remindAt: ['P10D'], onTimeout: [{ action: 'remind', extendBy: 'P15D' }] },
    'redblack.overdue_review': { due: 'P7D', remindAt: [], onTimeout: [] },
    'assessment.quarterly': { due: 'P15D', remindAt: ['P10D'], onTimeout: [{ action: 'remind', extendBy: 'P5D' }] },
    'assessment.annual': { due: 'P15D', remindAt: ['P10D'], onTimeout: [{ action: 'remind', extendBy: 'P5D' }] },
    'assessment.correct': { due: 'P7D', remindAt: ['P5D'], onTimeout: [{ action: 'remind', extendBy: 'P5D' }] },
    'reward.confirm': { due: 'P7D', remindAt: ['P5D'], onTimeout: [{ action: 'remind', extendBy: 'P7D' }] },
    'reward.draft_split': { due: 'P15D', remindAt: ['P10D'], onTimeout: [{ action: 'reassign', addRoles: ['TOWN_OFFICE'], notifyRoles: [], extendBy: 'P7D' }] },
    'reward.review_split': { due: 'P7D', remindAt: ['P5D'], onTimeout: [{ action: 'remind', extendBy: 'P7D' }] },
    'reward.disburse': { due: 'P15D', remindAt: ['P10D'], onTimeout: [{ action: 'remind', extendBy: 'P15D' }] },
    'redlist.reward': { due: 'P30D', remindAt: ['P25D'], onTimeout: [{ action: 'remind', extendBy: 'P7D' }] },
  },
};

/** The timing of a task kind; a kind the policy does not name gets no deadline. */
export function taskTimingOf(policy: Policy, kind: string): TaskTiming | null {
  return policy.tasks[kind] ?? null;
}
