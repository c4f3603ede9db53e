import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { AUTHORITY_CACHE_MS, openDatabase, seedDemoData, UserDirectory } from '../../libs/persistence/src';
import { databaseUrls, freshDatabase } from '../support/databases';

/** Issue 9: roles and the disabled flag come from the database, cached briefly, invalidated on change. */
describe.each(databaseUrls())('user authority on %s', (kind) => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDatabase(await freshDatabase(kind));
    await seedDemoData(ds, 'not-a-real-hash');
  });
  afterAll(async () => ds?.destroy());

  it('a change through the directory is seen at once in this process', async () => {
    const users = new UserDirectory(ds);
    expect((await users.authority('secretary.v01'))?.roles).toEqual([{ role: 'COMMITTEE', villageId: 'v01' }, { role: 'SECRETARY', villageId: 'v01' }]);
    expect(await users.setRoles('secretary.v01', [{ role: 'COMMITTEE', villageId: 'v01' }, { role: 'COMMITTEE', villageId: 'v01' }])).toBe(true);
    expect((await users.authority('secretary.v01'))?.roles).toEqual([{ role: 'COMMITTEE', villageId: 'v01' }]);
    expect(await users.setDisabled('secretary.v01', true)).toBe(true);
    expect(await users.authority('secretary.v01')).toMatchObject({ disabled: true });
    expect((await users.byUsername('secretary.v01'))?.disabled).toBe(true);
    expect(await users.setDisabled('secretary.v01', false)).toBe(true);
    expect(await users.authority('secretary.v01')).toMatchObject({ disabled: false });
    expect(await users.setRoles('no.such.user', [])).toBe(false);
    expect(await users.setDisabled('no.such.user', true)).toBe(false);
  });

  it(`a change made by another process is seen after at most ${AUTHORITY_CACHE_MS} ms`, async () => {
    const api = new UserDirectory(ds);
    const other = new UserDirectory(ds);
    const t = Date.now();
    expect(await api.authority('mediator.v01', t)).toMatchObject({ disabled: false });
    await other.setDisabled('mediator.v01', true);
    expect(await api.authority('mediator.v01', t + AUTHORITY_CACHE_MS - 1)).toMatchObject({ disabled: false });
    expect(await api.authority('mediator.v01', t + AUTHORITY_CACHE_MS)).toMatchObject({ disabled: true });
  });
});
