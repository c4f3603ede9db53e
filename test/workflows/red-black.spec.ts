import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type WorkflowHandle } from '@temporalio/client';
import type { RedBlackActivities } from '../../activities';
import { DEFAULT_POLICY, MAX_VOTE_CHANGES, quarterOf, type Actor, type BallotResult, type Policy, type VoteChoices } from '../../libs/domain/src';
import type { RedBlackInput, redBlack } from '../../workflows/red-black.workflow';
import { castVoteUpdate, fileObjectionUpdate, objectionsFiledSignal, REDBLACK_FAILURES, type TakenObjection } from '../../workflows/lib/red-black-messages';
import { slate } from '../support/slates';
import { recordHistory } from '../support/record-history';
import { eventually, fakeTasks, recorders, refusal, stop, workflowEnv, type ActivitiesOf, type ActivityCalls, type TaskFakes, type WorkflowActivities } from '../support/workflow-env';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const VILLAGE = 'v01';
const REPS = Array.from({ length: 15 }, (_, i) => `rep.v01.${String(i + 1).padStart(2, '0')}`);
const COUNCIL: Actor = { userId: 'council.v01.1', username: 'council.v01.1' };
const COMMITTEE: Actor = { userId: 'committee.v01.1', username: 'committee.v01.1' };
const SECRETARY: Actor = { userId: 'secretary.v01', username: 'secretary.v01' };

const SLATE = slate({ names: 'surnamed' });

type RedBlackFakes = TaskFakes & ActivitiesOf<RedBlackActivities> & Pick<WorkflowActivities, 'redListEntries'>;
type Calls = ActivityCalls<RedBlackFakes>;

/** A row of the objection table as the fake store holds it (the real one: test/integration/red-black-objections.spec.ts). */
interface ObjectionRow extends TakenObjection {
  noticeId: string;
  batch: number | null;
}

let overdue: { villageId: string; procedureId: string; stage: string | null }[] = [];

const RECORDED = ['activateBallot', 'extendBallot', 'closeBallot', 'remindVoters', 'publishNotice', 'recordObjection', 'withdrawFromNotice', 'closeNotice', 'finalizeList', 'mailRoles'] as const;

function fakeActivities(reps: string[]) {
  const tasks = fakeTasks();
  const recorded = recorders<RedBlackFakes, (typeof RECORDED)[number]>(RECORDED);
  const calls: Calls = { ...tasks.calls, ...recorded.calls, openBallot: [], recordVote: [], takeObjections: [], redListEntries: [], quarterContext: [], overdueVillages: [] };
  const objections: ObjectionRow[] = [];
  const faults = { failTakeOnce: false };
  const acts: RedBlackFakes = {
    ...tasks.acts,
    ...recorded.acts,
    async openBallot(input) {
      calls.openBallot.push(input);
      return { voters: reps };
    },
    async recordVote(input) {
      calls.recordVote.push(input);
      return { ...input, castAt: new Date().toISOString() };
    },
    // The store's contract: a batch once taken is returned again by a retry.
    async takeObjections(input) {
      calls.takeObjections.push(input);
      const view = ({ noticeId, batch, ...o }: ObjectionRow): TakenObjection => o;
      const taken = objections.filter((o) => o.noticeId === input.noticeId && o.batch === input.batch);
      if (taken.length || input.limit <= 0) return taken.map(view);
      const fresh = objections.filter((o) => o.noticeId === input.noticeId && o.batch === null).slice(0, input.limit);
      for (const o of fresh) o.batch = input.batch;
      if (fresh.length && faults.failTakeOnce) {
        faults.failTakeOnce = false;
        throw new Error('connection lost after the batch was taken');
      }
      return fresh.map(view);
    },
    // The red-list reward recording (R9) the final list starts; its own tests are in assessment.spec.ts.
    async redListEntries() {
      return [];
    },
    async quarterContext() {
      calls.quarterContext.push({});
      return { villageIds: ['v01', 'v02', 'v03'], policyVersion: 7, policy: DEFAULT_POLICY, timezone: 'Asia/Shanghai' };
    },
    async overdueVillages(input) {
      calls.overdueVillages.push(input);
      return overdue;
    },
  };
  return { acts, calls, objections, faults };
}

