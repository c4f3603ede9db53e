import { ParentClosePolicy, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { assessmentId, quarterOf, redBlackWorkflowId, REDBLACK_TASKS, type Policy } from '../libs/domain/src';
import type { RedBlackActivities } from '../activities/red-black.activities';
import { HumanTasks } from './lib/human-tasks';
import { ProcedureLog } from './lib/procedure-log';
import { assessmentQuarter } from './assessment-quarter.workflow';
import { redBlack } from './red-black.workflow';
import { DB_ACTIVITY } from './lib/activity-options';
import { startChildOnce } from './lib/children';

const acts = proxyActivities<RedBlackActivities>(DB_ACTIVITY);

export interface QuarterInput {
  /** The quarter; by default the one the schedule meant this run for (or, started by hand, the one it runs in), in the town's time zone. */
  year?: number;
  quarter?: number;
}

/** Set by Temporal Schedules on every run they start: the time the run was scheduled for. */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * The quarter a run is for: the input's, else the quarter of the scheduled time, so a late
 * catch-up run (a backfill, a worker down at quarter end) closes the quarter it was meant for;
 * started by hand, the quarter it started in. Runs started before this rule replay with the time they ran at.
 */
function quarterFor(input: QuarterInput, timezone: string): { year: number; quarter: number } {
  if (input.year && input.quarter) return { year: input.year, quarter: input.quarter };
  if (!patched('quarter-from-scheduled-time')) return quarterOf(Date.now(), timezone);
  const info = workflowInfo();
  return quarterOf((info.typedSearchAttributes.get(SCHEDULED_START_TIME) ?? info.startTime).getTime(), timezone);
}

/** R1, scheduled at the start of each quarter: starts every village's red/black procedure, skipping those already started. */
export async function redBlackQuarterStart(input: QuarterInput = {}): Promise<{ year: number; quarter: number; started: string[]; existing: string[] }> {
  const ctx = await acts.quarterContext();
  const { year, quarter } = quarterFor(input, ctx.timezone);
  const started: string[] = [];
  const existing: string[] = [];
  for (const villageId of ctx.villageIds) {
    const procedureId = redBlackWorkflowId(villageId, year, quarter);
    const fresh = await startChildOnce(redBlack, {
      workflowId: procedureId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ procedureId, villageId, year, quarter, policy: ctx.policy as Policy, policyVersion: ctx.policyVersion, startedBy: 'system' }],
    });
    (fresh ? started : existing).push(procedureId);
  }
  return { year, quarter, started, existing };
}

/**
 * Scheduled at each quarter's end: the quarter's assessment (R6) starts, procedures not yet
 * final are marked overdue and TOWN_OFFICE gets one review task listing them.
 */
export async function redBlackQuarterEnd(input: QuarterInput = {}): Promise<{ year: number; quarter: number; overdue: string[] }> {
  const ctx = await acts.quarterContext();
  const { year, quarter } = quarterFor(input, ctx.timezone);
  const assessment = assessmentId(year, quarter);
  await startChildOnce(assessmentQuarter, {
    workflowId: assessment,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [{ procedureId: assessment, year, quarter, policy: ctx.policy as Policy, policyVersion: ctx.policyVersion, startedBy: 'system' }],
  });
  const overdue = await acts.overdueVillages({ year, quarter });
  if (overdue.length === 0) return { year, quarter, overdue: [] };
  const id = workflowInfo().workflowId;
  const policy = ctx.policy as Policy;
  const log = new ProcedureLog(id);
  const title = `${year}年第${quarter}季度红黑榜逾期督办`;
  await log.create({ type: 'redblack-overdue', villageId: null, title, stage: 'review', startedBy: 'system', policyVersion: ctx.policyVersion, details: { year, quarter, overdue } });
  const tasks = new HumanTasks(id, policy);
  const review = await tasks.ask({
    step: 'overdue-review',
    kind: REDBLACK_TASKS.overdueReview,
    title: `${title}(${overdue.length}个村)`,
    villageId: null,
    candidates: [{ role: 'TOWN_OFFICE', villageId: null }],
    payload: { year, quarter, villages: overdue },
  });
  await log.stage('done', '镇综治办已督办', { actorId: review.actor.userId });
  return { year, quarter, overdue: overdue.map((o) => o.villageId) };
}
