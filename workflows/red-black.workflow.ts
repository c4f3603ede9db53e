import { ApplicationFailure, condition, log as workflowLog, ParentClosePolicy, patched, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import { redlistReward } from './redlist-reward.workflow';
import {
  BLACK_CATEGORIES,
  candidateFor,
  choicesRefusal,
  complianceOf,
  discussionRefusal,
  MAX_VOTE_CHANGES,
  durationMs,
  nomineesOf,
  objectionCaps,
  objectionSchema,
  objectionStep,
  quorumMet,
  RED_CATEGORIES,
  REDBLACK_TASKS,
  redlistRewardId,
  slateRefusal,
  slateShortfall,
  tallyBallot,
  voteKey,
  type BallotResult,
  type BlackFollowupDecision,
  type Compliance,
  type DiscussionDecision,
  type NominationDecision,
  type Nominee,
  type ObjectionDecision,
  type Policy,
  type QuorumFailedDecision,
  type RedBlackStage,
  type VoteChoices,
} from '../libs/domain/src';
import type { RedBlackActivities } from '../activities/red-black.activities';
import { refuseIfExpired } from './lib/expiry';
import { HumanTasks } from './lib/human-tasks';
import { ProcedureLog } from './lib/procedure-log';
import {
  castVoteUpdate,
  fileObjectionUpdate,
  objectionsFiledSignal,
  redBlackStateQuery,
  REDBLACK_FAILURES,
  type CastVote,
  type FileObjection,
  type FiledObjection,
  type RecordedVote,
  type TakenObjection,
} from './lib/red-black-messages';
import { DB_ACTIVITY } from './lib/activity-options';
import { startChildOnce } from './lib/children';

const acts = proxyActivities<RedBlackActivities>(DB_ACTIVITY);

/**
 * Votes are recorded by a local activity: an idempotent upsert per voter, run inside the workflow
 * task that takes the Update, so a vote costs one workflow task (not two plus an activity task)
 * and is stored before the Update returns.
 */
const votesStore = proxyLocalActivities<RedBlackActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds', maximumAttempts: 5 },
});

/** R5 intake: objections taken per activity call, and how long after a signal the workflow waits for more to come with it. */
const OBJECTION_BATCH = 25;
const OBJECTION_DEBOUNCE_MS = 3_000;

export interface RedBlackInput {
  procedureId: string;
  villageId: string;
  year: number;
  quarter: number;
  policy: Policy;
  policyVersion: number;
  startedBy: string;
}

export interface RedBlackResult {
  stage: RedBlackStage;
  compliant: boolean;
  reasons: string[];
  red: string[];
  black: string[];
}

type Fate = 'nominated' | 'approved' | 'rejected' | 'on_ballot' | 'passed' | 'failed' | 'removed' | 'listed';

interface NomineeState extends Nominee {
  fate: Fate;
  discussion: { approve: boolean; reason: string | null } | null;
  vote: { agree: number; disagree: number; abstain: number; passed: boolean } | null;
  objections: { objectionId: string; taskId: string; outcome: 'open' | 'upheld' | 'dismissed'; reason: string | null }[];
}

interface BallotState {
  id: string;
  round: number;
  nomineeIds: string[];
  voters: Set<string>;
  votes: Map<string, VoteChoices>;
  /** Each voter's latest vote taken (recorded or being recorded) and how often they changed it. */
  submitted: Map<string, { key: string; changes: number }>;
  accepting: boolean;
  closed: boolean;
  inFlight: number;
  closesAt: number;
  extended: boolean;
  result: BallotResult | null;
}

