import { z } from 'zod';
import { fen } from './money';
import { quarterSchema, villageQuarterSchema, yearSchema } from './periods';
import type { Policy } from './policy';

/**
 * R6–R8 考核与奖励: quarterly and year-end scores, the weighted total, the ranking, the tiers,
 * the village award and the cadre reward pool, and the rules of the cadre split.
 *
 * Scores are kept as integer tenths of a point. A total is an exact rational with the fixed
 * denominator TOTAL_DENOMINATOR (points = units / TOTAL_DENOMINATOR), so totals are compared
 * as integers and shown with a fixed number of decimals computed from integers.
 */
export const ASSESSMENT_TASKS = {
  quarterly: 'assessment.quarterly',
  annual: 'assessment.annual',
  correct: 'assessment.correct',
} as const;

export const REWARD_TASKS = {
  confirm: 'reward.confirm',
  draftSplit: 'reward.draft_split',
  reviewSplit: 'reward.review_split',
  disburse: 'reward.disburse',
} as const;

/** Cadres of a village: the people a cadre reward may be split among (R8). */
export const CADRE_ROLES = ['SECRETARY', 'MEDIATOR', 'COMMITTEE'] as const;

export const PERIODS = ['Q1', 'Q2', 'Q3', 'Q4', 'Y'] as const;
export type Period = (typeof PERIODS)[number];

/** points = units / TOTAL_DENOMINATOR: tenths (×10) × percent weights (×100) × four quarters (×4). */
export const TOTAL_DENOMINATOR = 4000;

/** A score as integer tenths, or null when it is not 0–100 with at most one decimal. */
export function scoreToTenths(score: unknown): number | null {
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 100) return null;
  const tenths = Math.round(score * 10);
  return tenths / 10 === score ? tenths : null;
}

export function tenthsToText(tenths: number): string {
  return `${Math.trunc(tenths / 10)}.${Math.abs(tenths % 10)}`;
}

const scoreValue = z
  .number({ message: '分数必须是数字 / the score must be a number' })
  .min(0, '分数不能低于0 / a score is at least 0')
  .max(100, '分数不能高于100 / a score is at most 100')
  .refine((s) => scoreToTenths(s) !== null, { message: '分数最多一位小数 / a score has at most one decimal' });

const scoreRow = z
  .object({
    villageId: z.string().min(1).max(32),
    score: scoreValue,
    note: z.string().trim().max(500).optional(),
  })
  .strict();

const scoreSheet = z.object({ scores: z.array(scoreRow).min(1, '请填写各村分数 / the scores are required').max(500) }).strict();

const approval = z
  .object({ approve: z.boolean(), comment: z.string().trim().max(2000) })
  .strict()
  .refine((d) => d.approve || d.comment.length > 0, { message: '退回时请填写意见 / a comment is required when returning', path: ['comment'] });

const fenAmount = fen().positive('金额必须大于0 / amountFen must be positive');

export const assessmentDecisionSchemas = {
  [ASSESSMENT_TASKS.quarterly]: scoreSheet,
  [ASSESSMENT_TASKS.annual]: scoreSheet,
  [ASSESSMENT_TASKS.correct]: z
    .object({
      corrections: z
        .array(z.object({ villageId: z.string().min(1).max(32), period: z.enum(PERIODS), score: scoreValue, note: z.string().trim().max(500).optional() }).strict())
        .max(500),
      comment: z.string().trim().max(2000).optional(),
    })
    .strict(),
  [REWARD_TASKS.confirm]: approval,
  [REWARD_TASKS.draftSplit]: z
    .object({
      allocations: z
        .array(z.object({ userId: z.string().min(1).max(64), amountFen: fenAmount, duty: z.string().trim().min(1, '请填写职务 / the duty is required').max(100) }).strict())
        .min(1, '至少分配给一人 / at least one allocation is required')
        .max(100),
      note: z.string().trim().max(2000),
    })
    .strict(),
  [REWARD_TASKS.reviewSplit]: approval,
  [REWARD_TASKS.disburse]: z
    .object({
      paidOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '发放日期格式为 YYYY-MM-DD / paidOn is a date YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { message: '发放日期无效 / paidOn is not a date' }),
      reference: z.string().trim().min(1, '请填写凭证号 / the reference is required').max(200),
    })
    .strict(),
};

export type ScoreSheet = z.infer<typeof scoreSheet>;
export type ScoreCorrection = z.infer<(typeof assessmentDecisionSchemas)['assessment.correct']>;
export type Approval = z.infer<typeof approval>;
export type SplitDecision = z.infer<(typeof assessmentDecisionSchemas)['reward.draft_split']>;
export type DisburseDecision = z.infer<(typeof assessmentDecisionSchemas)['reward.disburse']>;

