import { z } from 'zod';
import { AppError, conflict, invalid, notFound } from './errors';
import { issuesText } from './issues';
import { villageQuarterSchema } from './periods';
import { DEFAULT_POLICY, MAX_VOTE_CHANGES, type Policy } from './policy';

/** R1–R5 红黑榜评选: the quarterly red/black list of each village. */
export const REDBLACK_TASKS = {
  nominate: 'redblack.nominate',
  discuss: 'redblack.discuss',
  quorumFailed: 'redblack.quorum_failed',
  objection: 'redblack.objection',
  blackFollowup: 'redblack.black_followup',
  overdueReview: 'redblack.overdue_review',
} as const;

export type Color = 'red' | 'black';

/** A category list from `{id: label}`, in that order. */
const categories = (labels: Record<string, string>) => Object.entries(labels).map(([id, label]) => ({ id, label }));

/** R2: red list categories; `other` needs the reason to say what. */
export const RED_CATEGORIES = categories({ filial_piety: '孝老爱亲典范', harmonious_family: '平安和睦家庭', hardworking: '勤劳致富典型', other: '其他' });

/** R3: the disorder the work plan names for the black list. */
export const BLACK_CATEGORIES = categories({
  neglect_elders: '不赡养老人',
  gambling: '抹牌赌博',
  idleness: '好吃懒做',
  extravagant_ceremony: '大操大办',
  lavish_funeral: '厚葬薄养',
  bad_speech: '散布不良言论',
  troublemaking: '惹是生非',
  illegal_building: '乱搭乱建',
  obstruct_relocation: '拒不配合征地搬迁',
  obstruct_public_works: '阻挠公益项目建设',
  profit_by_trouble: '以闹取利',
  other: '其他',
});

export const CATEGORIES: Record<Color, readonly { id: string; label: string }[]> = { red: RED_CATEGORIES, black: BLACK_CATEGORIES };

export function categoryLabel(color: Color, category: string): string {
  return CATEGORIES[color].find((c) => c.id === category)?.label ?? category;
}

/** One vote's choices as a key, whatever their order: equal keys are the same vote, not a change. */
export const voteKey = (choices: readonly { nomineeId: string; choice: string }[]): string =>
  choices.map((c) => `${c.nomineeId}=${c.choice}`).sort().join('&');

/** The reason of an `other` nominee must say what it is: at least this many characters. */
export const OTHER_REASON_MIN = 4;

const text = (max: number, what: string) => z.string().trim().min(1, `${what}不能为空 / ${what} is required`).max(max);

const nominationEntry = z
  .object({
    name: text(64, '姓名'),
    color: z.enum(['red', 'black']),
    category: z.string().min(1).max(64),
    poorHousehold: z.boolean().optional(),
    reason: text(2000, '推荐理由'),
  })
  .strict()
  .superRefine((n, ctx) => {
    if (!CATEGORIES[n.color].some((c) => c.id === n.category)) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: `不是${n.color === 'red' ? '红榜' : '黑榜'}类别 / not a ${n.color} category: ${n.category}` });
    }
    if (n.category === 'other' && n.reason.length < OTHER_REASON_MIN) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '类别为“其他”时,理由须写明具体情形 / with category other the reason must say what it is' });
    }
  });