interface NoticeState {
  id: string;
  endsAt: number;
  accepting: boolean;
  nomineeIds: string[];
  pending: number;
  count: number;
  /** rows: the API stores objections, the workflow takes them in batches; update: the retired path of runs whose notice opened before. */
  intake: 'rows' | 'update';
  /** An objectionsFiled signal came since the last batch was taken. */
  filed: boolean;
  batches: number;
  taken: number;
  /** The notice's cap: rows beyond it (the API refuses them) are never taken. */
  cap: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const refuse = (message: string, type: string) => ApplicationFailure.nonRetryable(message, type);

/**
 * R1–R5 红黑榜评选: the moral council nominates, the two committees discuss, the
 * representatives' assembly votes (R4), the result is on public notice and objections are
 * reviewed (R5), then the quarter's lists are final and checked against R1.
 */
export async function redBlack(input: RedBlackInput): Promise<RedBlackResult> {
  const { procedureId, villageId, year, quarter, policy } = input;
  const rules = policy.redBlack;
  const tasks = new HumanTasks(procedureId, policy);
  const log = new ProcedureLog(procedureId);
  const label = `${year}年第${quarter}季度红黑榜`;
  const nominees = new Map<string, NomineeState>();
  let ballot: BallotState | null = null;
  const ballots: { id: string; round: number; closesAt: string; status: 'open' | 'closed'; result: BallotResult | null }[] = [];
  let notice: NoticeState | null = null;
  let noticeView: { id: string; endsAt: string; status: 'open' | 'closed' } | null = null;
  let stage: RedBlackStage = 'nomination';
  let shortfall: string | null = null;
  let compliance: Compliance | null = null;

  const ballotView = () => ballots.map((b) => ({ ...b }));
  const details = () => ({
    year,
    quarter,
    nominees: [...nominees.values()].map((n) => ({ ...n, objections: n.objections.map((o) => ({ ...o })) })),
    ballots: ballotView(),
    ballot: ballots.at(-1) ?? null,
    notice: noticeView,
    shortfall,
    compliant: compliance ? compliance.compliant : shortfall ? false : null,
    nonCompliantReasons: compliance ? compliance.reasons : shortfall ? [shortfall] : [],
  });
  const toStage = async (next: RedBlackStage, message: string, actorId?: string) => {
    stage = next;
    await log.stage(next, message, { actorId, details: details() });
  };

  setHandler(redBlackStateQuery, () => ({ procedureId, stage, ...details() }));

  setHandler(
    castVoteUpdate,
    async (v: CastVote): Promise<RecordedVote> => {
      const b = ballot!;
      const key = voteKey(v.choices);
      const before = b.submitted.get(v.voter.userId);
      b.submitted.set(v.voter.userId, { key, changes: (before?.changes ?? 0) + (before && before.key !== key ? 1 : 0) });
      b.inFlight += 1;
      try {
        const recorded = await votesStore.recordVote({ ballotId: b.id, voterId: v.voter.userId, choices: v.choices, expiresAt: v.expiresAt });
        b.votes.set(v.voter.userId, recorded.choices);
        return recorded;
      } finally {
        b.inFlight -= 1;
      }
    },
    {
      validator: (v: CastVote) => {
        const b = ballot;
        if (!b || b.id !== v.ballotId || !b.accepting || b.closed) throw refuse('投票已结束或未开始 / the ballot is not open', REDBLACK_FAILURES.ballotClosed);
        refuseIfExpired(v.expiresAt, 'vote');
        if (!b.voters.has(v.voter.userId)) throw refuse('您不是本次投票的村民代表 / you are not a representative on this ballot', REDBLACK_FAILURES.notEligible);
        const refusal = choicesRefusal(v.choices, b.nomineeIds);
        if (refusal) throw refuse(refusal, REDBLACK_FAILURES.invalidChoices);
        const before = b.submitted.get(v.voter.userId);
        if (before && before.key !== voteKey(v.choices) && before.changes >= MAX_VOTE_CHANGES) {
          throw refuse(`投票修改次数过多,每次投票最多修改${MAX_VOTE_CHANGES}次 / too many changes: a vote may be changed at most ${MAX_VOTE_CHANGES} times`, REDBLACK_FAILURES.tooManyChanges);
        }
      },
    },
  );

  type ObjectionEntry = NomineeState['objections'][number];
  /** R5: the objection is the nominee's, and the notice does not close before its review is decided. */
  const noteObjection = (n: NoticeState, nominee: NomineeState, o: TakenObjection, step: string): ObjectionEntry => {
    const entry: ObjectionEntry = { objectionId: o.objectionId, taskId: `${procedureId}/${step}`, outcome: 'open', reason: null };
    nominee.objections.push(entry);
    n.pending += 1;
    return entry;
  };
  /** Opens the two committees' review of a noted objection; upheld, it removes the nominee. */
  const openReview = (n: NoticeState, nominee: NomineeState, o: TakenObjection, step: string, entry: ObjectionEntry) => {
    void tasks
      .ask<ObjectionDecision>({
        step,
        kind: REDBLACK_TASKS.objection,
        title: `${label}公示异议:${nominee.name}`,
        villageId,
        candidates: [candidateFor('COMMITTEE', villageId)],
        payload: { year, quarter, noticeId: n.id, objectionId: o.objectionId, nominee: publicNominee(nominee), objection: { name: o.name, contact: o.contact, reason: o.reason } },
      })
      .then(async (d) => {
        const idx = nominee.objections.findIndex((x) => x.objectionId === o.objectionId);
        nominee.objections[idx] = { ...entry, outcome: d.decision.uphold ? 'upheld' : 'dismissed', reason: d.decision.reason };
        if (d.decision.uphold) {
          nominee.fate = 'removed';
          if (n.intake === 'rows') await acts.withdrawFromNotice({ noticeId: n.id, nomineeId: nominee.nomineeId });
        }
        await log.stage('notice', `异议${d.decision.uphold ? '成立,已撤下' : '不成立'}:${nominee.name}(${d.decision.reason})`, { actorId: d.actor.userId, details: details() });
      })
      .finally(() => {
        n.pending -= 1;
      });
  };

  /**
   * R5 intake: takes the notice's objections not taken yet, batch by batch, up to the notice's cap,
   * and opens a review for each. `closeIntake` (at the notice's end) stops the API taking more first.
   */
  const takeObjections = async (n: NoticeState, closeIntake: boolean) => {
    for (let close = closeIntake; ; close = false) {
      const limit = Math.max(0, Math.min(OBJECTION_BATCH, n.cap - n.taken));
      if (limit === 0 && !close) return;
      const batch = await acts.takeObjections({ noticeId: n.id, batch: n.batches + 1, limit, closeIntake: close });
      if (batch.length) n.batches += 1;
      n.taken += batch.length;
      for (const o of batch) {
        const nominee = nominees.get(o.nomineeId);
        if (!nominee) {
          workflowLog.warn('objection against a nominee not on the notice', { objectionId: o.objectionId, nomineeId: o.nomineeId });
          continue;
        }
        const step = objectionStep(o.objectionId);
        openReview(n, nominee, o, step, noteObjection(n, nominee, o, step));
      }
      if (batch.length < limit || limit === 0) return;
    }
  };

  setHandler(objectionsFiledSignal, () => {
    if (notice) notice.filed = true;
  });

  setHandler(
    fileObjectionUpdate,
    async (o: FileObjection): Promise<FiledObjection> => {
      const n = notice!;
      n.count += 1;
      const step = `objection-${n.count}`;
      const nominee = nominees.get(o.nomineeId)!;
      const entry = noteObjection(n, nominee, o, step);
      try {
        await acts.recordObjection({ id: o.objectionId, noticeId: n.id, nomineeId: o.nomineeId, name: o.name, contact: o.contact, reason: o.reason });
      } catch (err) {
        n.pending -= 1;
        nominee.objections.splice(nominee.objections.indexOf(entry), 1);
        throw err;
      }
      openReview(n, nominee, o, step, entry);
      return { objectionId: o.objectionId, taskId: entry.taskId, noticeId: n.id, nomineeId: o.nomineeId };
    },
    {
      validator: (o: FileObjection) => {
        const n = notice;
        if (n?.intake === 'rows') throw refuse('异议请在公示栏提交 / objections are filed on the public notice board', REDBLACK_FAILURES.objectionUpdateRetired);
        if (!n || n.id !== o.noticeId || !n.accepting || Date.now() >= n.endsAt) throw refuse('公示期已结束,不再受理异议 / the notice period is over', REDBLACK_FAILURES.noticeClosed);
        refuseIfExpired(o.expiresAt, 'objection');
        const parsed = objectionSchema.safeParse({ name: o.name, contact: o.contact, nomineeId: o.nomineeId, reason: o.reason });
        if (!parsed.success) throw refuse(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), REDBLACK_FAILURES.invalidObjection);
        const nominee = nominees.get(o.nomineeId);
        if (!nominee || !n.nomineeIds.includes(o.nomineeId) || nominee.fate === 'removed') throw refuse(`公示名单上没有这个人 / no nominee ${o.nomineeId} on this notice`, REDBLACK_FAILURES.invalidObjection);
      },
    },
  );