export const assessmentStartSchema = z
  .object({
    year: yearSchema,
    quarter: quarterSchema.optional(),
  })
  .strict();

/** R6: one score per village, none missing, none extra, none twice; the message names them. */
export function checkScoreSheet(scores: readonly { villageId: string; score: number }[], villageIds: readonly string[]): string | null {
  const known = new Set(villageIds);
  const seen = new Set<string>();
  const twice: string[] = [];
  const extra: string[] = [];
  for (const s of scores) {
    if (!known.has(s.villageId)) extra.push(s.villageId);
    else if (seen.has(s.villageId)) twice.push(s.villageId);
    seen.add(s.villageId);
    if (scoreToTenths(s.score) === null) return `${s.villageId} 的分数 ${s.score} 无效(0–100,最多一位小数) / the score ${s.score} of ${s.villageId} must be 0–100 with at most one decimal`;
  }
  const missing = villageIds.filter((v) => !seen.has(v));
  const problems: string[] = [];
  if (missing.length) problems.push(`缺少村:${missing.join(', ')} / missing villages: ${missing.join(', ')}`);
  if (extra.length) problems.push(`不在考核范围的村:${extra.join(', ')} / unknown villages: ${extra.join(', ')}`);
  if (twice.length) problems.push(`重复评分的村:${twice.join(', ')} / villages scored twice: ${twice.join(', ')}`);
  return problems.length ? problems.join('; ') : null;
}

/** The corrections name known villages and periods, each at most once. */
export function checkCorrections(corrections: readonly { villageId: string; period: string }[], villageIds: readonly string[]): string | null {
  const known = new Set(villageIds);
  const seen = new Set<string>();
  for (const c of corrections) {
    if (!known.has(c.villageId)) return `不在考核范围的村:${c.villageId} / unknown village ${c.villageId}`;
    const key = `${c.villageId}/${c.period}`;
    if (seen.has(key)) return `重复更正:${key} / corrected twice: ${key}`;
    seen.add(key);
  }
  return null;
}

export interface VillageScores {
  villageId: string;
  /** Q1..Q4 in tenths; null when the quarter has no score (counts as 0 and is flagged). */
  quarterlyTenths: (number | null)[];
  annualTenths: number | null;
}

export interface RankedVillage {
  villageId: string;
  quarterlyTenths: (number | null)[];
  annualTenths: number | null;
  /** Total in units of 1/TOTAL_DENOMINATOR point. */
  totalUnits: number;
  /** Quarters (1–4) without a score, counted as 0. */
  missingQuarters: number[];
  annualMissing: boolean;
  rank: number;
  /** 1-based index of the reward tier (policy.rewardTiers sorted by rank). */
  tier: number;
  villageAwardFen: number;
  cadrePoolFen: number;
}

/** R6: units = qw% × (ΣQ / 4) + aw% × Y, exactly, in 1/4000 point. */
export function totalUnits(weights: Policy['assessment'], quarterlyTenths: readonly (number | null)[], annualTenths: number | null): number {
  const sumQ = [0, 1, 2, 3].reduce((s, i) => s + (quarterlyTenths[i] ?? 0), 0);
  return weights.quarterlyWeightPercent * sumQ + 4 * weights.annualWeightPercent * (annualTenths ?? 0);
}

/** A total shown with a fixed number of decimals, rounded half up, computed from integers only. */
export function formatTotal(units: number, decimals = 2): string {
  const scale = 10 ** decimals;
  const scaled = Math.floor((units * scale * 2 + TOTAL_DENOMINATOR) / (2 * TOTAL_DENOMINATOR));
  const whole = Math.floor(scaled / scale);
  const frac = String(scaled % scale).padStart(decimals, '0');
  return decimals ? `${whole}.${frac}` : String(whole);
}

export function sortedTiers(policy: Pick<Policy, 'rewardTiers'>) {
  return [...policy.rewardTiers].sort((a, b) => a.fromRank - b.fromRank);
}

/** The tier of a rank: { tier (1-based), villageAwardFen, cadrePoolFen }, the last tier past the end. */
export function tierOfRank(policy: Pick<Policy, 'rewardTiers'>, rank: number): { tier: number; villageAwardFen: number; cadrePoolFen: number } {
  const tiers = sortedTiers(policy);
  const i = tiers.findIndex((t) => rank >= t.fromRank && rank <= t.toRank);
  const idx = i >= 0 ? i : tiers.length - 1;
  return { tier: idx + 1, villageAwardFen: tiers[idx].villageAwardFen, cadrePoolFen: tiers[idx].cadrePoolFen };
}

/**
 * R6–R8 ranking: highest total first; a tie is broken by the year-end score; villages still tied
 * share the rank (standard competition ranking: 1, 2, 2, 4) and the tier of that rank.
 */
