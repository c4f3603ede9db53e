import { describe, expect, it } from '@jest/globals';
import { hasExpired, sameCompletion, voteKey } from '../../libs/domain/src';

const legal = { userId: 'legal.v01', username: 'legal.v01' };

describe('issue 9: the rules behind bounded Updates', () => {
  it('an Update expires after its expiresAt, and an expiresAt that is no time at all counts as expired', () => {
    const at = Date.parse('2026-12-03T10:00:00.000Z');
    expect(hasExpired('2026-12-03T10:00:00.000Z', at)).toBe(false);
    expect(hasExpired('2026-12-03T10:00:00.000Z', at + 1)).toBe(true);
    expect(hasExpired('not a time', at)).toBe(true);
  });

  it('a completion is a retry only with the same person, decision and comment (no comment equals an absent one)', () => {
    const first = { actor: legal, decision: { approve: true, opinion: '同意' }, comment: undefined };
    expect(sameCompletion(first, { ...first, comment: null })).toBe(true);
    expect(sameCompletion(first, { ...first, comment: '补充' })).toBe(false);
    expect(sameCompletion(first, { ...first, actor: { userId: 'town.office', username: 'town.office' } })).toBe(false);
    expect(sameCompletion(first, { ...first, decision: { approve: false, opinion: '同意' } })).toBe(false);
  });

  it('a vote with the same choices in another order is the same vote, not a change', () => {
    const a = [{ nomineeId: 'n01', choice: 'agree' }, { nomineeId: 'n02', choice: 'disagree' }];
    expect(voteKey(a)).toBe(voteKey([...a].reverse()));
    expect(voteKey(a)).not.toBe(voteKey([{ nomineeId: 'n01', choice: 'agree' }, { nomineeId: 'n02', choice: 'agree' }]));
  });
});