  await log.create({
    type: 'red-black',
    villageId,
    title: `${label}评选`,
    stage: 'nomination',
    startedBy: input.startedBy,
    policyVersion: input.policyVersion,
    details: details(),
  });

  const finish = async (end: RedBlackStage, message: string, final: NomineeState[]): Promise<RedBlackResult> => {
    compliance = complianceOf(final, rules, shortfall);
    await toStage(end, compliance.compliant ? message : `${message};本季度不达标:${compliance.reasons.join(';')}`);
    const red = final.filter((n) => n.color === 'red').map((n) => n.name);
    const black = final.filter((n) => n.color === 'black').map((n) => n.name);
    const resultText =
      end === 'final'
        ? `${label}评选结果已确定。\n红榜:${red.join('、') || '无'}\n黑榜:${black.join('、') || '无'}${compliance.compliant ? '' : `\n本季度不达标:${compliance.reasons.join(';')}`}`
        : `${label}评选已结束:${message}`;
    await acts.mailRoles({ key: `${procedureId}#result`, roles: ['COUNCIL', 'COMMITTEE', 'SECRETARY', 'REPRESENTATIVE'], villageId, subject: `【结果】${label}评选`, text: resultText });
    return { stage: end, compliant: compliance.compliant, reasons: compliance.reasons, red, black };
  };

