import type { DataSource } from 'typeorm';
import type { Role } from '../../domain/src';
import { UserEntity, UserRoleEntity, VillageEntity } from './entities';
import { row } from './stores/row';
import { TOWN_SCOPE } from './stores/scope';

export const DEMO_VILLAGES: [string, string][] = [
  ['v01', '青山村'], ['v02', '河东村'], ['v03', '柳树湾村'], ['v04', '石桥村'], ['v05', '桃源村'],
  ['v06', '杨家坪村'], ['v07', '龙泉村'], ['v08', '白沙村'], ['v09', '枫林村'], ['v10', '新华社区'],
  ['v11', '马鞍山村'], ['v12', '清水村'], ['v13', '黄土岭村'], ['v14', '凤凰村'], ['v15', '金竹村'],
  ['v16', '大塘村'], ['v17', '红星社区'],
];

interface DemoUser {
  username: string;
  name: string;
  roles: [Role, string | null][];
}

function demoUsers(): DemoUser[] {
  const users: DemoUser[] = [
    { username: 'admin', name: '系统管理员', roles: [['ADMIN', null]] },
    { username: 'town.office', name: '镇综治办', roles: [['TOWN_OFFICE', null]] },
    { username: 'town.leader', name: '镇党委政府', roles: [['TOWN_LEADERSHIP', null]] },
    { username: 'town.mediation', name: '镇司法所', roles: [['TOWN_MEDIATION', null]] },
  ];
  for (const [v, village] of DEMO_VILLAGES) {
    users.push({ username: `secretary.${v}`, name: `${village}书记`, roles: [['SECRETARY', v], ['COMMITTEE', v]] });
    users.push({ username: `mediator.${v}`, name: `${village}治调委员`, roles: [['MEDIATOR', v], ['COMMITTEE', v]] });
    for (const n of [1, 2]) users.push({ username: `committee.${v}.${n}`, name: `${village}两委委员${n}`, roles: [['COMMITTEE', v]] });
    for (const n of [1, 2, 3, 4, 5]) users.push({ username: `council.${v}.${n}`, name: `${village}道德理事${n}`, roles: [['COUNCIL', v]] });
    for (let n = 1; n <= 15; n++) {
      const nn = String(n).padStart(2, '0');
      users.push({ username: `rep.${v}.${nn}`, name: `${village}村民代表${nn}`, roles: [['REPRESENTATIVE', v]] });
    }
    users.push({ username: `legal.${v}`, name: `${village}法律顾问`, roles: [['LEGAL_ADVISER', v]] });
  }
  return users;
}

/**
 * The demo town: 17 villages and their cadres, written only into an empty database. All demo
 * users share one password, so it is hashed once.
 */
export async function seedDemoData(ds: DataSource, passwordHash: string): Promise<{ seeded: boolean; users: number }> {
  if ((await ds.getRepository(UserEntity).count()) > 0) return { seeded: false, users: 0 };
  const users = demoUsers();
  await ds.transaction(async (m) => {
    await m.insert(VillageEntity, DEMO_VILLAGES.map(([id, name]) => ({ id, name })));
    for (let i = 0; i < users.length; i += 100) {
      const chunk = users.slice(i, i + 100);
      await m.insert(UserEntity, chunk.map((u) => row<UserEntity>({ id: u.username, username: u.username, name: u.name, email: `${u.username}@town.local`, passwordHash })));
      await m.insert(UserRoleEntity, chunk.flatMap((u) => u.roles.map(([role, v]) => row<UserRoleEntity>({ userId: u.username, role, scope: v ?? TOWN_SCOPE }))));
    }
  });
  return { seeded: true, users: users.length };
}
