import { condition, continueAsNew, getExternalWorkflowHandle, ParentClosePolicy, patched, proxyActivities, setHandler, workflowInfo, WorkflowIdReusePolicy } from '@temporalio/workflow';
import {
  ASSESSMENT_TASKS,
  assessmentId,
  candidateFor,
  checkCorrections,
  checkScoreSheet,
  checkSplit,
  formatTotal,
  formatYuan,
  rankVillages,
  REWARD_TASKS,
  rewardPlanId,
  scoreToTenths,
  tenthsToText,
  type Approval,
  type DisburseDecision,
  type Policy,
  type RankedVillage,
  type ScoreCorrection,
  type ScoreSheet,
  type SplitDecision,
} from '../libs/domain/src';
import type { AssessmentActivities } from '../activities/assessment.activities';
import { HumanTasks } from './lib/human-tasks';
import { ProcedureLog } from './lib/procedure-log';
import { quarterRecordedSignal } from './lib/assessment-messages';
import { DB_ACTIVITY } from './lib/activity-options';
import { signalIfRunning, startChildOnce } from './lib/children';

const acts = proxyActivities<AssessmentActivities>(DB_ACTIVITY);

/** How long the year-end assessment sleeps between checks of the quarters (a quarter's signal wakes it early). */
const QUARTER_POLL = '1 hour';

/**
 * Checks of the quarters in one run of the year-end assessment before it continues as new (about
 * ten events each): its history stays bounded while it waits for months.
 */
export const QUARTER_POLLS_PER_RUN = 168;

export interface AssessmentQuarterInput {
  procedureId: string;
  year: number;
  quarter: number;
  policy: Policy;
  policyVersion: number;
  startedBy: string;
}

export interface AssessmentYearInput {
  procedureId: string;
  year: number;
  policy: Policy;
  policyVersion: number;
  startedBy: string;
  /** Set when a run continues as new while waiting for the quarters: the procedure is already recorded. */
  waiting?: boolean;
}

export interface RewardPlanInput {
  procedureId: string;
  year: number;
  villageId: string;
  villageName: string;
  rank: number;
  tier: number;
  villageAwardFen: number;
  cadrePoolFen: number;
  policy: Policy;
  policyVersion: number;
  startedBy: string;
}

const townOffice = () => [candidateFor('TOWN_OFFICE', null)];
const leadership = () => [candidateFor('TOWN_LEADERSHIP', null)];

const toRows = (scores: ScoreSheet['scores']) => scores.map((s) => ({ villageId: s.villageId, scoreTenths: scoreToTenths(s.score)!, note: s.note ?? null }));

/** R6: the town office scores every village for one quarter, with the indicators the system knows. */
export async function assessmentQuarter(input: AssessmentQuarterInput): Promise<{ year: number; quarter: number }> {
  const { procedureId, year, quarter, policy } = input;
  const tasks = new HumanTasks(procedureId, policy);
  const log = new ProcedureLog(procedureId);
  const title = `${year}年第${quarter}季度考核`;
  await log.create({ type: 'assessment', villageId: null, title, stage: 'scoring', startedBy: input.startedBy, policyVersion: input.policyVersion, details: { year, quarter } });
  const villages = await acts.assessmentVillages();
  const ids = villages.map((v) => v.id);
  const indicators = await acts.quarterIndicators({ year, quarter, villageIds: ids });
  const rows = villages.map((v) => {
    const ind = indicators.find((i) => i.villageId === v.id)!;
    return { ...ind, villageId: v.id, name: v.name, redBlackCompliant: ind.redEntries >= policy.redBlack.minRed && ind.blackEntries >= policy.redBlack.minBlack };
  });
  const scored = await tasks.ask<ScoreSheet>({
    step: 'scores',
    kind: ASSESSMENT_TASKS.quarterly,
    title: `${title}评分`,
    villageId: null,
    candidates: townOffice(),
    payload: { year, quarter, period: `Q${quarter}`, villages: rows, minRed: policy.redBlack.minRed, minBlack: policy.redBlack.minBlack },
    refuse: (d: ScoreSheet) => checkScoreSheet(d.scores, ids),
  });
  await acts.recordScores({ year, period: `Q${quarter}`, procedureId, recordedBy: scored.actor.userId, scores: toRows(scored.decision.scores) });
  await log.stage('done', `${title}分数已录入`, { actorId: scored.actor.userId });
  // When the year-end assessment has not started yet, it finds the scores when it does.
  await signalIfRunning(() => getExternalWorkflowHandle(assessmentId(year)).signal(quarterRecordedSignal, quarter));
  return { year, quarter };
}

