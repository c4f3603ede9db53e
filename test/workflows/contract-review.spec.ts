import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, type LogLevel, type LogMetadata } from '@temporalio/worker';
import { DEFAULT_POLICY, validatePolicy, type Actor, type Policy } from '../../libs/domain/src';
import type { ContractReviewInput, contractReview } from '../../workflows/contract-review.workflow';
import { TASK_FAILURES } from '../../workflows/lib/messages';
import { eventually, fakeTasks, refusal, stop, workflowEnv, type ActivityCalls, type TaskFakeHooks, type TaskFakes } from '../support/workflow-env';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const VILLAGE = 'v01';
const SUBMITTER = { userId: 'u-secretary-v01', username: 'secretary01' };
const ADVISER: Actor = { userId: 'u-lawyer-v01', username: 'lawyer01' };
const SECRETARY: Actor = { userId: 'u-secretary-v01', username: 'secretary01' };
const TOWN_OFFICE: Actor = { userId: 'u-town-office', username: 'zongzhiban' };
const SYSTEM: Actor = { userId: 'system', username: 'system' };
const CONTRACT: ContractReviewInput['contract'] = {
  villageId: VILLAGE,
  title: '村集体鱼塘承包合同',
  counterparty: '张三',
  amountFen: 1_200_000,
  summary: '鱼塘承包五年,年租金一万二千元。',
};

/** Lets a test hold or fail the next completeTask call, or take the database away for a number of attempts. */
const hooks: TaskFakeHooks & { outage?: { attempts: number; failed: number } } = { beforeWrite: write };

const OUTAGE = 'connect ECONNREFUSED 127.0.0.1:3306 (test outage)';

/** A database write during an outage: it fails the way a lost connection does (a retryable error). */
function write(): void {
  const outage = hooks.outage;
  if (outage && outage.failed < outage.attempts) {
    outage.failed += 1;
    throw new Error(OUTAGE);
  }
}

/** The worker's log at WARN, without the warning for each attempt that fails in a test outage. */
class WorkerLog extends DefaultLogger {
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (message === 'Activity failed' && (meta?.error as Error | undefined)?.message === OUTAGE) return;
    super.log(level, message, meta);
  }
}

const env = workflowEnv({ name: 'contract-review', logger: new WorkerLog('WARN') });
const { complete, inADay } = env;

interface Run {
  calls: ActivityCalls<TaskFakes>;
  taskQueue: string;
}

/** One worker per test, with fresh in-memory activities, running until the test body is done. */
async function withWorker(body: (run: Run) => Promise<void>): Promise<void> {
  const { acts, calls } = fakeTasks(hooks);
  try {
    await env.runWorker(acts, (taskQueue) => body({ calls, taskQueue }));
  } finally {
    delete hooks.beforeComplete;
    delete hooks.outage;
  }
}

async function startContract(run: Run, policy: Policy = DEFAULT_POLICY, policyVersion = 1): Promise<{ handle: WorkflowHandle<typeof contractReview>; procedureId: string; startedAt: number }> {
  const procedureId = `contract/${VILLAGE}/${randomUUID()}`;
  const handle = await env.client.workflow.start<typeof contractReview>('contractReview', {
    taskQueue: run.taskQueue,
    workflowId: procedureId,
    args: [{ procedureId, policy, policyVersion, submitter: SUBMITTER, contract: CONTRACT }],
  });
  const { startTime } = await handle.describe();
  return { handle, procedureId, startedAt: startTime.getTime() };
}

const opened = (run: Run, taskId: string) => eventually(() => run.calls.openTask.find((s) => s.id === taskId), `task ${taskId} to open`);

