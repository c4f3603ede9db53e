import { describe, expect, it } from '@jest/globals';
import type { ApplicationFailure } from '@temporalio/common';
import type { VoteChoices } from '../../libs/domain/src';
import { MediationCase } from '../../workflows/lib/mediation-case';
import { REDBLACK_FAILURES } from '../../workflows/lib/red-black-messages';
import { Ballot, Notice, RedBlackState } from '../../workflows/lib/red-black-state';

const choices = (choice: 'agree' | 'disagree' | 'abstain', ids = ['n1', 'n2']): VoteChoices => ids.map((nomineeId) => ({ nomineeId, choice }));

function refusalOf(fn: () => void): ApplicationFailure | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err as ApplicationFailure;
  }
}

describe('red/black workflow state (workflows/lib/red-black-state.ts)', () => {
  it('R4: a representative changes their vote at most the policy’s number of times; the same choices in another order are no change', () => {
    const b = new Ballot('rb/ballot-1', 1, ['n1', 'n2'], ['rep1', 'rep2'], Date.parse('2026-01-10T00:00:00Z'));
    const cap = 2;
    b.voteTaken('rep1', choices('agree'));
    b.voteDone('rep1', choices('agree'));
    for (const c of ['disagree', 'agree'] as const) {
      expect(refusalOf(() => b.refuseVote('rep1', choices(c), cap))).toBeNull();
      b.voteTaken('rep1', choices(c));
      b.voteDone('rep1', choices(c));
    }
    expect(refusalOf(() => b.refuseVote('rep1', [...choices('agree')].reverse(), cap))).toBeNull();
    expect(refusalOf(() => b.refuseVote('rep1', choices('abstain'), cap))?.type).toBe(REDBLACK_FAILURES.tooManyChanges);
    expect(refusalOf(() => b.refuseVote('rep2', choices('abstain'), cap))).toBeNull();
    expect(refusalOf(() => b.refuseVote('stranger', choices('agree'), cap))?.type).toBe(REDBLACK_FAILURES.notEligible);
    expect(refusalOf(() => b.refuseVote('rep2', choices('agree', ['n1']), cap))?.type).toBe(REDBLACK_FAILURES.invalidChoices);
  });

  it('R4: votes being recorded hold the ballot open; a failed recording counts for nothing; one extension shows in the details', () => {
    const b = new Ballot('rb/ballot-1', 1, ['n1', 'n2'], ['rep1', 'rep2'], Date.parse('2026-01-10T00:00:00Z'));
    b.voteTaken('rep1', choices('agree'));
    expect(b.recording).toBe(true);
    b.voteDone('rep1', null);
    expect(b.recording).toBe(false);
    expect(b.missing()).toEqual(['rep1', 'rep2']);
    b.stopTaking();
    expect(b.isOpen('rb/ballot-1')).toBe(false);
    b.extend(Date.parse('2026-01-12T00:00:00Z'));
    expect(b.isOpen('rb/ballot-1')).toBe(true);
    expect(b.entry).toMatchObject({ closesAt: '2026-01-12T00:00:00.000Z', status: 'open' });
    const result = { quorumMet: false, voted: 0, representatives: 2, nominees: [] };
    b.close(result as never);
    expect(b.isOpen('rb/ballot-1')).toBe(false);
    expect(b.entry.status).toBe('open');
    b.closeRecorded();
    expect(b.entry).toMatchObject({ status: 'closed', result });
  });

  it('R5: a notice takes rows up to its cap in numbered batches, and numbers objections filed as Updates', () => {
    const n = new Notice('rb/notice', Date.parse('2026-01-20T00:00:00Z'), ['n1'], 'rows', 30);
    expect([n.nextLimit(25), n.nextBatch]).toEqual([25, 1]);
    n.batchTaken(25);
    expect([n.nextLimit(25), n.nextBatch]).toEqual([5, 2]);
    n.batchTaken(0);
    expect(n.nextBatch).toBe(2);
    n.batchTaken(5);
    expect(n.nextLimit(25)).toBe(0);
    expect([n.nextUpdateStep(), n.nextUpdateStep()]).toEqual(['objection-1', 'objection-2']);
    expect(n.takesUpdate('rb/notice', Date.parse('2026-01-19T00:00:00Z'))).toBe(true);
    expect(n.takesUpdate('rb/notice', Date.parse('2026-01-20T00:00:00Z'))).toBe(false);
  });

  it('R5: an upheld objection removes the nominee; a dismissed one keeps them; the details show both', () => {
    const s = new RedBlackState(2026, 1);
    const nominee = (nomineeId: string) => ({ nomineeId, name: nomineeId, color: 'red' as const, category: 'filial', categoryLabel: '孝老爱亲', poorHousehold: false, reason: '事迹' });
    s.nominate([nominee('n1'), nominee('n2')] as never, null);
    s.setFate(s.withFate('nominated'), 'passed');
    const a = s.objectionNoted(s.nominee('n1'), 'o1', 'rb/objection-o1');
    const b = s.objectionNoted(s.nominee('n2'), 'o2', 'rb/objection-o2');
    s.objectionDecided(s.nominee('n1'), a, true, '属实');
    s.objectionDecided(s.nominee('n2'), b, false, '不实');
    expect(s.withFate('removed').map((n) => n.nomineeId)).toEqual(['n1']);
    expect(s.details().nominees.map((n) => [n.nomineeId, n.fate, n.objections[0].outcome])).toEqual([
      ['n1', 'removed', 'upheld'],
      ['n2', 'passed', 'dismissed'],
    ]);
    const c = s.objectionNoted(s.nominee('n2'), 'o3', 'rb/objection-o3');
    s.objectionDropped(s.nominee('n2'), c);
    expect(s.nominee('n2').objections).toHaveLength(1);
    expect(s.details()).toMatchObject({ year: 2026, quarter: 1, ballot: null, notice: null, compliant: null, nonCompliantReasons: [] });
  });
});

