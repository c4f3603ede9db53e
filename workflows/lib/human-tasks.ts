import { ApplicationFailure, condition, log, proxyActivities, setHandler } from '@temporalio/workflow';
import { completeTaskUpdate, TASK_FAILURES } from './messages';
import {
  afterDeadlineEvent,
  checkDecision,
  initialDeadline,
  nextDeadlineEvent,
  taskTimingOf,
  SYSTEM_ACTOR,
  type Actor,
  type Candidate,
  type CompletedTask,
  type DeadlineEvent,
  type Policy,
  type TaskCompletion,
} from '../../libs/domain/src';
import type { TaskActivities } from '../../activities/task.activities';
import type { TaskCancelActivities } from '../../activities/task-cancel.activities';
import { DB_ACTIVITY } from './activity-options';

const tasks = proxyActivities<TaskActivities>(DB_ACTIVITY);
const cancels = proxyActivities<TaskCancelActivities>(DB_ACTIVITY);

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

interface WaitingTask {
  kind: string;
  refuse?: (decision: never) => string | null;
  completing: boolean;
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
    const id = `${this.workflowId}/${request.step}`;
    const timing = taskTimingOf(this.policy, request.kind);
    let deadline = initialDeadline(timing, Date.now());
    const task: WaitingTask = { kind: request.kind, refuse: request.refuse, completing: false };
    this.waiting.set(id, task);
    await tasks.openTask({
      id,
      kind: request.kind,
      title: request.title,
      procedureId: this.workflowId,
      villageId: request.villageId,
      candidates: request.candidates,
      dueAt: deadline.dueAt === null ? null : new Date(deadline.dueAt).toISOString(),
      payload: request.payload,
    });
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
      dueAt: new Date(request.dueAt).toISOString(),
      payload: request.payload,
    });
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
      await cancels.cancelTask({ taskId: id, reason: stopped ? reasons.stopped : reasons.due });
      return null;
    }
    this.waiting.delete(id);
    return task.decided as Decided<D>;
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
        task.completing = true;
        await tasks.completeTask({ taskId: id, decision: check.decision, comment: '期限已过,按规则默认处理 / default outcome after the deadline', actor: SYSTEM_ACTOR });
        task.decided = { decision: check.decision, actor: SYSTEM_ACTOR };
        return;
      }
    }
  }

  private validate(c: TaskCompletion): void {
    const task = this.waiting.get(c.taskId);
    if (!task || task.completing || task.decided) {
      throw ApplicationFailure.nonRetryable('该待办已办结或不存在 / the task is not open', TASK_FAILURES.notOpen);
    }
    if (Date.now() > Date.parse(c.expiresAt)) {
      throw ApplicationFailure.nonRetryable('请求已过期,请重试 / the completion arrived too late, try again', TASK_FAILURES.expired);
    }
    const check = checkDecision(task.kind, c.decision);
    if (!check.ok) throw ApplicationFailure.nonRetryable(check.message, TASK_FAILURES.invalidDecision);
    const refusal = task.refuse?.(check.decision as never);
    if (refusal) throw ApplicationFailure.nonRetryable(refusal, TASK_FAILURES.invalidDecision);
  }

  private async complete(c: TaskCompletion): Promise<CompletedTask> {
    const task = this.waiting.get(c.taskId)!;
    task.completing = true;
    const decision = (checkDecision(task.kind, c.decision) as { decision: unknown }).decision;
    try {
      const done = await tasks.completeTask({ taskId: c.taskId, decision, comment: c.comment, actor: c.actor });
      task.decided = { decision, actor: c.actor, comment: c.comment };
      return done;
    } catch (err) {
      task.completing = false;
      throw err;
    }
  }
}