const env = workflowEnv({ name: 'red-black' });
const { complete, inADay } = env;

interface Run {
  calls: Calls;
  taskQueue: string;
  objections: ObjectionRow[];
  faults: { failTakeOnce: boolean };
}

async function withWorker(body: (run: Run) => Promise<void>, reps = REPS): Promise<void> {
  const { acts, calls, objections, faults } = fakeActivities(reps);
  await env.runWorker(acts, (taskQueue) => body({ calls, taskQueue, objections, faults }));
}

let year = 2100;
async function start(run: Run, policy: Policy = DEFAULT_POLICY, policyVersion = 1) {
  const y = year++;
  const procedureId = `redblack/${VILLAGE}/${y}Q1`;
  const input: RedBlackInput = { procedureId, villageId: VILLAGE, year: y, quarter: 1, policy, policyVersion, startedBy: 'system' };
  const handle = await env.client.workflow.start<typeof redBlack>('redBlack', { taskQueue: run.taskQueue, workflowId: procedureId, args: [input] });
  return { handle, procedureId };
}

const opened = (run: Run, taskId: string) => eventually(() => run.calls.openTask.find((s) => s.id === taskId), `task ${taskId}`);
const called = <K extends keyof Calls>(run: Run, name: K, n = 1): Promise<Calls[K][number]> => eventually(() => run.calls[name].length >= n && run.calls[name][n - 1], `${name} #${n}`);
// Only the red/black procedure's own stages: the red-list reward it starts logs its own.
const ownStages = (run: Run) => run.calls.changeStage.filter((c) => c.procedureId.startsWith('redblack/'));
const stages = (run: Run) => ownStages(run).map((c) => c.stage);
// The last stage's details as the workflow logs them (its `details()`), read loosely as the assertions walk them.
const lastDetails = (run: Run): any => ownStages(run).at(-1)?.details;

async function vote(handle: WorkflowHandle, ballotId: string, userId: string, choices: VoteChoices) {
  return handle.executeUpdate(castVoteUpdate, { args: [{ ballotId, voter: { userId, username: userId }, choices, expiresAt: await inADay() }], updateId: randomUUID() });
}

/** R5 as the API files an objection: a row in the objection table, then the payload-less signal (unless it is lost). */
async function file(run: Run, handle: WorkflowHandle, noticeId: string, nomineeId: string, reason = '情况不属实', signal = true) {
  const objectionId = randomUUID();
  run.objections.push({ objectionId, noticeId, nomineeId, name: '村民甲', contact: '13800000000', reason, batch: null });
  if (signal) await handle.signal(objectionsFiledSignal);
  return { objectionId, taskId: `${handle.workflowId}/objection-${objectionId}` };
}

const objectionTasks = (run: Run) => run.calls.openTask.filter((s) => s.kind === 'redblack.objection');

/** The retired path: an objection as an Update. */
async function object(handle: WorkflowHandle, noticeId: string, nomineeId: string, reason = '情况不属实') {
  const objectionId = randomUUID();
  return handle.executeUpdate(fileObjectionUpdate, { args: [{ noticeId, objectionId, name: '村民甲', contact: '13800000000', nomineeId, reason, expiresAt: await inADay() }], updateId: objectionId });
}

const all = (ids: string[], choice: 'agree' | 'disagree' | 'abstain', except: Record<string, 'agree' | 'disagree' | 'abstain'> = {}): VoteChoices => ids.map((nomineeId) => ({ nomineeId, choice: except[nomineeId] ?? choice }));

/** Nomination of the six, all approved: returns the ballot's nominee ids. */
async function toBallot(run: Run, handle: WorkflowHandle, procedureId: string): Promise<{ ballotId: string; ids: string[] }> {
  await opened(run, `${procedureId}/nominate`);
  await complete(handle, `${procedureId}/nominate`, SLATE, COUNCIL);
  const discuss = await opened(run, `${procedureId}/discuss`);
  const ids = (discuss.payload.nominees as any[]).map((n) => n.nomineeId);
  await complete(handle, discuss.id, { decisions: ids.map((nomineeId) => ({ nomineeId, approve: true })), minutes: '两委会议一致同意' }, COMMITTEE);
  const ballot = await called(run, 'openBallot');
  return { ballotId: ballot.ballotId, ids };
}

