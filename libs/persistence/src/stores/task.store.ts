import { Injectable } from '@nestjs/common';
import { row } from './row';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, Candidate, RoleBinding, TaskSpec, TaskStatus } from '../../../domain/src';
import { AuditEntity, ProcedureEventEntity, TaskCandidateEntity, TaskEntity } from '../entities';
import { candidateFromKey, candidateKey, keysOfUser } from './scope';

/** Tasks without a deadline sort after every dated one. */
const NO_DUE = new Date('9999-12-31T00:00:00.000Z');

export interface InboxQuery {
  status: TaskStatus;
  kind?: string;
  villageId?: string;
  page: number;
  pageSize: number;
}

export interface TaskRecord {
  task: TaskEntity;
  candidates: Candidate[];
}

export class TaskConflictError extends Error {}

/** The task table, its candidates and the decisions' audit rows, kept consistent in transactions. */
@Injectable()
export class TaskStore {
  constructor(private readonly ds: DataSource) {}

  /** Idempotent by task id: returns false when the task already existed. */
  async open(spec: TaskSpec, now = new Date()): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      if (await m.existsBy(TaskEntity, { id: spec.id })) return false;
      const dueAt = spec.dueAt ? new Date(spec.dueAt) : null;
      await m.insert(TaskEntity, row<TaskEntity>({
        id: spec.id,
        kind: spec.kind,
        title: spec.title,
        villageId: spec.villageId,
        procedureId: spec.procedureId,
        status: 'open',
        dueAt,
        payload: spec.payload,
        decision: null,
        comment: null,
        completedBy: null,
        completedAt: null,
        createdAt: now,
        mailedAt: null,
      }));
      await this.addCandidates(m, spec.id, spec.kind, spec.villageId, spec.candidates, dueAt);
      await this.event(m, `${spec.id}#opened`, spec.procedureId, now, 'task_opened', `待办已创建:${spec.title}`, null, { taskId: spec.id, kind: spec.kind });
      return true;
    });
  }

  async markMailed(id: string, now = new Date()): Promise<void> {
    await this.ds.getRepository(TaskEntity).update({ id }, { mailedAt: now });
  }

  async get(id: string): Promise<TaskRecord | null> {
    const task = await this.ds.getRepository(TaskEntity).findOneBy({ id });
    if (!task) return null;
    const rows = await this.ds.getRepository(TaskCandidateEntity).findBy({ taskId: id });
    return { task, candidates: rows.map((r) => candidateFromKey(r.role, r.scope)) };
  }

  async listByProcedure(procedureId: string): Promise<TaskEntity[]> {
    return this.ds.getRepository(TaskEntity).find({ where: { procedureId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Records a decision once. A second call with the same actor and decision returns the
   * stored task (an activity retry); any other second decision is a conflict.
   */
  async complete(input: { taskId: string; decision: unknown; comment?: string; actor: Actor }, now = new Date()): Promise<TaskEntity> {
    return this.ds.transaction(async (m) => {
      const task = await m.findOneBy(TaskEntity, { id: input.taskId });
      if (!task) throw new TaskConflictError(`task ${input.taskId} does not exist`);
      if (task.status !== 'open') {
        if (task.completedBy === input.actor.userId && JSON.stringify(task.decision) === JSON.stringify(input.decision)) return task;
        throw new TaskConflictError(`task ${input.taskId} is already ${task.status}`);
      }
      Object.assign(task, { status: 'done', decision: input.decision, comment: input.comment ?? null, completedBy: input.actor.userId, completedAt: now });
      await m.update(TaskEntity, { id: task.id }, row<TaskEntity>({ status: 'done', decision: input.decision, comment: task.comment, completedBy: task.completedBy, completedAt: now }));
      await m.update(TaskCandidateEntity, { taskId: task.id }, row<TaskCandidateEntity>({ status: 'done' }));
      await m.insert(AuditEntity, row<AuditEntity>({
        at: now,
        actorId: input.actor.userId,
        action: `decide:${task.kind}`,
        procedureId: task.procedureId,
        taskId: task.id,
        detail: { decision: input.decision, comment: input.comment ?? null, username: input.actor.username },
      }));
      await this.event(m, `${task.id}#decided`, task.procedureId, now, 'task_decided', `${input.actor.username} 办理了:${task.title}`, input.actor.userId, { taskId: task.id, kind: task.kind, decision: input.decision });
      return task;
    });
  }

  async extend(taskId: string, dueAt: Date | null, seq: number, now = new Date()): Promise<TaskEntity | null> {
    return this.ds.transaction(async (m) => {
      const task = await m.findOneBy(TaskEntity, { id: taskId });
      if (!task) return null;
      await m.update(TaskEntity, { id: taskId }, row<TaskEntity>({ dueAt }));
      await m.update(TaskCandidateEntity, { taskId }, row<TaskCandidateEntity>({ sortDue: dueAt ?? NO_DUE }));
      await this.event(m, `${taskId}#extended-${seq}`, task.procedureId, now, 'task_extended', `期限已延长:${task.title}`, null, { taskId, dueAt: dueAt?.toISOString() ?? null });
      task.dueAt = dueAt;
      return task;
    });
  }

  async reassign(taskId: string, add: Candidate[], dueAt: Date | null, seq: number, now = new Date()): Promise<TaskEntity | null> {
    return this.ds.transaction(async (m) => {
      const task = await m.findOneBy(TaskEntity, { id: taskId });
      if (!task) return null;
      await m.update(TaskEntity, { id: taskId }, row<TaskEntity>({ dueAt }));
      await m.update(TaskCandidateEntity, { taskId }, row<TaskCandidateEntity>({ sortDue: dueAt ?? NO_DUE }));
      await this.addCandidates(m, taskId, task.kind, task.villageId, add, dueAt, task.status);
      await this.event(m, `${taskId}#reassigned-${seq}`, task.procedureId, now, 'task_reassigned', `超期转办:${task.title}`, null, { taskId, added: add, dueAt: dueAt?.toISOString() ?? null });
      task.dueAt = dueAt;
      return task;
    });
  }

  async recordReminder(taskId: string, seq: number, overdue: boolean, now = new Date()): Promise<TaskEntity | null> {
    return this.ds.transaction(async (m) => {
      const task = await m.findOneBy(TaskEntity, { id: taskId });
      if (!task) return null;
      await this.event(m, `${taskId}#reminder-${seq}`, task.procedureId, now, 'task_reminded', `${overdue ? '逾期催办' : '到期提醒'}:${task.title}`, null, { taskId });
      return task;
    });
  }

  /** The caller's inbox: tasks any of their role bindings (or they personally) may act on. */
  async inbox(user: { id: string; roles: readonly RoleBinding[] }, q: InboxQuery): Promise<{ items: TaskEntity[]; total: number }> {
    const keys = keysOfUser(user);
    const qb = this.ds
      .getRepository(TaskCandidateEntity)
      .createQueryBuilder('c')
      .where('c.status = :status', { status: q.status })
      .andWhere(`(${keys.map((_, i) => `(c.role = :r${i} AND c.scope = :s${i})`).join(' OR ')})`, Object.fromEntries(keys.flatMap((k, i) => [[`r${i}`, k.role], [`s${i}`, k.scope]])));
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.villageId) qb.andWhere('c.village_id = :villageId', { villageId: q.villageId });
    const [ids, total] = await Promise.all([
      qb.clone().select('c.task_id', 'id').addSelect('MIN(c.sort_due)', 'due').groupBy('c.task_id').orderBy('due', 'ASC').addOrderBy('c.task_id', 'ASC').offset((q.page - 1) * q.pageSize).limit(q.pageSize).getRawMany<{ id: string }>(),
      qb.clone().select('COUNT(DISTINCT c.task_id)', 'n').getRawOne<{ n: string | number }>(),
    ]);
    if (ids.length === 0) return { items: [], total: Number(total?.n ?? 0) };
    const tasks = await this.ds.getRepository(TaskEntity).createQueryBuilder('t').where('t.id IN (:...ids)', { ids: ids.map((r) => r.id) }).getMany();
    const byId = new Map(tasks.map((t) => [t.id, t]));
    return { items: ids.map((r) => byId.get(r.id)!).filter(Boolean), total: Number(total?.n ?? 0) };
  }

  private async addCandidates(m: EntityManager, taskId: string, kind: string, villageId: string | null, candidates: Candidate[], dueAt: Date | null, status: TaskStatus = 'open'): Promise<void> {
    for (const c of candidates) {
      const key = candidateKey(c);
      if (await m.existsBy(TaskCandidateEntity, { taskId, role: key.role, scope: key.scope })) continue;
      await m.insert(TaskCandidateEntity, row<TaskCandidateEntity>({ taskId, ...key, status, sortDue: dueAt ?? NO_DUE, villageId, kind }));
    }
  }

  private async event(m: EntityManager, id: string, procedureId: string, at: Date, type: string, message: string, actorId: string | null, detail: Record<string, unknown>): Promise<void> {
    if (await m.existsBy(ProcedureEventEntity, { id })) return;
    await m.insert(ProcedureEventEntity, row<ProcedureEventEntity>({ id, procedureId, at, type, message: message.slice(0, 500), actorId, detail }));
  }
}
