import { condition, continueAsNew, ParentClosePolicy, patched, proxyActivities, setHandler, workflowInfo, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { ASSESSMENT_TASKS, checkCorrections, checkScoreSheet, formatTotal, rankVillages, REWARD_TASKS, rewardPlanId, scoreToTenths, tenthsToText, type Approval, type RankedVillage, type ScoreCorrection, type ScoreSheet } from '../libs/domain/src';
import type { AssessmentActivities } from '../activities/assessment.activities';
import { HumanTasks } from './lib/human-tasks';
import { ProcedureLog } from './lib/procedure-log';
import { quarterRecordedSignal } from './lib/assessment-messages';
import { DB_ACTIVITY } from './lib/activity-options';
import { startChildOnce } from './lib/children';
import { leadership, toRows, townOffice } from './lib/assessment';
import type { ProcedureInput } from './lib/procedure-input';
import { rewardPlan } from './reward-plan.workflow';

const acts = proxyActivities<AssessmentActivities>(DB_ACTIVITY);

/** How long the year-end assessment sleeps between checks of the quarters (a quarter's signal wakes it early). */
const QUARTER_POLL = '1 hour';

/**
 * Checks of the quarters in one run of the year-end assessment before it continues as new (about
 * ten events each): its history stays bounded while it waits for months.
 */
export const QUARTER_POLLS_PER_RUN = 168;

export interface AssessmentYearInput extends ProcedureInput {
  year: number;
  /** Set when a run continues as new while waiting for the quarters: the procedure is already recorded. */
  waiting?: boolean;
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