export const nominationSchema = z
  .object({
    nominees: z.array(nominationEntry).max(60),
    shortfallReason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

const discussionSchema = z
  .object({
    decisions: z.array(z.object({ nomineeId: z.string().min(1).max(32), approve: z.boolean(), reason: z.string().trim().max(2000).optional() }).strict()).max(60),
    minutes: text(10000, '会议纪要'),
  })
  .strict();

export const redBlackDecisionSchemas = {
  [REDBLACK_TASKS.nominate]: nominationSchema,
  [REDBLACK_TASKS.discuss]: discussionSchema,
  [REDBLACK_TASKS.quorumFailed]: z.object({ action: z.enum(['revote', 'abandon']), reason: text(2000, '理由') }).strict(),
  [REDBLACK_TASKS.objection]: z.object({ uphold: z.boolean(), reason: text(2000, '理由') }).strict(),
  [REDBLACK_TASKS.blackFollowup]: z.object({ handling: text(5000, '处理情况') }).strict(),
  [REDBLACK_TASKS.overdueReview]: z.object({ note: text(5000, '督办意见') }).strict(),
};

export type NominationDecision = z.infer<typeof nominationSchema>;
export type NominationEntry = NominationDecision['nominees'][number];
export type DiscussionDecision = z.infer<typeof discussionSchema>;
export type QuorumFailedDecision = z.infer<(typeof redBlackDecisionSchemas)['redblack.quorum_failed']>;
export type ObjectionDecision = z.infer<(typeof redBlackDecisionSchemas)['redblack.objection']>;
export type BlackFollowupDecision = z.infer<(typeof redBlackDecisionSchemas)['redblack.black_followup']>;

export interface Nominee {
  nomineeId: string;
  name: string;
  color: Color;
  category: string;
  categoryLabel: string;
  poorHousehold: boolean;
  reason: string;
}

export type RedBlackPolicy = Policy['redBlack'];

/** R1/R2: a slate short of the minimum per colour needs a shortfall reason. Null when acceptable. */
export function slateRefusal(slate: NominationDecision, rules: Pick<RedBlackPolicy, 'minRed' | 'minBlack'>): string | null {
  const red = slate.nominees.filter((n) => n.color === 'red').length;
  const black = slate.nominees.filter((n) => n.color === 'black').length;
  if ((red < rules.minRed || black < rules.minBlack) && !slate.shortfallReason) {
    return `红榜至少${rules.minRed}名、黑榜至少${rules.minBlack}名(现红${red}、黑${black}),不足须说明原因 / at least ${rules.minRed} red and ${rules.minBlack} black nominees, or a shortfallReason`;
  }
  if (red + black === 0 && !slate.shortfallReason) return '请至少提名一人 / nominate at least one person';
  return null;
}

/** A slate's shortfall against the minimums, for the R1 compliance record; null when there is none. */
export function slateShortfall(slate: NominationDecision, rules: Pick<RedBlackPolicy, 'minRed' | 'minBlack'>): string | null {
  const red = slate.nominees.filter((n) => n.color === 'red').length;
  const black = slate.nominees.filter((n) => n.color === 'black').length;
  if (red >= rules.minRed && black >= rules.minBlack) return null;
  return `提名不足(红${red}/${rules.minRed},黑${black}/${rules.minBlack}):${slate.shortfallReason ?? ''}`;
}

/** R2: red before black; within red, poor households first; otherwise the order given. */
export function orderNominees<T extends { color: Color; poorHousehold?: boolean }>(list: readonly T[]): T[] {
  const rank = (n: T) => (n.color === 'red' ? (n.poorHousehold ? 0 : 1) : 2);
  return list
    .map((n, i) => ({ n, i }))
    .sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i)
    .map((x) => x.n);
}

/** Gives every nominee of a slate its id (n01, n02, … in the R2 order). */
export function nomineesOf(slate: NominationDecision): Nominee[] {
  return orderNominees(slate.nominees).map((n, i) => ({
    nomineeId: `n${String(i + 1).padStart(2, '0')}`,
    name: n.name,
    color: n.color,
    category: n.category,
    categoryLabel: categoryLabel(n.color, n.category),
    poorHousehold: n.color === 'red' && Boolean(n.poorHousehold),
    reason: n.reason,
  }));
}

/** One decision per nominee, none missing, none extra. Null when acceptable. */
export function discussionRefusal(decision: DiscussionDecision, nomineeIds: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const d of decision.decisions) {
    if (!nomineeIds.includes(d.nomineeId)) return `没有这个被提名人 / unknown nominee ${d.nomineeId}`;
    if (seen.has(d.nomineeId)) return `重复的决定 / more than one decision for ${d.nomineeId}`;
    seen.add(d.nomineeId);
  }
  const missing = nomineeIds.filter((id) => !seen.has(id));
  if (missing.length) return `缺少对以下被提名人的决定 / no decision for ${missing.join(', ')}`;
  return null;
}

