import { ActivityFailure, ApplicationFailure, condition, log, proxyActivities, setHandler } from '@temporalio/workflow';
import { refuseIfExpired } from './expiry';
import { completeTaskUpdate, TASK_FAILURES, type DecidedByOtherDetails } from './messages';
import {
  afterDeadlineEvent,
  checkDecision,
  initialDeadline,
  nextDeadlineEvent,
  sameCompletion,
  taskTimingOf,
  SYSTEM_ACTOR,
  UPDATE_EXPIRED,
  type Actor,
  type Candidate,
  type CompletedTask,
  type DeadlineEvent,
  type Policy,
  type TaskCompletion,
} from '../../libs/domain/src';
import type { TaskActivities } from '../../activities/task.activities';
import { DB_ACTIVITY } from './activity-options';

const tasks = proxyActivities<TaskActivities>(DB_ACTIVITY);

export interface TaskRequest {
  /** Unique within the workflow; the task id is `{workflowId}/{step}`. */
  step: string;
  kind: string;
  title: string;
  villageId: string | null;
  candidates: Candidate[];
  payload: Record<string, unknown>;
  /** Rules of the step beyond the decision's shape; returns a message when the decision is refused. */
  refuse?: (decision: never) => string | null;
}

/** A task due at a fixed instant, without the policy's deadline rules (see HumanTasks.askUntil). */
export interface BoundedTaskRequest extends TaskRequest {
  /** Epoch milliseconds. */
  dueAt: number;
  /** Why the task is closed when nobody decided it: at the due instant, or when `stop()` turned true. */
  closeReasons?: { due: string; stopped: string };
}

export interface Decided<D> {
  decision: D;
  actor: Actor;
  comment?: string;
}

/** A decision being recorded (or recorded) and the answer every identical completion gets. */
interface Commit extends Decided<unknown> {
  result: Promise<CompletedTask>;
}

interface WaitingTask {
  kind: string;
  refuse?: (decision: never) => string | null;
  completing: boolean;
  commit?: Commit;
  decided?: Decided<unknown>;
}

/**
 * The human-task protocol, workflow side: open a task through an activity, wait for its
 * decision under the policy's deadline rules, and take completions as a validated Update.
 */
export class HumanTasks {
  private readonly waiting = new Map<string, WaitingTask>();

  constructor(
    private readonly workflowId: string,
    private readonly policy: Policy,
  ) {
    setHandler(completeTaskUpdate, (c) => this.complete(c), { validator: (c) => this.validate(c) });
  }

  async ask<D>(request: TaskRequest): Promise<Decided<D>> {
    const timing = taskTimingOf(this.policy, request.kind);
    let deadline = initialDeadline(timing, Date.now());
    const { id, task } = await this.open(request, deadline.dueAt);
    for (let seq = 1; ; seq++) {
      const event = nextDeadlineEvent(timing, deadline);
      if (!event) {
        await condition(() => task.decided !== undefined);
        break;
      }
      if (await condition(() => task.decided !== undefined, Math.max(event.at - Date.now(), 1))) break;
      if (task.completing) {
        // A completion is being recorded: wait for its outcome. If recording it fails, the task
        // is open again and the deadline that passed meanwhile must still be applied.
        await condition(() => task.decided !== undefined || !task.completing);
        if (task.decided) break;
      }
      deadline = afterDeadlineEvent(deadline, event);
      await this.onDeadline(id, task, event, deadline.dueAt, seq);
      if (task.decided) break;
    }
    this.waiting.delete(id);
    return task.decided as Decided<D>;
  }

  /**
   * Opens a task due at a fixed instant, with no policy timeout steps of its own, and waits for its
   * decision until that instant or until `stop()` turns true. Then, unless a completion is being
   * recorded (which still wins), the task is closed as `cancelled` and null is returned.
   */
  async askUntil<D>(request: BoundedTaskRequest, stop: () => boolean = () => false): Promise<Decided<D> | null> {
    const { id, task } = await this.open(request, request.dueAt);
    for (;;) {
      if (task.decided) break;
      const remaining = request.dueAt - Date.now();
      if (!stop() && remaining > 0) {
        await condition(() => task.decided !== undefined || stop(), remaining);
        continue;
      }
      if (task.completing) {
        await condition(() => task.decided !== undefined || !task.completing);
        continue;
      }
      const stopped = stop();
      this.waiting.delete(id);
      const reasons = request.closeReasons ?? { due: '期限已到 / the time ran out', stopped: '流程已转入下一步 / the procedure moved on' };
      await tasks.cancelTask({ taskId: id, reason: stopped ? reasons.stopped : reasons.due });
      return null;
    }
    this.waiting.delete(id);
    return task.decided as Decided<D>;
  }

