import { describe, expect, it } from '@jest/globals';
import {
  BLACK_CATEGORIES,
  checkDecision,
  choicesRefusal,
  complianceOf,
  DEFAULT_POLICY,
  discussionRefusal,
  nomineesOf,
  passes,
  quarterOf,
  quorumMet,
  RED_CATEGORIES,
  slateRefusal,
  slateShortfall,
  tallyBallot,
  validatePolicy,
  type NominationDecision,
} from '../../libs/domain/src';

const rules = DEFAULT_POLICY.redBlack;
const red = (name: string, extra: Partial<NominationDecision['nominees'][number]> = {}) => ({ name, color: 'red' as const, category: 'filial_piety', reason: '孝敬老人', ...extra });
const black = (name: string, extra: Partial<NominationDecision['nominees'][number]> = {}) => ({ name, color: 'black' as const, category: 'gambling', reason: '聚众赌博', ...extra });
const fullSlate = (): NominationDecision => ({ nominees: [red('甲'), red('乙'), red('丙'), black('丁'), black('戊'), black('己')] });

describe('R2/R3 categories', () => {
  it('R2: red categories include the three the plan names, plus other', () => {
    expect(RED_CATEGORIES.map((c) => c.label)).toEqual(['孝老爱亲典范', '平安和睦家庭', '勤劳致富典型', '其他']);
  });
  it('R3: black categories are the eleven the plan names, plus other', () => {
    expect(BLACK_CATEGORIES.map((c) => c.label)).toEqual(['不赡养老人', '抹牌赌博', '好吃懒做', '大操大办', '厚葬薄养', '散布不良言论', '惹是生非', '乱搭乱建', '拒不配合征地搬迁', '阻挠公益项目建设', '以闹取利', '其他']);
  });
  it('R2/R3: a category of the other colour is refused; other needs a reason saying what', () => {
    expect(checkDecision('redblack.nominate', { nominees: [red('甲', { category: 'gambling' })] }).ok).toBe(false);
    expect(checkDecision('redblack.nominate', { nominees: [black('甲', { category: 'hardworking' })] }).ok).toBe(false);
    expect(checkDecision('redblack.nominate', { nominees: [red('甲', { category: 'other', reason: '好' })] }).ok).toBe(false);
    expect(checkDecision('redblack.nominate', { nominees: [red('甲', { category: 'other', reason: '见义勇为救落水儿童' })] }).ok).toBe(true);
    expect(checkDecision('redblack.nominate', { nominees: [red('甲', { reason: '  ' })] }).ok).toBe(false);
    expect(checkDecision('redblack.nominate', { nominees: [{ ...red('甲'), extra: 1 }] }).ok).toBe(false);
  });
  it('the default policy with the red/black task timings is valid', () => {
    expect(validatePolicy(DEFAULT_POLICY).ok).toBe(true);
    expect(DEFAULT_POLICY.tasks['redblack.nominate']).toEqual({ due: 'P15D', remindAt: ['P10D'], onTimeout: [{ action: 'reassign', addRoles: ['SECRETARY'], notifyRoles: ['TOWN_OFFICE'], extendBy: 'P5D' }] });
  });
});

describe('R1 slate validation', () => {
  it('R1: 3 red and 3 black pass', () => {
    expect(slateRefusal(fullSlate(), rules)).toBeNull();
    expect(slateShortfall(fullSlate(), rules)).toBeNull();
  });
  it('R1: 2 red is refused without a shortfall reason, accepted (and recorded as a shortfall) with one', () => {
    const slate = fullSlate();
    slate.nominees.splice(0, 1);
    expect(slateRefusal(slate, rules)).toMatch(/shortfallReason/);
    slate.shortfallReason = '本季度符合条件者不足';
    expect(slateRefusal(slate, rules)).toBeNull();
    expect(slateShortfall(slate, rules)).toMatch(/红2\/3/);
  });
  it('R1: the minimums are policy values', () => {
    const slate = { nominees: [red('甲'), black('乙')] };
    expect(slateRefusal(slate, { minRed: 1, minBlack: 1 })).toBeNull();
    expect(slateRefusal(slate, { minRed: 2, minBlack: 1 })).not.toBeNull();
  });
});

describe('R2 poor households first', () => {
  it('R2: red poor households come first, then other red, then black; ids follow that order', () => {
    const ns = nomineesOf({ nominees: [black('黑1'), red('红1'), red('红2', { poorHousehold: true }), black('黑2', { poorHousehold: true }), red('红3', { poorHousehold: true })] });
    expect(ns.map((n) => n.name)).toEqual(['红2', '红3', '红1', '黑1', '黑2']);
    expect(ns.map((n) => n.nomineeId)).toEqual(['n01', 'n02', 'n03', 'n04', 'n05']);
    expect(ns.map((n) => n.poorHousehold)).toEqual([true, true, false, false, false]);
    expect(ns[0].categoryLabel).toBe('孝老爱亲典范');
  });
});

describe('committee discussion', () => {
  const ids = ['n01', 'n02'];
  const d = (decisions: { nomineeId: string; approve: boolean }[]) => ({ decisions, minutes: '纪要' });
  it('one decision per nominee, none missing or extra', () => {
    expect(discussionRefusal(d([{ nomineeId: 'n01', approve: true }, { nomineeId: 'n02', approve: false }]), ids)).toBeNull();
    expect(discussionRefusal(d([{ nomineeId: 'n01', approve: true }]), ids)).toMatch(/n02/);
    expect(discussionRefusal(d([{ nomineeId: 'n01', approve: true }, { nomineeId: 'n02', approve: true }, { nomineeId: 'n03', approve: true }]), ids)).toMatch(/n03/);
    expect(discussionRefusal(d([{ nomineeId: 'n01', approve: true }, { nomineeId: 'n01', approve: false }, { nomineeId: 'n02', approve: true }]), ids)).toMatch(/more than one/);
  });
});

