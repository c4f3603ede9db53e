import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '../../scripts/lib/stack';
import { ApiClient, eventually, openTaskOf, startSystem } from '../support/system';

const WAIT_MS = 3000;

/** DESIGN §6: nothing is lost when the worker is killed mid-procedure. */
describe('worker killed while a contract review waits', () => {
  let system: Stack;
  let secretary: ApiClient;
  let legal: ApiClient;

  beforeAll(async () => {
    system = await startSystem({ UPDATE_WAIT_MS: String(WAIT_MS) });
    secretary = await ApiClient.login(system.apiUrl, 'secretary.v01');
    legal = await ApiClient.login(system.apiUrl, 'legal.v01');
  });
  afterAll(async () => system?.stop());

  it('R11: SIGKILL, 503 while no worker runs, restart, and the review completes with nothing lost', async () => {
    // GIVEN a review returned once, so there is history to lose, and a second review waiting
    const { procedureId } = (await secretary.post('/api/procedures/contract-review', { villageId: 'v01', title: '水渠维修协议', counterparty: '某建筑队', amountFen: 880_000, summary: '工期30天' })).body;
    const first = await openTaskOf(legal, procedureId, 'contract.review');
    expect((await legal.complete(first.id, { approve: false, opinion: '补充验收标准' })).status).toBe(200);
    const revise = await openTaskOf(secretary, procedureId, 'contract.revise');
    expect((await secretary.complete(revise.id, { summary: '工期30天,按图纸验收' })).status).toBe(200);
    const review = await openTaskOf(legal, procedureId, 'contract.review');
    const before = (await secretary.procedure(procedureId)).body;

    // WHEN the worker is killed outright
    const worker = system.services.get('worker')!;
    worker.child.kill('SIGKILL');
    await worker.exited;

    // THEN completing answers 503 within a bounded time and the task stays open
    const refused = await legal.complete(review.id, { approve: true, opinion: '同意' });
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(WAIT_MS + 5000);
    expect((await legal.task(review.id)).body.status).toBe('open');

    // WHEN a worker starts again
    await system.startWorker();
    // THEN the completion refused while it was down was not applied behind the caller's back
    await new Promise((r) => setTimeout(r, 1500));
    expect((await legal.task(review.id)).body.status).toBe('open');

    // AND the review completes (the cadre retries until the new worker has taken over) and the procedure finishes
    const completed = await eventually(async () => {
      const res = await legal.complete(review.id, { approve: true, opinion: '同意' });
      return res.status === 200 ? res : res.status === 503 ? null : Promise.reject(new Error(`unexpected ${res.status}`));
    }, 60_000);
    expect(completed.body.status).toBe('done');
    // An activity the killed worker had started is retried after its 10 s start-to-close timeout.
    const sign = await openTaskOf(secretary, procedureId, 'contract.sign', 60_000);
    expect((await secretary.complete(sign.id, { signed: true })).status).toBe(200);
    const done = await eventually(async () => {
      const p = (await secretary.procedure(procedureId)).body;
      return p.stage === 'done' && p;
    });
    expect(done.history.slice(0, before.history.length)).toEqual(before.history);
    expect(done.tasks.map((t: any) => t.status)).toEqual(['done', 'done', 'done', 'done']);
    expect((await legal.task(first.id)).body.decision).toEqual({ approve: false, opinion: '补充验收标准' });
  });
});
