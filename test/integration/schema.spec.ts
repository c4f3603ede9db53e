import { afterAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../libs/persistence/src';
import { databaseUrls, freshDatabase } from '../support/databases';

describe.each(databaseUrls())('schema on %s', (kind) => {
  let ds: DataSource;
  afterAll(async () => ds?.destroy());

  it('migrations and entities agree (no schema drift)', async () => {
    ds = await openDatabase(await freshDatabase(kind));
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('migrations run down and up again', async () => {
    await ds.undoLastMigration();
    await ds.runMigrations();
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toHaveLength(0);
  });
});