describe('R4 quorum and threshold (exact integer fractions)', () => {
  const twoThirds = { numerator: 2, denominator: 3 };
  const half = { numerator: 1, denominator: 2 };
  it('R4: exactly 2/3 of the representatives is a quorum (10 of 15), one less is not', () => {
    expect(quorumMet(10, 15, twoThirds)).toBe(true);
    expect(quorumMet(9, 15, twoThirds)).toBe(false);
    expect(quorumMet(2, 3, twoThirds)).toBe(true);
    expect(quorumMet(6, 10, twoThirds)).toBe(false);
    expect(quorumMet(7, 10, twoThirds)).toBe(true);
    expect(quorumMet(0, 0, twoThirds)).toBe(false);
  });
  it('R4: exactly 1/2 agreeing does not pass; more than half does', () => {
    expect(passes(5, 10, half)).toBe(false);
    expect(passes(6, 10, half)).toBe(true);
    expect(passes(6, 11, half)).toBe(true);
    expect(passes(5, 11, half)).toBe(false);
    expect(passes(0, 0, half)).toBe(false);
  });
  it('R4: abstentions count as taking part (they raise the bar and count toward the quorum)', () => {
    const ids = ['n01'];
    const v = (choice: 'agree' | 'disagree' | 'abstain') => [{ nomineeId: 'n01', choice }];
    // 5 agree, 5 abstain: 10 of 15 took part (quorum), 5 of 10 is not more than half.
    const votes = [...Array(5).fill(v('agree')), ...Array(5).fill(v('abstain'))];
    const r = tallyBallot(ids, votes, 15, rules);
    expect(r).toEqual({ representatives: 15, voted: 10, quorumMet: true, nominees: [{ nomineeId: 'n01', agree: 5, disagree: 0, abstain: 5, passed: false }] });
    const r2 = tallyBallot(ids, [...votes, v('agree')], 15, rules);
    expect(r2.nominees[0]).toMatchObject({ agree: 6, passed: true });
  });
  it('R4: without a quorum nobody passes, even unanimously', () => {
    const r = tallyBallot(['n01'], Array(9).fill([{ nomineeId: 'n01', choice: 'agree' }]), 15, rules);
    expect(r.quorumMet).toBe(false);
    expect(r.nominees[0].passed).toBe(false);
  });
  it('R4: quorum and threshold are policy values', () => {
    expect(quorumMet(8, 15, { numerator: 1, denominator: 2 })).toBe(true);
    expect(passes(6, 10, { numerator: 2, denominator: 3 })).toBe(false);
    expect(passes(7, 10, { numerator: 2, denominator: 3 })).toBe(true);
  });
});

describe('vote choices', () => {
  const ids = ['n01', 'n02'];
  it('one choice per nominee; unknown, missing, duplicate or malformed refused', () => {
    expect(choicesRefusal([{ nomineeId: 'n01', choice: 'agree' }, { nomineeId: 'n02', choice: 'abstain' }], ids)).toBeNull();
    expect(choicesRefusal([{ nomineeId: 'n01', choice: 'agree' }], ids)).toMatch(/n02/);
    expect(choicesRefusal([{ nomineeId: 'n01', choice: 'agree' }, { nomineeId: 'n02', choice: 'agree' }, { nomineeId: 'n09', choice: 'agree' }], ids)).toMatch(/unknown/);
    expect(choicesRefusal([{ nomineeId: 'n01', choice: 'agree' }, { nomineeId: 'n01', choice: 'agree' }, { nomineeId: 'n02', choice: 'agree' }], ids)).toMatch(/more than one/);
    expect(choicesRefusal([{ nomineeId: 'n01', choice: 'yes' }, { nomineeId: 'n02', choice: 'agree' }], ids)).toMatch(/invalid/);
    expect(choicesRefusal('x', ids)).toMatch(/invalid/);
  });
});

describe('R1 compliance', () => {
  const e = (color: 'red' | 'black', n: number) => Array.from({ length: n }, () => ({ color }));
  it('R1: 3 red and 3 black final entries are compliant; 2 of either is not, with the reason', () => {
    expect(complianceOf([...e('red', 3), ...e('black', 3)], rules)).toEqual({ compliant: true, reasons: [] });
    const c = complianceOf([...e('red', 2), ...e('black', 3)], rules);
    expect(c.compliant).toBe(false);
    expect(c.reasons.join()).toMatch(/红榜不足3名/);
    expect(complianceOf([...e('red', 3), ...e('black', 2)], rules).reasons.join()).toMatch(/黑榜不足3名/);
  });
  it('R1: a nomination shortfall makes the quarter non-compliant even with enough entries', () => {
    expect(complianceOf([...e('red', 3), ...e('black', 3)], rules, '提名不足').compliant).toBe(false);
  });
});

describe('quarters in the town time zone', () => {
  it('an instant just after midnight of 1 April in Shanghai is Q2 there, Q1 in UTC', () => {
    const t = Date.parse('2026-03-31T16:30:00Z');
    expect(quarterOf(t, 'Asia/Shanghai')).toEqual({ year: 2026, quarter: 2 });
    expect(quarterOf(t, 'UTC')).toEqual({ year: 2026, quarter: 1 });
  });
});
