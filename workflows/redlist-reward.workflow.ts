import { proxyActivities } from '@temporalio/workflow';
import { candidateFor, checkRedlistRewards, REDLIST_TASKS, type RedlistRewardDecision } from '../libs/domain/src';
import type { AssessmentActivities } from '../activities/assessment.activities';
import { HumanTasks } from './lib/human-tasks';
import { ProcedureLog } from './lib/procedure-log';
import { DB_ACTIVITY } from './lib/activity-options';
import type { VillageQuarterInput } from './lib/procedure-input';

const acts = proxyActivities<AssessmentActivities>(DB_ACTIVITY);

export type RedlistRewardInput = VillageQuarterInput;

/**
 * R9 红榜村民奖励: once a quarter's red list is final, the village secretary records what each
 * red-list villager received under the village's own measures, every entry exactly once.
 */
export async function redlistReward(input: RedlistRewardInput): Promise<{ recorded: number }> {
  const { procedureId, villageId, year, quarter } = input;
  const tasks = new HumanTasks(procedureId, input.policy);
  const log = new ProcedureLog(procedureId);
  const title = `${year}年第${quarter}季度红榜村民奖励`;
  await log.create({ type: 'redlist-reward', villageId, title, stage: 'recording', startedBy: input.startedBy, policyVersion: input.policyVersion, details: { year, quarter } });
  const entries = await acts.redListEntries({ villageId, year, quarter });
  if (!entries.length) {
    await log.stage('done', '本季度红榜无人,无需登记 / the red list of the quarter is empty');
    return { recorded: 0 };
  }
  const ids = entries.map((e) => e.entryId);
  const decided = await tasks.ask<RedlistRewardDecision>({
    step: 'reward',
    kind: REDLIST_TASKS.reward,
    title: `${title}登记`,
    villageId,
    candidates: [candidateFor('SECRETARY', villageId)],
    payload: { year, quarter, entries },
    refuse: (d: RedlistRewardDecision) => checkRedlistRewards(d.rewards, ids),
  });
  const names = new Map(entries.map((e) => [e.entryId, e.name]));
  await acts.recordRedlistRewards({
    villageId,
    year,
    quarter,
    procedureId,
    recordedBy: decided.actor.userId,
    rewards: decided.decision.rewards.map((r) => ({ ...r, name: names.get(r.entryId) ?? r.entryId })),
  });
  await log.stage('done', `已登记 ${entries.length} 名红榜村民的奖励`, { actorId: decided.actor.userId });
  return { recorded: entries.length };
}
