import type { Candidate, RoleBinding } from '../../../domain/src';

/** Town-bound roles and candidates are stored with scope '*'; a single user as role 'USER'. */
export const TOWN_SCOPE = '*';
export const USER_ROLE = 'USER';

export function scopeOf(villageId: string | null): string {
  return villageId ?? TOWN_SCOPE;
}

export function candidateKey(c: Candidate): { role: string; scope: string } {
  return 'userId' in c ? { role: USER_ROLE, scope: c.userId } : { role: c.role, scope: scopeOf(c.villageId) };
}

export function candidateFromKey(role: string, scope: string): Candidate {
  if (role === USER_ROLE) return { userId: scope };
  return { role: role as RoleBinding['role'], villageId: scope === TOWN_SCOPE ? null : scope };
}

/** The candidate keys a user answers to: each role binding, and the user personally. */
export function keysOfUser(user: { id: string; roles: readonly RoleBinding[] }): { role: string; scope: string }[] {
  return [{ role: USER_ROLE, scope: user.id }, ...user.roles.map((r) => ({ role: r.role, scope: scopeOf(r.villageId) }))];
}
