import { describe, expect, it } from '@jest/globals';
import { AppError, contactKey, DEFAULT_POLICY, objectionCaps, objectionRefusal, validatePolicy, type ObjectionFacts } from '../../libs/domain/src';

const facts = (over: Partial<ObjectionFacts> = {}): ObjectionFacts => ({
  noticeId: 'redblack/v01/2026Q1/notice',
  notice: { status: 'open', endsAt: new Date('2026-04-08T00:00:00Z'), nomineeIds: ['n01', 'n02'], caps: { perNotice: 3, perContact: 2 } },
  nomineeId: 'n01',
  filed: 0,
  filedByContact: 0,
  now: new Date('2026-04-01T00:00:00Z'),
  ...over,
});

const kindOf = (e: AppError | null) => e?.kind ?? null;

describe('R5 objection caps (issue 9: floods)', () => {
  it('one phone number is one contact however it is written', () => {
    const key = contactKey('13800000000');
    for (const same of ['138 0000 0000', '+86 138-0000-0000', '0086 13800000000', '８６１３８００００００００', ' 138(0000)0000 ']) expect(contactKey(same)).toBe(key);
    expect(contactKey('13800000001')).not.toBe(key);
    expect(contactKey(' Zhang.San@Example.com ')).toBe('zhang.san@example.com');
    expect(contactKey('0571-8888 1234')).toBe('057188881234');
  });

  it('takes an objection while the notice is open, the nominee on it and the caps leave room', () => {
    expect(objectionRefusal(facts({ filed: 2, filedByContact: 1 }))).toBeNull();
  });

  it('refuses: unknown notice 404, after the period 409, a nominee not on it 400', () => {
    expect(kindOf(objectionRefusal(facts({ notice: null })))).toBe('not_found');
    expect(kindOf(objectionRefusal(facts({ now: new Date('2026-04-08T00:00:00Z') })))).toBe('conflict');
    expect(kindOf(objectionRefusal(facts({ notice: { ...facts().notice!, status: 'reviewing' } })))).toBe('conflict');
    expect(kindOf(objectionRefusal(facts({ nomineeId: 'n09' })))).toBe('invalid');
  });

  it('a full notice and a contact that used its share get 409 with the cap named in Chinese and English', () => {
    const full = objectionRefusal(facts({ filed: 3 }))!;
    expect(full.kind).toBe('conflict');
    expect(full.message).toMatch(/上限.3条.* \/ .*maximum of 3 objections/);
    const contact = objectionRefusal(facts({ filed: 2, filedByContact: 2 }))!;
    expect(contact.kind).toBe('conflict');
    expect(contact.message).toMatch(/最多提出2条.* \/ at most 2 objections per contact/);
  });

  it('policy: caps have defaults (also for snapshots saved before them), are bounded, and a contact cap never exceeds the notice cap', () => {
    expect(objectionCaps(DEFAULT_POLICY.redBlack)).toEqual({ perNotice: 100, perContact: 5 });
    const { objectionsPerNotice, objectionsPerContact, ...older } = DEFAULT_POLICY.redBlack;
    expect(objectionCaps(older)).toEqual({ perNotice: objectionsPerNotice, perContact: objectionsPerContact });
    const saved = validatePolicy({ ...DEFAULT_POLICY, redBlack: older });
    expect(saved.ok && saved.policy.redBlack).toMatchObject({ objectionsPerNotice: 100, objectionsPerContact: 5 });
    for (const bad of [{ objectionsPerNotice: 0 }, { objectionsPerNotice: 201 }, { objectionsPerNotice: 10, objectionsPerContact: 11 }, { objectionsPerContact: 2.5 }]) {
      const r = validatePolicy({ ...DEFAULT_POLICY, redBlack: { ...DEFAULT_POLICY.redBlack, ...bad } });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0].path).toMatch(/^redBlack\.objectionsPer/);
    }
  });
});
