import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ApplicationFailure } from '@temporalio/common';
import type { AssessmentActivities } from '../../activities';
import { DEFAULT_POLICY, type Actor, type Policy } from '../../libs/domain/src';
import type { PaymentInput } from '../../libs/persistence/src';
import { QUARTER_POLLS_PER_RUN } from '../../workflows/assessment-year.workflow';
import type { RewardPlanInput } from '../../workflows/reward-plan.workflow';
import { recordHistory } from '../support/record-history';
import { eventually, fakeTasks, refusal, stop, workflowEnv, type ActivitiesOf, type ActivityCalls, type TaskFakes } from '../support/workflow-env';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const YEAR = 2026;
const VILLAGES = Array.from({ length: 17 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
const OFFICE: Actor = { userId: 'town.office', username: 'town.office' };
const LEADER: Actor = { userId: 'town.leader', username: 'town.leader' };
const SECRETARY: Actor = { userId: 'secretary.v01', username: 'secretary.v01' };

/** The assessment store as the fakes hold it; the tasks and stages are the task fakes' calls. */
interface World {
  scores: Map<string, number>;
  rankings: { status: string; rows: { villageId: string; rank: number }[] }[];
  payments: Map<string, PaymentInput & { status: string; paidOn?: string }>;
  paidPlans: string[];
  redlist: { entryId: string; name: string; form: string; amountFen?: number }[];
  polls: number[];
}

type AssessmentFakes = TaskFakes & ActivitiesOf<AssessmentActivities>;

function fakeActivities(w: World, tasks: TaskFakes): AssessmentFakes {
  const assessment: ActivitiesOf<AssessmentActivities> = {
    async assessmentVillages() {
      return VILLAGES.map((id) => ({ id, name: `${id}村` }));
    },
    async quarterIndicators(input) {
      return input.villageIds.map((villageId: string) => ({ villageId, overdueTasks: villageId === 'v02' ? 3 : 0, redEntries: 3, blackEntries: 3, disputesRegistered: 1, resolvedAtVillage: 1, escalatedToTown: 0, skipLevelPetitions: 0 }));
    },
    async recordScores(input) {
      for (const s of input.scores) w.scores.set(`${s.villageId}/${input.period}`, s.scoreTenths);
    },
    async correctScores(input) {
      for (const s of input.scores) w.scores.set(`${s.villageId}/${s.period}`, s.scoreTenths);
    },
    async yearScores() {
      return [...w.scores].map(([k, scoreTenths]) => ({ villageId: k.split('/')[0], period: k.split('/')[1], scoreTenths }));
    },
    async periodsRecorded(input) {
      w.polls.push(input.year);
      return [...new Set([...w.scores.keys()].map((k) => k.split('/')[1]))].sort();
    },
    async saveRanking(input) {
      w.rankings.push({ status: input.status, rows: input.rows });
    },
    async villageCadres(input) {
      const v = input.villageId;
      return [
        { userId: `committee.${v}.1`, name: '委员1', villageId: v, roles: ['COMMITTEE'] },
        { userId: `mediator.${v}`, name: '治调委员', villageId: v, roles: ['MEDIATOR', 'COMMITTEE'] },
        { userId: `secretary.${v}`, name: '书记', villageId: v, roles: ['SECRETARY', 'COMMITTEE'] },
      ];
    },
    async approvePayments(input) {
      for (const p of input.payments) if (!w.payments.has(p.id)) w.payments.set(p.id, { ...p, status: 'approved' });
    },
    async markPaid(input) {
      for (const p of w.payments.values()) if (p.planId === input.planId) Object.assign(p, { status: 'paid', paidOn: input.paidOn });
      w.paidPlans.push(input.planId);
    },
    async redListEntries(input) {
      return input.villageId === 'v07'
        ? ['张大妈', '李大爷', '王家'].map((name, i) => ({ entryId: `rb/v07/${input.year}Q${input.quarter}/red-${i + 1}`, name, category: '孝老爱亲典范', poorHousehold: i === 2, reason: '事迹' }))
        : [];
    },
    async recordRedlistRewards(input) {
      w.redlist.push(...input.rewards);
    },
  };
  return { ...tasks, ...assessment };
}

const env = workflowEnv({ name: 'assessment' });
const { complete } = env;

interface Run {
  w: World;
  calls: ActivityCalls<TaskFakes>;
  taskQueue: string;
}

async function withWorker(body: (run: Run) => Promise<void>): Promise<void> {
  const w: World = { scores: new Map(), rankings: [], payments: new Map(), paidPlans: [], redlist: [], polls: [] };
  const { acts, calls } = fakeTasks();
  await env.runWorker(fakeActivities(w, acts), (taskQueue) => body({ w, calls, taskQueue }));
}

const opened = (run: Run, taskId: string) => eventually(() => run.calls.openTask.find((s) => s.id === taskId), `task ${taskId} to open`);

async function refused(workflowId: string, taskId: string, decision: unknown, actor: Actor): Promise<ApplicationFailure> {
  return refusal(complete(workflowId, taskId, decision, actor));
}

/** Scores where v01 leads and v17 trails: base − 3 points per village, in tenths. */
const sheet = (base: number) => ({ scores: VILLAGES.map((villageId, i) => ({ villageId, score: (base * 10 - i * 30) / 10 })) });

const planInput = (villageId: string, policy: Policy = DEFAULT_POLICY): RewardPlanInput => ({
  procedureId: `reward-plan/${villageId}/${randomUUID()}`,
  year: YEAR,
  villageId,
  villageName: `${villageId}村`,
  rank: 1,
  tier: 1,
  villageAwardFen: 4_000_000,
  cadrePoolFen: 600_000,
  policy,
  policyVersion: 1,
  startedBy: 'town.office',
});

/** Starts a village's reward plan; returns its id. */
async function startPlan(run: Run, villageId: string): Promise<string> {
  const input = planInput(villageId);
  await env.client.workflow.start('rewardPlan', { taskQueue: run.taskQueue, workflowId: input.procedureId, args: [input] });
  return input.procedureId;
}

const goodSplit = (v: string) => ({
  allocations: [
    { userId: `secretary.${v}`, amountFen: 300_000, duty: '书记' },
    { userId: `mediator.${v}`, amountFen: 200_000, duty: '治调委员' },
    { userId: `committee.${v}.1`, amountFen: 100_000, duty: '两委委员' },
  ],
  note: '按职责分配',
});

describe('assessment and reward workflows (R6–R8, time-skipping)', () => {
  it('R8 a split returned twice, then approved; each new draft carries the earlier rounds and comments; bad splits are refused', () =>
    withWorker(async (run) => {
      const id = await startPlan(run, 'v03');
      const draft1 = await opened(run, `${id}/draft-1`);
      expect((draft1.payload.cadres as any[]).map((c) => c.userId)).toEqual(['committee.v03.1', 'mediator.v03', 'secretary.v03']);
      const short = await refused(id, draft1.id, { allocations: [{ userId: 'secretary.v03', amountFen: 590_000, duty: '书记' }], note: '' }, SECRETARY);
      expect(short.message).toMatch(/¥5,900\.00.*¥6,000\.00.*¥100\.00/);
      expect((await refused(id, draft1.id, { allocations: [{ userId: 'secretary.v01', amountFen: 600_000, duty: '书记' }], note: '' }, SECRETARY)).message).toMatch(/not a cadre/);
      expect((await refused(id, draft1.id, { allocations: [{ userId: 'secretary.v03', amountFen: 600_000.5, duty: '书记' }], note: '' }, SECRETARY)).type).toBe('InvalidDecision');

      await complete(id, draft1.id, goodSplit('v03'), SECRETARY);
      await complete(id, (await opened(run, `${id}/review-1`)).id, { approve: false, comment: '书记比例过高' }, LEADER);
      const draft2 = await opened(run, `${id}/draft-2`);
      expect(draft2.payload.rounds).toEqual([expect.objectContaining({ round: 1, approve: false, comment: '书记比例过高', reviewedBy: 'town.leader' })]);
      await complete(id, draft2.id, goodSplit('v03'), SECRETARY);
      const review2 = await opened(run, `${id}/review-2`);
      expect((review2.payload.rounds as any[]).map((r) => r.comment)).toEqual(['书记比例过高']);
      await complete(id, review2.id, { approve: false, comment: '请说明依据' }, LEADER);
      const draft3 = await opened(run, `${id}/draft-3`);
      expect((draft3.payload.rounds as any[]).map((r) => r.comment)).toEqual(['书记比例过高', '请说明依据']);
      const split3 = { allocations: [{ userId: 'secretary.v03', amountFen: 200_000, duty: '书记' }, { userId: 'mediator.v03', amountFen: 200_000, duty: '治调委员' }, { userId: 'committee.v03.1', amountFen: 200_000, duty: '委员' }], note: '平均分配' };
      await complete(id, draft3.id, split3, SECRETARY);
      await complete(id, (await opened(run, `${id}/review-3`)).id, { approve: true, comment: '同意' }, LEADER);
      await complete(id, (await opened(run, `${id}/disburse`)).id, { paidOn: '2027-02-01', reference: 'R-3' }, OFFICE);
      await expect(env.client.workflow.getHandle(id).result()).resolves.toEqual({ rounds: 3, allocations: split3.allocations.map(({ userId, amountFen }) => ({ userId, amountFen })) });
      expect(run.calls.changeStage.map((s) => s.stage)).toEqual(['in_review', 'drafting', 'in_review', 'drafting', 'in_review', 'approved', 'paid']);
      await recordHistory(env.client.workflow.getHandle(id), 'reward-plan-returned-twice');
    }));

  it('R8 a missed drafting deadline reminds at P10D and reassigns up to the town office at P15D', () =>
    withWorker(async (run) => {
      const id = await startPlan(run, 'v05');
      const draft = await opened(run, `${id}/draft-1`);
      await env.sleep(10 * DAY + MINUTE);
      await eventually(() => run.calls.remindTask.length === 1, 'the reminder');
      expect(run.calls.reassignTask).toEqual([]);
      await env.sleep(5 * DAY);
      const up = await eventually(() => run.calls.reassignTask[0], 'the reassignment');
      expect(up).toMatchObject({ taskId: draft.id, addRoles: ['TOWN_OFFICE'] });
      // The town office may now draft in the secretary's stead.
      await complete(id, draft.id, goodSplit('v05'), OFFICE);
      await opened(run, `${id}/review-1`);
      await stop(env.client.workflow.getHandle(id));
    }));

  it('R9 the village secretary records every red-list villager’s reward exactly once; an empty list needs no task', () =>
    withWorker(async (run) => {
      const id = `redlist-reward/v07/${YEAR}Q2`;
      const h = await env.client.workflow.start('redlistReward', { taskQueue: run.taskQueue, workflowId: id, args: [{ procedureId: id, villageId: 'v07', year: YEAR, quarter: 2, policy: DEFAULT_POLICY, policyVersion: 1, startedBy: 'secretary.v07' }] });
      const task = await opened(run, `${id}/reward`);
      expect(task).toMatchObject({ kind: 'redlist.reward', villageId: 'v07', candidates: [{ role: 'SECRETARY', villageId: 'v07' }] });
      expect(Date.parse(task.dueAt!) - (await env.currentTimeMs())).toBeGreaterThan(30 * DAY - 10 * MINUTE);
      const entries = task.payload.entries as { entryId: string }[];
      expect(entries).toHaveLength(3);
      const secretary = { userId: 'secretary.v07', username: 'secretary.v07' };
      const two = entries.slice(0, 2).map((e) => ({ entryId: e.entryId, form: '荣誉证书' }));
      expect((await refused(id, task.id, { rewards: two }, secretary)).message).toMatch(/without a reward: .*red-3/);
      expect((await refused(id, task.id, { rewards: [...two, { entryId: entries[0].entryId, form: '奖金' }] }, secretary)).message).toMatch(/recorded twice/);
      expect((await refused(id, task.id, { rewards: [...two, { entryId: 'rb/v08/x', form: '奖金' }] }, secretary)).message).toMatch(/not an entry/);
      await complete(id, task.id, { rewards: [...two, { entryId: entries[2].entryId, form: '慰问金', amountFen: 50_000 }] }, secretary);
      await expect(h.result()).resolves.toEqual({ recorded: 3 });
      expect(run.w.redlist.map((r) => [r.name, r.form, r.amountFen])).toEqual([
        ['张大妈', '荣誉证书', undefined],
        ['李大爷', '荣誉证书', undefined],
        ['王家', '慰问金', 50_000],
      ]);

      const emptyId = `redlist-reward/v08/${YEAR}Q2`;
      const empty = await env.client.workflow.start('redlistReward', { taskQueue: run.taskQueue, workflowId: emptyId, args: [{ procedureId: emptyId, villageId: 'v08', year: YEAR, quarter: 2, policy: DEFAULT_POLICY, policyVersion: 1, startedBy: 'town.office' }] });
      await expect(empty.result()).resolves.toEqual({ recorded: 0 });
      expect(run.calls.openTask.filter((t) => t.id.startsWith(emptyId))).toEqual([]);
      await recordHistory(h, 'redlist-reward-three-entries');
    }));

  it('issue 9: a quarter recorded before the year-end assessment exists completes (only “not found” is tolerated when signalling the year)', () =>
    withWorker(async (run) => {
      const id = `assessment/${YEAR + 2}Q1`;
      const h = await env.client.workflow.start('assessmentQuarter', { taskQueue: run.taskQueue, workflowId: id, args: [{ procedureId: id, year: YEAR + 2, quarter: 1, policy: DEFAULT_POLICY, policyVersion: 1, startedBy: 'town.office' }] });
      await complete(id, (await opened(run, `${id}/scores`)).id, sheet(90), OFFICE);
      await expect(h.result()).resolves.toEqual({ year: YEAR + 2, quarter: 1 });
    }));

  it('issue 9: the year-end assessment waiting over a week continues as new, its history stays bounded, and it completes when the quarters arrive', () =>
    env.onOwnServer(() => withWorker(async (run) => {
      const yearId = `assessment/${YEAR + 1}`;
      const handle = await env.client.workflow.start('assessmentYear', { taskQueue: run.taskQueue, workflowId: yearId, args: [{ procedureId: yearId, year: YEAR + 1, policy: DEFAULT_POLICY, policyVersion: 1, startedBy: 'town.office' }] });
      const polled = () => run.w.polls.length;
      await eventually(() => polled() === 1, 'the first check of the quarters');
      // Eight days of hourly checks: past the point (a week of checks) where a run must continue as new.
      await env.sleep(8 * DAY);
      await eventually(() => polled() >= 8 * 24, 'eight days of checks', 120_000);
      const first = await env.client.workflow.getHandle(yearId, handle.firstExecutionRunId).describe();
      expect(first.status.name).toBe('CONTINUED_AS_NEW');
      expect(first.historyLength).toBeLessThan(QUARTER_POLLS_PER_RUN * 12);
      const current = await handle.describe();
      expect(current.runId).not.toBe(handle.firstExecutionRunId);
      expect(current.status.name).toBe('RUNNING');
      expect(current.historyLength).toBeLessThan(QUARTER_POLLS_PER_RUN * 12);
      expect(run.calls.createProcedure.filter((p) => p.id === yearId)).toHaveLength(1);

      for (const q of ['Q1', 'Q2', 'Q3', 'Q4']) for (const v of VILLAGES) run.w.scores.set(`${v}/${q}`, 800);
      await env.sleep(61 * MINUTE);
      await complete(yearId, (await opened(run, `${yearId}/scores`)).id, sheet(95), OFFICE);
      await complete(yearId, (await opened(run, `${yearId}/confirm-1`)).id, { approve: true, comment: '同意' }, LEADER);
      await expect(handle.result()).resolves.toMatchObject({ year: YEAR + 1 });
      expect(run.calls.changeStage.filter((s) => s.procedureId === yearId).map((s) => s.stage)).toEqual(['scoring', 'confirming', 'confirmed', 'done']);
    })));

  it('R6 R7 R8 a whole year: Q1–Q4, the year-end, a returned and corrected ranking, 17 plans, one village to paid', () =>
    withWorker(async (run) => {
      const yearId = `assessment/${YEAR}`;
      // The year-end assessment is started first and waits for the quarters.
      const year = await env.client.workflow.start('assessmentYear', { taskQueue: run.taskQueue, workflowId: yearId, args: [{ procedureId: yearId, year: YEAR, policy: DEFAULT_POLICY, policyVersion: 1, startedBy: 'town.office' }] });
      for (const q of [1, 2, 3, 4]) {
        const id = `assessment/${YEAR}Q${q}`;
        const h = await env.client.workflow.start('assessmentQuarter', { taskQueue: run.taskQueue, workflowId: id, args: [{ procedureId: id, year: YEAR, quarter: q, policy: DEFAULT_POLICY, policyVersion: 1, startedBy: 'town.office' }] });
        const task = await opened(run, `${id}/scores`);
        expect(task).toMatchObject({ kind: 'assessment.quarterly', candidates: [{ role: 'TOWN_OFFICE', villageId: null }] });
        expect(Date.parse(task.dueAt!) - (await env.currentTimeMs())).toBeGreaterThan(15 * DAY - 10 * MINUTE);
        expect((task.payload.villages as any[]).length).toBe(17);
        expect((task.payload.villages as any[])[1]).toMatchObject({ villageId: 'v02', overdueTasks: 3, redBlackCompliant: true });
        // R6: a missing village and a score of 101 are refused by the validator.
        expect((await refused(id, task.id, { scores: sheet(90).scores.slice(1) }, OFFICE)).message).toMatch(/missing villages: v01/);
        expect((await refused(id, task.id, { scores: [...sheet(90).scores.slice(1), { villageId: 'v01', score: 101 }] }, OFFICE)).type).toBe('InvalidDecision');
        await complete(id, task.id, sheet(90 - q), OFFICE);
        await h.result();
        if (q === 4) await recordHistory(h, 'assessment-quarter');
      }
      expect(run.w.scores.size).toBe(17 * 4);

      const annual = await opened(run, `${yearId}/scores`);
      expect(annual.kind).toBe('assessment.annual');
      await complete(yearId, annual.id, sheet(95), OFFICE);

      const confirm1 = await opened(run, `${yearId}/confirm-1`);
      expect(confirm1.candidates).toEqual([{ role: 'TOWN_LEADERSHIP', villageId: null }]);
      const ranking1 = confirm1.payload.ranking as any[];
      expect(ranking1).toHaveLength(17);
      // v01: 0.8 × mean(89, 88, 87, 86) + 0.2 × 95 = 70 + 19 = 89.00
      expect(ranking1[0]).toMatchObject({ villageId: 'v01', total: '89.00', rank: 1, tier: 1, villageAwardFen: 4_000_000, cadrePoolFen: 600_000 });
      await complete(yearId, confirm1.id, { approve: false, comment: 'v17年终分数有误' }, LEADER);
      const correct = await opened(run, `${yearId}/correct-1`);
      expect(correct.payload.comment).toBe('v17年终分数有误');
      await complete(yearId, correct.id, { corrections: [{ villageId: 'v17', period: 'Y', score: 50 }] }, OFFICE);
      const confirm2 = await opened(run, `${yearId}/confirm-2`);
      const v17 = (confirm2.payload.ranking as any[]).find((r) => r.villageId === 'v17');
      // 0.8 × mean(41, 40, 39, 38) + 0.2 × 50 = 31.6 + 10 = 41.60 (was 41.00) — still last.
      expect(v17).toMatchObject({ total: '41.60', rank: 17, tier: 4, cadrePoolFen: 200_000 });
      await complete(yearId, confirm2.id, { approve: true, comment: '同意' }, LEADER);
      await expect(year.result()).resolves.toMatchObject({ year: YEAR });
      expect(run.w.rankings.map((r) => r.status)).toEqual(['proposed', 'proposed', 'confirmed']);
      await recordHistory(year, 'assessment-year-returned-and-confirmed');

      // Every village's plan opens its draft for that village's secretary.
      for (const v of VILLAGES) {
        const draft = await opened(run, `reward-plan/${v}/${YEAR}/draft-1`);
        expect(draft).toMatchObject({ kind: 'reward.draft_split', villageId: v, candidates: [{ role: 'SECRETARY', villageId: v }] });
      }
      const planId = `reward-plan/v01/${YEAR}`;
      const draft = run.calls.openTask.find((s) => s.id === `${planId}/draft-1`)!;
      expect(draft.payload).toMatchObject({ poolFen: 600_000, villageAwardFen: 4_000_000, rank: 1, rounds: [] });
      await complete(planId, draft.id, goodSplit('v01'), SECRETARY);
      const review = await opened(run, `${planId}/review-1`);
      await complete(planId, review.id, { approve: true, comment: '同意' }, LEADER);
      const disburse = await opened(run, `${planId}/disburse`);
      expect(disburse.candidates).toEqual([{ role: 'TOWN_OFFICE', villageId: null }]);
      expect([...run.w.payments.values()].map((p) => [p.kind, p.amountFen, p.status])).toEqual([
        ['village', 4_000_000, 'approved'],
        ['cadre', 300_000, 'approved'],
        ['cadre', 200_000, 'approved'],
        ['cadre', 100_000, 'approved'],
      ]);
      await complete(planId, disburse.id, { paidOn: '2027-01-20', reference: 'ZZ-2027-001' }, OFFICE);
      await expect(env.client.workflow.getHandle(planId).result()).resolves.toMatchObject({ rounds: 1 });
      expect([...run.w.payments.values()].every((p) => p.status === 'paid' && p.paidOn === '2027-01-20')).toBe(true);
      expect(run.calls.changeStage.filter((s) => s.procedureId === planId).map((s) => s.stage)).toEqual(['in_review', 'approved', 'paid']);
      await recordHistory(env.client.workflow.getHandle(planId), 'reward-plan-paid');
      // The other 16 plans stay open at their draft task (last test of the file: the environment is torn down).
    }));
});
