import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { writeTransaction } from './lock';
import { LruMap, type Candidate, type Role, type RoleBinding } from '../../../domain/src';
import { UserEntity, UserRoleEntity, VillageEntity } from '../entities';
import { row } from './row';
import { candidateKey, scopeOf, TOWN_SCOPE, USER_ROLE } from './scope';

export interface UserView {
  id: string;
  username: string;
  name: string;
  email: string | null;
  disabled: boolean;
  roles: RoleBinding[];
}

/**
 * How long a user's roles and disabled flag, as the API checks them on each request, may be
 * served from memory. A change through this directory is seen at once in this process; one made
 * by another process (another API replica) within this window.
 */
export const AUTHORITY_CACHE_MS = 2_000;
const AUTHORITY_CACHE_USERS = 10_000;

export function toUserView(u: UserEntity): UserView {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email,
    disabled: u.disabled,
    roles: (u.roles ?? []).map((r) => ({ role: r.role as Role, villageId: r.scope === TOWN_SCOPE ? null : r.scope })),
  };
}

/** Users, their role bindings, villages; and who is behind a task's candidates. */
@Injectable()
export class UserDirectory {
  private readonly authorities = new LruMap<string, { until: number; user: Promise<UserView | null> }>(AUTHORITY_CACHE_USERS);

  constructor(private readonly ds: DataSource) {}

  /**
   * The user as a request acts: roles and disabled flag fresh from the database, or at most
   * AUTHORITY_CACHE_MS old. Concurrent requests of one user share one read.
   */
  async authority(id: string, now = Date.now()): Promise<UserView | null> {
    const cached = this.authorities.get(id);
    if (cached && cached.until > now) return cached.user;
    const entry = { until: now + AUTHORITY_CACHE_MS, user: this.byId(id) };
    this.authorities.set(id, entry);
    entry.user.catch(() => {
      if (this.authorities.get(id) === entry) this.authorities.delete(id);
    });
    return entry.user;
  }

  /** Replaces a user's role bindings; false when there is no such user. Effective on the user's next request. */
  async setRoles(userId: string, roles: readonly RoleBinding[]): Promise<boolean> {
    const found = await writeTransaction(this.ds, async (m) => {
      if (!(await m.existsBy(UserEntity, { id: userId }))) return false;
      await m.delete(UserRoleEntity, { userId });
      const unique = new Map(roles.map((r) => [`${r.role}@${scopeOf(r.villageId)}`, r]));
      if (unique.size) await m.insert(UserRoleEntity, [...unique.values()].map((r) => row<UserRoleEntity>({ userId, role: r.role, scope: scopeOf(r.villageId) })));
      return true;
    });
    this.authorities.delete(userId);
    return found;
  }

  /** Disables (or enables again) a user; false when there is no such user. A disabled user cannot log in and is refused on the next request. */
  async setDisabled(userId: string, disabled: boolean): Promise<boolean> {
    const found = await writeTransaction(this.ds, async (m) => {
      if (!(await m.existsBy(UserEntity, { id: userId }))) return false;
      await m.update(UserEntity, { id: userId }, row<UserEntity>({ disabled }));
      return true;
    });
    this.authorities.delete(userId);
    return found;
  }

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