describe('mediation case state (workflows/lib/mediation-case.ts)', () => {
  it('R10: a risk sign’s jump is taken only above the jump already asked for, and cleared when the case escalates', () => {
    const c = new MediationCase('v01-1');
    c.jumpRequested(3, 'group_petition');
    c.jumpRequested(2, 'threat_of_revenge');
    expect([c.jumpPending, c.targetTier]).toEqual([true, 3]);
    expect(c.takeJump()).toEqual({ to: 3, flag: 'group_petition' });
    expect(c.escalated(3, 1000)).toBe(0);
    expect(c.view()).toEqual({ caseId: 'v01-1', tier: 4, status: 'open', stage: 'tier' });
    c.jumpRequested(2, 'group_petition');
    expect(c.jumpPending).toBe(false);
  });

  it('R10: resolved, reopened and closed move status and stage together; ids count up', () => {
    const c = new MediationCase('v01-1');
    expect([c.nextEventId('risk'), c.nextEventId('session')]).toEqual(['v01-1#1-risk', 'v01-1#2-session']);
    c.resolved();
    expect([c.status, c.stage, c.inLadder]).toEqual(['awaiting_followup', 'followup', false]);
    c.reopened(5000);
    expect([c.status, c.stage, c.tierDeadline, c.inLadder]).toEqual(['open', 'tier', 5000, true]);
    c.ladderExhausted();
    c.close('referred_to_litigation');
    expect([c.status, c.stage, c.closed]).toEqual(['referred_to_litigation', 'closed', true]);
  });

  it('R10: the case takes risk reports up to the cap it is given', () => {
    const c = new MediationCase('v01-1');
    for (let i = 0; i < 3; i++) {
      expect(c.takesRiskReport(3)).toBe(true);
      c.riskReportTaken();
    }
    expect(c.takesRiskReport(3)).toBe(false);
  });
});