function rankingView(ranked: RankedVillage[], names: Map<string, string>) {
  return ranked.map((r) => ({
    villageId: r.villageId,
    name: names.get(r.villageId) ?? r.villageId,
    quarterlyScores: r.quarterlyTenths.map((t) => (t === null ? null : tenthsToText(t))),
    annualScore: r.annualTenths === null ? null : tenthsToText(r.annualTenths),
    total: formatTotal(r.totalUnits),
    missingQuarters: r.missingQuarters,
    rank: r.rank,
    tier: r.tier,
    villageAwardFen: r.villageAwardFen,
    cadrePoolFen: r.cadrePoolFen,
  }));
}

/**
 * R6–R8: after the four quarters, the year-end scores; the ranking and tiers; the leadership
 * confirms (or returns it for correction); then each village's cadre reward plan starts.
 */
export async function assessmentYear(input: AssessmentYearInput): Promise<{ year: number; ranking: { villageId: string; rank: number; tier: number }[] }> {
  const { procedureId, year, policy } = input;
  let poked = false;
  setHandler(quarterRecordedSignal, () => {
    poked = true;
  });
  const tasks = new HumanTasks(procedureId, policy);
  const log = new ProcedureLog(procedureId);
  const title = `${year}年度考核`;
  if (!input.waiting) await log.create({ type: 'assessment', villageId: null, title, stage: 'waiting_quarters', startedBy: input.startedBy, policyVersion: input.policyVersion, details: { year } });

  for (let polls = 1; ; polls++) {
    poked = false;
    const periods = await acts.periodsRecorded({ year });
    if (['Q1', 'Q2', 'Q3', 'Q4'].every((q) => periods.includes(q))) break;
    // Nothing is carried but the input: the next run checks the quarters first, so a signal lost in between is not missed.
    if ((workflowInfo().continueAsNewSuggested || polls >= QUARTER_POLLS_PER_RUN) && patched('assessment-year-continue-as-new')) {
      await continueAsNew<typeof assessmentYear>({ ...input, waiting: true });
    }
    await condition(() => poked, QUARTER_POLL);
  }
  await log.stage('scoring', '四个季度考核已完成,开始年终考核 / the four quarters are in; year-end scoring');

  const villages = await acts.assessmentVillages();
  const ids = villages.map((v) => v.id);
  const names = new Map(villages.map((v) => [v.id, v.name]));
  const indicators = await acts.quarterIndicators({ year, villageIds: ids });
  const annual = await tasks.ask<ScoreSheet>({
    step: 'scores',
    kind: ASSESSMENT_TASKS.annual,
    title: `${title}年终评分`,
    villageId: null,
    candidates: townOffice(),
    payload: { year, period: 'Y', villages: villages.map((v) => ({ ...indicators.find((i) => i.villageId === v.id)!, villageId: v.id, name: v.name })) },
    refuse: (d: ScoreSheet) => checkScoreSheet(d.scores, ids),
  });
  await acts.recordScores({ year, period: 'Y', procedureId, recordedBy: annual.actor.userId, scores: toRows(annual.decision.scores) });

  let ranked: RankedVillage[];
  for (let round = 1; ; round++) {
    const scores = await acts.yearScores({ year });
    const of = (v: string, p: string) => scores.find((s) => s.villageId === v && s.period === p)?.scoreTenths ?? null;
    ranked = rankVillages(policy, ids.map((v) => ({ villageId: v, quarterlyTenths: ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => of(v, q)), annualTenths: of(v, 'Y') })));
    const resultRows = ranked.map((r) => ({ villageId: r.villageId, totalUnits: r.totalUnits, rank: r.rank, tier: r.tier, villageAwardFen: r.villageAwardFen, cadrePoolFen: r.cadrePoolFen }));
    await acts.saveRanking({ year, rows: resultRows, status: 'proposed', policyVersion: input.policyVersion });
    await log.stage('confirming', `排名已生成(第${round}轮),待镇党委政府确认`, { details: { round } });
    const confirm = await tasks.ask<Approval>({
      step: `confirm-${round}`,
      kind: REWARD_TASKS.confirm,
      title: `${title}排名与奖励确认(第${round}轮)`,
      villageId: null,
      candidates: leadership(),
      payload: { year, round, ranking: rankingView(ranked, names) },
    });
    if (confirm.decision.approve) {
      await acts.saveRanking({ year, rows: resultRows, status: 'confirmed', policyVersion: input.policyVersion });
      await log.stage('confirmed', `排名已确认:${confirm.decision.comment || '同意'}`, { actorId: confirm.actor.userId });
      break;
    }
    await log.stage('correcting', `排名退回更正:${confirm.decision.comment}`, { actorId: confirm.actor.userId });
    const correction = await tasks.ask<ScoreCorrection>({
      step: `correct-${round}`,
      kind: ASSESSMENT_TASKS.correct,
      title: `${title}分数更正(第${round}轮)`,
      villageId: null,
      candidates: townOffice(),
      payload: { year, round, comment: confirm.decision.comment, ranking: rankingView(ranked, names) },
      refuse: (d: ScoreCorrection) => checkCorrections(d.corrections, ids),
    });
    if (correction.decision.corrections.length) {
      await acts.correctScores({
        year,
        procedureId,
        recordedBy: correction.actor.userId,
        scores: correction.decision.corrections.map((c) => ({ villageId: c.villageId, period: c.period, scoreTenths: scoreToTenths(c.score)!, note: c.note ?? null })),
      });
    }
  }

  await Promise.all(
    ranked.map(async (r) => {
      const planId = rewardPlanId(r.villageId, year);
      // A plan already started (the year-end assessment was run again) stands.
      await startChildOnce(rewardPlan, {
        workflowId: planId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [
          {
            procedureId: planId,
            year,
            villageId: r.villageId,
            villageName: names.get(r.villageId) ?? r.villageId,
            rank: r.rank,
            tier: r.tier,
            villageAwardFen: r.villageAwardFen,
            cadrePoolFen: r.cadrePoolFen,
            policy,
            policyVersion: input.policyVersion,
            startedBy: input.startedBy,
          },
        ],
      });
    }),
  );
  await log.stage('done', '各村奖励分配方案已启动 / every village reward plan has started');
  return { year, ranking: ranked.map((r) => ({ villageId: r.villageId, rank: r.rank, tier: r.tier })) };
}

