import { proxyActivities } from '@temporalio/workflow';
import { candidateFor, checkSplit, clip, formatYuan, REWARD_TASKS, type Approval, type DisburseDecision, type SplitDecision } from '../libs/domain/src';
import type { AssessmentActivities } from '../activities/assessment.activities';
import { HumanTasks } from './lib/human-tasks';
import { ProcedureLog } from './lib/procedure-log';
import { DB_ACTIVITY } from './lib/activity-options';
import { leadership, townOffice } from './lib/assessment';
import type { ProcedureInput } from './lib/procedure-input';

const acts = proxyActivities<AssessmentActivities>(DB_ACTIVITY);

export interface RewardPlanInput extends ProcedureInput {
  year: number;
  villageId: string;
  villageName: string;
  rank: number;
  tier: number;
  villageAwardFen: number;
  cadrePoolFen: number;
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
        ...current.allocations.map((a) => ({ id: `${procedureId}/cadre/${a.userId}`, year, villageId, planId: procedureId, kind: 'cadre' as const, userId: a.userId, name: clip(a.name, 64), duty: a.duty, amountFen: a.amountFen })),
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
