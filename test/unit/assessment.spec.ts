import { describe, expect, it } from '@jest/globals';
import {
  checkDecision,
  checkRedlistRewards,
  checkScoreSheet,
  checkSplit,
  contractStartSchema,
  DEFAULT_POLICY,
  formatTotal,
  formatYuan,
  MAX_FEN,
  rankVillages,
  scoreToTenths,
  tierOfRank,
  TOTAL_DENOMINATOR,
  totalUnits,
  validatePolicy,
  type Policy,
  type VillageScores,
} from '../../libs/domain/src';

const W = DEFAULT_POLICY.assessment;
const ids = (n: number) => Array.from({ length: n }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
const all = (q: number, y: number): Pick<VillageScores, 'quarterlyTenths' | 'annualTenths'> => ({ quarterlyTenths: [q, q, q, q], annualTenths: y });

describe('R6 scores and the 80/20 total', () => {
  it('R6 a score is 0–100 with at most one decimal, kept as integer tenths', () => {
    expect(scoreToTenths(0)).toBe(0);
    expect(scoreToTenths(100)).toBe(1000);
    expect(scoreToTenths(85.5)).toBe(855);
    expect(scoreToTenths(0.1)).toBe(1);
    expect(scoreToTenths(99.9)).toBe(999);
    for (const bad of [101, -0.1, 100.1, 85.55, 0.05, Number.NaN, Infinity, '90' as unknown as number]) expect(scoreToTenths(bad)).toBeNull();
    expect(checkDecision('assessment.quarterly', { scores: [{ villageId: 'v01', score: 101 }] })).toMatchObject({ ok: false, message: expect.stringMatching(/100/) });
    expect(checkDecision('assessment.quarterly', { scores: [{ villageId: 'v01', score: 85.25 }] })).toMatchObject({ ok: false, message: expect.stringMatching(/one decimal/) });
    expect(checkDecision('assessment.quarterly', { scores: [{ villageId: 'v01', score: 85.2, note: '良好' }] }).ok).toBe(true);
  });

  it('R6 one score per village, none missing, none extra', () => {
    const v = ids(3);
    expect(checkScoreSheet(v.map((villageId) => ({ villageId, score: 90 })), v)).toBeNull();
    expect(checkScoreSheet([{ villageId: 'v01', score: 90 }, { villageId: 'v02', score: 90 }], v)).toMatch(/missing villages: v03/);
    expect(checkScoreSheet([...v.map((villageId) => ({ villageId, score: 90 })), { villageId: 'v99', score: 1 }], v)).toMatch(/unknown villages: v99/);
    expect(checkScoreSheet([...v.map((villageId) => ({ villageId, score: 90 })), { villageId: 'v01', score: 1 }], v)).toMatch(/scored twice: v01/);
  });

  it('R6 total = 0.8 × mean of quarters + 0.2 × year-end, exact at the edges', () => {
    expect(formatTotal(totalUnits(W, [1000, 1000, 1000, 1000], 1000))).toBe('100.00');
    expect(formatTotal(totalUnits(W, [0, 0, 0, 0], 0))).toBe('0.00');
    expect(formatTotal(totalUnits(W, [1000, 1000, 1000, 1000], 0))).toBe('80.00');
    expect(formatTotal(totalUnits(W, [0, 0, 0, 0], 1000))).toBe('20.00');
    // 0.8 × (0.1+0.2+0.3+0.4)/4 + 0.2 × 0.1 = 0.2 + 0.02 — binary floats would give 0.22000000000000003.
    expect(formatTotal(totalUnits(W, [1, 2, 3, 4], 1))).toBe('0.22');
    expect(totalUnits(W, [1, 2, 3, 4], 1)).toBe(0.22 * TOTAL_DENOMINATOR);
    // 0.8 × 99.9 + 0.2 × 0.1 = 79.94, exactly.
    expect(formatTotal(totalUnits(W, [999, 999, 999, 999], 1))).toBe('79.94');
    // The smallest step: one tenth in one quarter = 0.02 points.
    expect(totalUnits(W, [1, 0, 0, 0], 0)).toBe(80);
    expect(formatTotal(80)).toBe('0.02');
  });

  it('R6 a missing quarter counts as 0 and is flagged', () => {
    const [r] = rankVillages(DEFAULT_POLICY, [{ villageId: 'v01', quarterlyTenths: [900, null, 900, 900], annualTenths: 900 }]);
    expect(r.missingQuarters).toEqual([2]);
    expect(formatTotal(r.totalUnits)).toBe(formatTotal(totalUnits(W, [900, 0, 900, 900], 900)));
    expect(formatTotal(r.totalUnits)).toBe('72.00');
  });

  it('R6 other weights (70/30) are exact too, rounding half up for display only', () => {
    const w = { quarterlyWeightPercent: 70, annualWeightPercent: 30 };
    const u = totalUnits(w, [1, 0, 0, 0], 0); // 0.7 × 0.1/4 = 0.0175
    expect(u).toBe(70);
    expect(formatTotal(u, 4)).toBe('0.0175');
    expect(formatTotal(u, 3)).toBe('0.018');
    expect(formatTotal(u)).toBe('0.02');
  });
});

describe('R7/R8 ranking, tiers, village awards and cadre pools', () => {
  it('R7 R8 17 villages with the default tiers give exactly ¥40,000×2 + ¥30,000×5 + ¥20,000×8 + ¥10,000×2 and ¥6,000×2 + ¥4,000×5 + ¥3,000×8 + ¥2,000×2', () => {
    const ranked = rankVillages(DEFAULT_POLICY, ids(17).map((villageId, i) => ({ villageId, ...all(990 - i * 10, 990 - i * 10) })));
    expect(ranked.map((r) => r.rank)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    const count = (fen: number, key: 'villageAwardFen' | 'cadrePoolFen') => ranked.filter((r) => r[key] === fen).length;
    expect([count(4_000_000, 'villageAwardFen'), count(3_000_000, 'villageAwardFen'), count(2_000_000, 'villageAwardFen'), count(1_000_000, 'villageAwardFen')]).toEqual([2, 5, 8, 2]);
    expect([count(600_000, 'cadrePoolFen'), count(400_000, 'cadrePoolFen'), count(300_000, 'cadrePoolFen'), count(200_000, 'cadrePoolFen')]).toEqual([2, 5, 8, 2]);
    expect(ranked.reduce((s, r) => s + r.villageAwardFen, 0)).toBe(40_000_00 * 2 + 30_000_00 * 5 + 20_000_00 * 8 + 10_000_00 * 2);
    expect(ranked.reduce((s, r) => s + r.cadrePoolFen, 0)).toBe(6_000_00 * 2 + 4_000_00 * 5 + 3_000_00 * 8 + 2_000_00 * 2);
    expect(ranked.map((r) => r.tier)).toEqual([1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4]);
    expect(formatYuan(ranked[0].villageAwardFen)).toBe('¥40,000.00');
  });

  it('R6 a tie on the total is broken by the year-end score', () => {
    // Same total 90.00: v01 by quarters 92.5 + year-end 80, v02 by quarters 87.5 + year-end 100.
    const ranked = rankVillages(DEFAULT_POLICY, [
      { villageId: 'v01', ...all(925, 800) },
      { villageId: 'v02', ...all(875, 1000) },
    ]);
    expect(ranked[0].totalUnits).toBe(ranked[1].totalUnits);
    expect(ranked.map((r) => [r.villageId, r.rank])).toEqual([
      ['v02', 1],
      ['v01', 2],
    ]);
  });

  it('R7 R8 villages still tied at a tier boundary share the rank and the better tier; the next rank is skipped', () => {
    // Ranks 1..6 distinct, then three villages tied at rank 7 (the last rank of tier 2).
    const scores = [990, 980, 970, 960, 950, 940, 900, 900, 900, 850, 840, 830, 820, 810, 800, 790, 780];
    const ranked = rankVillages(DEFAULT_POLICY, ids(17).map((villageId, i) => ({ villageId, ...all(scores[i], scores[i]) })));
    const tied = ranked.filter((r) => r.totalUnits === totalUnits(W, [900, 900, 900, 900], 900));
    expect(tied.map((r) => [r.villageId, r.rank, r.tier, r.villageAwardFen, r.cadrePoolFen])).toEqual([
      ['v07', 7, 2, 3_000_000, 400_000],
      ['v08', 7, 2, 3_000_000, 400_000],
      ['v09', 7, 2, 3_000_000, 400_000],
    ]);
    expect(ranked[9]).toMatchObject({ villageId: 'v10', rank: 10, tier: 3 });
    // Tied at ranks 15/16: both rank 15 and tier 3.
    const low = rankVillages(DEFAULT_POLICY, ids(17).map((villageId, i) => ({ villageId, ...(i === 14 || i === 15 ? all(845, 845) : all(990 - i * 10, 990 - i * 10)) })));
    expect(low.filter((r) => r.rank === 15).map((r) => [r.villageId, r.tier, r.villageAwardFen])).toEqual([
      ['v15', 3, 2_000_000],
      ['v16', 3, 2_000_000],
    ]);
    expect(low.at(-1)).toMatchObject({ villageId: 'v17', rank: 17, tier: 4 });
  });

  it('R7 R8 a policy with 20 villages and other bounds works the same', () => {
    const policy: Policy = structuredClone(DEFAULT_POLICY);
    policy.villageCount = 20;
    policy.assessment = { quarterlyWeightPercent: 70, annualWeightPercent: 30 };
    policy.rewardTiers = [
      { fromRank: 1, toRank: 3, villageAwardFen: 5_000_000, cadrePoolFen: 800_000 },
      { fromRank: 4, toRank: 10, villageAwardFen: 2_500_000, cadrePoolFen: 350_050 },
      { fromRank: 11, toRank: 20, villageAwardFen: 1_000_000, cadrePoolFen: 150_000 },
    ];
    expect(validatePolicy(policy).ok).toBe(true);
    const ranked = rankVillages(policy, ids(20).map((villageId, i) => ({ villageId, quarterlyTenths: [900 - i * 10, 900, 900, 900], annualTenths: 900 })));
    expect(ranked.map((r) => r.tier)).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(ranked.reduce((s, r) => s + r.villageAwardFen, 0)).toBe(5_000_000 * 3 + 2_500_000 * 7 + 1_000_000 * 10);
    expect(ranked.reduce((s, r) => s + r.cadrePoolFen, 0)).toBe(800_000 * 3 + 350_050 * 7 + 150_000 * 10);
    // Weights 70/30: 0.7 × (89+90+90+90)/4 + 0.3 × 90 = 62.825 + 27 = 89.825
    expect(formatTotal(ranked[1].totalUnits, 3)).toBe('89.825');
    expect(tierOfRank(policy, 20)).toEqual({ tier: 3, villageAwardFen: 1_000_000, cadrePoolFen: 150_000 });
  });
});

describe('R8 the cadre split', () => {
  const cadres = [
    { userId: 'secretary.v01', villageId: 'v01' },
    { userId: 'mediator.v01', villageId: 'v01' },
    { userId: 'committee.v01.1', villageId: 'v01' },
    { userId: 'secretary.v02', villageId: 'v02' },
  ];
  it('R8 adds up exactly to the pool among the village cadres', () => {
    expect(checkSplit([{ userId: 'secretary.v01', amountFen: 300_000 }, { userId: 'mediator.v01', amountFen: 300_000 }], 600_000, 'v01', cadres)).toBeNull();
  });
  it('R8 a split that does not add up names the pool, the sum and the difference in Chinese and English', () => {
    const msg = checkSplit([{ userId: 'secretary.v01', amountFen: 300_000 }, { userId: 'mediator.v01', amountFen: 290_000 }], 600_000, 'v01', cadres)!;
    expect(msg).toContain('¥6,000.00');
    expect(msg).toContain('¥5,900.00');
    expect(msg).toContain('¥100.00');
    expect(msg).toMatch(/干部奖励总额/);
    expect(msg).toMatch(/cadre pool/);
    expect(checkSplit([{ userId: 'secretary.v01', amountFen: 700_000 }], 600_000, 'v01', cadres)).toMatch(/over/);
  });
  it('R8 a non-cadre or another village’s cadre is refused; amounts must be positive whole fen', () => {
    expect(checkSplit([{ userId: 'council.v01.1', amountFen: 600_000 }], 600_000, 'v01', cadres)).toMatch(/not a cadre/);
    expect(checkSplit([{ userId: 'secretary.v02', amountFen: 600_000 }], 600_000, 'v01', cadres)).toMatch(/not a cadre .* of v01/);
    expect(checkSplit([{ userId: 'secretary.v01', amountFen: 300_000 }, { userId: 'secretary.v01', amountFen: 300_000 }], 600_000, 'v01', cadres)).toMatch(/twice/);
    expect(checkDecision('reward.draft_split', { allocations: [{ userId: 'secretary.v01', amountFen: -1, duty: '书记' }], note: '' })).toMatchObject({ ok: false, message: expect.stringMatching(/positive/) });
    expect(checkDecision('reward.draft_split', { allocations: [{ userId: 'secretary.v01', amountFen: 1.5, duty: '书记' }], note: '' })).toMatchObject({ ok: false, message: expect.stringMatching(/whole number/) });
    expect(checkDecision('reward.draft_split', { allocations: [{ userId: 'secretary.v01', amountFen: 600_000, duty: '书记' }], note: '' }).ok).toBe(true);
  });
  it('issue 9: money is at most MAX_FEN (what the BIGINT columns and a JS number hold exactly), in splits, red-list rewards, policy tiers and contracts', () => {
    const split = (amountFen: number) => checkDecision('reward.draft_split', { allocations: [{ userId: 'secretary.v01', amountFen, duty: '书记' }], note: '' });
    expect(split(MAX_FEN).ok).toBe(true);
    expect(split(MAX_FEN + 1)).toMatchObject({ ok: false, message: expect.stringMatching(/at most ¥100,000,000,000/) });
    expect(checkDecision('redlist.reward', { rewards: [{ entryId: 'e1', form: '奖金', amountFen: MAX_FEN + 1 }] }).ok).toBe(false);
    expect(checkDecision('redlist.reward', { rewards: [{ entryId: 'e1', form: '奖金', amountFen: MAX_FEN }] }).ok).toBe(true);
    const policy = structuredClone(DEFAULT_POLICY);
    policy.rewardTiers[0].villageAwardFen = MAX_FEN + 1;
    expect(validatePolicy(policy)).toMatchObject({ ok: false, errors: [{ path: 'rewardTiers.0.villageAwardFen' }] });
    const contract = (amountFen: number) => contractStartSchema.safeParse({ villageId: 'v01', title: '合同', counterparty: '某公司', amountFen, summary: '摘要' }).success;
    expect([contract(MAX_FEN), contract(MAX_FEN + 1)]).toEqual([true, false]);
    expect(MAX_FEN * 500).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
  it('R8 a returned split needs a comment; disbursement needs a date and a reference', () => {
    expect(checkDecision('reward.review_split', { approve: false, comment: '' }).ok).toBe(false);
    expect(checkDecision('reward.review_split', { approve: true, comment: '' }).ok).toBe(true);
    expect(checkDecision('reward.disburse', { paidOn: '2027-02-30', reference: 'X' }).ok).toBe(false);
    expect(checkDecision('reward.disburse', { paidOn: '2027-02-03', reference: '转账-001' }).ok).toBe(true);
  });
});

describe('R9 red-list villager rewards', () => {
  it('R9 every entry of the quarter’s red list exactly once, nothing else; amounts optional, positive whole fen', () => {
    const ids = ['e1', 'e2'];
    expect(checkRedlistRewards([{ entryId: 'e1' }, { entryId: 'e2' }], ids)).toBeNull();
    expect(checkRedlistRewards([{ entryId: 'e1' }], ids)).toMatch(/without a reward: e2/);
    expect(checkRedlistRewards([{ entryId: 'e1' }, { entryId: 'e1' }, { entryId: 'e2' }], ids)).toMatch(/twice/);
    expect(checkRedlistRewards([{ entryId: 'e1' }, { entryId: 'e2' }, { entryId: 'x' }], ids)).toMatch(/not an entry/);
    expect(checkDecision('redlist.reward', { rewards: [{ entryId: 'e1', form: '荣誉证书' }] }).ok).toBe(true);
    expect(checkDecision('redlist.reward', { rewards: [{ entryId: 'e1', form: '奖金', amountFen: 20_000 }] }).ok).toBe(true);
    expect(checkDecision('redlist.reward', { rewards: [{ entryId: 'e1', form: '奖金', amountFen: 0.5 }] }).ok).toBe(false);
    expect(checkDecision('redlist.reward', { rewards: [{ entryId: 'e1', form: ' ' }] }).ok).toBe(false);
  });
});
