import { ApplicationFailure, condition, log as workflowLog, ParentClosePolicy, patched, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import { redlistReward } from './redlist-reward.workflow';
import {
  BLACK_CATEGORIES,
  candidateFor,
  complianceOf,
  discussionRefusal,
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
  voteChangeCap,
  type BlackFollowupDecision,
  type BallotResult,
  type DiscussionDecision,
  type NominationDecision,
  type Nominee,
  type ObjectionDecision,
  type QuorumFailedDecision,
  type RedBlackStage,
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
import { BackgroundTasks } from './lib/background-tasks';
import type { VillageQuarterInput } from './lib/procedure-input';
import { Ballot, Notice, RedBlackState, type NomineeState, type ObjectionEntry } from './lib/red-black-state';

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

export type RedBlackInput = VillageQuarterInput;

export interface RedBlackResult {
  stage: RedBlackStage;
  compliant: boolean;
  reasons: string[];
  red: string[];
  black: string[];
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
  const maxVoteChanges = voteChangeCap(rules);
  const tasks = new HumanTasks(procedureId, policy);
  const log = new ProcedureLog(procedureId);
  const label = `${year}年第${quarter}季度红黑榜`;
  const state = new RedBlackState(year, quarter);
  const reviews = new BackgroundTasks();
  const details = () => state.details();
  const toStage = async (next: RedBlackStage, message: string, actorId?: string) => {
    state.stage = next;
    await log.stage(next, message, { actorId, details: details() });
  };

  setHandler(redBlackStateQuery, () => ({ procedureId, stage: state.stage, ...details() }));

  setHandler(
    castVoteUpdate,
    async (v: CastVote): Promise<RecordedVote> => {
      const b = state.openBallot();
      b.voteTaken(v.voter.userId, v.choices);
      try {
        const recorded = await votesStore.recordVote({ ballotId: b.id, voterId: v.voter.userId, choices: v.choices, expiresAt: v.expiresAt });
        b.voteDone(v.voter.userId, recorded.choices);
        return recorded;
      } catch (err) {
        b.voteDone(v.voter.userId, null);
        throw err;
      }
    },
    {
      validator: (v: CastVote) => {
        const b = state.ballot;
        if (!b?.isOpen(v.ballotId)) throw refuse('投票已结束或未开始 / the ballot is not open', REDBLACK_FAILURES.ballotClosed);
        refuseIfExpired(v.expiresAt, 'vote');
        b.refuseVote(v.voter.userId, v.choices, maxVoteChanges);
      },
    },
  );

  /** R5: the two committees review an objection; upheld, it removes the nominee. The notice does not close before the review is decided. */
  const review = async (n: Notice, nominee: NomineeState, o: TakenObjection, step: string, entry: ObjectionEntry) => {
    const d = await tasks.ask<ObjectionDecision>({
      step,
      kind: REDBLACK_TASKS.objection,
      title: `${label}公示异议:${nominee.name}`,
      villageId,
      candidates: [candidateFor('COMMITTEE', villageId)],
      payload: { year, quarter, noticeId: n.id, objectionId: o.objectionId, nominee: publicNominee(nominee), objection: { name: o.name, contact: o.contact, reason: o.reason } },
    });
    state.objectionDecided(nominee, entry, d.decision.uphold, d.decision.reason);
    if (d.decision.uphold && n.intake === 'rows') await acts.withdrawFromNotice({ noticeId: n.id, nomineeId: nominee.nomineeId });
    await log.stage('notice', `异议${d.decision.uphold ? '成立,已撤下' : '不成立'}:${nominee.name}(${d.decision.reason})`, { actorId: d.actor.userId, details: details() });
  };

  /**
   * R5 intake: takes the notice's objections not taken yet, batch by batch, up to the notice's cap,
   * and opens a review for each. `closeIntake` (at the notice's end) stops the API taking more first.
   */
  const takeObjections = async (n: Notice, closeIntake: boolean) => {
    for (let close = closeIntake; ; close = false) {
      const limit = n.nextLimit(OBJECTION_BATCH);
      if (limit === 0 && !close) return;
      const batch = await acts.takeObjections({ noticeId: n.id, batch: n.nextBatch, limit, closeIntake: close });
      n.batchTaken(batch.length);
      for (const o of batch) {
        const nominee = state.nominees.get(o.nomineeId);
        if (!nominee) {
          workflowLog.warn('objection against a nominee not on the notice', { objectionId: o.objectionId, nomineeId: o.nomineeId });
          continue;
        }
        const step = objectionStep(o.objectionId);
        reviews.run(review(n, nominee, o, step, state.objectionNoted(nominee, o.objectionId, `${procedureId}/${step}`)));
      }
      if (batch.length < limit || limit === 0) return;
    }
  };

  setHandler(objectionsFiledSignal, () => {
    if (state.notice) state.notice.filed = true;
  });

  setHandler(
    fileObjectionUpdate,
    async (o: FileObjection): Promise<FiledObjection> => {
      const n = state.openNotice();
      const step = n.nextUpdateStep();
      const nominee = state.nominee(o.nomineeId);
      const entry = state.objectionNoted(nominee, o.objectionId, `${procedureId}/${step}`);
      const recording = acts.recordObjection({ id: o.objectionId, noticeId: n.id, nomineeId: o.nomineeId, name: o.name, contact: o.contact, reason: o.reason });
      reviews.run(
        recording.then(
          () => review(n, nominee, o, step, entry),
          () => state.objectionDropped(nominee, entry),
        ),
      );
      await recording;
      return { objectionId: o.objectionId, taskId: entry.taskId, noticeId: n.id, nomineeId: o.nomineeId };
    },
    {
      validator: (o: FileObjection) => {
        const n = state.notice;
        if (n?.intake === 'rows') throw refuse('异议请在公示栏提交 / objections are filed on the public notice board', REDBLACK_FAILURES.objectionUpdateRetired);
        if (!n?.takesUpdate(o.noticeId, Date.now())) throw refuse('公示期已结束,不再受理异议 / the notice period is over', REDBLACK_FAILURES.noticeClosed);
        refuseIfExpired(o.expiresAt, 'objection');
        const parsed = objectionSchema.safeParse({ name: o.name, contact: o.contact, nomineeId: o.nomineeId, reason: o.reason });
        if (!parsed.success) throw refuse(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), REDBLACK_FAILURES.invalidObjection);
        const nominee = state.nominees.get(o.nomineeId);
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
    const compliance = complianceOf(final, rules, state.shortfall);
    state.compliance = compliance;
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
  state.nominate(nomineesOf(nomination.decision), slateShortfall(nomination.decision, rules));
  const { nominees, shortfall } = state;
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
  for (const d of discussion.decision.decisions) state.discussed(d.nomineeId, d.approve, d.reason ?? null);
  const approved = state.withFate('approved');
  if (approved.length === 0) return finish('no_list', '两委讨论未通过任何被提名人', []);

  // 3. The representatives' assembly votes (R4); a failed quorum is extended once, then the secretary decides.
  state.setFate(approved, 'on_ballot');
  let actorId: string | undefined = discussion.actor.userId;
  for (let round = 1; ; round++) {
    const { ballot, result } = await runBallot(round, approved, actorId);
    if (result.quorumMet) {
      state.tallied(approved, result);
      break;
    }
    await toStage('quorum_failed', `投票人数不足法定人数(${result.voted}/${result.representatives}),已延长一次仍不足`);
    const decided = await tasks.ask<QuorumFailedDecision>({
      step: `quorum-failed-${round}`,
      kind: REDBLACK_TASKS.quorumFailed,
      title: `${label}投票未达法定人数`,
      villageId,
      candidates: [candidateFor('SECRETARY', villageId)],
      payload: { year, quarter, ballotId: ballot.id, round, voted: result.voted, representatives: result.representatives, quorum: rules.quorum },
    });
    if (decided.decision.action === 'abandon') {
      state.setFate(approved, 'failed');
      return finish('abandoned', `村书记决定放弃本季度投票:${decided.decision.reason}`, []);
    }
    actorId = decided.actor.userId;
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
    const n = new Notice(noticeId, endsAt, passed.map((x) => x.nomineeId), intake, caps.perNotice);
    state.notice = n;
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
    await reviews.drained();
    n.status = 'closed';
  }

  // 5. The final lists (R1, R3, R9).
  const final = passed.filter((n) => n.fate === 'passed');
  state.setFate(final, 'listed');
  if (state.notice) await acts.closeNotice({ noticeId: state.notice.id, entries: final.map(publicNominee) });
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

  async function runBallot(round: number, onBallot: NomineeState[], actor?: string): Promise<{ ballot: Ballot; result: BallotResult }> {
    const id = `${procedureId}/ballot-${round}`;
    const voteMs = durationMs(rules.voteDuration);
    const closesAt = Date.now() + voteMs;
    const opened = await acts.openBallot({ ballotId: id, procedureId, villageId, round, nominees: onBallot.map(publicNominee), closesAt: iso(closesAt) });
    const b = new Ballot(id, round, onBallot.map((n) => n.nomineeId), opened.voters, closesAt);
    state.ballots.push(b);
    await acts.activateBallot({ ballotId: id });
    await toStage('voting', `村民代表大会投票(第${round}轮),${b.voters.size}名代表,截止${b.entry.closesAt}`, actor);
    const allVoted = () => b.allVoted();
    if (!(await condition(allVoted, Math.max(Math.floor(voteMs / 2), 1)))) {
      const missing = b.missing();
      if (missing.length) await acts.remindVoters({ ballotId: id, userIds: missing });
    }
    for (;;) {
      await condition(allVoted, Math.max(b.closesAt - Date.now(), 1));
      // Stop taking votes; votes being recorded now are counted.
      b.stopTaking();
      await condition(() => !b.recording);
      if (allVoted() || b.extended || quorumMet(b.votes.size, b.voters.size, rules.quorum)) break;
      b.extend(Date.now() + durationMs(rules.voteExtension));
      await acts.extendBallot({ ballotId: id, closesAt: b.entry.closesAt });
      await toStage('voting', `投票人数不足法定人数(${b.votes.size}/${b.voters.size}),投票延长至${b.entry.closesAt}`);
    }
    const result = tallyBallot(b.nomineeIds, [...b.votes.values()], b.voters.size, rules);
    b.close(result);
    await acts.closeBallot({ ballotId: id, result });
    b.closeRecorded();
    return { ballot: b, result };
  }
}

function publicNominee(n: Nominee) {
  return { nomineeId: n.nomineeId, name: n.name, color: n.color, category: n.category, categoryLabel: n.categoryLabel, poorHousehold: n.poorHousehold, reason: n.reason };
}
