export const VILLAGE_ROLES = ['SECRETARY', 'MEDIATOR', 'COMMITTEE', 'COUNCIL', 'REPRESENTATIVE', 'LEGAL_ADVISER'] as const;
export const TOWN_ROLES = ['TOWN_OFFICE', 'TOWN_LEADERSHIP', 'TOWN_MEDIATION', 'ADMIN'] as const;
export const ROLES = [...VILLAGE_ROLES, ...TOWN_ROLES] as const;

export type VillageRole = (typeof VILLAGE_ROLES)[number];
export type TownRole = (typeof TOWN_ROLES)[number];
export type Role = (typeof ROLES)[number];

/** A role held in a village, or in the town when villageId is null. */
export interface RoleBinding {
  role: Role;
  villageId: string | null;
}

/** Who a task is for: holders of a role in one village (or the town), or one user. */
export type Candidate = { role: Role; villageId: string | null } | { userId: string };

export function isTownRole(role: Role): boolean {
  return (TOWN_ROLES as readonly string[]).includes(role);
}

export function holdsRole(bindings: readonly RoleBinding[], role: Role, villageId: string | null): boolean {
  return bindings.some((b) => b.role === role && (isTownRole(role) || b.villageId === villageId));
}

/** The candidate of a role in a procedure's village: town roles are bound to the town, not the village. */
export function candidateFor(role: Role, villageId: string | null): Candidate {
  return { role, villageId: isTownRole(role) ? null : villageId };
}

export function matchesCandidate(
  user: { id: string; roles: readonly RoleBinding[] },
  candidates: readonly Candidate[],
): boolean {
  return candidates.some((c) =>
    'userId' in c ? c.userId === user.id : user.roles.some((b) => b.role === c.role && b.villageId === c.villageId),
  );
}
