import { ApplicationFailure, condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import {
  candidateFor,
  CATEGORY_LABELS,
  clip,
  durationMs,
  escalationNotify,
  isMajorDispute,
  MEDIATION_TASKS,
  mediationWorkflowId,
  nextTier,
  RISK_FLAGS,
  RISK_LABELS,
  riskEffect,
  riskReportCap,
  tierCandidates,
  type Actor,
  type CounsellingDecision,
  type DisputeDetails,
  type EscalationReason,
  type FollowupDecision,
  type LitigationDecision,
  type Policy,
  type RiskFlag,
  type SessionDecision,
} from '../libs/domain/src';
import type { MediationActivities } from '../activities/mediation.activities';
import { refuseIfExpired } from './lib/expiry';
import { HumanTasks, type Decided } from './lib/human-tasks';
import { MEDIATION_FAILURES, mediationStateQuery, reportRiskUpdate, type RiskSignRecorded, type RiskSignReport } from './lib/mediation-messages';
import { DB_ACTIVITY } from './lib/activity-options';
import { BackgroundTasks } from './lib/background-tasks';
import { MediationCase } from './lib/mediation-case';

const cases = proxyActivities<MediationActivities>(DB_ACTIVITY);

export interface MediationInput {
  caseId: string;
  policy: Policy;
  policyVersion: number;
  registeredBy: Actor;
  dispute: DisputeDetails;
}

export interface MediationResult {
  outcome: 'resolved' | 'referred_to_litigation';
  /** The tier (1-based) the case ended at. */
  tier: number;
  sessions: number;
}

type TierOutcome = { type: 'resolved'; decision: SessionDecision; actor: Actor } | { type: 'failed' } | { type: 'timeout' } | { type: 'jump' };

const OUTCOME_TEXT = { resolved: '调解成功', failed: '调解不成', continue: '继续调解' } as const;
const REASON_TEXT: Record<EscalationReason, string> = { failed: '调解不成', timeout: '调解期限已到', risk: '发现风险苗头' };
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * R10 "3+2" dispute mediation: the case climbs the policy's ladder of village and town tiers,
 * each with its time limit, escalating when a tier fails, runs out of time or risk signs appear;
 * counselling for people in distress; litigation guidance when the ladder is exhausted; a
 * follow-up visit after a resolution, reopening the tier if the agreement was not kept.
 */
export async function mediation(input: MediationInput): Promise<MediationResult> {
  const { caseId, dispute, policy } = input;
  const workflowId = mediationWorkflowId(caseId);
  const ladder = policy.mediation.ladder;
  const maxRiskReports = riskReportCap(policy.mediation);
  const major = isMajorDispute(policy.mediation, dispute);
  const villageId = dispute.villageId;
  const title = clip(`${CATEGORY_LABELS[dispute.category]}:${dispute.parties.map((p) => p.name).join('、')}`, 200);
  const tasks = new HumanTasks(workflowId, policy);
  const state = new MediationCase(caseId);
  const counselling = new BackgroundTasks();

  const limitOf = (t: number) => durationMs(ladder[t].timeLimit);
  const tierName = (t: number) => `第${t + 1}级(${ladder[t].name})`;
  const casePayload = () => ({ caseId, title, category: dispute.category, parties: dispute.parties, summary: dispute.summary, major });
  const record = (e: Omit<Parameters<MediationActivities['recordCaseEvent']>[0], 'caseId' | 'eventId'>) => cases.recordCaseEvent({ caseId, eventId: state.nextEventId(e.type), ...e });

  setHandler(mediationStateQuery, () => state.view());

  async function counsel(flag: RiskFlag, note: string): Promise<void> {
    const n = state.nextCounselling();
    const d = await tasks.ask<CounsellingDecision>({
      step: `counselling-${n}`,
      kind: MEDIATION_TASKS.counselling,
      title: `心理疏导、困难帮扶:${title}`,
      villageId,
      candidates: [candidateFor('SECRETARY', villageId)],
      payload: { ...casePayload(), flag, note },
    });
    await record({
      type: 'counselling',
      tier: state.tier + 1,
      actorId: d.actor.userId,
      message: `心理疏导、困难帮扶:${d.decision.actions}${d.decision.followUpNeeded ? '(需继续跟进)' : ''}`,
      detail: { flag, ...d.decision, by: d.actor.username },
    });
  }

  async function applyRisk(flag: RiskFlag, note: string, actor: Actor): Promise<RiskSignRecorded> {
    const seq = state.nextRisk();
    const effect = riskEffect(ladder, major, state.targetTier, flag, state.inLadder);
    const label = RISK_LABELS[flag];
    const recording = record({
      type: 'risk',
      tier: state.tier + 1,
      reason: flag,
      actorId: actor.userId,
      message: `报告风险苗头:${label}${note ? `(${note})` : ''}`,
      detail: { flag, note, by: actor.username, seq, jumpTo: effect.jumpTo === null ? null : effect.jumpTo + 1, counselling: effect.counselling },
      mail: effect.notify.length
        ? { to: effect.notify.map((r) => candidateFor(r, villageId)), subject: `【风险预警】${label}:${title}`, lead: `纠纷案件出现${label},请立即关注处置,防止越级访、群体访。` }
        : undefined,
    });
    // Jump at once: the tier's open session is closed while the sign is still being recorded.
    if (effect.jumpTo !== null) state.jumpRequested(effect.jumpTo, flag);
    await recording;
    if (effect.counselling) counselling.run(counsel(flag, note));
    return { caseId, flag, seq, tier: state.targetTier + 1, escalated: effect.jumpTo !== null, counselling: effect.counselling };
  }

  setHandler(
    reportRiskUpdate,
    async (r) => {
      state.riskReportTaken();
      await condition(() => state.registered);
      return applyRisk(r.flag, r.note ?? '', r.actor);
    },
    {
      validator: (r: RiskSignReport) => {
        if (state.closed) throw ApplicationFailure.nonRetryable('该案件已结案 / the case is closed', MEDIATION_FAILURES.closed);
        if (!(RISK_FLAGS as readonly string[]).includes(r.flag)) throw ApplicationFailure.nonRetryable(`unknown risk sign ${r.flag}`, MEDIATION_FAILURES.invalid);
        if (typeof r.note !== 'string' || r.note.length > 2000) throw ApplicationFailure.nonRetryable('note must be a string of at most 2000 characters', MEDIATION_FAILURES.invalid);
        refuseIfExpired(r.expiresAt, 'report');
        if (!state.takesRiskReport(maxRiskReports)) {
          throw ApplicationFailure.nonRetryable(`本案风险苗头报告已达上限${maxRiskReports}条 / this case already has the most risk reports it takes (${maxRiskReports})`, MEDIATION_FAILURES.tooMany);
        }
      },
    },
  );

  async function runTier(): Promise<TierOutcome> {
    let inTier = 0;
    for (;;) {
      if (state.jumpPending) return { type: 'jump' };
      state.dropStaleJump();
      const { tier, tierDeadline } = state;
      if (Date.now() >= tierDeadline) return { type: 'timeout' };
      const n = state.nextSession();
      const t = ladder[tier];
      const d = await tasks.askUntil<SessionDecision>(
        {
          step: `tier-${tier + 1}-session-${n}`,
          kind: MEDIATION_TASKS.session,
          title: `调解${tierName(tier)}:${title}`,
          villageId,
          candidates: tierCandidates(ladder, tier, major, villageId),
          payload: { ...casePayload(), tier: tier + 1, tierName: t.name, level: t.level, session: inTier + 1, tierDueAt: iso(tierDeadline) },
          dueAt: tierDeadline,
          closeReasons: { due: '本级调解期限已到,案件升级 / the tier ran out of time', stopped: '发现风险苗头,案件已升级 / escalated on a risk sign' },
        },
        () => state.jumpPending,
      );
      if (!d) continue;
      inTier += 1;
      const { outcome, notes, agreement } = d.decision;
      await record({
        type: 'session',
        tier: tier + 1,
        actorId: d.actor.userId,
        message: `${tierName(tier)}第${inTier}次调解:${OUTCOME_TEXT[outcome]}。${notes}`,
        detail: { outcome, notes, agreement: agreement ?? null, session: inTier, by: d.actor.username },
      });
      if (outcome === 'resolved') return { type: 'resolved', decision: d.decision, actor: d.actor };
      if (outcome === 'failed') return { type: 'failed' };
    }
  }

  /** Closes the case with its last event, once the counselling it opened is done. */
  async function closeCase(outcome: MediationResult['outcome'], event: 'followup' | 'litigation', d: Decided<object>, message: string): Promise<MediationResult> {
    const status = outcome === 'resolved' ? 'closed' : 'referred_to_litigation';
    state.close(status);
    await record({
      type: event,
      tier: state.tier + 1,
      actorId: d.actor.userId,
      message,
      detail: { ...d.decision, by: d.actor.username },
      patch: { status, outcome, closedAt: iso(Date.now()), dueAt: null },
    });
    await counselling.drained();
    return { outcome, tier: state.tier + 1, sessions: state.sessions };
  }

  state.tierDeadline = Date.now() + limitOf(0);
  await cases.registerCase({
    id: caseId,
    villageId,
    category: dispute.category,
    summary: dispute.summary,
    details: { title, parties: dispute.parties, major, riskFlags: dispute.riskFlags ?? [], ladder: ladder.map((t) => ({ name: t.name, level: t.level, timeLimit: t.timeLimit })) },
    level: ladder[0].level,
    dueAt: iso(state.tierDeadline),
    registeredBy: input.registeredBy.userId,
    policyVersion: input.policyVersion,
  });
  state.registered = true;
  for (const flag of dispute.riskFlags ?? []) await applyRisk(flag, '登记时报告 / reported at registration', input.registeredBy);

  let lastReason: EscalationReason = 'failed';
  for (;;) {
    const outcome = await runTier();
    const { tier } = state;
    if (outcome.type === 'resolved') {
      state.resolved();
      const followUpAt = Date.now() + durationMs(policy.mediation.followUpAfter);
      await record({
        type: 'resolved',
        tier: tier + 1,
        actorId: outcome.actor.userId,
        message: `${tierName(tier)}调解成功,达成协议:${outcome.decision.agreement}`,
        detail: { agreement: outcome.decision.agreement, level: ladder[tier].level, followUpAt: iso(followUpAt) },
        patch: { status: 'awaiting_followup', dueAt: iso(followUpAt) },
      });
      await sleep(Math.max(followUpAt - Date.now(), 1));
      const f = await tasks.ask<FollowupDecision>({
        step: `followup-${state.nextFollowup()}`,
        kind: MEDIATION_TASKS.followup,
        title: `回访:${title}`,
        villageId,
        candidates: tierCandidates(ladder, tier, major, villageId),
        payload: { ...casePayload(), tier: tier + 1, tierName: ladder[tier].name, agreement: outcome.decision.agreement },
      });
      if (f.decision.kept) return closeCase('resolved', 'followup', f, `回访:协议已履行,结案。${f.decision.notes}`);
      state.reopened(Date.now() + limitOf(tier));
      await record({
        type: 'reopened',
        tier: tier + 1,
        actorId: f.actor.userId,
        message: `回访:协议未履行,在${tierName(tier)}重新调解。${f.decision.notes}`,
        detail: { ...f.decision, by: f.actor.username },
        patch: { status: 'open', dueAt: iso(state.tierDeadline) },
      });
      continue;
    }
    const why: EscalationReason = outcome.type === 'jump' ? 'risk' : outcome.type;
    const jump = state.takeJump();
    const to = outcome.type === 'jump' ? jump.to : nextTier(ladder, tier);
    const flag = outcome.type === 'jump' ? jump.flag : null;
    lastReason = why;
    if (to === null) break;
    const from = state.escalated(to, Date.now() + limitOf(to));
    const notify = escalationNotify(ladder, to).map((r) => candidateFor(r, villageId));
    await record({
      type: 'escalated',
      tier: to + 1,
      reason: why,
      message: `${REASON_TEXT[why]}${flag ? `(${RISK_LABELS[flag]})` : ''}:由${tierName(from)}升至${tierName(to)}`,
      detail: { fromLevel: ladder[from].level, toLevel: ladder[to].level, fromTier: from + 1, toTier: to + 1, flag },
      patch: { tier: to + 1, level: ladder[to].level, dueAt: iso(state.tierDeadline) },
      mail: { to: [...tierCandidates(ladder, to, major, villageId), ...notify], subject: `【纠纷升级】${title}`, lead: `纠纷案件${REASON_TEXT[why]},已升至${tierName(to)}调解,请及时处理。` },
    });
  }

  state.ladderExhausted();
  await record({
    type: 'exhausted',
    tier: state.tier + 1,
    reason: lastReason,
    message: `${REASON_TEXT[lastReason]}:各级调解均未成功,转由法律顾问引导诉讼`,
    detail: {},
    patch: { dueAt: null },
  });
  const g = await tasks.ask<LitigationDecision>({
    step: 'litigation-guidance',
    kind: MEDIATION_TASKS.litigation,
    title: `引导诉讼:${title}`,
    villageId,
    candidates: [candidateFor('LEGAL_ADVISER', villageId)],
    payload: { ...casePayload(), tier: state.tier + 1 },
  });
  return closeCase('referred_to_litigation', 'litigation', g, `引导诉讼:${g.decision.notes}${g.decision.court ? `(${g.decision.court})` : ''}`);
}
