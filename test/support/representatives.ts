import type { DataSource } from 'typeorm';
import { UserEntity, UserRoleEntity } from '../../libs/persistence/src';

export const representative = (villageId: string, n: number) => `rep.${villageId}.${String(n).padStart(2, '0')}`;

/**
 * Makes a demo village's representatives up to `upTo` (the demo has 15: rep.vNN.01…15), with the
 * demo password (taken from rep.vNN.01). A ballot takes the representatives as they are when it
 * opens, so call this before. Returns every representative's username, 01…upTo.
 */
export async function addRepresentatives(ds: DataSource, villageId: string, upTo: number): Promise<string[]> {
  const first = await ds.getRepository(UserEntity).findOneByOrFail({ username: representative(villageId, 1) });
  for (let n = 1; n <= upTo; n++) {
    const username = representative(villageId, n);
    if (await ds.getRepository(UserEntity).existsBy({ username })) continue;
    await ds.getRepository(UserEntity).insert({ id: username, username, name: `村民代表${n}`, email: `${username}@town.local`, passwordHash: first.passwordHash });
    await ds.getRepository(UserRoleEntity).insert({ userId: username, role: 'REPRESENTATIVE', scope: villageId });
  }
  return Array.from({ length: upTo }, (_, i) => representative(villageId, i + 1));
}