  // 1. Nomination by the moral council (R1, R2, R3).
  const nomination = await tasks.ask<NominationDecision>({
    step: 'nominate',
    kind: REDBLACK_TASKS.nominate,
    title: `${label}提名`,
    villageId,
    candidates: [candidateFor('COUNCIL', villageId)],
    payload: { year, quarter, minRed: rules.minRed, minBlack: rules.minBlack, redCategories: RED_CATEGORIES, blackCategories: BLACK_CATEGORIES },
    refuse: (d: NominationDecision) => slateRefusal(d, rules),
  });
  for (const n of nomineesOf(nomination.decision)) nominees.set(n.nomineeId, { ...n, fate: 'nominated', discussion: null, vote: null, objections: [] });
  shortfall = slateShortfall(nomination.decision, rules);
  if (nominees.size === 0) return finish('no_list', `道德理事会未提名:${nomination.decision.shortfallReason ?? ''}`, []);
  await toStage('discussion', `道德理事会已提名${nominees.size}人${shortfall ? `(${shortfall})` : ''}`, nomination.actor.userId);

  // 2. Discussion by the two committees.
  const ids = [...nominees.keys()];
  const discussion = await tasks.ask<DiscussionDecision>({
    step: 'discuss',
    kind: REDBLACK_TASKS.discuss,
    title: `${label}两委讨论`,
    villageId,
    candidates: [candidateFor('COMMITTEE', villageId)],
    payload: { year, quarter, nominees: [...nominees.values()].map(publicNominee) },
    refuse: (d: DiscussionDecision) => discussionRefusal(d, ids),
  });
  for (const d of discussion.decision.decisions) {
    const n = nominees.get(d.nomineeId)!;
    n.discussion = { approve: d.approve, reason: d.reason ?? null };
    n.fate = d.approve ? 'approved' : 'rejected';
  }
  const approved = [...nominees.values()].filter((n) => n.fate === 'approved');
  if (approved.length === 0) return finish('no_list', '两委讨论未通过任何被提名人', []);

