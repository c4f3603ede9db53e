import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_POLICY, MAX_RISK_REPORTS, type Actor, type Policy } from '../../libs/domain/src';
import { MEDIATION_FAILURES, reportRiskUpdate } from '../../workflows/lib/mediation-messages';
import type { MediationInput, mediation } from '../../workflows/mediation.workflow';
import { recordHistory } from '../support/record-history';
import { eventually, fakeTasks, stop, workflowEnv, type ActivityCalls, type TaskFakeHooks, type TaskFakes, type WorkflowActivities } from '../support/workflow-env';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const VILLAGE = 'v01';
const MEDIATOR: Actor = { userId: 'mediator.v01', username: 'mediator.v01' };
const SECRETARY: Actor = { userId: 'secretary.v01', username: 'secretary.v01' };
const LEGAL: Actor = { userId: 'legal.v01', username: 'legal.v01' };
const TOWN: Actor = { userId: 'town.mediation', username: 'town.mediation' };
const DISPUTE: MediationInput['dispute'] = { villageId: VILLAGE, parties: [{ name: '张三' }, { name: '李四', contact: '13800000000' }], category: 'neighbour', summary: '宅基地边界纠纷' };

type CaseFakes = TaskFakes & Pick<WorkflowActivities, 'registerCase' | 'recordCaseEvent'>;

/** Lets a test hold the next completeTask call. */
const hooks: TaskFakeHooks = {};

/** The task fakes, and a case store that records each case event once (a retried activity is one event). */
function fakeActivities(): { acts: CaseFakes; calls: ActivityCalls<CaseFakes> } {
  const tasks = fakeTasks(hooks);
  const calls: ActivityCalls<CaseFakes> = { ...tasks.calls, registerCase: [], recordCaseEvent: [] };
  const acts: CaseFakes = {
    ...tasks.acts,
    async registerCase(i) {
      calls.registerCase.push(i);
    },
    async recordCaseEvent(i) {
      if (!calls.recordCaseEvent.some((e) => e.eventId === i.eventId)) calls.recordCaseEvent.push(i);
    },
  };
  return { acts, calls };
}

const env = workflowEnv({ name: 'mediation' });
const { complete } = env;

interface Run {
  calls: ActivityCalls<CaseFakes>;
  taskQueue: string;
}

async function withWorker(body: (run: Run) => Promise<void>): Promise<void> {
  const { acts, calls } = fakeActivities();
  try {
    await env.runWorker(acts, (taskQueue) => body({ calls, taskQueue }));
  } finally {
    delete hooks.beforeComplete;
  }
}

async function startCase(run: Run, opts: { policy?: Policy; dispute?: Partial<MediationInput['dispute']> } = {}) {
  const caseId = `${VILLAGE}-${randomUUID()}`;
  const wf = `mediation/${caseId}`;
  const handle = await env.client.workflow.start<typeof mediation>('mediation', {
    taskQueue: run.taskQueue,
    workflowId: wf,
    args: [{ caseId, policy: opts.policy ?? DEFAULT_POLICY, policyVersion: 1, registeredBy: MEDIATOR, dispute: { ...DISPUTE, ...opts.dispute } }],
  });
  const { startTime } = await handle.describe();
  return { handle, caseId, wf, startedAt: startTime.getTime() };
}

const opened = (run: Run, taskId: string) => eventually(() => run.calls.openTask.find((s) => s.id === taskId), `task ${taskId} to open`);
const openedKind = (run: Run, kind: string, n = 1) => eventually(() => run.calls.openTask.filter((s) => s.kind === kind)[n - 1], `${kind} #${n} to open`);
const event = (run: Run, type: string, n = 1) => eventually(() => run.calls.recordCaseEvent.filter((e) => e.type === type)[n - 1], `${type} event #${n}`);
const types = (run: Run) => run.calls.recordCaseEvent.map((e) => e.type);

async function risk(handle: WorkflowHandle, flag: string, actor: Actor = SECRETARY, note = '') {
  return handle.executeUpdate(reportRiskUpdate, { args: [{ flag: flag as never, note, actor, expiresAt: await env.inADay() }], updateId: randomUUID() });
}