describe('red/black list workflow (R1–R5, time-skipping)', () => {
  it('R1–R5, R9 the whole quarter: nominate, discuss, vote, notice with an objection, final lists, black follow-ups, red-list rewards started', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await start(run);

      // R1 nomination by the council, refused when short without a reason
      const nominate = await opened(run, `${procedureId}/nominate`);
      expect(nominate).toMatchObject({ kind: 'redblack.nominate', villageId: VILLAGE, candidates: [{ role: 'COUNCIL', villageId: VILLAGE }], payload: { year: expect.any(Number), quarter: 1, minRed: 3, minBlack: 3 } });
      const short = await refusal(complete(handle, nominate.id, { nominees: SLATE.nominees.slice(1) }, COUNCIL));
      expect(short.type).toBe('InvalidDecision');
      expect(short.message).toMatch(/shortfallReason/);
      await complete(handle, nominate.id, { nominees: [...SLATE.nominees, { name: '周红四', color: 'red', category: 'other', reason: '见义勇为救起落水儿童' }] }, COUNCIL);

      // R2 poor households first, flagged; the committee discusses every nominee
      const discuss = await opened(run, `${procedureId}/discuss`);
      expect(discuss.candidates).toEqual([{ role: 'COMMITTEE', villageId: VILLAGE }]);
      const listed = discuss.payload.nominees as any[];
      expect(listed.map((n) => n.name)).toEqual(['李红二', '王红一', '张红三', '周红四', '赵黑一', '钱黑二', '孙黑三']);
      expect(listed[0]).toMatchObject({ nomineeId: 'n01', poorHousehold: true, categoryLabel: '孝老爱亲典范' });
      const ids = listed.map((n) => n.nomineeId);
      const missing = await refusal(complete(handle, discuss.id, { decisions: ids.slice(1).map((nomineeId) => ({ nomineeId, approve: true })), minutes: '纪要' }, COMMITTEE));
      expect(missing.message).toMatch(/n01/);
      await complete(handle, discuss.id, { decisions: ids.map((nomineeId) => ({ nomineeId, approve: nomineeId !== 'n04', reason: nomineeId === 'n04' ? '事迹不够典型' : undefined })), minutes: '两委会议讨论' }, COMMITTEE);

      // R4 the assembly votes: 12 of 15 representatives; n07 gets exactly half agreeing (6/12) and fails
      const ballot = await called(run, 'openBallot');
      const onBallot = ballot.nominees.map((n: any) => n.nomineeId);
      expect(onBallot).toEqual(['n01', 'n02', 'n03', 'n05', 'n06', 'n07']);
      const notRep = await refusal(vote(handle, ballot.ballotId, 'council.v01.1', all(onBallot, 'agree')));
      expect(notRep.type).toBe(REDBLACK_FAILURES.notEligible);
      const unknown = await refusal(vote(handle, ballot.ballotId, REPS[0], [...all(onBallot, 'agree'), { nomineeId: 'n04', choice: 'agree' }]));
      expect(unknown.type).toBe(REDBLACK_FAILURES.invalidChoices);
      const incomplete = await refusal(vote(handle, ballot.ballotId, REPS[0], all(onBallot.slice(1), 'agree')));
      expect(incomplete.type).toBe(REDBLACK_FAILURES.invalidChoices);
      for (let i = 0; i < 12; i++) {
        const recorded = await vote(handle, ballot.ballotId, REPS[i], all(onBallot, 'agree', { n07: i < 6 ? 'agree' : i < 9 ? 'disagree' : 'abstain' }));
        expect(recorded).toMatchObject({ ballotId: ballot.ballotId, voterId: REPS[i] });
      }
      // a representative changes their vote: still one vote
      await vote(handle, ballot.ballotId, REPS[0], all(onBallot, 'agree', { n07: 'agree' }));
      expect(run.calls.recordVote).toHaveLength(13);

      // non-voters are mailed at half time; the ballot closes at its deadline
      await env.sleep(1.5 * DAY + MINUTE);
      const reminded = await called(run, 'remindVoters');
      expect(reminded.userIds).toEqual(REPS.slice(12));
      await env.sleep(1.5 * DAY);
      const closed = await called(run, 'closeBallot');
      expect(closed.result).toMatchObject({ representatives: 15, voted: 12, quorumMet: true });
      expect((closed.result as BallotResult).nominees.find((t: any) => t.nomineeId === 'n07')).toEqual({ nomineeId: 'n07', agree: 6, disagree: 3, abstain: 3, passed: false });
      const late = await refusal(vote(handle, ballot.ballotId, REPS[13], all(onBallot, 'agree')));
      expect(late.type).toBe(REDBLACK_FAILURES.ballotClosed);

      // R5 public notice; an objection opens a committee task and the list waits for it
      const notice = await called(run, 'publishNotice');
      expect(notice.entries.map((e: any) => e.nomineeId)).toEqual(['n01', 'n02', 'n03', 'n05', 'n06']);
      expect(notice.caps).toEqual({ perNotice: 100, perContact: 5 });
      const filed = await file(run, handle, notice.id, 'n02', '王红一并未发展种养业');
      const objectionTask = await opened(run, filed.taskId);
      expect(objectionTask).toMatchObject({ kind: 'redblack.objection', candidates: [{ role: 'COMMITTEE', villageId: VILLAGE }], payload: { objectionId: filed.objectionId, nominee: { nomineeId: 'n02' }, objection: { reason: '王红一并未发展种养业' } } });
      // objections are rows now: the Update path is refused on a notice that takes rows
      const retired = await refusal(object(handle, notice.id, 'n01'));
      expect(retired.type).toBe(REDBLACK_FAILURES.objectionUpdateRetired);
      await env.sleep(7 * DAY + MINUTE);
      // at the notice's end the intake is closed (the API files no more) and what is left is taken
      expect(run.calls.takeObjections.at(-1)).toMatchObject({ noticeId: notice.id, closeIntake: true });
      await new Promise((r) => setTimeout(r, 200));
      expect(run.calls.finalizeList).toEqual([]);
      expect(stages(run).at(-1)).toBe('notice');
      await complete(handle, filed.taskId, { uphold: false, reason: '经核实事迹属实' }, COMMITTEE);

      // R1 final lists: 3 red, 2 black, so the quarter is not compliant; black entries get follow-ups
      const final = await called(run, 'finalizeList');
      expect(final.map((e: any) => [e.nomineeId, e.color])).toEqual([['n01', 'red'], ['n02', 'red'], ['n03', 'red'], ['n05', 'black'], ['n06', 'black']]);
      expect(final[0]).toMatchObject({ name: '李红二', poorHousehold: true, villageId: VILLAGE, quarter: 1 });
      await eventually(() => stages(run).includes('final'), 'final stage');
      const details = lastDetails(run);
      expect(details.compliant).toBe(false);
      expect(details.nonCompliantReasons.join()).toMatch(/黑榜不足3名/);
      expect(details.nominees.find((n: any) => n.nomineeId === 'n04')).toMatchObject({ fate: 'rejected', discussion: { approve: false, reason: '事迹不够典型' } });
      expect(details.nominees.find((n: any) => n.nomineeId === 'n07')).toMatchObject({ fate: 'failed', vote: { agree: 6, passed: false } });
      expect(details.nominees.find((n: any) => n.nomineeId === 'n02')).toMatchObject({ fate: 'listed', objections: [{ outcome: 'dismissed' }] });
      const mail = await called(run, 'mailRoles');
      expect(mail).toMatchObject({ key: `${procedureId}#result`, roles: expect.arrayContaining(['COUNCIL', 'COMMITTEE', 'REPRESENTATIVE']), villageId: VILLAGE });
      expect(mail.text).toMatch(/李红二/);
      const f5 = await opened(run, `${procedureId}/followup-n05`);
      const f6 = await opened(run, `${procedureId}/followup-n06`);
      expect(f5).toMatchObject({ kind: 'redblack.black_followup', candidates: [{ role: 'SECRETARY', villageId: VILLAGE }] });
      await complete(handle, f5.id, { handling: '按村规民约公开批评教育' }, SECRETARY);
      await complete(handle, f6.id, { handling: '责令限期拆除' }, SECRETARY);
      const result = await handle.result();
      expect(result).toMatchObject({ stage: 'final', compliant: false, red: ['李红二', '王红一', '张红三'], black: ['赵黑一', '钱黑二'] });
      expect(stages(run)).toEqual(['discussion', 'voting', 'notice', 'notice', 'final']);
      // R9: the final red list starts the villagers' reward recording for the quarter
      expect((await env.client.workflow.getHandle(procedureId.replace('redblack/', 'redlist-reward/')).describe()).type).toBe('redlistReward');

      // red-black-whole-quarter.json was recorded with objections as Updates: kept as it is, for runs in flight.
      await recordHistory(handle, 'red-black-whole-quarter-rows');
    }));

  it('issue 9: a representative changes their vote at most MAX_VOTE_CHANGES times; sending the current vote again is no change', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await start(run);
      const { ballotId, ids } = await toBallot(run, handle, procedureId);
      await vote(handle, ballotId, REPS[0], all(ids, 'agree'));
      for (let i = 1; i <= MAX_VOTE_CHANGES; i++) await vote(handle, ballotId, REPS[0], all(ids, i % 2 ? 'disagree' : 'agree'));
      const current = all(ids, MAX_VOTE_CHANGES % 2 ? 'disagree' : 'agree');
      // The same choices in another order are the same vote.
      expect(await vote(handle, ballotId, REPS[0], [...current].reverse())).toMatchObject({ voterId: REPS[0] });
      const tooMany = await refusal(vote(handle, ballotId, REPS[0], all(ids, 'abstain')));
      expect(tooMany.type).toBe(REDBLACK_FAILURES.tooManyChanges);
      expect(tooMany.message).toContain('投票修改次数过多');
      // Others are not affected.
      expect(await vote(handle, ballotId, REPS[1], all(ids, 'abstain'))).toMatchObject({ voterId: REPS[1] });
      await stop(handle);
      await recordHistory(handle, 'red-black-vote-changes');
    }));

  it('R1 nomination timeout: reminder at P10D, at P15D the secretary is added and the town office notified', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await start(run);
      const nominate = await opened(run, `${procedureId}/nominate`);
      await env.sleep(10 * DAY + MINUTE);
      expect(await called(run, 'remindTask')).toEqual({ taskId: nominate.id, seq: 1, overdue: false });
      expect(run.calls.reassignTask).toEqual([]);
      await env.sleep(5 * DAY);
      const reassign = await called(run, 'reassignTask');
      expect(reassign).toMatchObject({ taskId: nominate.id, addRoles: ['SECRETARY'], notifyRoles: ['TOWN_OFFICE'] });
      expect(Date.parse(reassign.dueAt!) - Date.parse(nominate.dueAt!)).toBe(5 * DAY);
      // the secretary, now a candidate, submits the slate with a shortfall reason: recorded as non-compliant
      await complete(handle, nominate.id, { nominees: SLATE.nominees.slice(0, 4), shortfallReason: '本季度黑榜线索不足' }, SECRETARY);
      await opened(run, `${procedureId}/discuss`);
      const details = lastDetails(run);
      expect(details.compliant).toBe(false);
      expect(details.shortfall).toMatch(/黑1\/3/);
      await stop(handle);
    }));

  it('R4 quorum failure: 9 of 15 vote, the ballot is extended once by P2D, still short → quorum_failed for the secretary; revote opens a new ballot', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await start(run);
      const { ballotId, ids } = await toBallot(run, handle, procedureId);
      for (let i = 0; i < 9; i++) await vote(handle, ballotId, REPS[i], all(ids, 'agree'));
      await env.sleep(3 * DAY + MINUTE);
      const extended = await called(run, 'extendBallot');
      expect(extended.ballotId).toBe(ballotId);
      expect(Date.parse(extended.closesAt) - Date.parse(run.calls.openBallot[0].closesAt)).toBeGreaterThanOrEqual(2 * DAY);
      expect(run.calls.closeBallot).toEqual([]);
      await env.sleep(2 * DAY + MINUTE);
      const closed = await called(run, 'closeBallot');
      expect(closed.result).toMatchObject({ voted: 9, representatives: 15, quorumMet: false });
      expect((closed.result as BallotResult).nominees.every((t: any) => !t.passed)).toBe(true);
      const qf = await opened(run, `${procedureId}/quorum-failed-1`);
      expect(qf).toMatchObject({ kind: 'redblack.quorum_failed', candidates: [{ role: 'SECRETARY', villageId: VILLAGE }], payload: { voted: 9, representatives: 15 } });
      expect(stages(run)).toContain('quorum_failed');
      await complete(handle, qf.id, { action: 'revote', reason: '重新召开代表大会' }, SECRETARY);
      const second = await called(run, 'openBallot', 2);
      expect(second.ballotId).toBe(`${procedureId}/ballot-2`);
      const stale = await refusal(vote(handle, ballotId, REPS[10], all(ids, 'agree')));
      expect(stale.type).toBe(REDBLACK_FAILURES.ballotClosed);
      // every representative votes: the ballot closes at once, without waiting for the deadline
      for (const rep of REPS) await vote(handle, second.ballotId, rep, all(ids, 'agree'));
      const closed2 = await called(run, 'closeBallot', 2);
      expect(closed2.result).toMatchObject({ voted: 15, quorumMet: true });
      await called(run, 'publishNotice');
      await stop(handle);
    }));

  it('R4 quorum failure and the secretary abandons: the quarter ends abandoned and non-compliant', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await start(run);
      await toBallot(run, handle, procedureId);
      await env.sleep(5 * DAY + HOUR);
      const qf = await opened(run, `${procedureId}/quorum-failed-1`);
      await complete(handle, qf.id, { action: 'abandon', reason: '农忙无法召集' }, SECRETARY);
      expect(await handle.result()).toMatchObject({ stage: 'abandoned', compliant: false });
    }));

  it('R5 objections as rows, taken in batches: one signal takes all filed so far; upheld removes the nominee and takes them off the board, dismissed keeps theirs', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await start(run);
      const { ballotId, ids } = await toBallot(run, handle, procedureId);
      for (const rep of REPS) await vote(handle, ballotId, rep, all(ids, 'agree'));
      const notice = await called(run, 'publishNotice');
      // two signals are lost; the third wakes the workflow, which takes all three in one batch
      const upheld = await file(run, handle, notice.id, 'n04', '赵黑一已改正,且未赌博', false);
      const dismissed = await file(run, handle, notice.id, 'n01', '不属实', false);
      const again = await file(run, handle, notice.id, 'n04', '赵黑一仍在赌博');
      for (const f of [upheld, dismissed, again]) await opened(run, f.taskId);
      expect(run.calls.takeObjections).toEqual([{ noticeId: notice.id, batch: 1, limit: 25, closeIntake: false }]);
      expect(objectionTasks(run)).toHaveLength(3);
      expect(run.calls.recordObjection).toEqual([]);
      await complete(handle, upheld.taskId, { uphold: true, reason: '经核实,证据不足' }, COMMITTEE);
      expect(await called(run, 'withdrawFromNotice')).toEqual({ noticeId: notice.id, nomineeId: 'n04' });
      await complete(handle, dismissed.taskId, { uphold: false, reason: '事迹属实' }, COMMITTEE);
      // a dismissed objection does not bring a removed nominee back
      await complete(handle, again.taskId, { uphold: false, reason: '已撤下' }, COMMITTEE);
      await env.sleep(7 * DAY + MINUTE);
      const final = await called(run, 'finalizeList');
      expect(final.map((e: any) => e.nomineeId)).toEqual(['n01', 'n02', 'n03', 'n05', 'n06']);
      const closedNotice = await called(run, 'closeNotice');
      expect(closedNotice.entries.map((e: any) => e.nomineeId)).not.toContain('n04');
      await eventually(() => stages(run).includes('final'), 'final');
      const details = lastDetails(run);
      expect(details.nominees.find((n: any) => n.nomineeId === 'n04')).toMatchObject({ fate: 'removed', objections: [{ outcome: 'upheld' }, { outcome: 'dismissed' }] });
      expect(details.nominees.find((n: any) => n.nomineeId === 'n01')).toMatchObject({ fate: 'listed', objections: [{ objectionId: dismissed.objectionId, taskId: dismissed.taskId, outcome: 'dismissed' }] });
      await stop(handle);
    }));

  it('R5 every signal lost: the notice\'s end takes the objection, and the list waits for its review', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await start(run);
      const { ballotId, ids } = await toBallot(run, handle, procedureId);
      for (const rep of REPS) await vote(handle, ballotId, rep, all(ids, 'agree'));
      const notice = await called(run, 'publishNotice');
      const filed = await file(run, handle, notice.id, 'n02', '不属实', false);
      await new Promise((r) => setTimeout(r, 300));
      expect(run.calls.takeObjections).toEqual([]);
      await env.sleep(7 * DAY + MINUTE);
      await opened(run, filed.taskId);
      expect(run.calls.takeObjections).toEqual([{ noticeId: notice.id, batch: 1, limit: 25, closeIntake: true }]);
      expect(run.calls.finalizeList).toEqual([]);
      await complete(handle, filed.taskId, { uphold: false, reason: '事迹属实' }, COMMITTEE);
      await called(run, 'finalizeList');
      await stop(handle);
    }));

  it('R5 flood: objections over the notice cap never reach the workflow, batches are bounded, a retried batch opens nothing twice, history stays bounded, the notice closes on time', () =>
    withWorker(async (run) => {
      const policy = structuredClone(DEFAULT_POLICY);
      policy.redBlack.objectionsPerNotice = 30;
      const { handle, procedureId } = await start(run, policy);
      const { ballotId, ids } = await toBallot(run, handle, procedureId);
      for (const rep of REPS) await vote(handle, ballotId, rep, all(ids, 'agree'));
      const notice = await called(run, 'publishNotice');
      expect(notice.caps).toEqual({ perNotice: 30, perContact: 5 });
      // 80 rows (more than the API would ever let in) and a signal for each; the first batch's result is lost once
      run.faults.failTakeOnce = true;
      for (let i = 0; i < 80; i++) run.objections.push({ objectionId: `o-${String(i).padStart(3, '0')}`, noticeId: notice.id, nomineeId: ids[i % ids.length], name: '村民', contact: `1380000${String(i).padStart(4, '0')}`, reason: '不服', batch: null });
      await Promise.all(Array.from({ length: 80 }, () => handle.signal(objectionsFiledSignal)));
      await eventually(() => objectionTasks(run).length >= 30, '30 reviews', 30_000);
      await new Promise((r) => setTimeout(r, 500));
      const reviews = objectionTasks(run);
      expect(new Set(reviews.map((t) => t.id)).size).toBe(30);
      expect(reviews).toHaveLength(30);
      expect(run.objections.filter((o) => o.batch === null)).toHaveLength(50);
      expect(run.calls.takeObjections.every((c: any) => c.limit <= 25)).toBe(true);
      expect(run.faults.failTakeOnce).toBe(false);
      for (const t of reviews) await complete(handle, t.id, { uphold: false, reason: '不属实' }, COMMITTEE);
      const publishedAt = await env.currentTimeMs();
      await env.sleep(7 * DAY + MINUTE);
      await called(run, 'closeNotice');
      expect((await env.currentTimeMs()) - publishedAt).toBeLessThan(7 * DAY + HOUR);
      await eventually(() => stages(run).includes('final'), 'final');
      expect(objectionTasks(run)).toHaveLength(30);
      const events = (await handle.fetchHistory()).events!.length;
      expect(events).toBeLessThan(2000);
      await stop(handle);
    }));

  it('R1 the committee approves nobody: the procedure ends with stage no_list', () =>
    withWorker(async (run) => {
      const { handle, procedureId } = await start(run);
      await complete(handle, (await opened(run, `${procedureId}/nominate`)).id, SLATE, COUNCIL);
      const discuss = await opened(run, `${procedureId}/discuss`);
      await complete(handle, discuss.id, { decisions: (discuss.payload.nominees as any[]).map((n) => ({ nomineeId: n.nomineeId, approve: false })), minutes: '均不通过' }, COMMITTEE);
      expect(await handle.result()).toMatchObject({ stage: 'no_list', compliant: false });
      expect(run.calls.openBallot).toEqual([]);
    }));

  it('a change of policy while a procedure runs does not affect it: each runs under its own snapshot', () =>
    withWorker(async (run) => {
      const a = await start(run, DEFAULT_POLICY, 1);
      const changed = structuredClone(DEFAULT_POLICY);
      changed.tasks['redblack.nominate'] = { due: 'P1D', remindAt: [], onTimeout: [{ action: 'reassign', addRoles: ['SECRETARY'], notifyRoles: [], extendBy: 'P1D' }] };
      changed.redBlack.voteDuration = 'PT1H';
      const b = await start(run, changed, 2);
      await opened(run, `${a.procedureId}/nominate`);
      await opened(run, `${b.procedureId}/nominate`);
      await env.sleep(DAY + MINUTE);
      const reassigned = await called(run, 'reassignTask');
      expect(reassigned.taskId).toBe(`${b.procedureId}/nominate`);
      await new Promise((r) => setTimeout(r, 200));
      expect(run.calls.reassignTask).toHaveLength(1);
      expect(Object.fromEntries(run.calls.createProcedure.map((p: any) => [p.id, p.policyVersion]))).toEqual({ [a.procedureId]: 1, [b.procedureId]: 2 });
      await stop(a.handle);
      await stop(b.handle);
    }));
});