  // 3. The representatives' assembly votes (R4); a failed quorum is extended once, then the secretary decides.
  for (const n of approved) n.fate = 'on_ballot';
  let actorId: string | undefined = discussion.actor.userId;
  for (let round = 1; ; round++) {
    const result = await runBallot(round, approved, actorId);
    if (result.quorumMet) break;
    await toStage('quorum_failed', `投票人数不足法定人数(${result.voted}/${result.representatives}),已延长一次仍不足`);
    const decided = await tasks.ask<QuorumFailedDecision>({
      step: `quorum-failed-${round}`,
      kind: REDBLACK_TASKS.quorumFailed,
      title: `${label}投票未达法定人数`,
      villageId,
      candidates: [candidateFor('SECRETARY', villageId)],
      payload: { year, quarter, ballotId: ballot!.id, round, voted: result.voted, representatives: result.representatives, quorum: rules.quorum },
    });
    if (decided.decision.action === 'abandon') {
      for (const n of approved) n.fate = 'failed';
      return finish('abandoned', `村书记决定放弃本季度投票:${decided.decision.reason}`, []);
    }
    actorId = decided.actor.userId;
  }
  const result = ballot!.result!;
  for (const n of approved) {
    const t = result.nominees.find((x) => x.nomineeId === n.nomineeId)!;
    n.vote = { agree: t.agree, disagree: t.disagree, abstain: t.abstain, passed: t.passed };
    n.fate = t.passed ? 'passed' : 'failed';
  }
  const passed = approved.filter((n) => n.fate === 'passed');

  // 4. Public notice with objections (R5).
  if (passed.length) {
    const noticeMs = durationMs(rules.noticePeriod);
    const endsAt = Date.now() + noticeMs;
    const noticeId = `${procedureId}/notice`;
    // Objections are rows the workflow takes in batches; runs whose notice opened before took each as an Update.
    const intake = patched('objection-intake') ? 'rows' : 'update';
    const caps = objectionCaps(rules);
    await acts.publishNotice({ id: noticeId, procedureId, villageId, year, quarter, entries: passed.map(publicNominee), endsAt: iso(endsAt), caps });
    const n: NoticeState = { id: noticeId, endsAt, accepting: true, nomineeIds: passed.map((x) => x.nomineeId), pending: 0, count: 0, intake, filed: false, batches: 0, taken: 0, cap: caps.perNotice };
    notice = n;
    noticeView = { id: noticeId, endsAt: iso(endsAt), status: 'open' };
    await toStage('notice', `投票结果公示至${iso(endsAt)}`);
    if (intake === 'rows') {
      // Woken by the API's signal, debounced so a burst is one batch; the notice's end takes the rest.
      while (endsAt > Date.now() && (await condition(() => n.filed, endsAt - Date.now()))) {
        await sleep(Math.max(Math.min(OBJECTION_DEBOUNCE_MS, endsAt - Date.now()), 1));
        n.filed = false;
        await takeObjections(n, false);
      }
    } else {
      await sleep(noticeMs);
    }
    n.accepting = false;
    // A run whose notice opened before objections were rows still takes the rows filed since, at the end.
    if (intake === 'rows' || patched('objection-intake-at-end')) await takeObjections(n, true);
    await condition(() => n.pending === 0);
    noticeView = { ...noticeView, status: 'closed' };
  }

