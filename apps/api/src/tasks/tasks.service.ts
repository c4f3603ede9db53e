import { Injectable } from '@nestjs/common';
import { checkDecision, conflict, invalid, notFound } from '../../../../libs/domain/src';
import { TaskStore, type TaskRecord } from '../../../../libs/persistence/src';
import type { AuthUser } from '../auth/current-user';
import { TaskCompletionGateway } from './task-completion.gateway';
import { taskDetailView, taskView } from './task-view';
import type { InboxQueryDto } from './tasks.dto';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

@Injectable()
export class TasksService {
  constructor(
    private readonly store: TaskStore,
    private readonly gateway: TaskCompletionGateway,
  ) {}

  async inbox(user: AuthUser, q: InboxQueryDto) {
    const { items, total } = await this.store.inbox(user, { status: q.status ?? 'open', kind: q.kind, villageId: q.villageId, page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
    const now = Date.now();
    return { items: items.map((t) => taskView(t, now)), total };
  }

  /** Who may see or complete a task (its candidates, or who completed it): the access table. */
  async get(id: string) {
    const record = await this.load(id);
    return taskDetailView(record.task, record.candidates);
  }

  async complete(user: AuthUser, id: string, decision: unknown, comment?: string) {
    const record = await this.load(id);
    const check = checkDecision(record.task.kind, decision);
    if (record.task.status !== 'open') {
      if (check.ok && record.task.completedBy === user.id && sameJson(record.task.decision, check.decision)) return this.get(id);
      throw conflict('该待办已办结 / the task is no longer open');
    }
    if (!check.ok) throw invalid(`办理内容有误 / invalid decision: ${check.message}`);
    await this.gateway.complete(record.task.procedureId, id, check.decision, comment, { userId: user.id, username: user.username });
    return this.get(id);
  }

  private async load(id: string): Promise<TaskRecord> {
    const record = await this.store.get(id);
    if (!record) throw notFound(`待办不存在 / no task ${id}`);
    return record;
  }
}
