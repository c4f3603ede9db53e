import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { candidateFor, UPDATE_EXPIRED, type Actor, type CompletedTask, type Role, type TaskSpec } from '../libs/domain/src';
import { Mailer } from '../libs/mail/src';
import { ExpiredWriteError, TaskConflictError, TaskStore, type TaskEntity } from '../libs/persistence/src';

/** The task store and task mail, as the human-task protocol's activities. */
@Injectable()
export class TaskActivities {
  private readonly logger = new Logger(TaskActivities.name);

  constructor(
    private readonly store: TaskStore,
    private readonly mailer: Mailer,
  ) {}

  /** Idempotent by task id; the candidates' mail is queued once, also when the activity is retried. */
  async openTask(spec: TaskSpec): Promise<void> {
    await this.store.open(spec);
    const record = await this.store.get(spec.id);
    if (record) await this.mailer.taskOpened(record.candidates, record.task);
  }

  /** `expiresAt`: when the API stops waiting for this decision; after it the store refuses it for good. */
  async completeTask(input: { taskId: string; decision: unknown; comment?: string; actor: Actor; expiresAt?: string }): Promise<CompletedTask> {
    try {
      return toCompleted(await this.store.complete(input));
    } catch (err) {
      if (err instanceof TaskConflictError) throw ApplicationFailure.nonRetryable(err.message, 'TaskNotOpen');
      if (err instanceof ExpiredWriteError) throw ApplicationFailure.nonRetryable(err.message, UPDATE_EXPIRED);
      throw err;
    }
  }

  async remindTask(input: { taskId: string; seq: number; overdue: boolean }): Promise<void> {
    const task = await this.store.recordReminder(input.taskId, input.seq, input.overdue);
    if (!task || task.status !== 'open') return;
    const record = await this.store.get(input.taskId);
    await this.mailer.taskReminder(record!.candidates, task, input.seq, input.overdue);
  }

  /** Closes a task the workflow no longer waits for (HumanTasks.askUntil). */
  async cancelTask(input: { taskId: string; reason: string }): Promise<void> {
    await this.store.cancel(input.taskId, input.reason);
  }

  async extendTask(input: { taskId: string; dueAt: string | null; seq: number }): Promise<void> {
    await this.store.extend(input.taskId, input.dueAt ? new Date(input.dueAt) : null, input.seq);
  }

  /** Adds the roles up the chain as candidates, mails them, and tells the roles to be notified. */
  async reassignTask(input: { taskId: string; addRoles: Role[]; notifyRoles: Role[]; dueAt: string | null; seq: number }): Promise<void> {
    const before = await this.store.get(input.taskId);
    if (!before) return;
    const added = input.addRoles.map((r) => candidateFor(r, before.task.villageId));
    const task = await this.store.reassign(input.taskId, added, input.dueAt ? new Date(input.dueAt) : null, input.seq);
    if (!task) return;
    await this.mailer.taskReassigned(added, task, input.seq);
    await this.mailer.taskEscalatedNotice(input.notifyRoles.map((r) => candidateFor(r, task.villageId)), task, input.seq);
    this.logger.log(`task ${input.taskId} reassigned to ${input.addRoles.join(', ')}`);
  }
}

export function toCompleted(t: TaskEntity): CompletedTask {
  return {
    taskId: t.id,
    kind: t.kind,
    status: 'done',
    decision: t.decision,
    completedBy: t.completedBy!,
    completedAt: t.completedAt!.toISOString(),
  };
}
