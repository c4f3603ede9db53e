import { Injectable } from '@nestjs/common';
import { AppError, checkDecision, conflict, invalid, notFound, sameCompletion, type DecisionCheck, type QueryOf } from '../../../../libs/domain/src';
import { TaskStore, UserDirectory, type TaskRecord } from '../../../../libs/persistence/src';
import type { AuthUser } from '../auth/current-user';
import { alreadyDecidedBy, TaskCompletionGateway } from './task-completion.gateway';
import { taskDetailView, taskView } from './task-view';

@Injectable()
export class TasksService {
  constructor(
    private readonly store: TaskStore,
    private readonly gateway: TaskCompletionGateway,
    private readonly users: UserDirectory,
  ) {}

  async inbox(user: AuthUser, q: QueryOf<'inbox'>) {
    const { items, total } = await this.store.inbox(user, { status: q.status ?? 'open', kind: q.kind, villageId: q.villageId, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
    const now = Date.now();
    return { items: items.map((t) => taskView(t, now)), total };
  }

  /** Who may see or complete a task (its candidates, or who completed it): the access table. */
  async get(id: string) {
    const record = await this.load(id);
    return taskDetailView(record.task, record.candidates);
  }

  /**
   * A decision is applied once. The same decision retried (same person, decision and comment)
   * gets the same 200 whether it is still being recorded or already is; any other decision on a
   * decided task is 409 naming who decided. When the workflow's answer does not settle it (not
   * open any more, or no answer within the bound) the task's row does: the store refuses a
   * decision after its `expiresAt`, so a row still open then means "not applied" (503).
   */
  async complete(user: AuthUser, id: string, decision: unknown, comment?: string) {
    const record = await this.load(id);
    const check = checkDecision(record.task.kind, decision);
    if (record.task.status !== 'open') return this.answerClosed(user, record, check, comment);
    if (!check.ok) throw invalid(`办理内容有误 / invalid decision: ${check.message}`);
    try {
      await this.gateway.complete(record.task.procedureId, id, check.decision, comment, { userId: user.id, username: user.username });
    } catch (err) {
      if (!(err instanceof AppError) || (err.kind !== 'conflict' && err.kind !== 'unavailable')) throw err;
      const after = await this.load(id);
      if (after.task.status === 'open') throw err;
      return this.answerClosed(user, after, check, comment);
    }
    return this.get(id);
  }

  /** The answer for a task no longer open: this very decision of this user is 200, anything else 409. */
  private async answerClosed(user: AuthUser, record: TaskRecord, check: DecisionCheck, comment?: string) {
    const t = record.task;
    if (t.status !== 'done' || !t.completedBy) throw conflict('该待办已关闭 / the task is closed');
    const recorded = { actor: { userId: t.completedBy, username: '' }, decision: t.decision, comment: t.comment };
    if (check.ok && sameCompletion(recorded, { actor: { userId: user.id, username: user.username }, decision: check.decision, comment })) {
      return taskDetailView(t, record.candidates);
    }
    throw alreadyDecidedBy((await this.users.byId(t.completedBy))?.username ?? t.completedBy);
  }

  private async load(id: string): Promise<TaskRecord> {
    const record = await this.store.get(id);
    if (!record) throw notFound(`待办不存在 / no task ${id}`);
    return record;
  }
}
