import { describe, expect, it } from '@jest/globals';
import { ACCESS_TABLE, grants, listScope, PROCEDURE_READERS, renderAccessTable, type RoleBinding } from '../../libs/domain/src';
import { parseAccessTable, readmeAccessSection, writeReadmeAccessSection } from '../support/access-readme';

const user = (...roles: RoleBinding[]) => ({ roles });

describe('issue 9 who may read what: one access table', () => {
  it('the README shows the access table exactly as the code holds it', () => {
    if (process.env.UPDATE_README) writeReadmeAccessSection(renderAccessTable());
    expect(readmeAccessSection()).toBe(renderAccessTable());
  });

  it('names every route once, and the README reads back to the same rules', () => {
    const routes = ACCESS_TABLE.map((e) => e.route);
    expect(new Set(routes).size).toBe(routes.length);
    const parsed = parseAccessTable(renderAccessTable());
    expect(parsed).toHaveLength(ACCESS_TABLE.length - 1 + Object.keys(PROCEDURE_READERS).length);
    expect(parsed.find((r) => r.path === '/api/disputes/:id')).toMatchObject({ method: 'GET', who: 'roles', villageOf: 'dispute', town: ['TOWN_OFFICE', 'TOWN_MEDIATION'], village: ['SECRETARY', 'MEDIATOR', 'LEGAL_ADVISER'] });
    expect(parsed.find((r) => r.type === 'assessment')).toMatchObject({ path: '/api/procedures/:procedureId', town: ['TOWN_OFFICE', 'TOWN_LEADERSHIP'], village: [] });
  });

  it('a village role counts in its own village only; a town role of the grant everywhere; other town roles nowhere', () => {
    const grant = { town: ['TOWN_OFFICE'] as const, village: ['MEDIATOR'] as const };
    expect(grants(user({ role: 'MEDIATOR', villageId: 'v01' }), grant, 'v01')).toBe(true);
    expect(grants(user({ role: 'MEDIATOR', villageId: 'v02' }), grant, 'v01')).toBe(false);
    expect(grants(user({ role: 'SECRETARY', villageId: 'v01' }), grant, 'v01')).toBe(false);
    expect(grants(user({ role: 'MEDIATOR', villageId: 'v01' }), grant, null)).toBe(false);
    expect(grants(user({ role: 'TOWN_OFFICE', villageId: null }), grant, 'v07')).toBe(true);
    expect(grants(user({ role: 'ADMIN', villageId: null }), grant, 'v07')).toBe(false);
  });

  it('a list shows a town role of the grant every village, a village cadre their own villages, anyone else none', () => {
    const grant = { town: ['TOWN_OFFICE'] as const, village: ['SECRETARY', 'MEDIATOR'] as const };
    expect(listScope(user({ role: 'TOWN_OFFICE', villageId: null }), grant)).toBeNull();
    expect(listScope(user({ role: 'SECRETARY', villageId: 'v01' }, { role: 'MEDIATOR', villageId: 'v01' }, { role: 'MEDIATOR', villageId: 'v03' }, { role: 'COUNCIL', villageId: 'v04' }), grant)).toEqual(['v01', 'v03']);
    expect(listScope(user({ role: 'TOWN_LEADERSHIP', villageId: null }, { role: 'REPRESENTATIVE', villageId: 'v01' }), grant)).toEqual([]);
  });
});
