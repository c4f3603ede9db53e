import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Candidate, Role, RoleBinding } from '../../../domain/src';
import { UserEntity, UserRoleEntity, VillageEntity } from '../entities';
import { candidateKey, TOWN_SCOPE, USER_ROLE } from './scope';

export interface UserView {
  id: string;
  username: string;
  name: string;
  email: string | null;
  roles: RoleBinding[];
}

export function toUserView(u: UserEntity): UserView {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email,
    roles: (u.roles ?? []).map((r) => ({ role: r.role as Role, villageId: r.scope === TOWN_SCOPE ? null : r.scope })),
  };
}

/** Users, their role bindings, villages; and who is behind a task's candidates. */
@Injectable()
export class UserDirectory {
  constructor(private readonly ds: DataSource) {}

  async byUsername(username: string): Promise<UserEntity | null> {
    return this.ds.getRepository(UserEntity).findOneBy({ username });
  }

  async byId(id: string): Promise<UserView | null> {
    const u = await this.ds.getRepository(UserEntity).findOneBy({ id });
    return u ? toUserView(u) : null;
  }

  async villages(): Promise<VillageEntity[]> {
    return this.ds.getRepository(VillageEntity).find({ order: { id: 'ASC' } });
  }

  async villageExists(id: string): Promise<boolean> {
    return this.ds.getRepository(VillageEntity).existsBy({ id });
  }

  async isEmpty(): Promise<boolean> {
    return (await this.ds.getRepository(UserEntity).count()) === 0;
  }

  /** Mail addresses of everyone a list of candidates reaches, each once. */
  async emailsOf(candidates: readonly Candidate[]): Promise<string[]> {
    if (candidates.length === 0) return [];
    const keys = candidates.map(candidateKey);
    const userIds = keys.filter((k) => k.role === USER_ROLE).map((k) => k.scope);
    const roleKeys = keys.filter((k) => k.role !== USER_ROLE);
    const qb = this.ds.getRepository(UserEntity).createQueryBuilder('u').select('DISTINCT u.email', 'email').leftJoin(UserRoleEntity, 'r', 'r.user_id = u.id').where('u.email IS NOT NULL');
    const clauses: string[] = [];
    const params: Record<string, string> = {};
    roleKeys.forEach((k, i) => {
      clauses.push(`(r.role = :r${i} AND r.scope = :s${i})`);
      params[`r${i}`] = k.role;
      params[`s${i}`] = k.scope;
    });
    if (userIds.length) clauses.push('u.id IN (:...userIds)');
    qb.andWhere(`(${clauses.join(' OR ')})`, { ...params, userIds });
    const rows = await qb.getRawMany<{ email: string }>();
    return rows.map((r) => r.email).sort();
  }

  /** Users holding a role in a village (or in the town when villageId is null). */
  async holders(role: Role, villageId: string | null): Promise<UserView[]> {
    const rows = await this.ds.getRepository(UserRoleEntity).findBy({ role, scope: villageId ?? TOWN_SCOPE });
    const users = await this.ds.getRepository(UserEntity).findBy({ id: In(rows.map((r) => r.userId)) });
    return users.map(toUserView).sort((a, b) => a.username.localeCompare(b.username));
  }
}