export interface Fraction {
  numerator: number;
  denominator: number;
}

/** R4 (村民委员会组织法 art. 26): valid when voted/representatives ≥ quorum, in exact integers. */
export function quorumMet(voted: number, representatives: number, quorum: Fraction): boolean {
  if (representatives <= 0) return false;
  return voted * quorum.denominator >= quorum.numerator * representatives;
}

/** R4: passes with agree/voted > threshold; abstentions count as taking part. */
export function passes(agree: number, voted: number, threshold: Fraction): boolean {
  if (voted <= 0) return false;
  return agree * threshold.denominator > threshold.numerator * voted;
}

export type Choice = 'agree' | 'disagree' | 'abstain';

export const voteChoicesSchema = z
  .array(z.object({ nomineeId: z.string().min(1).max(32), choice: z.enum(['agree', 'disagree', 'abstain']) }).strict())
  .min(1)
  .max(60);

export type VoteChoices = z.infer<typeof voteChoicesSchema>;

/** R4: the body of a vote; `choicesRefusal` then checks it against the ballot. */
export const voteSchema = z.object({ choices: voteChoicesSchema.describe('每位被提名人一个选择 / one choice per nominee') }).strict();

/** R1: a village's quarter starts its procedure. */
export const redBlackStartSchema = villageQuarterSchema;

/** One choice per nominee of the ballot, none missing, unknown or twice. Null when acceptable. */
export function choicesRefusal(choices: unknown, nomineeIds: readonly string[]): string | null {
  const parsed = voteChoicesSchema.safeParse(choices);
  if (!parsed.success) return `选票格式有误 / invalid choices: ${issuesText(parsed.error)}`;
  const seen = new Set<string>();
  for (const c of parsed.data) {
    if (!nomineeIds.includes(c.nomineeId)) return `选票上没有这个被提名人 / unknown nominee ${c.nomineeId}`;
    if (seen.has(c.nomineeId)) return `同一被提名人只能选一次 / more than one choice for ${c.nomineeId}`;
    seen.add(c.nomineeId);
  }
  const missing = nomineeIds.filter((id) => !seen.has(id));
  if (missing.length) return `每位被提名人都须表态 / no choice for ${missing.join(', ')}`;
  return null;
}

export interface NomineeTally {
  nomineeId: string;
  agree: number;
  disagree: number;
  abstain: number;
  passed: boolean;
}

export interface BallotResult {
  representatives: number;
  voted: number;
  quorumMet: boolean;
  nominees: NomineeTally[];
}

/** R4: the tally of a closed ballot; nobody passes when the quorum is not met. */
export function tallyBallot(nomineeIds: readonly string[], votes: readonly VoteChoices[], representatives: number, rules: Pick<RedBlackPolicy, 'quorum' | 'passThreshold'>): BallotResult {
  const voted = votes.length;
  const valid = quorumMet(voted, representatives, rules.quorum);
  const nominees = nomineeIds.map((nomineeId) => {
    const t = { agree: 0, disagree: 0, abstain: 0 };
    for (const v of votes) {
      const c = v.find((x) => x.nomineeId === nomineeId);
      if (c) t[c.choice] += 1;
    }
    return { nomineeId, ...t, passed: valid && passes(t.agree, voted, rules.passThreshold) };
  });
  return { representatives, voted, quorumMet: valid, nominees };
}

export interface Compliance {
  compliant: boolean;
  reasons: string[];
}

