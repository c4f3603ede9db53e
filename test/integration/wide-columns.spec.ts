import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { MAX_FEN, type TaskSpec } from '../../libs/domain/src';
import { AssessmentStore, DisputeStore, openDatabase, ProcedureStore, TaskStore } from '../../libs/persistence/src';
import { databaseUrls, freshDatabase } from '../support/databases';

/**
 * The largest JSON document that reaches the database: anything written by a workflow passes
 * through Temporal, whose payload limit is 2 MB. In CJK text (3 bytes a character in utf8mb4)
 * that is about 32 times what a MySQL TEXT column holds.
 */
const LARGEST_JSON_BYTES = 2 * 1024 * 1024;
const bigText = (bytes: number) => '村'.repeat(Math.floor(bytes / 3));

/** Issue 9: money up to MAX_FEN and JSON up to Temporal's payload limit are stored and read back unchanged. */
describe.each(databaseUrls())('wide columns on %s', (kind) => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDatabase(await freshDatabase(kind));
  });
  afterAll(async () => ds?.destroy());

  it('money: the largest allowed amount in every money column, read back as a number', async () => {
    const store = new AssessmentStore(ds, new DisputeStore(ds));
    await store.saveResults(2026, [{ villageId: 'v01', totalUnits: 8900, rank: 1, tier: 1, villageAwardFen: MAX_FEN, cadrePoolFen: MAX_FEN - 1 }], 'confirmed', 1);
    await store.approvePayments([{ id: 'plan/v01/village', year: 2026, villageId: 'v01', planId: 'plan/v01', kind: 'village', userId: null, name: 'v01村', duty: '村集体考核奖励', amountFen: MAX_FEN }]);
    await store.recordRedlistRewards([
      { entryId: 'rb/v01/2026Q1/red-1', villageId: 'v01', year: 2026, quarter: 1, name: '张大妈', form: '奖金', amountFen: MAX_FEN, procedureId: 'redlist/v01', recordedBy: 'secretary.v01' },
      { entryId: 'rb/v01/2026Q1/red-2', villageId: 'v01', year: 2026, quarter: 1, name: '李大爷', form: '荣誉证书', amountFen: null, procedureId: 'redlist/v01', recordedBy: 'secretary.v01' },
    ]);
    expect(MAX_FEN).toBeGreaterThan(2 ** 31);
    expect((await store.results(2026)).map((r) => [r.villageAwardFen, r.cadrePoolFen])).toEqual([[MAX_FEN, MAX_FEN - 1]]);
    expect((await store.payments(2026)).map((p) => p.amountFen)).toEqual([MAX_FEN]);
    expect((await store.redlistRewards(2026)).map((r) => r.amountFen)).toEqual([MAX_FEN, null]);
  });

  it('JSON: a task payload and decision and procedure details of 2 MB each', async () => {
    const text = bigText(LARGEST_JSON_BYTES);
    const tasks = new TaskStore(ds);
    const spec: TaskSpec = { id: 'proc/big/step', kind: 'contract.review', title: '大任务', procedureId: 'proc/big', villageId: 'v01', candidates: [{ role: 'LEGAL_ADVISER', villageId: 'v01' }], dueAt: null, payload: { rows: [text] } };
    await tasks.open(spec);
    const decision = { approve: true, opinion: text };
    await tasks.complete({ taskId: spec.id, decision, actor: { userId: 'legal.v01', username: 'legal.v01' } });
    const stored = await tasks.get(spec.id);
    expect(Buffer.byteLength(JSON.stringify(stored!.task.payload))).toBeGreaterThan(LARGEST_JSON_BYTES - 16);
    expect(stored!.task.payload).toEqual({ rows: [text] });
    expect(stored!.task.decision).toEqual(decision);

    const procedures = new ProcedureStore(ds);
    await procedures.create({ id: 'proc/big', type: 'contract-review', villageId: 'v01', title: '大合同', stage: 'review', startedBy: 'secretary.v01', policyVersion: 1, details: { summary: text } });
    await procedures.changeStage({ procedureId: 'proc/big', eventId: 'proc/big#1-done', stage: 'done', message: 'done', detail: { opinion: text } });
    const proc = await procedures.get('proc/big');
    expect(proc!.procedure.details).toEqual({ summary: text });
    expect(proc!.history.find((e) => e.id === 'proc/big#1-done')!.detail).toMatchObject({ opinion: text });
  });
});
