import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { TaskSpec } from '../../libs/domain/src';
import { AuditEntity, ExpiredWriteError, openDatabase, ProcedureEventEntity, TaskStore } from '../../libs/persistence/src';
import { databaseUrls, freshDatabase } from '../support/databases';

const DAY = 86_400_000;
const spec = (id: string, over: Partial<TaskSpec> = {}): TaskSpec => ({
  id: `proc/${id}/step`,
  kind: 'contract.review',
  title: `任务 ${id}`,
  procedureId: `proc/${id}`,
  villageId: 'v01',
  candidates: [{ role: 'LEGAL_ADVISER', villageId: 'v01' }],
  dueAt: null,
  payload: { n: id },
  ...over,
});
const legal = { id: 'legal.v01', roles: [{ role: 'LEGAL_ADVISER' as const, villageId: 'v01' }] };
const actor = { userId: 'legal.v01', username: 'legal.v01' };

describe.each(databaseUrls())('task store on %s (human-task protocol)', (kind) => {
  let ds: DataSource;
  let store: TaskStore;
  const now = Date.now();

  beforeAll(async () => {
    ds = await openDatabase(await freshDatabase(kind));
    store = new TaskStore(ds);
  });
  afterAll(async () => ds?.destroy());

  it('opening is idempotent by task id', async () => {
    expect(await store.open(spec('a'))).toBe(true);
    expect(await store.open(spec('a', { title: 'changed' }))).toBe(false);
    const record = await store.get('proc/a/step');
    expect(record?.task.title).toBe('任务 a');
    expect(record?.candidates).toEqual([{ role: 'LEGAL_ADVISER', villageId: 'v01' }]);
  });

  it('a decision is recorded once, with an audit row; a retry is harmless, another decision a conflict', async () => {
    await store.open(spec('b'));
    const done = await store.complete({ taskId: 'proc/b/step', decision: { approve: true, opinion: '同意' }, actor });
    expect(done).toMatchObject({ status: 'done', completedBy: 'legal.v01' });
    const again = await store.complete({ taskId: 'proc/b/step', decision: { approve: true, opinion: '同意' }, actor });
    expect(again.completedAt?.getTime()).toBe(done.completedAt?.getTime());
    await expect(store.complete({ taskId: 'proc/b/step', decision: { approve: false, opinion: '不同意' }, actor })).rejects.toThrow(/already done/);
    const audit = await ds.getRepository(AuditEntity).findBy({ taskId: 'proc/b/step' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: 'legal.v01', action: 'decide:contract.review', procedureId: 'proc/b' });
    expect((await ds.getRepository(ProcedureEventEntity).findBy({ procedureId: 'proc/b' })).map((e) => e.type).sort()).toEqual(['task_decided', 'task_opened']);
  });

  it('issue 9: a decision past its expiresAt is refused inside the transaction and nothing is written; one in time is recorded', async () => {
    await store.open(spec('exp', { villageId: 'v09', candidates: [{ role: 'LEGAL_ADVISER', villageId: 'v09' }] }));
    const decision = { approve: true, opinion: '同意' };
    const at = new Date();
    await expect(store.complete({ taskId: 'proc/exp/step', decision, actor, expiresAt: new Date(at.getTime() - 1).toISOString() }, at)).rejects.toBeInstanceOf(ExpiredWriteError);
    expect((await store.get('proc/exp/step'))?.task.status).toBe('open');
    expect(await ds.getRepository(AuditEntity).countBy({ taskId: 'proc/exp/step' })).toBe(0);
    const done = await store.complete({ taskId: 'proc/exp/step', decision, actor, expiresAt: new Date(at.getTime() + 1000).toISOString() }, at);
    expect(done.status).toBe('done');
    // A retry of the recorded decision still answers, even after its expiry (it was applied in time).
    expect((await store.complete({ taskId: 'proc/exp/step', decision, actor, expiresAt: new Date(at.getTime() - 1).toISOString() })).status).toBe('done');
  });

  it('the inbox lists overdue first, then soonest due, then undated; pages; exact totals; each task once', async () => {
    const iso = (d: number) => new Date(now + d * DAY).toISOString();
    await store.open(spec('later', { dueAt: iso(5) }));
    await store.open(spec('overdue', { dueAt: iso(-2) }));
    await store.open(spec('soon', { dueAt: iso(1) }));
    // Candidate twice over (role and personally): still one inbox row.
    await store.open(spec('twice', { dueAt: iso(3), candidates: [{ role: 'LEGAL_ADVISER', villageId: 'v01' }, { userId: 'legal.v01' }] }));
    await store.open(spec('other-village', { dueAt: iso(0), villageId: 'v02', candidates: [{ role: 'LEGAL_ADVISER', villageId: 'v02' }] }));
    const page1 = await store.inbox(legal, { status: 'open', page: 1, pageSize: 3 });
    expect(page1.total).toBe(5);
    expect(page1.items.map((t) => t.id)).toEqual(['proc/overdue/step', 'proc/soon/step', 'proc/twice/step']);
    const page2 = await store.inbox(legal, { status: 'open', page: 2, pageSize: 3 });
    expect(page2.items.map((t) => t.id)).toEqual(['proc/later/step', 'proc/a/step']);
    const done = await store.inbox(legal, { status: 'done', page: 1, pageSize: 10 });
    expect(done.items.map((t) => t.id)).toEqual(['proc/b/step']);
    expect((await store.inbox(legal, { status: 'open', kind: 'contract.sign', page: 1, pageSize: 10 })).total).toBe(0);
    expect((await store.inbox({ id: 'x', roles: [{ role: 'LEGAL_ADVISER', villageId: 'v02' }] }, { status: 'open', page: 1, pageSize: 10 })).items.map((t) => t.id)).toEqual(['proc/other-village/step']);
  });

  it('reassignment adds candidates up the chain and moves the deadline', async () => {
    await store.open(spec('late', { dueAt: new Date(now - DAY).toISOString() }));
    const town = { id: 'town.office', roles: [{ role: 'TOWN_OFFICE' as const, villageId: null }] };
    expect((await store.inbox(town, { status: 'open', page: 1, pageSize: 10 })).total).toBe(0);
    const newDue = new Date(now + 4 * DAY);
    await store.reassign('proc/late/step', [{ role: 'TOWN_OFFICE', villageId: null }], newDue, 1);
    const inbox = await store.inbox(town, { status: 'open', page: 1, pageSize: 10 });
    expect(inbox.items.map((t) => t.id)).toEqual(['proc/late/step']);
    expect(inbox.items[0].dueAt?.getTime()).toBe(newDue.getTime());
    expect((await store.get('proc/late/step'))?.candidates).toHaveLength(2);
  });

  it('stores Chinese text and large payloads intact', async () => {
    const summary = '承包期五年,年租金壹万贰仟伍佰元整。🌾'.repeat(200);
    await store.open(spec('zh', { payload: { summary } }));
    expect((await store.get('proc/zh/step'))?.task.payload.summary).toBe(summary);
  });
});