  /** Waits for completions of the task from now on, then opens it through the activity. `dueAt`: epoch milliseconds, or none. */
  private async open(request: TaskRequest, dueAt: number | null): Promise<{ id: string; task: WaitingTask }> {
    const id = `${this.workflowId}/${request.step}`;
    const task: WaitingTask = { kind: request.kind, refuse: request.refuse, completing: false };
    this.waiting.set(id, task);
    await tasks.openTask({
      id,
      kind: request.kind,
      title: request.title,
      procedureId: this.workflowId,
      villageId: request.villageId,
      candidates: request.candidates,
      dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
      payload: request.payload,
    });
    return { id, task };
  }

  private async onDeadline(id: string, task: WaitingTask, event: DeadlineEvent, dueAt: number | null, seq: number): Promise<void> {
    const newDueAt = dueAt === null ? null : new Date(dueAt).toISOString();
    if (event.type === 'reminder') {
      await tasks.remindTask({ taskId: id, seq, overdue: false });
      return;
    }
    const step = event.step;
    log.info('task deadline passed', { taskId: id, action: step.action });
    switch (step.action) {
      case 'remind':
        await tasks.extendTask({ taskId: id, dueAt: newDueAt, seq });
        await tasks.remindTask({ taskId: id, seq, overdue: true });
        return;
      case 'reassign':
        await tasks.reassignTask({ taskId: id, addRoles: step.addRoles, notifyRoles: step.notifyRoles, dueAt: newDueAt, seq });
        return;
      case 'default': {
        const check = checkDecision(task.kind, step.decision);
        if (!check.ok) {
          // Policies are checked when saved; one saved before that leaves the task to a person rather than failing the procedure.
          log.error('policy default decision is invalid; the task stays open', { taskId: id, kind: task.kind, problem: check.message });
          return;
        }
        await this.commit(id, task, { decision: check.decision, comment: '期限已过,按规则默认处理 / default outcome after the deadline', actor: SYSTEM_ACTOR });
        return;
      }
    }
  }

  /**
   * A completion is taken while the task waits, and also when it repeats exactly (same person,
   * decision and comment) the one being recorded or recorded: that retry gets the same answer.
   * Any other completion of a task someone decided is refused, naming who.
   */
  private validate(c: TaskCompletion): void {
    const task = this.waiting.get(c.taskId);
    if (!task) throw ApplicationFailure.nonRetryable('该待办已办结或不存在 / the task is not open', TASK_FAILURES.notOpen);
    refuseIfExpired(c.expiresAt, 'completion');
    const check = checkDecision(task.kind, c.decision);
    if (task.commit) {
      if (check.ok && sameCompletion(task.commit, { actor: c.actor, decision: check.decision, comment: c.comment })) return;
      const by = task.commit.actor;
      throw ApplicationFailure.create({
        message: `该待办已由 ${by.username} 办理 / already decided by ${by.username}`,
        type: TASK_FAILURES.decidedByOther,
        nonRetryable: true,
        details: [by] satisfies DecidedByOtherDetails,
      });
    }
    if (!check.ok) throw ApplicationFailure.nonRetryable(check.message, TASK_FAILURES.invalidDecision);
    const refusal = task.refuse?.(check.decision as never);
    if (refusal) throw ApplicationFailure.nonRetryable(refusal, TASK_FAILURES.invalidDecision);
  }

  private complete(c: TaskCompletion): Promise<CompletedTask> {
    const task = this.waiting.get(c.taskId)!;
    if (task.commit) return task.commit.result;
    const decision = (checkDecision(task.kind, c.decision) as { decision: unknown }).decision;
    return this.commit(c.taskId, task, { decision, actor: c.actor, comment: c.comment }, c.expiresAt);
  }

  /**
   * Records a decision through the activity. The store refuses the commit once `expiresAt` has
   * passed (the API has answered 503 by then): the task is open again, like after any failure.
   */
  private commit(taskId: string, task: WaitingTask, d: Decided<unknown>, expiresAt?: string): Promise<CompletedTask> {
    task.completing = true;
    const result = (async () => {
      try {
        const done = await tasks.completeTask({ taskId, decision: d.decision, comment: d.comment, actor: d.actor, expiresAt });
        task.decided = d;
        return done;
      } catch (err) {
        task.completing = false;
        task.commit = undefined;
        if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === UPDATE_EXPIRED) {
          throw ApplicationFailure.nonRetryable('办理未能及时记录,请重试 / the decision could not be recorded in time, try again', UPDATE_EXPIRED);
        }
        throw err;
      }
    })();
    task.commit = { ...d, result };
    return result;
  }
}