interface SplitRound {
  round: number;
  allocations: (SplitDecision['allocations'][number] & { name: string })[];
  note: string;
  draftedBy: string;
  approve?: boolean;
  comment?: string;
  reviewedBy?: string;
}

/**
 * R8 村干部奖励分配: the village secretary drafts the split of the cadre pool, the town leadership
 * approves or returns it (as many rounds as needed); approved → payments approved → paid, mailed.
 */
export async function rewardPlan(input: RewardPlanInput): Promise<{ rounds: number; allocations: { userId: string; amountFen: number }[] }> {
  const { procedureId, year, villageId, policy } = input;
  const tasks = new HumanTasks(procedureId, policy);
  const log = new ProcedureLog(procedureId);
  const base = { year, villageId, villageName: input.villageName, rank: input.rank, rewardTier: input.tier, poolFen: input.cadrePoolFen, villageAwardFen: input.villageAwardFen };
  await log.create({
    type: 'reward-plan',
    villageId,
    title: `${year}年度${input.villageName}村干部奖励分配`,
    stage: 'drafting',
    startedBy: input.startedBy,
    policyVersion: input.policyVersion,
    details: { ...base },
  });
  const rounds: SplitRound[] = [];
  for (let round = 1; ; round++) {
    const cadres = await acts.villageCadres({ villageId });
    const draft = await tasks.ask<SplitDecision>({
      step: `draft-${round}`,
      kind: REWARD_TASKS.draftSplit,
      title: `${year}年度村干部奖励分配方案(第${round}轮,总额${formatYuan(input.cadrePoolFen)})`,
      villageId,
      candidates: [candidateFor('SECRETARY', villageId)],
      payload: { ...base, round, cadres, rounds },
      refuse: (d: SplitDecision) => checkSplit(d.allocations, input.cadrePoolFen, villageId, cadres),
    });
    const names = new Map(cadres.map((c) => [c.userId, c.name]));
    const current: SplitRound = { round, allocations: draft.decision.allocations.map((a) => ({ ...a, name: names.get(a.userId) ?? a.userId })), note: draft.decision.note, draftedBy: draft.actor.userId };
    await log.stage('in_review', `分配方案已提交(第${round}轮)`, { actorId: draft.actor.userId, details: { round } });
    const review = await tasks.ask<Approval>({
      step: `review-${round}`,
      kind: REWARD_TASKS.reviewSplit,
      title: `${input.villageName}村干部奖励分配审批(第${round}轮,总额${formatYuan(input.cadrePoolFen)})`,
      villageId,
      candidates: leadership(),
      payload: { ...base, round, allocations: current.allocations, note: current.note, draftedBy: current.draftedBy, rounds },
    });
    rounds.push({ ...current, approve: review.decision.approve, comment: review.decision.comment, reviewedBy: review.actor.userId });
    if (!review.decision.approve) {
      await log.stage('drafting', `分配方案退回(第${round}轮):${review.decision.comment}`, { actorId: review.actor.userId, details: { round } });
      continue;
    }
    await acts.approvePayments({
      payments: [
        { id: `${procedureId}/village`, year, villageId, planId: procedureId, kind: 'village', userId: null, name: input.villageName, duty: '村集体考核奖励', amountFen: input.villageAwardFen },
        ...current.allocations.map((a) => ({ id: `${procedureId}/cadre/${a.userId}`, year, villageId, planId: procedureId, kind: 'cadre' as const, userId: a.userId, name: a.name.slice(0, 64), duty: a.duty, amountFen: a.amountFen })),
      ],
    });
    await log.stage('approved', `分配方案已批准:${review.decision.comment || '同意'}`, { actorId: review.actor.userId, details: { rounds: round, allocations: current.allocations } });
    const paid = await tasks.ask<DisburseDecision>({
      step: 'disburse',
      kind: REWARD_TASKS.disburse,
      title: `${input.villageName}${year}年度考核奖励发放`,
      villageId,
      candidates: townOffice(),
      payload: { ...base, allocations: current.allocations, totalFen: input.villageAwardFen + input.cadrePoolFen },
    });
    await acts.markPaid({ planId: procedureId, year, paidOn: paid.decision.paidOn, reference: paid.decision.reference });
    await log.stage('paid', `奖励已发放(${paid.decision.paidOn},${paid.decision.reference})`, { actorId: paid.actor.userId, details: { paidOn: paid.decision.paidOn, reference: paid.decision.reference } });
    return { rounds: round, allocations: current.allocations.map((a) => ({ userId: a.userId, amountFen: a.amountFen })) };
  }
}
