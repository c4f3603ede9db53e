import { ParentClosePolicy, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import { assessmentId, quarterOf, redBlackWorkflowId, REDBLACK_TASKS, type Policy } from '../libs/domain/src';
import type { RedBlackActivities } from '../activities/red-black.activities';
import { HumanTasks } from './lib/human-tasks';
import { ProcedureLog } from './lib/procedure-log';
import { assessmentQuarter } from './assessment.workflow';
import { redBlack } from './red-black.workflow';

const acts = proxyActivities<RedBlackActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

export interface QuarterInput {
  /** The quarter; by default the one the workflow runs in, in the town's time zone. */
  year?: number;
  quarter?: number;
}

/** R1, scheduled at the start of each quarter: starts every village's red/black procedure, skipping those already started. */
export async function redBlackQuarterStart(input: QuarterInput = {}): Promise<{ year: number; quarter: number; started: string[]; existing: string[] }> {
  const ctx = await acts.quarterContext();
  const { year, quarter } = input.year && input.quarter ? { year: input.year, quarter: input.quarter } : quarterOf(Date.now(), ctx.timezone);
  const started: string[] = [];
  const existing: string[] = [];
  for (const villageId of ctx.villageIds) {
    const procedureId = redBlackWorkflowId(villageId, year, quarter);
    const fresh = await startOnce(() =>
      startChild(redBlack, {
        workflowId: procedureId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ procedureId, villageId, year, quarter, policy: ctx.policy as Policy, policyVersion: ctx.policyVersion, startedBy: 'system' }],
      }),
    );
    (fresh ? started : existing).push(procedureId);
  }
  return { year, quarter, started, existing };
}

/** Starts a child that outlives this workflow; false when a workflow with that id already exists. */
async function startOnce(start: () => Promise<unknown>): Promise<boolean> {
  try {
    await start();
    return true;
  } catch (err) {
    // WorkflowExecutionAlreadyStartedError (from @temporalio/common, which workflows do not import)
    if ((err as Error)?.name === 'WorkflowExecutionAlreadyStartedError') return false;
    throw err;
  }
}

/**
 * Scheduled at each quarter's end: the quarter's assessment (R6) starts, procedures not yet
 * final are marked overdue and TOWN_OFFICE gets one review task listing them.
 */
export async function redBlackQuarterEnd(input: QuarterInput = {}): Promise<{ year: number; quarter: number; overdue: string[] }> {
  const ctx = await acts.quarterContext();
  const { year, quarter } = input.year && input.quarter ? { year: input.year, quarter: input.quarter } : quarterOf(Date.now(), ctx.timezone);
  const assessment = assessmentId(year, quarter);
  await startOnce(() =>
    startChild(assessmentQuarter, {
      workflowId: assessment,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ procedureId: assessment, year, quarter, policy: ctx.policy as Policy, policyVersion: ctx.policyVersion, startedBy: 'system' }],
    }),
  );
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
