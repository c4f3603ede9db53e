import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { DisputeStore, openDatabase, TaskStore } from '../../libs/persistence/src';
import { databaseUrls, freshDatabase } from '../support/databases';

const mediator = { id: 'mediator.v01', roles: [{ role: 'MEDIATOR' as const, villageId: 'v01' }] };

describe.each(databaseUrls())('R10 dispute store and task cancellation on %s', (kind) => {
  let ds: DataSource;
  let disputes: DisputeStore;
  let tasks: TaskStore;

  beforeAll(async () => {
    ds = await openDatabase(await freshDatabase(kind));
    disputes = new DisputeStore(ds);
    tasks = new TaskStore(ds);
  });
  afterAll(async () => ds?.destroy());

  it('a cancelled session task leaves the inbox, refuses completion, and cancelling twice is harmless', async () => {
    const id = 'mediation/v01-x/tier-1-session-1';
    await tasks.open({ id, kind: 'mediation.session', title: '调解', procedureId: 'mediation/v01-x', villageId: 'v01', candidates: [{ role: 'MEDIATOR', villageId: 'v01' }], dueAt: new Date(Date.now() + 60_000).toISOString(), payload: {} });
    expect((await tasks.inbox(mediator, { status: 'open', page: 1, pageSize: 20 })).total).toBe(1);
    expect((await tasks.cancel(id, 'timeout'))?.status).toBe('cancelled');
    expect((await tasks.cancel(id, 'timeout'))?.status).toBe('cancelled');
    expect((await tasks.inbox(mediator, { status: 'open', page: 1, pageSize: 20 })).total).toBe(0);
    await expect(tasks.complete({ taskId: id, decision: { outcome: 'continue', notes: 'x' }, actor: { userId: 'mediator.v01', username: 'mediator.v01' } })).rejects.toThrow(/cancelled/);
    expect(await tasks.cancel('no/such/task', 'x')).toBeNull();
  });

  it('cases are registered once, events written once, listed overdue first, and counted per quarter', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const reg = (id: string, villageId: string, dueAt: string) =>
      disputes.register({ id, villageId, category: 'neighbour', summary: 's', details: { parties: [{ name: '张三' }] }, level: 'village', dueAt, registeredBy: 'mediator.v01', policyVersion: 1 });
    expect(await reg('c1', 'v01', later)).toBe(true);
    expect(await reg('c1', 'v01', later)).toBe(false);
    await reg('c2', 'v01', past);
    await reg('c3', 'v02', later);
    const esc = { caseId: 'c1', eventId: 'c1#1-escalated', type: 'escalated', tier: 4, reason: 'risk', message: '升级', detail: { fromLevel: 'village', toLevel: 'town', fromTier: 1, toTier: 4 }, patch: { tier: 4, level: 'town' } };
    expect(await disputes.record(esc)).toBe(true);
    expect(await disputes.record(esc)).toBe(false);
    await disputes.record({ caseId: 'c1', eventId: 'c1#2-risk', type: 'risk', tier: 1, reason: 'skip_level_petition', message: '越级访', detail: {} });
    await disputes.record({ caseId: 'c1', eventId: 'c1#3-followup', type: 'followup', tier: 4, message: '结案', patch: { status: 'closed', outcome: 'resolved', closedAt: new Date().toISOString(), dueAt: null } });
    const got = await disputes.get('c1');
    expect(got?.dispute).toMatchObject({ tier: 4, level: 'town', status: 'closed', outcome: 'resolved', dueAt: null });
    expect(got?.events.map((e) => e.type)).toEqual(['registered', 'escalated', 'risk', 'followup']);

    const v01 = await disputes.list({ villageIds: ['v01'] });
    expect(v01.items.map((d) => d.id)).toEqual(['c2', 'c1']);
    expect((await disputes.list({ villageIds: null, status: 'open' })).items.map((d) => d.id)).toEqual(['c2', 'c3']);
    expect((await disputes.list({ villageIds: [] })).total).toBe(0);

    const year = new Date().getUTCFullYear();
    const stats = await disputes.stats({ villageIds: null }, new Date(Date.UTC(year - 1, 0, 1)), new Date(Date.UTC(year + 1, 0, 1)));
    expect(stats).toEqual({ registered: 3, resolvedAtVillage: 0, resolvedAtTown: 1, referredToLitigation: 0, escalatedToTown: 1, skipLevelPetitions: 1, open: 2, overdue: 1 });
    expect((await disputes.stats({ villageIds: ['v02'] }, null, null)).registered).toBe(1);
    expect((await disputes.stats({ villageIds: null }, new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2000, 3, 1)))).registered).toBe(0);
  });

  it('issue 9: a village\'s escalations and skip-level petitions are its own, not the town\'s', async () => {
    // GIVEN one escalated case with a skip-level petition in each of two villages, and a second one in v12
    const reg = (id: string, villageId: string) =>
      disputes.register({ id, villageId, category: 'land', summary: 's', details: {}, level: 'village', dueAt: null, registeredBy: 'mediator', policyVersion: 1 });
    const escalate = (caseId: string) =>
      disputes.record({ caseId, eventId: `${caseId}#esc`, type: 'escalated', tier: 4, reason: 'risk', message: '升级', detail: { fromLevel: 'village', toLevel: 'town', fromTier: 1, toTier: 4 }, patch: { tier: 4, level: 'town' } });
    const petition = (caseId: string) => disputes.record({ caseId, eventId: `${caseId}#risk`, type: 'risk', tier: 1, reason: 'skip_level_petition', message: '越级访', detail: {} });
    for (const [id, village] of [['s11a', 'v11'], ['s12a', 'v12'], ['s12b', 'v12']]) {
      await reg(id, village);
      await escalate(id);
      await petition(id);
    }
    // WHEN each village's figures are asked for, by the village filter and by the caller's scope
    const byFilter = (villageId: string) => disputes.stats({ villageIds: null, villageId }, null, null);
    const byScope = (villageId: string) => disputes.stats({ villageIds: [villageId] }, null, null);
    // THEN each village counts its own cases only, and the town all of them
    for (const stats of [await byFilter('v11'), await byScope('v11')]) expect(stats).toMatchObject({ registered: 1, escalatedToTown: 1, skipLevelPetitions: 1 });
    for (const stats of [await byFilter('v12'), await byScope('v12')]) expect(stats).toMatchObject({ registered: 2, escalatedToTown: 2, skipLevelPetitions: 2 });
    expect(await byFilter('v13')).toMatchObject({ registered: 0, escalatedToTown: 0, skipLevelPetitions: 0 });
    const town = await disputes.stats({ villageIds: null }, null, null);
    expect(town.escalatedToTown - (await byFilter('v11')).escalatedToTown - (await byFilter('v12')).escalatedToTown).toBe(1);
  });

  it('escalations stored before the level columns get them from their detail, whatever its key order', async () => {
    // GIVEN a database before migration EscalationLevels, with escalations written in either key order
    const old = await openDatabase(await freshDatabase(kind));
    try {
      const store = new DisputeStore(old);
      await store.register({ id: 'old1', villageId: 'v01', category: 'land', summary: 's', details: {}, level: 'village', dueAt: null, registeredBy: 'mediator.v01', policyVersion: 1 });
      await old.undoLastMigration();
      const insert = (id: string, detail: string) =>
        old.query(`INSERT INTO dispute_event (id, case_id, village_id, at, type, tier, message, detail) VALUES (?, 'old1', 'v01', '2026-01-05 08:00:00.000', 'escalated', 4, '升级', ?)`, [id, detail]);
      await insert('old1#a', '{"toLevel":"town","fromLevel":"village","toTier":4}');
      await insert('old1#b', '{"fromLevel":"village","toLevel":"village"}');
      // WHEN the migration runs, THEN each row holds its levels and the statistics count the village-to-town one
      await old.runMigrations({ transaction: 'each' });
      const rows: { id: string; from_level: string; to_level: string }[] = await old.query(`SELECT id, from_level, to_level FROM dispute_event WHERE case_id = 'old1' ORDER BY id`);
      expect(rows.map((r) => [r.id, r.from_level, r.to_level])).toEqual([
        ['old1#a', 'village', 'town'],
        ['old1#b', 'village', 'village'],
        ['old1#registered', null, null],
      ]);
      expect((await store.stats({ villageIds: null }, null, null)).escalatedToTown).toBe(1);
    } finally {
      await old.destroy();
    }
  });
});
