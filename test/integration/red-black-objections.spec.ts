import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError } from '../../libs/domain/src';
import { openDatabase, RedBlackStore } from '../../libs/persistence/src';
import { databaseUrls, freshDatabase } from '../support/databases';

const DAY = 86_400_000;

describe.each(databaseUrls())('R5 objections as rows on %s (issue 9: floods)', (kind) => {
  let ds: DataSource;
  let store: RedBlackStore;
  let seq = 0;

  beforeAll(async () => {
    ds = await openDatabase(await freshDatabase(kind));
    store = new RedBlackStore(ds);
  });
  afterAll(async () => ds?.destroy());

  async function notice(caps = { perNotice: 4, perContact: 2 }, endsInMs = DAY): Promise<string> {
    const id = `redblack/v01/${2100 + seq++}Q1/notice`;
    await store.publishNotice({ id, procedureId: id.replace('/notice', ''), villageId: 'v01', year: 2100, quarter: 1, entries: [{ nomineeId: 'n01' }, { nomineeId: 'n02' }], endsAt: new Date(Date.now() + endsInMs).toISOString(), caps });
    return id;
  }
  const filing = (noticeId: string, contact = '13800000000', nomineeId = 'n01') => ({ id: randomUUID(), noticeId, nomineeId, name: '村民', contact, reason: '不属实' });
  const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof AppError ? `${e.kind}: ${e.message}` : Promise.reject(e)));

  it('stores objections up to the caps; past them, and on a closed or unknown notice, nothing is stored', async () => {
    const id = await notice();
    await store.fileObjection(filing(id));
    await store.fileObjection(filing(id, '+86 138 0000 0000', 'n02'));
    expect(await refusal(store.fileObjection(filing(id, '138-0000-0000')))).toMatch(/^conflict: .*per contact/);
    expect(await refusal(store.fileObjection(filing(id, '13900000000', 'n09')))).toMatch(/^invalid/);
    await store.fileObjection(filing(id, '13900000000'));
    await store.fileObjection(filing(id, '13700000000'));
    expect(await refusal(store.fileObjection(filing(id, '13600000000')))).toMatch(/^conflict: .*maximum of 4/);
    expect(await store.objections(id)).toHaveLength(4);
    expect(await refusal(store.fileObjection(filing('redblack/none/notice')))).toMatch(/^not_found/);
    const over = await notice(undefined, -1000);
    expect(await refusal(store.fileObjection(filing(over)))).toMatch(/^conflict: .*period is over/);
  });

  it('a flood of simultaneous filings stores exactly the cap', async () => {
    const id = await notice({ perNotice: 5, perContact: 5 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => refusal(store.fileObjection(filing(id, `1380000${String(i).padStart(4, '0')}`)))));
    expect(results.filter((r) => r === null)).toHaveLength(5);
    expect(results.filter((r) => r?.startsWith('conflict'))).toHaveLength(15);
    expect(await store.objections(id)).toHaveLength(5);
  });

  it('the intake takes bounded batches oldest first; a batch asked again is the same; closing the intake stops filing', async () => {
    const id = await notice({ perNotice: 10, perContact: 10 });
    const filed = [];
    for (let i = 0; i < 5; i++) {
      const f = filing(id, `1380000000${i}`);
      await store.fileObjection(f, new Date(Date.now() + i));
      filed.push(f.id);
    }
    const first = await store.takeObjections({ noticeId: id, batch: 1, limit: 3, closeIntake: false });
    expect(first.map((o) => o.id)).toEqual(filed.slice(0, 3));
    expect((await store.takeObjections({ noticeId: id, batch: 1, limit: 3, closeIntake: false })).map((o) => o.id)).toEqual(filed.slice(0, 3));
    const last = await store.takeObjections({ noticeId: id, batch: 2, limit: 3, closeIntake: true });
    expect(last.map((o) => o.id)).toEqual(filed.slice(3));
    expect((await store.notice(id))!.status).toBe('reviewing');
    expect(await refusal(store.fileObjection(filing(id, '13300000000')))).toMatch(/^conflict: .*period is over/);
    expect(await store.takeObjections({ noticeId: id, batch: 3, limit: 3, closeIntake: true })).toEqual([]);
  });

  it('an upheld objection takes the nominee off the board: no more objections against them', async () => {
    const id = await notice();
    await store.withdrawFromNotice(id, 'n02');
    expect((await store.notice(id))!.entries).toEqual([{ nomineeId: 'n01' }]);
    expect(await refusal(store.fileObjection(filing(id, '13800000000', 'n02')))).toMatch(/^invalid/);
  });
});