describe('red/black quarterly schedule actions (R1, time-skipping)', () => {
  it('R1 quarter start: starts every village\'s procedure for the quarter in the town time zone, and a second run starts none again', () =>
    withWorker(async (run) => {
      // the quarter is the one the workflow runs in, in the town's time zone (see the unit test of quarterOf at a boundary)
      const expected = quarterOf(await env.currentTimeMs(), 'Asia/Shanghai');
      const q = `${expected.year}Q${expected.quarter}`;
      const handle = await env.client.workflow.start('redBlackQuarterStart', { taskQueue: run.taskQueue, workflowId: `qs-${randomUUID()}`, args: [{}] });
      for (const v of ['v01', 'v02', 'v03']) await opened(run, `redblack/${v}/${q}/nominate`);
      const first = await handle.result();
      expect(first).toEqual({ ...expected, started: [`redblack/v01/${q}`, `redblack/v02/${q}`, `redblack/v03/${q}`], existing: [] });
      expect(run.calls.createProcedure.filter((p: any) => p.id.endsWith(q)).map((p: any) => p.policyVersion)).toEqual([7, 7, 7]);
      const second = await env.client.workflow.execute('redBlackQuarterStart', { taskQueue: run.taskQueue, workflowId: `qs-${randomUUID()}`, args: [expected] });
      expect(second).toMatchObject({ started: [], existing: first.started });
      for (const id of first.started) await stop(env.client.workflow.getHandle(id));
    }));

  it('R1, R6 quarter end: the quarter assessment starts; one overdue_review task for TOWN_OFFICE listing the villages not final; none when all are final', () =>
    withWorker(async (run) => {
      overdue = [];
      const none = await env.client.workflow.execute('redBlackQuarterEnd', { taskQueue: run.taskQueue, workflowId: `qe-${randomUUID()}`, args: [{ year: 2031, quarter: 1 }] });
      expect(none).toEqual({ year: 2031, quarter: 1, overdue: [] });
      expect(run.calls.openTask).toEqual([]);
      overdue = [
        { villageId: 'v02', procedureId: 'redblack/v02/2031Q1', stage: 'voting' },
        { villageId: 'v05', procedureId: 'redblack/v05/2031Q1', stage: null },
      ];
      const workflowId = `qe-${randomUUID()}`;
      const handle = await env.client.workflow.start('redBlackQuarterEnd', { taskQueue: run.taskQueue, workflowId, args: [{ year: 2031, quarter: 1 }] });
      const task = await opened(run, `${workflowId}/overdue-review`);
      expect(task).toMatchObject({ kind: 'redblack.overdue_review', villageId: null, candidates: [{ role: 'TOWN_OFFICE', villageId: null }], payload: { year: 2031, quarter: 1, villages: overdue } });
      expect(run.calls.openTask).toHaveLength(1);
      await complete(handle, task.id, { note: '已电话督促两村' }, { userId: 'town.office', username: 'town.office' });
      expect(await handle.result()).toEqual({ year: 2031, quarter: 1, overdue: ['v02', 'v05'] });
      // R6: the quarter's assessment was started by the first run only
      const assessment = await env.client.workflow.getHandle('assessment/2031Q1').describe();
      expect(assessment.type).toBe('assessmentQuarter');
      overdue = [];
    }));
});