export function rankVillages(policy: Pick<Policy, 'assessment' | 'rewardTiers'>, villages: readonly VillageScores[]): RankedVillage[] {
  const rows = villages.map((v) => {
    const q = [0, 1, 2, 3].map((i) => v.quarterlyTenths[i] ?? null);
    return {
      villageId: v.villageId,
      quarterlyTenths: q,
      annualTenths: v.annualTenths,
      totalUnits: totalUnits(policy.assessment, q, v.annualTenths),
      missingQuarters: q.flatMap((s, i) => (s === null ? [i + 1] : [])),
      annualMissing: v.annualTenths === null,
    };
  });
  rows.sort((a, b) => b.totalUnits - a.totalUnits || (b.annualTenths ?? 0) - (a.annualTenths ?? 0) || (a.villageId < b.villageId ? -1 : a.villageId > b.villageId ? 1 : 0));
  let rank = 0;
  return rows.map((r, i) => {
    const prev = rows[i - 1];
    if (!prev || prev.totalUnits !== r.totalUnits || (prev.annualTenths ?? 0) !== (r.annualTenths ?? 0)) rank = i + 1;
    return { ...r, rank, ...tierOfRank(policy, rank) };
  });
}

/** ¥1,234.56 from integer fen. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Yuan with two decimals and no grouping ("1234.56"), for spreadsheets. */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface Cadre {
  userId: string;
  name?: string;
  villageId: string;
}

/**
 * R8 cadre split: every userId a cadre of the village (SECRETARY, MEDIATOR or COMMITTEE), each
 * once, amounts positive whole fen, adding up exactly to the pool.
 */
export function checkSplit(allocations: readonly { userId: string; amountFen: number }[], poolFen: number, villageId: string, cadres: readonly Cadre[]): string | null {
  const ofVillage = new Set(cadres.filter((c) => c.villageId === villageId).map((c) => c.userId));
  const seen = new Set<string>();
  for (const a of allocations) {
    if (!ofVillage.has(a.userId)) return `${a.userId} 不是本村(${villageId})的村干部(书记、治调委员或两委成员) / ${a.userId} is not a cadre (secretary, mediator or committee member) of ${villageId}`;
    if (seen.has(a.userId)) return `${a.userId} 重复分配 / ${a.userId} is allocated twice`;
    seen.add(a.userId);
    if (!Number.isSafeInteger(a.amountFen) || a.amountFen <= 0) return `${a.userId} 的金额须为正整数分 / the amount of ${a.userId} must be a positive whole number of fen`;
  }
  const sum = allocations.reduce((s, a) => s + a.amountFen, 0);
  if (sum !== poolFen) {
    const diff = poolFen - sum;
    const zh = diff > 0 ? `尚差 ${formatYuan(diff)}` : `超出 ${formatYuan(-diff)}`;
    const en = diff > 0 ? `${formatYuan(diff)} short` : `${formatYuan(-diff)} over`;
    return `分配合计 ${formatYuan(sum)} 与干部奖励总额 ${formatYuan(poolFen)} 不符,${zh} / the allocations add up to ${formatYuan(sum)} but the cadre pool is ${formatYuan(poolFen)}: ${en} (difference ${formatYuan(diff)})`;
  }
  return null;
}

// ---- R9 red-list villager rewards ----

export const REDLIST_TASKS = { reward: 'redlist.reward' } as const;

export const redlistDecisionSchemas = {
  [REDLIST_TASKS.reward]: z
    .object({
      rewards: z
        .array(
          z
            .object({
              entryId: z.string().min(1).max(191),
              form: z.string().trim().min(1, '请填写奖励形式 / the form of the reward is required').max(100),
              amountFen: fenAmount.optional(),
            })
            .strict(),
        )
        .min(1, '请逐一登记红榜村民的奖励 / one reward per red-list entry is required')
        .max(500),
    })
    .strict(),
};

export type RedlistRewardDecision = z.infer<(typeof redlistDecisionSchemas)['redlist.reward']>;

export const redlistStartSchema = villageQuarterSchema;

/** R9: every entry of the quarter's red list exactly once, nothing else. */
export function checkRedlistRewards(rewards: readonly { entryId: string }[], entryIds: readonly string[]): string | null {
  const known = new Set(entryIds);
  const seen = new Set<string>();
  for (const r of rewards) {
    if (!known.has(r.entryId)) return `不是本季度红榜的条目:${r.entryId} / not an entry of this quarter's red list: ${r.entryId}`;
    if (seen.has(r.entryId)) return `重复登记:${r.entryId} / recorded twice: ${r.entryId}`;
    seen.add(r.entryId);
  }
  const missing = entryIds.filter((id) => !seen.has(id));
  if (missing.length) return `尚未登记的红榜村民:${missing.join(', ')} / red-list entries without a reward: ${missing.join(', ')}`;
  return null;
}
