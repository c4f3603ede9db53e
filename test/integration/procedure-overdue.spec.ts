import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { openDatabase, ProcedureEntity, ProcedureStore, RedBlackStore } from '../../libs/persistence/src';
import { databaseUrls, freshDatabase } from '../support/databases';

/** Concurrent transactions need a server database: SQLite here runs one transaction at a time on its one connection. */
const servers = databaseUrls().filter((k) => k !== 'sqlite');

/** Issue 9: marking procedures overdue at quarter end is one transaction and loses no concurrent stage change. */
(servers.length ? describe.each(servers) : describe.skip.each(['mysql' as const]))('markOverdue on %s', (kind) => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDatabase(await freshDatabase(kind));
  });
  afterAll(async () => ds?.destroy());

  it('marks every procedure overdue while their stages change, and keeps each change’s details', async () => {
    const procedures = new ProcedureStore(ds);
    const redBlack = new RedBlackStore(ds);
    const ids = Array.from({ length: 30 }, (_, i) => `redblack/v${String(i + 1).padStart(2, '0')}/2026Q3`);
    for (const id of ids) await procedures.create({ id, type: 'redblack', villageId: 'v01', title: id, stage: 'voting', startedBy: 'system', policyVersion: 1, details: { year: 2026 } });
    await Promise.all([
      redBlack.markOverdue(ids),
      ...ids.map((id, i) => procedures.changeStage({ procedureId: id, eventId: `${id}#1-notice`, stage: 'notice', message: 'notice', details: { round: i } })),
    ]);
    const rows = await ds.getRepository(ProcedureEntity).findBy({});
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) expect(r.details).toEqual({ year: 2026, overdue: true, round: ids.indexOf(r.id) });
  });
});
