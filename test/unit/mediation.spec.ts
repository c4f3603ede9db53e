import { describe, expect, it } from '@jest/globals';
import {
  checkDecision,
  DEFAULT_POLICY,
  disputeStartSchema,
  escalationNotify,
  firstTownTier,
  isMajorDispute,
  legalAdviserTier,
  nextTier,
  periodRange,
  riskEffect,
  tierCandidates,
  tierRoles,
  validatePolicy,
  type Ladder,
} from '../../libs/domain/src';

const ladder = DEFAULT_POLICY.mediation.ladder;
const clone = () => structuredClone(DEFAULT_POLICY);
const TWO_PLUS_ONE: Ladder = [
  { name: '调解小组', level: 'village', roles: ['MEDIATOR'], timeLimit: 'P3D' },
  { name: '村调委会+法律顾问', level: 'village', roles: ['MEDIATOR', 'LEGAL_ADVISER'], timeLimit: 'P7D' },
  { name: '镇调委会', level: 'town', roles: ['TOWN_MEDIATION'], timeLimit: 'P15D' },
];

describe('R10 mediation ladder policy validation', () => {
  it('R10 the default ladder is 3 village tiers + 2 town tiers with P3D/P7D/P10D/P15D/P15D and a P30D follow-up', () => {
    expect(validatePolicy(DEFAULT_POLICY).ok).toBe(true);
    expect(ladder.map((t) => [t.level, t.timeLimit])).toEqual([
      ['village', 'P3D'],
      ['village', 'P7D'],
      ['village', 'P10D'],
      ['town', 'P15D'],
      ['town', 'P15D'],
    ]);
    expect(DEFAULT_POLICY.mediation.followUpAfter).toBe('P30D');
    expect(DEFAULT_POLICY.tasks['mediation.counselling'].due).toBe('P2D');
  });

  it('R10 a town may define another ladder ("2+1")', () => {
    const p = clone();
    p.mediation.ladder = TWO_PLUS_ONE;
    expect(validatePolicy(p).ok).toBe(true);
  });

  it('R10 refuses a ladder without tiers', () => {
    const p = clone();
    p.mediation.ladder = [];
    const r = validatePolicy(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain('mediation.ladder');
  });

  it('R10 refuses unknown roles, a tier without roles, and an unknown level', () => {
    for (const change of [
      (p: any) => (p.mediation.ladder[0].roles = ['VILLAGE_ELDER']),
      (p: any) => (p.mediation.ladder[1].roles = []),
      (p: any) => (p.mediation.ladder[3].level = 'county'),
      (p: any) => (p.mediation.ladder[2].name = ''),
    ]) {
      const p = clone();
      change(p);
      const r = validatePolicy(p);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0].path).toMatch(/^mediation\.ladder\.\d\./);
    }
  });

  it('R10 refuses zero, negative, month-based and malformed durations in the ladder and the follow-up', () => {
    for (const d of ['PT0S', '-P3D', 'P1M', 'three days', '']) {
      const p = clone();
      p.mediation.ladder[0].timeLimit = d;
      const r = validatePolicy(p);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0].path).toBe('mediation.ladder.0.timeLimit');
      const q = clone();
      q.mediation.followUpAfter = d;
      expect(validatePolicy(q).ok).toBe(false);
    }
    const s = clone();
    s.mediation.ladder[4].timeLimit = 'PT5S';
    expect(validatePolicy(s).ok).toBe(true);
  });
});

