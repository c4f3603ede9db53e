import { describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY, durationMs, MAX_RISK_REPORTS, MAX_VOTE_CHANGES, riskReportCap, validatePolicy, voteChangeCap } from '../../libs/domain/src';

const clone = () => structuredClone(DEFAULT_POLICY);

describe('policy validation (DESIGN section 3: policy is data)', () => {
  it('accepts the default policy from the work plan', () => {
    expect(validatePolicy(DEFAULT_POLICY).ok).toBe(true);
  });

  it('R7/R8: the default tiers cover ranks 1–17 with the plan amounts in fen', () => {
    expect(DEFAULT_POLICY.rewardTiers.map((t) => [t.fromRank, t.toRank, t.villageAwardFen, t.cadrePoolFen])).toEqual([
      [1, 2, 4_000_000, 600_000],
      [3, 7, 3_000_000, 400_000],
      [8, 15, 2_000_000, 300_000],
      [16, 17, 1_000_000, 200_000],
    ]);
  });

  it('R4: quorum 2/3 and threshold 1/2 are policy values', () => {
    expect(DEFAULT_POLICY.redBlack.quorum).toEqual({ numerator: 2, denominator: 3 });
    expect(DEFAULT_POLICY.redBlack.passThreshold).toEqual({ numerator: 1, denominator: 2 });
  });

  it.each([
    { rule: 'R4', section: 'redBlack', field: 'voteChangesPerVoter', today: MAX_VOTE_CHANGES, cap: voteChangeCap, bad: [0, 51, 2.5] },
    { rule: 'R10', section: 'mediation', field: 'riskReportsPerCase', today: MAX_RISK_REPORTS, cap: riskReportCap, bad: [0, 201, 1.5] },
  ] as const)('$rule: $field ($section) is a policy value; a snapshot saved before it existed gets today’s cap ($today)', ({ section, field, today, cap, bad }) => {
    const rules: Record<string, unknown> = DEFAULT_POLICY[section];
    expect(rules[field]).toBe(today);
    const { [field]: _cap, ...older } = rules;
    expect(cap(older)).toBe(today);
    expect(cap({ ...older, [field]: 3 })).toBe(3);
    const saved = validatePolicy({ ...DEFAULT_POLICY, [section]: older });
    expect(saved.ok && (saved.policy[section] as Record<string, unknown>)[field]).toBe(today);
    for (const value of bad) {
      const r = validatePolicy({ ...DEFAULT_POLICY, [section]: { ...rules, [field]: value } });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0].path).toBe(`${section}.${field}`);
    }
  });

  it('R4 and R10: today’s caps are 10 vote changes and 50 risk reports', () => {
    expect([MAX_VOTE_CHANGES, MAX_RISK_REPORTS]).toEqual([10, 50]);
  });

  it('refuses a duration that is not ISO-8601 and names where', () => {
    const p = clone();
    p.tasks['contract.review'].due = '5 days';
    const r = validatePolicy(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].path).toBe('tasks.contract.review.due');
  });

  it('refuses zero and negative durations and months', () => {
    for (const bad of ['PT0S', 'P-1D', 'P1M']) {
      const p = clone();
      p.redBlack.noticePeriod = bad;
      expect(validatePolicy(p).ok).toBe(false);
    }
  });

  it('R6: refuses weights that do not add up to 100', () => {
    const p = clone();
    p.assessment.annualWeightPercent = 30;
    expect(validatePolicy(p).ok).toBe(false);
  });

  it('refuses tiers with a gap, an overlap or the wrong last rank', () => {
    const gap = clone();
    gap.rewardTiers[1].fromRank = 4;
    const short = clone();
    short.villageCount = 20;
    expect(validatePolicy(gap).ok).toBe(false);
    expect(validatePolicy(short).ok).toBe(false);
  });

  it('refuses unknown roles, unknown fields and an empty ladder', () => {
    const role = clone() as unknown as { mediation: { ladder: { roles: string[] }[] } };
    role.mediation.ladder[0].roles = ['MAYOR'];
    const extra = { ...clone(), surprise: 1 };
    const ladder = clone();
    ladder.mediation.ladder = [];
    expect(validatePolicy(role).ok).toBe(false);
    expect(validatePolicy(extra).ok).toBe(false);
    expect(validatePolicy(ladder).ok).toBe(false);
  });

  it('refuses a quorum above one', () => {
    const p = clone();
    p.redBlack.quorum = { numerator: 4, denominator: 3 };
    expect(validatePolicy(p).ok).toBe(false);
  });

  it('issue 9: refuses a default decision the task would not accept, naming the task kind and the problem', () => {
    const p = clone();
    p.tasks['contract.review'].onTimeout = [{ action: 'default', decision: { approve: 'yes' } }];
    const r = validatePolicy(p);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].path).toBe('tasks.contract.review.onTimeout.0.decision');
      expect(r.errors[0].message).toMatch(/contract\.review.*approve.*opinion/);
    }
    const unknown = clone();
    unknown.tasks['contract.nothing'] = { due: 'P1D', remindAt: [], onTimeout: [{ action: 'default', decision: { approve: true } }] };
    const u = validatePolicy(unknown);
    expect(!u.ok && u.errors[0].message).toMatch(/unknown task kind contract\.nothing/);
  });

  it('issue 9: accepts a default decision of the task kind’s shape', () => {
    const p = clone();
    p.tasks['contract.review'].onTimeout = [{ action: 'remind', extendBy: 'P1D' }, { action: 'default', decision: { approve: false, opinion: '逾期未审,退回 / overdue, returned' } }];
    expect(validatePolicy(p).ok).toBe(true);
  });

  it('reads durations in seconds to weeks', () => {
    expect(durationMs('PT30S')).toBe(30_000);
    expect(durationMs('P7D')).toBe(7 * 86_400_000);
    expect(durationMs('P1W')).toBe(7 * 86_400_000);
    expect(() => durationMs('soon')).toThrow(RangeError);
  });
});