/** Updates the workflow accepted, as recorded in its history (refused ones leave no trace). */
async function acceptedUpdates(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

const stages = (run: Run) => run.calls.changeStage.map((c) => c.stage);

describe('contract review workflow (R11, time-skipping)', () => {
  it('R11 approve path: the legal adviser approves, the village secretary signs, the procedure is done in one round', () =>
    withWorker(async (run) => {
      const { handle, procedureId, startedAt } = await startContract(run);

      const review = await opened(run, `${procedureId}/review-1`);
      expect(review).toMatchObject({
        kind: 'contract.review',
        procedureId,
        villageId: VILLAGE,
        candidates: [{ role: 'LEGAL_ADVISER', villageId: VILLAGE }],
        payload: { ...CONTRACT, round: 1 },
      });
      expect(Date.parse(review.dueAt!) - startedAt).toBeGreaterThanOrEqual(5 * DAY);
      expect(Date.parse(review.dueAt!) - startedAt).toBeLessThan(5 * DAY + MINUTE);

      const reviewed = await complete(handle, review.id, { approve: true, opinion: '条款合法,同意签订' }, ADVISER);
      expect(reviewed).toMatchObject({ taskId: review.id, kind: 'contract.review', status: 'done', completedBy: ADVISER.userId, decision: { approve: true, opinion: '条款合法,同意签订' } });
      // The handler records the decision through the activity before the update returns.
      expect(run.calls.completeTask).toHaveLength(1);

      const sign = await opened(run, `${procedureId}/sign`);
      expect(sign).toMatchObject({
        kind: 'contract.sign',
        villageId: VILLAGE,
        candidates: [{ role: 'SECRETARY', villageId: VILLAGE }],
        payload: { ...CONTRACT, opinion: '条款合法,同意签订' },
      });
      await complete(handle, sign.id, { signed: true }, SECRETARY);

      await expect(handle.result()).resolves.toEqual({ rounds: 1, opinion: '条款合法,同意签订' });
      expect(run.calls.createProcedure).toEqual([
        { id: procedureId, type: 'contract-review', villageId: VILLAGE, title: `合同审核:${CONTRACT.title}`, stage: 'review', startedBy: SUBMITTER.userId, policyVersion: 1, details: CONTRACT },
      ]);
      expect(stages(run)).toEqual(['sign', 'done']);
      expect(run.calls.changeStage[0]).toMatchObject({ procedureId, actorId: ADVISER.userId, details: { rounds: 1 } });
      expect(run.calls.changeStage[1]).toMatchObject({ procedureId, actorId: SECRETARY.userId });
      expect(new Set(run.calls.changeStage.map((c) => c.eventId)).size).toBe(2);
      expect(run.calls.openTask.map((s) => s.id)).toEqual([`${procedureId}/review-1`, `${procedureId}/sign`]);
      expect(run.calls.remindTask).toEqual([]);
      expect(run.calls.reassignTask).toEqual([]);
    }));

  it('issue 9: database writes retry until they succeed: a first task and a stage change that each fail 20 times (minutes of outage) do not fail the procedure', () =>
    withWorker(async (run) => {
      hooks.outage = { attempts: 20, failed: 0 };
      const { handle, procedureId, startedAt } = await startContract(run);
      // Twenty attempts back off to one a minute: about a quarter of an hour of workflow time.
      await env.sleep(20 * MINUTE);
      const review = await opened(run, `${procedureId}/review-1`);
      expect(hooks.outage.failed).toBe(20);
      expect((await env.currentTimeMs()) - startedAt).toBeGreaterThan(10 * MINUTE);

      hooks.outage = { attempts: 20, failed: 0 };
      await complete(handle, review.id, { approve: true, opinion: '同意' }, ADVISER);
      await env.sleep(20 * MINUTE);
      const sign = await opened(run, `${procedureId}/sign`);
      expect(hooks.outage.failed).toBe(20);
      await complete(handle, sign.id, { signed: true }, SECRETARY);
      await expect(handle.result()).resolves.toEqual({ rounds: 1, opinion: '同意' });
      expect(stages(run)).toEqual(['sign', 'done']);
    }));

  it('R11 return-and-revise loop: a returned contract goes back to the submitter and is reviewed again with the new summary', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await startContract(run);

      const review1 = await opened(run, `${procedureId}/review-1`);
      await complete(handle, review1.id, { approve: false, opinion: '违约责任条款不明确' }, ADVISER);

      const revise = await opened(run, `${procedureId}/revise-1`);
      expect(revise).toMatchObject({
        kind: 'contract.revise',
        villageId: VILLAGE,
        candidates: [{ userId: SUBMITTER.userId }],
        payload: { ...CONTRACT, opinion: '违约责任条款不明确', round: 1 },
      });
      const newSummary = '鱼塘承包五年,年租金一万二千元;逾期付租按日万分之五计违约金。';
      await complete(handle, revise.id, { summary: `  ${newSummary}  ` }, SECRETARY);

      const review2 = await opened(run, `${procedureId}/review-2`);
      // The decision is stored as parsed (trimmed), and the second round carries it.
      expect(review2.payload).toEqual({ ...CONTRACT, summary: newSummary, round: 2 });
      expect(review2.candidates).toEqual([{ role: 'LEGAL_ADVISER', villageId: VILLAGE }]);
      await complete(handle, review2.id, { approve: true, opinion: '已修改,同意' }, ADVISER);

      const sign = await opened(run, `${procedureId}/sign`);
      expect(sign.payload).toMatchObject({ summary: newSummary, opinion: '已修改,同意' });
      await complete(handle, sign.id, { signed: true }, SECRETARY);

      await expect(handle.result()).resolves.toEqual({ rounds: 2, opinion: '已修改,同意' });
      expect(stages(run)).toEqual(['revise', 'review', 'sign', 'done']);
      expect(run.calls.changeStage[1].details).toEqual({ summary: newSummary });
      expect(run.calls.openTask.map((s) => s.id.slice(procedureId.length + 1))).toEqual(['review-1', 'revise-1', 'review-2', 'sign']);
      expect(run.calls.completeTask.map((c) => c.taskId.slice(procedureId.length + 1))).toEqual(['review-1', 'revise-1', 'review-2', 'sign']);
    }));

  it('R11 reminder at P3D and reassignment to the town office at P5D, the task still completable afterwards', () =>
    withWorker(async (run) => {
      const { handle, procedureId, startedAt } = await startContract(run);
      const review = await opened(run, `${procedureId}/review-1`);

      await env.sleep(3 * DAY + MINUTE);
      const reminder = await eventually(() => run.calls.remindTask[0], 'the reminder');
      expect(reminder).toEqual({ taskId: review.id, seq: 1, overdue: false });
      expect(run.calls.reassignTask).toEqual([]);

      await env.sleep(2 * DAY);
      const reassign = await eventually(() => run.calls.reassignTask[0], 'the reassignment');
      expect(reassign).toMatchObject({ taskId: review.id, addRoles: ['TOWN_OFFICE'], notifyRoles: [], seq: 2 });
      expect(Date.parse(reassign.dueAt!) - Date.parse(review.dueAt!)).toBe(5 * DAY);
      expect(Date.parse(reassign.dueAt!) - startedAt).toBeGreaterThanOrEqual(10 * DAY);
      expect(Date.parse(reassign.dueAt!) - startedAt).toBeLessThan(10 * DAY + MINUTE);
      expect(run.calls.remindTask).toHaveLength(1);
      expect(run.calls.extendTask).toEqual([]);

      // The policy has no further step: the task stays overdue, nothing else fires.
      await env.sleep(30 * DAY);
      await new Promise((r) => setTimeout(r, 300));
      expect(run.calls.remindTask).toHaveLength(1);
      expect(run.calls.reassignTask).toHaveLength(1);

      await complete(handle, review.id, { approve: true, opinion: '镇综治办代为审核通过' }, TOWN_OFFICE);
      const sign = await opened(run, `${procedureId}/sign`);
      expect(run.calls.changeStage[0]).toMatchObject({ stage: 'sign', actorId: TOWN_OFFICE.userId });
      await complete(handle, sign.id, { signed: true }, SECRETARY);
      await expect(handle.result()).resolves.toEqual({ rounds: 1, opinion: '镇综治办代为审核通过' });
      expect(stages(run)).toEqual(['sign', 'done']);
    }));

  it('R11 the completion Update validator refuses bad decisions, unknown tasks and expired completions; the workflow keeps waiting', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await startContract(run);
      const review = await opened(run, `${procedureId}/review-1`);

      const badShape = await refusal(complete(handle, review.id, { approve: 'yes' }, ADVISER));
      expect(badShape.type).toBe(TASK_FAILURES.invalidDecision);
      expect(badShape.type).toBe('InvalidDecision');
      expect(badShape.message).toMatch(/approve/);

      const noOpinion = await refusal(complete(handle, review.id, { approve: true, opinion: '   ' }, ADVISER));
      expect(noOpinion.type).toBe('InvalidDecision');

      const extraField = await refusal(complete(handle, review.id, { approve: true, opinion: '同意', signed: true }, ADVISER));
      expect(extraField.type).toBe('InvalidDecision');

      const unknown = await refusal(complete(handle, `${procedureId}/review-9`, { approve: true, opinion: '同意' }, ADVISER));
      expect(unknown.type).toBe('TaskNotOpen');

      const notYet = await refusal(complete(handle, `${procedureId}/sign`, { signed: true }, SECRETARY));
      expect(notYet.type).toBe('TaskNotOpen');

      const now = await env.currentTimeMs();
      const late = await refusal(complete(handle, review.id, { approve: true, opinion: '同意' }, ADVISER, { expiresAt: new Date(now - MINUTE).toISOString() }));
      expect(late.type).toBe('CompletionExpired');

      // Nothing refused reached the activity or the history, and the task is still open and completable.
      expect(run.calls.completeTask).toEqual([]);
      expect(stages(run)).toEqual([]);
      expect(await acceptedUpdates(handle)).toBe(0);
      const done = await complete(handle, review.id, { approve: true, opinion: '同意' }, ADVISER);
      expect(done.status).toBe('done');
      const sign = await opened(run, `${procedureId}/sign`);

      // Once decided, the task refuses a second completion.
      const again = await refusal(complete(handle, review.id, { approve: false, opinion: '再看看' }, ADVISER));
      expect(again.type).toBe('TaskNotOpen');
      expect(run.calls.completeTask).toHaveLength(1);
      expect(await acceptedUpdates(handle)).toBe(1);

      await complete(handle, sign.id, { signed: true }, SECRETARY);
      await expect(handle.result()).resolves.toEqual({ rounds: 1, opinion: '同意' });
    }));

  it('R11 the same completion sent twice with one updateId is applied once and both calls get the same answer', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await startContract(run);
      const review = await opened(run, `${procedureId}/review-1`);
      const updateId = `complete-${randomUUID()}`;
      const expiresAt = await inADay();
      const decision = { approve: true, opinion: '同意签订' };

      const first = await complete(handle, review.id, decision, ADVISER, { updateId, expiresAt });
      const second = await complete(handle, review.id, decision, ADVISER, { updateId, expiresAt });
      expect(second).toEqual(first);
      expect(run.calls.completeTask).toHaveLength(1);

      const sign = await opened(run, `${procedureId}/sign`);
      const signId = `complete-${randomUUID()}`;
      const [a, b] = await Promise.all([
        complete(handle, sign.id, { signed: true }, SECRETARY, { updateId: signId, expiresAt }),
        complete(handle, sign.id, { signed: true }, SECRETARY, { updateId: signId, expiresAt }),
      ]);
      expect(b).toEqual(a);
      expect(run.calls.completeTask).toHaveLength(2);
      await expect(handle.result()).resolves.toEqual({ rounds: 1, opinion: '同意签订' });
      expect(stages(run)).toEqual(['sign', 'done']);
    }));

  /** Holds the next completeTask call (of `actor`, if given) until `release()`; it then records, or fails with `failure`. */
  function holdNextCompletion(failure?: ApplicationFailure, actor?: Actor): { release: () => void } {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    hooks.beforeComplete = async (input) => {
      if (actor && input.actor.userId !== actor.userId) return;
      delete hooks.beforeComplete;
      await held;
      if (failure) throw failure;
    };
    return { release };
  }

  it('issue 9: while a decision is being recorded, a different one is refused naming who decided; the same one again gets the same answer, applied once', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await startContract(run);
      const review = await opened(run, `${procedureId}/review-1`);
      const decision = { approve: true, opinion: '同意签订' };
      const { release } = holdNextCompletion();

      const first = complete(handle, review.id, decision, ADVISER, { comment: '已审' });
      await eventually(() => run.calls.completeTask.length === 1, 'the first completion to be in flight');

      const other = await refusal(complete(handle, review.id, { approve: false, opinion: '不同意' }, TOWN_OFFICE));
      expect(other.type).toBe(TASK_FAILURES.decidedByOther);
      expect(other.message).toContain(ADVISER.username);
      expect(other.details).toEqual([ADVISER]);
      // The decider's own different decision (or comment) is no retry either.
      expect((await refusal(complete(handle, review.id, decision, ADVISER, { comment: '改个意见' }))).type).toBe(TASK_FAILURES.decidedByOther);

      // A retry under a new update id (a new HTTP request) waits for the first and gets its answer.
      const retry = complete(handle, review.id, decision, ADVISER, { comment: '已审' });
      await eventually(async () => (await acceptedUpdates(handle)) === 2, 'the retry to be accepted');
      release();
      const [a, b] = await Promise.all([first, retry]);
      expect(b).toEqual(a);
      expect(a).toMatchObject({ taskId: review.id, status: 'done', completedBy: ADVISER.userId, decision });
      expect(run.calls.completeTask).toHaveLength(1);

      const sign = await opened(run, `${procedureId}/sign`);
      await complete(handle, sign.id, { signed: true }, SECRETARY);
      await expect(handle.result()).resolves.toEqual({ rounds: 1, opinion: '同意签订' });
      expect(run.calls.completeTask).toHaveLength(2);
    }));

  it('issue 9: a completion whose commit is refused as expired leaves the task open, and a later completion (another decision) works', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await startContract(run);
      const review = await opened(run, `${procedureId}/review-1`);
      const { release } = holdNextCompletion(ApplicationFailure.nonRetryable('the decision arrived after its expiresAt', 'CompletionExpired'));

      const expiring = complete(handle, review.id, { approve: true, opinion: '同意' }, ADVISER);
      await eventually(() => run.calls.completeTask.length === 1, 'the completion to be in flight');
      // The expiry goes to the commit, where the store checks it inside its transaction.
      expect(run.calls.completeTask[0].expiresAt).toEqual(expect.any(String));
      release();
      const expired = await refusal(expiring);
      expect(expired.type).toBe(TASK_FAILURES.expired);

      // Not poisoned: another person's different decision is taken and recorded.
      const done = await complete(handle, review.id, { approve: false, opinion: '补充条款' }, TOWN_OFFICE);
      expect(done).toMatchObject({ status: 'done', completedBy: TOWN_OFFICE.userId, decision: { approve: false, opinion: '补充条款' } });
      expect(run.calls.completeTask).toHaveLength(2);
      await opened(run, `${procedureId}/revise-1`);
      await stop(handle);
    }));

  it('issue 9: a deadline default in flight refuses a human decision naming the system', () =>
    withWorker(async (run) => {
      const policy = structuredClone(DEFAULT_POLICY);
      policy.tasks['contract.sign'] = { due: 'PT1S', remindAt: [], onTimeout: [{ action: 'default', decision: { signed: true } }] };
      expect(validatePolicy(policy).ok).toBe(true);
      const { handle, procedureId } = await startContract(run, policy);
      const review = await opened(run, `${procedureId}/review-1`);
      const { release } = holdNextCompletion(undefined, SYSTEM);
      await complete(handle, review.id, { approve: true, opinion: '同意' }, ADVISER);
      const sign = await opened(run, `${procedureId}/sign`);
      try {
        await eventually(() => run.calls.completeTask.length === 2, 'the default to be in flight');
        expect(run.calls.completeTask[1]).toMatchObject({ taskId: sign.id, actor: SYSTEM });
        // The system's default has no caller waiting on it: its commit never expires.
        expect(run.calls.completeTask[1].expiresAt).toBeUndefined();

        const late = await refusal(complete(handle, sign.id, { signed: true }, SECRETARY));
        expect(late.type).toBe(TASK_FAILURES.decidedByOther);
        expect(late.details).toEqual([SYSTEM]);
      } finally {
        release();
      }
      await expect(handle.result()).resolves.toBeDefined();
      expect(run.calls.completeTask).toHaveLength(2);
    }));

  it('R11 the policy snapshot in the input is used: a review due in PT1H is reassigned after one hour', () =>
    withWorker(async (run) => {
      const policy = structuredClone(DEFAULT_POLICY);
      policy.tasks['contract.review'] = {
        due: 'PT1H',
        remindAt: ['PT30M'],
        onTimeout: [{ action: 'reassign', addRoles: ['TOWN_OFFICE', 'TOWN_LEADERSHIP'], notifyRoles: ['TOWN_LEADERSHIP'], extendBy: 'PT2H' }],
      };
      expect(validatePolicy(policy).ok).toBe(true);

      const { handle, procedureId, startedAt } = await startContract(run, policy, 42);
      const review = await opened(run, `${procedureId}/review-1`);
      expect(run.calls.createProcedure[0].policyVersion).toBe(42);
      expect(Date.parse(review.dueAt!) - startedAt).toBeGreaterThanOrEqual(HOUR);
      expect(Date.parse(review.dueAt!) - startedAt).toBeLessThan(HOUR + MINUTE);

      await env.sleep(31 * MINUTE);
      expect(await eventually(() => run.calls.remindTask[0], 'the reminder')).toEqual({ taskId: review.id, seq: 1, overdue: false });
      expect(run.calls.reassignTask).toEqual([]);

      await env.sleep(30 * MINUTE);
      const reassign = await eventually(() => run.calls.reassignTask[0], 'the reassignment');
      expect(reassign).toMatchObject({ taskId: review.id, addRoles: ['TOWN_OFFICE', 'TOWN_LEADERSHIP'], notifyRoles: ['TOWN_LEADERSHIP'], seq: 2 });
      expect(Date.parse(reassign.dueAt!) - Date.parse(review.dueAt!)).toBe(2 * HOUR);
      // Nothing of the default policy's P3D/P5D timing applies to this procedure.
      await env.sleep(6 * DAY);
      await new Promise((r) => setTimeout(r, 300));
      expect(run.calls.remindTask).toHaveLength(1);
      expect(run.calls.reassignTask).toHaveLength(1);
      await stop(handle);
    }));

  // A completion being recorded holds the deadline back; when recording it fails, the task is open
  // again and the deadline that passed meanwhile is still applied (workflows/lib/human-tasks.ts `ask`).
  it('R11 a deadline that passes while a failing completion is recorded is still applied (reassigned afterwards)', () =>
    withWorker(async (run) => {
      const policy = structuredClone(DEFAULT_POLICY);
      policy.tasks['contract.review'] = { due: 'PT1S', remindAt: [], onTimeout: [{ action: 'reassign', addRoles: ['TOWN_OFFICE'], notifyRoles: [], extendBy: 'P5D' }] };
      const { handle, procedureId } = await startContract(run, policy);
      try {
        const review = await opened(run, `${procedureId}/review-1`);

        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        hooks.beforeComplete = async () => {
          delete hooks.beforeComplete;
          await held;
          throw ApplicationFailure.nonRetryable('the store refused the decision', 'TaskNotOpen');
        };
        const update = complete(handle, review.id, { approve: true, opinion: '同意' }, ADVISER).then(
          () => null,
          (e: unknown) => e,
        );
        await eventually(() => run.calls.completeTask.length === 1, 'the completion to be in flight');
        // Time does not skip while the activity runs: wait (real time, PT1S) until the workflow
        // has processed the deadline timer, then let the completion fail.
        await eventually(async () => {
          const events = (await handle.fetchHistory()).events ?? [];
          const fired = events.findIndex((e) => e.timerFiredEventAttributes);
          return fired >= 0 && events.slice(fired).some((e) => e.workflowTaskCompletedEventAttributes);
        }, 'the deadline timer to be processed', 10_000);
        release();
        expect(await update).toBeInstanceOf(WorkflowUpdateFailedError);

        await eventually(() => run.calls.reassignTask[0], 'the late reassignment', 2_000);
        expect(run.calls.reassignTask[0]).toMatchObject({ taskId: review.id, addRoles: ['TOWN_OFFICE'] });
      } finally {
        await stop(handle);
      }
    }));
});