describe('mediation workflow (R10 "3+2", time-skipping)', () => {
  it('R10 every tier times out in turn, each escalation recorded as timeout, until litigation guidance closes the case', () =>
    withWorker(async (run) => {
      const { handle, wf, startedAt } = await startCase(run);
      const limits = [3, 7, 10, 15, 15];
      let tierStart = startedAt;
      for (let t = 1; t <= 5; t++) {
        const session = await opened(run, `${wf}/tier-${t}-session-${t}`);
        expect(Date.parse(session.dueAt!) - tierStart).toBeGreaterThanOrEqual(limits[t - 1] * DAY);
        expect(Date.parse(session.dueAt!) - tierStart).toBeLessThan(limits[t - 1] * DAY + MINUTE);
        expect(session.kind).toBe('mediation.session');
        expect(session.payload).toMatchObject({ tier: t, tierName: DEFAULT_POLICY.mediation.ladder[t - 1].name });
        await env.sleep(limits[t - 1] * DAY + MINUTE);
        await eventually(() => run.calls.cancelTask.find((c) => c.taskId === session.id), `tier ${t} session to be closed`);
        tierStart = Date.parse(session.dueAt!);
        if (t < 5) {
          const esc = await event(run, 'escalated', t);
          expect(esc).toMatchObject({ reason: 'timeout', tier: t + 1, patch: { tier: t + 1 } });
        }
      }
      expect(run.calls.registerCase[0]).toMatchObject({ villageId: VILLAGE, category: 'neighbour', level: 'village' });
      // Reaching the first town tier mails its mediators and the town office.
      const toTown = run.calls.recordCaseEvent.find((e) => e.type === 'escalated' && e.tier === 4)!;
      expect(toTown.detail).toMatchObject({ fromLevel: 'village', toLevel: 'town' });
      expect(toTown.mail!.to).toEqual(expect.arrayContaining([{ role: 'TOWN_MEDIATION', villageId: null }, { role: 'TOWN_OFFICE', villageId: null }]));
      const exhausted = await event(run, 'exhausted');
      expect(exhausted.reason).toBe('timeout');
      const guidance = await opened(run, `${wf}/litigation-guidance`);
      expect(guidance).toMatchObject({ kind: 'mediation.litigation_guidance', candidates: [{ role: 'LEGAL_ADVISER', villageId: VILLAGE }] });
      await complete(handle, guidance.id, { notes: '告知当事人向法院起诉的途径', court: '县人民法院' }, LEGAL);
      await expect(handle.result()).resolves.toEqual({ outcome: 'referred_to_litigation', tier: 5, sessions: 5 });
      const last = run.calls.recordCaseEvent.at(-1)!;
      expect(last).toMatchObject({ type: 'litigation', patch: { status: 'referred_to_litigation', outcome: 'referred_to_litigation' } });
      expect(types(run).filter((t) => t === 'escalated')).toHaveLength(4);
      expect(run.calls.cancelTask).toHaveLength(5);
      await recordHistory(handle, 'mediation-every-tier-times-out');
    }));

  it('R10 failed at tier 1, continued and then resolved at tier 2, follow-up after P30D finds it kept: closed resolved', () =>
    withWorker(async (run) => {
      const { handle, wf } = await startCase(run);
      const s1 = await opened(run, `${wf}/tier-1-session-1`);
      expect(s1.candidates).toEqual([{ role: 'MEDIATOR', villageId: VILLAGE }]);
      await complete(handle, s1.id, { outcome: 'failed', notes: '双方分歧大' }, MEDIATOR);
      expect(await event(run, 'escalated')).toMatchObject({ reason: 'failed', tier: 2 });
      const s2 = await opened(run, `${wf}/tier-2-session-2`);
      expect(s2.candidates).toEqual([{ role: 'MEDIATOR', villageId: VILLAGE }, { role: 'COMMITTEE', villageId: VILLAGE }]);
      await env.sleep(2 * DAY);
      await complete(handle, s2.id, { outcome: 'continue', notes: '约定下次再谈' }, MEDIATOR);
      const s3 = await opened(run, `${wf}/tier-2-session-3`);
      // The next session keeps the tier's deadline: several sessions within the one time limit.
      expect(s3.dueAt).toBe(s2.dueAt);
      expect(s3.payload).toMatchObject({ session: 2, tier: 2 });
      await complete(handle, s3.id, { outcome: 'resolved', agreement: '张三退让界桩30厘米', notes: '双方签字' }, SECRETARY);
      const resolved = await event(run, 'resolved');
      expect(resolved).toMatchObject({ tier: 2, patch: { status: 'awaiting_followup' } });
      expect(types(run).filter((t) => t === 'session')).toHaveLength(3);

      await env.sleep(29 * DAY);
      await new Promise((r) => setTimeout(r, 200));
      expect(run.calls.openTask.some((t) => t.kind === 'mediation.followup')).toBe(false);
      await env.sleep(1 * DAY + MINUTE);
      const f = await openedKind(run, 'mediation.followup');
      expect(f.candidates).toEqual(s2.candidates);
      expect(f.payload).toMatchObject({ agreement: '张三退让界桩30厘米', tier: 2 });
      await complete(handle, f.id, { kept: true, notes: '已履行' }, MEDIATOR);
      await expect(handle.result()).resolves.toEqual({ outcome: 'resolved', tier: 2, sessions: 3 });
      expect(run.calls.recordCaseEvent.at(-1)).toMatchObject({ type: 'followup', patch: { status: 'closed', outcome: 'resolved' } });
      expect(run.calls.cancelTask).toEqual([]);
      await recordHistory(handle, 'mediation-resolved-at-tier-2-kept');
    }));

  it('R10 the agreement was not kept: reopened at tier 2 with a fresh time limit', () =>
    withWorker(async (run) => {
      const { handle, wf } = await startCase(run);
      await complete(handle, (await opened(run, `${wf}/tier-1-session-1`)).id, { outcome: 'failed', notes: '未果' }, MEDIATOR);
      const s2 = await opened(run, `${wf}/tier-2-session-2`);
      await complete(handle, s2.id, { outcome: 'resolved', agreement: '李四赔偿500元', notes: '达成协议' }, MEDIATOR);
      await env.sleep(30 * DAY + MINUTE);
      const f = await openedKind(run, 'mediation.followup');
      await complete(handle, f.id, { kept: false, notes: '未按期赔偿' }, MEDIATOR);
      const reopened = await event(run, 'reopened');
      expect(reopened).toMatchObject({ tier: 2, patch: { status: 'open' } });
      const again = await opened(run, `${wf}/tier-2-session-3`);
      const now = await env.currentTimeMs();
      expect(Date.parse(again.dueAt!) - now).toBeGreaterThan(7 * DAY - MINUTE);
      expect(Date.parse(again.dueAt!) - now).toBeLessThanOrEqual(7 * DAY);
      expect(again.candidates).toEqual(s2.candidates);
      await stop(handle);
    }));

  it('R10 a skip-level petition at tier 1 jumps at once to tier 4 and mails the town office and leadership', () =>
    withWorker(async (run) => {
      const { handle, wf } = await startCase(run);
      const s1 = await opened(run, `${wf}/tier-1-session-1`);
      const answer = await risk(handle, 'skip_level_petition', MEDIATOR, '扬言去省城上访');
      expect(answer).toMatchObject({ flag: 'skip_level_petition', tier: 4, escalated: true, counselling: false });
      const sign = run.calls.recordCaseEvent.find((e) => e.type === 'risk')!;
      expect(sign).toMatchObject({ reason: 'skip_level_petition', actorId: MEDIATOR.userId, tier: 1 });
      expect(sign.mail!.to).toEqual([{ role: 'TOWN_OFFICE', villageId: null }, { role: 'TOWN_LEADERSHIP', villageId: null }]);
      expect(await event(run, 'escalated')).toMatchObject({ reason: 'risk', tier: 4, detail: { fromTier: 1, toTier: 4, flag: 'skip_level_petition' } });
      expect(run.calls.cancelTask.map((c) => c.taskId)).toEqual([s1.id]);
      const s4 = await opened(run, `${wf}/tier-4-session-2`);
      expect(s4.candidates).toEqual([{ role: 'TOWN_MEDIATION', villageId: null }]);
      // The closed session refuses a late decision.
      await expect(complete(handle, s1.id, { outcome: 'continue', notes: 'x' }, MEDIATOR)).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      // A second petition at tier 4 is recorded and mailed but does not move the case.
      expect(await risk(handle, 'group_petition')).toMatchObject({ tier: 4, escalated: false });
      await complete(handle, s4.id, { outcome: 'resolved', agreement: '镇调委会主持达成协议', notes: '已签字' }, TOWN);
      expect(await event(run, 'resolved')).toMatchObject({ tier: 4 });
      await stop(handle);
      await recordHistory(handle, 'mediation-skip-level-petition');
    }));

  it('issue 9: a case takes at most MAX_RISK_REPORTS risk signs; the next is refused (its history stays bounded)', () =>
    withWorker(async (run) => {
      const { handle } = await startCase(run);
      await openedKind(run, 'mediation.session');
      // Petitions: no counselling task each time, only the event and its mail.
      await Promise.all(Array.from({ length: MAX_RISK_REPORTS }, () => risk(handle, 'group_petition')));
      const over = await handle.executeUpdate(reportRiskUpdate, { args: [{ flag: 'group_petition', note: '', actor: SECRETARY, expiresAt: new Date((await env.currentTimeMs()) + DAY).toISOString() }], updateId: randomUUID() }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(over).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((over as WorkflowUpdateFailedError).cause).toMatchObject({ type: MEDIATION_FAILURES.tooMany });
      expect(run.calls.recordCaseEvent.filter((e) => e.type === 'risk')).toHaveLength(MAX_RISK_REPORTS);
      await stop(handle);
      await recordHistory(handle, 'mediation-risk-reports-cap');
    }));

  it('R10 a threat of revenge opens counselling for the village secretary (P2D) and moves the case to tier 3', () =>
    withWorker(async (run) => {
      const { handle, wf, startedAt } = await startCase(run);
      await opened(run, `${wf}/tier-1-session-1`);
      // Unknown signs are refused by the validator and leave no trace.
      const refused = await risk(handle, 'rumour').then(() => null, (e: unknown) => e);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('InvalidRiskSign');
      expect(run.calls.recordCaseEvent.filter((e) => e.type === 'risk')).toEqual([]);

      expect(await risk(handle, 'threat_of_revenge', MEDIATOR, '扬言报复对方')).toMatchObject({ tier: 3, escalated: true, counselling: true });
      const c = await openedKind(run, 'mediation.counselling');
      expect(c.candidates).toEqual([{ role: 'SECRETARY', villageId: VILLAGE }]);
      expect(Date.parse(c.dueAt!) - startedAt).toBeGreaterThanOrEqual(2 * DAY);
      expect(Date.parse(c.dueAt!) - startedAt).toBeLessThan(2 * DAY + MINUTE);
      expect(c.payload).toMatchObject({ flag: 'threat_of_revenge', note: '扬言报复对方' });
      expect(await event(run, 'escalated')).toMatchObject({ reason: 'risk', tier: 3 });
      const s3 = await opened(run, `${wf}/tier-3-session-2`);
      expect(s3.candidates).toEqual([{ role: 'COMMITTEE', villageId: VILLAGE }, { role: 'LEGAL_ADVISER', villageId: VILLAGE }]);
      await complete(handle, c.id, { actions: '上门谈心,联系民政临时救助', followUpNeeded: true }, SECRETARY);
      expect(await event(run, 'counselling')).toMatchObject({ actorId: SECRETARY.userId, detail: { followUpNeeded: true, flag: 'threat_of_revenge' } });
      await stop(handle);
      await recordHistory(handle, 'mediation-threat-of-revenge');
    }));

  it('R10 a major dispute has the legal adviser in every village tier; a "2+1" ladder from the policy snapshot ends in litigation after its town tier', () =>
    withWorker(async (run) => {
      const policy = structuredClone(DEFAULT_POLICY);
      policy.mediation.ladder = [
        { name: '调解小组', level: 'village', roles: ['MEDIATOR'], timeLimit: 'PT1H' },
        { name: '村调委会', level: 'village', roles: ['MEDIATOR', 'COMMITTEE'], timeLimit: 'PT2H' },
        { name: '镇调委会', level: 'town', roles: ['TOWN_MEDIATION'], timeLimit: 'PT3H' },
      ];
      const { handle, wf } = await startCase(run, { policy, dispute: { major: true } });
      const s1 = await opened(run, `${wf}/tier-1-session-1`);
      expect(s1.candidates).toEqual([{ role: 'MEDIATOR', villageId: VILLAGE }, { role: 'LEGAL_ADVISER', villageId: VILLAGE }]);
      await complete(handle, s1.id, { outcome: 'failed', notes: '未果' }, LEGAL);
      const s2 = await opened(run, `${wf}/tier-2-session-2`);
      expect(s2.candidates).toContainEqual({ role: 'LEGAL_ADVISER', villageId: VILLAGE });
      await env.sleep(2 * 60 * MINUTE + MINUTE);
      const s3 = await opened(run, `${wf}/tier-3-session-3`);
      expect(s3.candidates).toEqual([{ role: 'TOWN_MEDIATION', villageId: null }]);
      const esc = await event(run, 'escalated', 2);
      expect(esc).toMatchObject({ reason: 'timeout', tier: 3, detail: { fromLevel: 'village', toLevel: 'town' } });
      expect(esc.mail!.to).toContainEqual({ role: 'TOWN_OFFICE', villageId: null });
      // Threat of revenge: already past the legal adviser's tier, so counselling only.
      expect(await risk(handle, 'extreme_distress')).toMatchObject({ tier: 3, escalated: false, counselling: true });
      await complete(handle, s3.id, { outcome: 'failed', notes: '调解不成' }, TOWN);
      const g = await opened(run, `${wf}/litigation-guidance`);
      expect((await event(run, 'exhausted')).reason).toBe('failed');
      await complete(handle, g.id, { notes: '引导起诉' }, LEGAL);
      const c = await openedKind(run, 'mediation.counselling');
      // The case is closed: new risk signs are refused; the workflow ends once counselling is done.
      await eventually(() => run.calls.recordCaseEvent.some((e) => e.type === 'litigation'), 'the litigation event');
      const closed = await risk(handle, 'group_petition').then(() => null, (e: unknown) => e);
      expect(((closed as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('CaseClosed');
      await complete(handle, c.id, { actions: '心理疏导', followUpNeeded: false }, SECRETARY);
      await expect(handle.result()).resolves.toEqual({ outcome: 'referred_to_litigation', tier: 3, sessions: 3 });
      await recordHistory(handle, 'mediation-major-two-plus-one');
    }));
  it('R10 HumanTasks.askUntil: a session decision being recorded when the tier runs out still wins; the tier is not escalated', () =>
    withWorker(async (run) => {
      const policy = structuredClone(DEFAULT_POLICY);
      policy.mediation.ladder[0].timeLimit = 'PT1S';
      const { handle, wf } = await startCase(run, { policy });
      const s1 = await opened(run, `${wf}/tier-1-session-1`);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      hooks.beforeComplete = async () => {
        delete hooks.beforeComplete;
        await held;
      };
      const update = complete(handle, s1.id, { outcome: 'resolved', agreement: '当场和解', notes: '握手言和' }, MEDIATOR);
      await eventually(() => run.calls.completeTask.length === 1, 'the completion to be in flight');
      // Time does not skip while the activity runs: wait (real time, PT1S) until the tier timer has fired.
      await eventually(async () => ((await handle.fetchHistory()).events ?? []).some((e) => e.timerFiredEventAttributes), 'the tier timer', 10_000);
      release();
      await expect(update).resolves.toMatchObject({ status: 'done' });
      expect(await event(run, 'resolved')).toMatchObject({ tier: 1 });
      expect(run.calls.cancelTask).toEqual([]);
      expect(types(run)).not.toContain('escalated');
      await stop(handle);
    }));
});