describe('R10 escalation rules (pure functions)', () => {
  it('R10 failure or timeout moves one tier up; after the last tier comes litigation guidance', () => {
    expect([0, 1, 2, 3, 4].map((t) => nextTier(ladder, t))).toEqual([1, 2, 3, 4, null]);
    expect(nextTier(TWO_PLUS_ONE, 2)).toBeNull();
  });

  it('R10 a major dispute (flagged, or of a major category) brings the legal adviser into every village tier', () => {
    expect(isMajorDispute(DEFAULT_POLICY.mediation, { category: 'neighbour' })).toBe(false);
    expect(isMajorDispute(DEFAULT_POLICY.mediation, { category: 'neighbour', major: true })).toBe(true);
    expect(isMajorDispute(DEFAULT_POLICY.mediation, { category: 'land_acquisition' })).toBe(true);
    expect(tierRoles(ladder, 0, false)).toEqual(['MEDIATOR']);
    expect(tierRoles(ladder, 0, true)).toEqual(['MEDIATOR', 'LEGAL_ADVISER']);
    expect(tierRoles(ladder, 2, true)).toEqual(['COMMITTEE', 'LEGAL_ADVISER']);
    expect(tierRoles(ladder, 3, true)).toEqual(['TOWN_MEDIATION']);
    expect(tierCandidates(ladder, 1, true, 'v03')).toEqual([
      { role: 'MEDIATOR', villageId: 'v03' },
      { role: 'COMMITTEE', villageId: 'v03' },
      { role: 'LEGAL_ADVISER', villageId: 'v03' },
    ]);
    expect(tierCandidates(ladder, 4, false, 'v03')).toEqual([
      { role: 'TOWN_OFFICE', villageId: null },
      { role: 'TOWN_MEDIATION', villageId: null },
    ]);
  });

  it('R10 petitions jump to the first town tier and mail the town office and leadership; never downwards', () => {
    expect(firstTownTier(ladder)).toBe(3);
    expect(riskEffect(ladder, false, 0, 'skip_level_petition', true)).toEqual({ jumpTo: 3, counselling: false, notify: ['TOWN_OFFICE', 'TOWN_LEADERSHIP'] });
    expect(riskEffect(ladder, false, 2, 'group_petition', true).jumpTo).toBe(3);
    expect(riskEffect(ladder, false, 3, 'skip_level_petition', true)).toEqual({ jumpTo: null, counselling: false, notify: ['TOWN_OFFICE', 'TOWN_LEADERSHIP'] });
    expect(riskEffect(ladder, false, 4, 'group_petition', true).jumpTo).toBeNull();
    // Not in the ladder (awaiting follow-up, litigation guidance): recorded and mailed, no move.
    expect(riskEffect(ladder, false, 0, 'skip_level_petition', false)).toEqual({ jumpTo: null, counselling: false, notify: ['TOWN_OFFICE', 'TOWN_LEADERSHIP'] });
  });

  it('R10 revenge or distress opens counselling and moves up to the tier with the legal adviser', () => {
    expect(legalAdviserTier(ladder, false)).toBe(2);
    expect(legalAdviserTier(ladder, true)).toBe(0);
    expect(riskEffect(ladder, false, 0, 'threat_of_revenge', true)).toEqual({ jumpTo: 2, counselling: true, notify: [] });
    expect(riskEffect(ladder, false, 1, 'extreme_distress', true).jumpTo).toBe(2);
    expect(riskEffect(ladder, false, 3, 'extreme_distress', true)).toEqual({ jumpTo: null, counselling: true, notify: [] });
    expect(riskEffect(ladder, true, 0, 'threat_of_revenge', true).jumpTo).toBeNull();
    expect(riskEffect(TWO_PLUS_ONE, false, 0, 'threat_of_revenge', true).jumpTo).toBe(1);
  });

  it('R10 reaching a town tier also mails the town office', () => {
    expect(escalationNotify(ladder, 1)).toEqual([]);
    expect(escalationNotify(ladder, 3)).toEqual(['TOWN_OFFICE']);
    expect(escalationNotify(TWO_PLUS_ONE, 2)).toEqual(['TOWN_OFFICE']);
  });

  it('R10 decision shapes: resolved needs the agreement; outcomes are resolved/failed/continue', () => {
    expect(checkDecision('mediation.session', { outcome: 'resolved', agreement: '赔偿500元', notes: '双方同意' }).ok).toBe(true);
    expect(checkDecision('mediation.session', { outcome: 'resolved', notes: '双方同意' }).ok).toBe(false);
    expect(checkDecision('mediation.session', { outcome: 'resolved', agreement: '  ', notes: '双方同意' }).ok).toBe(false);
    expect(checkDecision('mediation.session', { outcome: 'continue', notes: '约定下周再谈' }).ok).toBe(true);
    expect(checkDecision('mediation.session', { outcome: 'maybe', notes: 'x' }).ok).toBe(false);
    expect(checkDecision('mediation.session', { outcome: 'failed', notes: '' }).ok).toBe(false);
    expect(checkDecision('mediation.counselling', { actions: '上门谈心', followUpNeeded: true }).ok).toBe(true);
    expect(checkDecision('mediation.litigation_guidance', { notes: '告知诉讼途径', court: '县人民法院' }).ok).toBe(true);
    expect(checkDecision('mediation.followup', { kept: 'yes', notes: 'x' }).ok).toBe(false);
  });

  it('R10 registration: known categories, at least one party', () => {
    const ok = { villageId: 'v01', parties: [{ name: '张三' }, { name: '李四', contact: '138' }], category: 'neighbour', summary: '宅基地边界' };
    expect(disputeStartSchema.safeParse(ok).success).toBe(true);
    expect(disputeStartSchema.safeParse({ ...ok, category: 'feud' }).success).toBe(false);
    expect(disputeStartSchema.safeParse({ ...ok, parties: [] }).success).toBe(false);
    expect(disputeStartSchema.safeParse({ ...ok, riskFlags: ['rumour'] }).success).toBe(false);
  });

  it('quarters are in the town time zone', () => {
    const q1 = periodRange(2026, 1, 'Asia/Shanghai');
    expect(q1.from.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(q1.to.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(periodRange(2026, undefined, 'Asia/Shanghai').to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