/** R1: at least minRed red and minBlack black final entries each quarter (default 3); a nomination shortfall also counts. */
export function complianceOf(final: readonly { color: Color }[], rules: Pick<RedBlackPolicy, 'minRed' | 'minBlack'>, shortfall: string | null = null): Compliance {
  const reasons: string[] = [];
  if (shortfall) reasons.push(shortfall);
  const red = final.filter((e) => e.color === 'red').length;
  const black = final.filter((e) => e.color === 'black').length;
  if (red < rules.minRed) reasons.push(`红榜不足${rules.minRed}名(${red}名) / fewer than ${rules.minRed} red entries`);
  if (black < rules.minBlack) reasons.push(`黑榜不足${rules.minBlack}名(${black}名) / fewer than ${rules.minBlack} black entries`);
  return { compliant: reasons.length === 0, reasons };
}

/** Objections from the public notice board (R5). */
export const objectionSchema = z
  .object({
    name: text(64, '姓名'),
    contact: text(128, '联系方式'),
    nomineeId: z.string().min(1).max(32),
    reason: text(2000, '异议理由'),
  })
  .strict();

export type ObjectionInput = z.infer<typeof objectionSchema>;

/**
 * The key objections are counted by per contact: the same phone number written as
 * `138 0000 0000`, `+86-13800000000` or in full-width digits is one contact.
 */
export function contactKey(contact: string): string {
  const folded = contact.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const digits = folded.replace(/[-().]/g, '');
  if (!/^\+?\d+$/.test(digits)) return folded;
  const mobile = /^(?:\+?86|0086)(1\d{10})$/.exec(digits);
  return mobile ? mobile[1] : digits.replace(/^\+/, '');
}

export interface ObjectionCaps {
  perNotice: number;
  perContact: number;
}

/** R5 caps of a notice, from the policy snapshot of its procedure (one saved before the caps existed gets the defaults). */
export function objectionCaps(rules: Partial<RedBlackPolicy>): ObjectionCaps {
  return {
    perNotice: rules.objectionsPerNotice ?? DEFAULT_POLICY.redBlack.objectionsPerNotice,
    perContact: rules.objectionsPerContact ?? DEFAULT_POLICY.redBlack.objectionsPerContact,
  };
}

/** R4: how often a representative may change their vote, from the policy snapshot (one saved before the cap existed gets today's). */
export const voteChangeCap = (rules: Partial<RedBlackPolicy>): number => rules.voteChangesPerVoter ?? MAX_VOTE_CHANGES;

/** What is known about a notice when an objection arrives, read in the transaction that stores it. */
export interface ObjectionFacts {
  noticeId: string;
  notice: { status: string; endsAt: Date; nomineeIds: readonly string[]; caps: ObjectionCaps } | null;
  nomineeId: string;
  /** Objections the notice holds already, in all and from this contact. */
  filed: number;
  filedByContact: number;
  now: Date;
}

/**
 * R5: why an objection is refused, or null when it is taken. A full notice or a contact that used its
 * share is a conflict with the notice's state (409), not a rate (429): trying again later never helps.
 */
export function objectionRefusal(f: ObjectionFacts): AppError | null {
  const n = f.notice;
  if (!n) return notFound(`没有这个公示 / no notice ${f.noticeId}`);
  if (n.status !== 'open' || n.endsAt.getTime() <= f.now.getTime()) return conflict('公示期已结束,不再受理异议 / the notice period is over');
  if (!n.nomineeIds.includes(f.nomineeId)) return invalid(`公示名单上没有这个人 / no nominee ${f.nomineeId} on this notice`);
  if (f.filed >= n.caps.perNotice) return conflict(`本次公示受理的异议已达上限(${n.caps.perNotice}条) / this notice has taken its maximum of ${n.caps.perNotice} objections`);
  if (f.filedByContact >= n.caps.perContact) return conflict(`同一联系方式对本次公示最多提出${n.caps.perContact}条异议 / at most ${n.caps.perContact} objections per contact on this notice`);
  return null;
}

/** The step of an objection's review task: its id is `{procedureId}/objection-{objectionId}`, known when the objection is stored. */
export const objectionStep = (objectionId: string) => `objection-${objectionId}`;

export type RedBlackStage = 'nomination' | 'discussion' | 'voting' | 'quorum_failed' | 'notice' | 'final' | 'no_list' | 'abandoned';
