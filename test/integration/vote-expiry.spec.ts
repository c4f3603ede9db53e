import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ExpiredWriteError, openDatabase, RedBlackStore } from '../../libs/persistence/src';
import { databaseUrls, freshDatabase } from '../support/databases';

/** Issue 9: a vote is never applied after the API answered 503 — the store refuses it past the API's wait. */
describe.each(databaseUrls())('R4 votes past their expiry on %s', (kind) => {
  let ds: DataSource;
  let store: RedBlackStore;

  beforeAll(async () => {
    ds = await openDatabase(await freshDatabase(kind));
    store = new RedBlackStore(ds);
    await store.openBallot({ id: 'redblack/v01/2101Q1/ballot-1', procedureId: 'redblack/v01/2101Q1', villageId: 'v01', round: 1, nominees: [{ nomineeId: 'n01' }], voters: ['rep.v01.01'], closesAt: new Date(Date.now() + 86_400_000).toISOString() });
  });
  afterAll(async () => ds?.destroy());

  it('a vote reaching the store after expiresAt is not recorded; the same choices, once recorded, still answer', async () => {
    const ballot = 'redblack/v01/2101Q1/ballot-1';
    const agree = [{ nomineeId: 'n01', choice: 'agree' as const }];
    const disagree = [{ nomineeId: 'n01', choice: 'disagree' as const }];
    const now = new Date();
    const past = new Date(now.getTime() - 1).toISOString();
    await expect(store.upsertVote(ballot, 'rep.v01.01', agree, past, now)).rejects.toBeInstanceOf(ExpiredWriteError);
    expect(await store.vote(ballot, 'rep.v01.01')).toBeNull();

    const future = new Date(now.getTime() + 10_000).toISOString();
    expect((await store.upsertVote(ballot, 'rep.v01.01', agree, future, now)).choices).toEqual(agree);
    expect((await store.upsertVote(ballot, 'rep.v01.01', agree, past, now)).choices).toEqual(agree);
    await expect(store.upsertVote(ballot, 'rep.v01.01', disagree, past, now)).rejects.toBeInstanceOf(ExpiredWriteError);
    expect((await store.vote(ballot, 'rep.v01.01'))!.choices).toEqual(agree);
  });
});