  // 5. The final lists (R1, R3, R9).
  const final = passed.filter((n) => n.fate === 'passed');
  for (const n of final) n.fate = 'listed';
  if (notice) await acts.closeNotice({ noticeId: notice.id, entries: final.map(publicNominee) });
  await acts.finalizeList(final.map((n) => ({ procedureId, villageId, year, quarter, nomineeId: n.nomineeId, name: n.name, color: n.color, category: n.category, poorHousehold: n.poorHousehold, reason: n.reason })));
  // R9: the red list's villagers are rewarded under the village's measures. Runs recorded before
  // this step existed replay without it.
  if (final.some((n) => n.color === 'red') && patched('redlist-reward-start')) {
    const rewardId = redlistRewardId(villageId, year, quarter);
    await startChildOnce(redlistReward, {
      workflowId: rewardId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ procedureId: rewardId, villageId, year, quarter, policy: input.policy, policyVersion: input.policyVersion, startedBy: 'system' }],
    });
  }
  const outcome = await finish('final', `${label}已确定:红榜${final.filter((n) => n.color === 'red').length}名,黑榜${final.filter((n) => n.color === 'black').length}名`, final);
  await Promise.all(
    final
      .filter((n) => n.color === 'black')
      .map((n) =>
        tasks.ask<BlackFollowupDecision>({
          step: `followup-${n.nomineeId}`,
          kind: REDBLACK_TASKS.blackFollowup,
          title: `${label}黑榜处置:${n.name}`,
          villageId,
          candidates: [candidateFor('SECRETARY', villageId)],
          payload: { year, quarter, nominee: publicNominee(n) },
        }),
      ),
  );
  return outcome;

  async function runBallot(round: number, onBallot: NomineeState[], actor?: string): Promise<BallotResult> {
    const id = `${procedureId}/ballot-${round}`;
    const voteMs = durationMs(rules.voteDuration);
    const closesAt = Date.now() + voteMs;
    const opened = await acts.openBallot({ ballotId: id, procedureId, villageId, round, nominees: onBallot.map(publicNominee), closesAt: iso(closesAt) });
    const b: BallotState = { id, round, nomineeIds: onBallot.map((n) => n.nomineeId), voters: new Set(opened.voters), votes: new Map(), submitted: new Map(), accepting: true, closed: false, inFlight: 0, closesAt, extended: false, result: null };
    ballot = b;
    const entry = { id, round, closesAt: iso(closesAt), status: 'open' as 'open' | 'closed', result: null as BallotResult | null };
    ballots.push(entry);
    await acts.activateBallot({ ballotId: id });
    await toStage('voting', `村民代表大会投票(第${round}轮),${b.voters.size}名代表,截止${entry.closesAt}`, actor);
    const allVoted = () => b.voters.size > 0 && b.votes.size >= b.voters.size;
    if (!(await condition(allVoted, Math.max(Math.floor(voteMs / 2), 1)))) {
      const missing = [...b.voters].filter((u) => !b.votes.has(u));
      if (missing.length) await acts.remindVoters({ ballotId: id, userIds: missing });
    }
    for (;;) {
      await condition(allVoted, Math.max(b.closesAt - Date.now(), 1));
      // Stop taking votes; votes being recorded now are counted.
      b.accepting = false;
      await condition(() => b.inFlight === 0);
      if (allVoted() || b.extended || quorumMet(b.votes.size, b.voters.size, rules.quorum)) break;
      b.extended = true;
      b.closesAt = Date.now() + durationMs(rules.voteExtension);
      b.accepting = true;
      entry.closesAt = iso(b.closesAt);
      await acts.extendBallot({ ballotId: id, closesAt: entry.closesAt });
      await toStage('voting', `投票人数不足法定人数(${b.votes.size}/${b.voters.size}),投票延长至${entry.closesAt}`);
    }
    b.closed = true;
    const result = tallyBallot(b.nomineeIds, [...b.votes.values()], b.voters.size, rules);
    b.result = result;
    await acts.closeBallot({ ballotId: id, result });
    entry.status = 'closed';
    entry.result = result;
    return result;
  }
}

function publicNominee(n: Nominee) {
  return { nomineeId: n.nomineeId, name: n.name, color: n.color, category: n.category, categoryLabel: n.categoryLabel, poorHousehold: n.poorHousehold, reason: n.reason };
}
