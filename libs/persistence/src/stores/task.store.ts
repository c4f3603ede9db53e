import { Injectable } from '@nestjs/common';
import { row } from './row';
import { ExpiredWriteError } from './expired-write';
import { DataSource, type EntityManager } from 'typeorm';
import { writeOnce, writeTransaction } from './lock';
import { clip, hasExpired, type Actor, type Candidate, type RoleBinding, type TaskSpec, type TaskStatus } from '../../../domain/src';
import { AuditEntity, ProcedureEventEntity, TaskCandidateEntity, TaskEntity } from '../entities';
import { candidateFromKey, candidateKey, keysOfUser, USER_ROLE } from './scope';

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
    return writeOnce(this.ds, TaskEntity, spec.id, async (m) => {
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
      }));
      await this.addCandidates(m, spec.id, spec.kind, spec.villageId, spec.candidates, dueAt);
      await this.event(m, `${spec.id}#opened`, spec.procedureId, now, 'task_opened', `待办已创建:${spec.title}`, null, { taskId: spec.id, kind: spec.kind });
    });
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
   * stored task (an activity retry); any other second decision is a conflict. A decision whose
   * `expiresAt` has passed is refused: the API has stopped waiting and answered 503, so it must
   * never be applied afterwards (the check runs inside the transaction that would record it).
   */
  async complete(input: { taskId: string; decision: unknown; comment?: string; actor: Actor; expiresAt?: string }, now = new Date()): Promise<TaskEntity> {
    return writeTransaction(this.ds, async (m) => {
      const task = await m.findOneBy(TaskEntity, { id: input.taskId });
      if (!task) throw new TaskConflictError(`task ${input.taskId} does not exist`);
      if (task.status !== 'open') {
        if (task.completedBy === input.actor.userId && JSON.stringify(task.decision) === JSON.stringify(input.decision)) return task;
        throw new TaskConflictError(`task ${input.taskId} is already ${task.status}`);
      }
      if (input.expiresAt !== undefined && hasExpired(input.expiresAt, now.getTime())) {
        throw new ExpiredWriteError(`the decision on ${input.taskId} arrived after ${input.expiresAt}`);
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
    return writeTransaction(this.ds, async (m) => {
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
    return writeTransaction(this.ds, async (m) => {
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
    return writeTransaction(this.ds, async (m) => {
      const task = await m.findOneBy(TaskEntity, { id: taskId });
      if (!task) return null;
      await this.event(m, `${taskId}#reminder-${seq}`, task.procedureId, now, 'task_reminded', `${overdue ? '逾期催办' : '到期提醒'}:${task.title}`, null, { taskId });
      return task;
    });
  }

  /**
   * The caller's inbox: tasks any of their role bindings (or they personally) may act on, each
   * once, soonest due first (then by id), one page of them and the exact total.
   *
   * Each candidate key (role + scope) with the status is one contiguous range of
   * ix_task_candidate_inbox (role, scope, status, sort_due, task_id, kind, village_id), already
   * in inbox order and covering the kind and village filters, so the candidate table itself is
   * never read and nothing larger than a page per key is sorted. One statement does it all:
   * - the page: the first offset + pageSize of each key's range, merged, each task once at its
   *   soonest due (one key needs no merge), joined to its task rows by primary key;
   * - the total: the count of each range, where a later key's row counts only if no earlier key
   *   has that task (a primary-key probe per row of the later keys; the user's own key, usually
   *   the smallest, goes last), read from the narrow ix_task_candidate_count (role, scope,
   *   status) or, with a kind or village filter, from the covering one. No COUNT(DISTINCT) or
   *   GROUP BY over the whole inbox.
   * An empty page (past the end, or nothing to do) asks for the total alone.
   */
  async inbox(user: { id: string; roles: readonly RoleBinding[] }, q: InboxQuery): Promise<{ items: TaskEntity[]; total: number }> {
    const own = keysOfUser(user);
    const keys = [...new Map([...own.filter((k) => k.role !== USER_ROLE), ...own.filter((k) => k.role === USER_ROLE)].map((k) => [`${k.role}\u0000${k.scope}`, k])).values()];
    const { driver } = this.ds;
    const e = (name: string) => driver.escape(name);
    const tasks = this.ds.getMetadata(TaskEntity);
    const candidates = e(this.ds.getMetadata(TaskCandidateEntity).tableName);
    const [taskId, role, scope, status, sortDue, kind, villageId] = ['task_id', 'role', 'scope', 'status', 'sort_due', 'kind', 'village_id'].map(e);
    const filters = [`${status} = ?`, ...(q.kind ? [`${kind} = ?`] : []), ...(q.villageId ? [`${villageId} = ?`] : [])];
    const filterParams = [q.status, ...(q.kind ? [q.kind] : []), ...(q.villageId ? [q.villageId] : [])];
    const range = (a: string) => [`${a}.${role} = ?`, `${a}.${scope} = ?`, ...filters.map((f) => `${a}.${f}`)].join(' AND ');
    const rangeParams = (k: { role: string; scope: string }) => [k.role, k.scope, ...filterParams];

    const total = {
      sql: keys
        .map((_, i) => `(SELECT COUNT(*) FROM ${candidates} c WHERE ${range('c')}${keys.slice(0, i).map(() => ` AND NOT EXISTS (SELECT 1 FROM ${candidates} d WHERE d.${taskId} = c.${taskId} AND ${range('d')})`).join('')})`)
        .join(' + '),
      params: keys.flatMap((k, i) => [...rangeParams(k), ...keys.slice(0, i).flatMap(rangeParams)]),
    };
    const offset = (q.page - 1) * q.pageSize;
    const inOrder = (limit: string) => `SELECT c.${taskId} AS id, c.${sortDue} AS due FROM ${candidates} c WHERE ${range('c')} ORDER BY c.${sortDue}, c.${taskId} ${limit}`;
    const page =
      keys.length === 1
        ? { sql: `SELECT k.id, k.due AS first_due FROM (${inOrder('LIMIT ? OFFSET ?')}) k`, params: [...rangeParams(keys[0]), q.pageSize, offset] }
        : {
            sql: `SELECT u.id, MIN(u.due) AS first_due FROM (${keys.map((_, i) => `SELECT k${i}.id, k${i}.due FROM (${inOrder('LIMIT ?')}) k${i}`).join(' UNION ALL ')}) u GROUP BY u.id ORDER BY first_due, u.id LIMIT ? OFFSET ?`,
            params: [...keys.flatMap((k) => [...rangeParams(k), offset + q.pageSize]), q.pageSize, offset],
          };
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT ${tasks.columns.map((c) => `t.${e(c.databaseName)}`).join(', ')}, ${total.sql} AS inbox_total FROM (${page.sql}) p INNER JOIN ${e(tasks.tableName)} t ON t.${e('id')} = p.id ORDER BY p.first_due, p.id`,
      [...total.params, ...page.params],
    );
    if (rows.length === 0) {
      const [only] = await this.ds.query(`SELECT ${total.sql} AS inbox_total`, total.params);
      return { items: [], total: Number(only.inbox_total) };
    }
    const items = rows.map((r) => {
      const task = tasks.create(undefined, { fromDeserializer: true }) as TaskEntity;
      for (const c of tasks.columns) c.setEntityValue(task, driver.prepareHydratedValue(r[c.databaseName], c));
      return task;
    });
    return { items, total: Number(rows[0].inbox_total) };
  }

  /**
   * Closes an open task nobody decided (the procedure moved on without it): status `cancelled`,
   * out of every inbox. Idempotent; a decided task is left as it is. Returns the task, or null.
   */
  async cancel(taskId: string, reason: string, now = new Date()): Promise<TaskEntity | null> {
    return writeTransaction(this.ds, async (m) => {
      const task = await m.findOneBy(TaskEntity, { id: taskId });
      if (!task || task.status !== 'open') return task;
      await m.update(TaskEntity, { id: taskId }, row<TaskEntity>({ status: 'cancelled' }));
      await m.update(TaskCandidateEntity, { taskId }, row<TaskCandidateEntity>({ status: 'cancelled' }));
      await this.event(m, `${taskId}#cancelled`, task.procedureId, now, 'task_cancelled', `待办已关闭:${task.title}(${reason})`, null, { taskId, reason });
      task.status = 'cancelled';
      return task;
    });
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
    await m.insert(ProcedureEventEntity, row<ProcedureEventEntity>({ id, procedureId, at, type, message: clip(message, 500), actorId, detail }));
  }
}
