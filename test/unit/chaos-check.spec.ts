import { describe, expect, it } from '@jest/globals';
import { Check, contains } from '../chaos/check';
import { Ledger } from '../chaos/ledger';

/** Issue 9 "Chaos, measured": the end-of-run checks find what was acknowledged and then lost. */
describe('the chaos checks', () => {
  const agree = [{ nomineeId: 'n01', choice: 'agree' as const }];
  const disagree = [{ nomineeId: 'n01', choice: 'disagree' as const }];

  function checkOver(rows: { tasks?: any[]; votes?: any[] }, ledger: Ledger): Check {
    const db = {
      getRepository: (entity: { name: string }) => ({
        findOneBy: async (where: any) => (rows.tasks ?? []).find((t) => t.id === where.id) ?? null,
        findBy: async (where: any) => (entity.name === 'VoteEntity' ? (rows.votes ?? []).filter((v) => v.ballotId === where.ballotId) : []),
      }),
    };
    return new Check(db as any, {} as any, {} as any, ledger);
  }

  it('a stored decision contains what was sent; a different value or a missing field is not', () => {
    expect(contains({ approve: true, opinion: '同意', extra: 1 }, { approve: true, opinion: '同意' })).toBe(true);
    expect(contains({ approve: false, opinion: '同意' }, { approve: true, opinion: '同意' })).toBe(false);
    expect(contains({ rewards: [{ entryId: 'e1' }] }, { rewards: [{ entryId: 'e1' }, { entryId: 'e2' }] })).toBe(false);
    expect(contains(null, { signed: true })).toBe(false);
  });

  it('an acknowledged decision missing, still open, different or not in the procedure is lost', async () => {
    const ledger = new Ledger();
    for (const taskId of ['p/a', 'p/b', 'p/c', 'p/d', 'p/e']) ledger.decided({ procedureId: 'p', taskId, actor: 'legal.v01', decision: { approve: true } });
    const done = (id: string, decision: unknown = { approve: true }) => ({ id, status: 'done', decision, completedBy: 'legal.v01' });
    const check = checkOver({ tasks: [done('p/a'), { ...done('p/b'), status: 'open' }, done('p/c', { approve: false }), done('p/d')] }, ledger);
    const view = ['p/a', 'p/b', 'p/c', 'p/e'].map((id) => ({ id, status: 'done', completedBy: 'legal.v01' }));
    await check.decisions('p', view);
    // p/a is kept; p/b open, p/c changed, p/d not in the procedure, p/e without a row
    expect(check.lost).toBe(4);
  });

  it('an acknowledged vote not stored as cast, or not counted, is lost; a result that is not the stored votes is wrong', async () => {
    const ledger = new Ledger();
    for (const [voter, choices] of [['r1', agree], ['r2', agree], ['r3', disagree]] as const) ledger.voted({ procedureId: 'p', ballotId: 'b', voter, choices: [...choices] });
    const check = checkOver({ votes: [{ ballotId: 'b', voterId: 'r1', choices: agree }, { ballotId: 'b', voterId: 'r2', choices: disagree }, { ballotId: 'b', voterId: 'r3', choices: disagree }] }, ledger);
    const stored = await check.votes('b', { voted: 2, nominees: [{ nomineeId: 'n01', agree: 1, disagree: 1, abstain: 0 }] });
    expect(stored).toHaveLength(3);
    // r2 stored differently; one acknowledged vote not in the result's count
    expect(check.lost).toBe(2);
    // voted 2 of 3 stored, and n01 counted 1/1 where the store has 1/2
    expect(check.wrong).toBe(2);
  });
});
