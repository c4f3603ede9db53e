import { describe, expect, it } from '@jest/globals';
import { candidateFor, holdsRole, matchesCandidate, type RoleBinding } from '../../libs/domain/src';

const secretaryV01: RoleBinding = { role: 'SECRETARY', villageId: 'v01' };
const townOffice: RoleBinding = { role: 'TOWN_OFFICE', villageId: null };

describe('authorisation rules: holding a role, being a task’s candidate', () => {
  it('holdsRole: a village role counts in its own village only', () => {
    expect(holdsRole([secretaryV01], 'SECRETARY', 'v01')).toBe(true);
    expect(holdsRole([secretaryV01], 'SECRETARY', 'v02')).toBe(false);
    expect(holdsRole([secretaryV01], 'SECRETARY', null)).toBe(false);
    expect(holdsRole([secretaryV01], 'MEDIATOR', 'v01')).toBe(false);
    expect(holdsRole([], 'SECRETARY', 'v01')).toBe(false);
  });

  it('holdsRole: a town role counts for every village and for the town', () => {
    for (const villageId of ['v01', 'v17', null]) expect(holdsRole([townOffice], 'TOWN_OFFICE', villageId)).toBe(true);
    expect(holdsRole([townOffice], 'ADMIN', null)).toBe(false);
    // A village role is never a town role, whatever the binding says.
    expect(holdsRole([{ role: 'SECRETARY', villageId: null }], 'SECRETARY', 'v01')).toBe(false);
  });

  it('matchesCandidate: a role candidate needs the role in that very village (the town: null)', () => {
    const user = { id: 'u1', roles: [secretaryV01, townOffice] };
    expect(matchesCandidate(user, [{ role: 'SECRETARY', villageId: 'v01' }])).toBe(true);
    expect(matchesCandidate(user, [{ role: 'SECRETARY', villageId: 'v02' }])).toBe(false);
    expect(matchesCandidate(user, [{ role: 'TOWN_OFFICE', villageId: null }])).toBe(true);
    // Town candidates are bound to the town: a town role bound to a village does not make one.
    expect(matchesCandidate(user, [{ role: 'TOWN_OFFICE', villageId: 'v01' }])).toBe(false);
    expect(matchesCandidate(user, [{ role: 'MEDIATOR', villageId: 'v01' }, { role: 'SECRETARY', villageId: 'v01' }])).toBe(true);
  });

  it('matchesCandidate: a user candidate is that user only, whatever their roles; no candidates, nobody', () => {
    expect(matchesCandidate({ id: 'u1', roles: [] }, [{ userId: 'u1' }])).toBe(true);
    expect(matchesCandidate({ id: 'u2', roles: [secretaryV01, townOffice] }, [{ userId: 'u1' }])).toBe(false);
    expect(matchesCandidate({ id: 'u1', roles: [secretaryV01] }, [])).toBe(false);
  });

  it('candidateFor binds town roles to the town, so matchesCandidate and holdsRole agree on them', () => {
    expect(candidateFor('TOWN_MEDIATION', 'v01')).toEqual({ role: 'TOWN_MEDIATION', villageId: null });
    expect(candidateFor('MEDIATOR', 'v01')).toEqual({ role: 'MEDIATOR', villageId: 'v01' });
    const mediator = { id: 'm', roles: [{ role: 'TOWN_MEDIATION' as const, villageId: null }] };
    expect(matchesCandidate(mediator, [candidateFor('TOWN_MEDIATION', 'v01')])).toBe(holdsRole(mediator.roles, 'TOWN_MEDIATION', 'v01'));
  });
});
