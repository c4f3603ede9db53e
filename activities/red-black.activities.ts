import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { candidateFor, redBlackWorkflowId, UPDATE_EXPIRED, type Candidate, type Role } from '../libs/domain/src';
import { AppConfig } from '../libs/config/src';
import { Mailer } from '../libs/mail/src';
import { ExpiredWriteError, PolicyStore, RedBlackStore, UserDirectory, type ListEntryInput, type NoticePublish, type ObjectionFiling, type VoteChoiceRow } from '../libs/persistence/src';
import type { TakenObjection } from '../workflows/lib/red-black-messages';

/** R1–R5 红黑榜: ballots, votes, notices, objections, final lists and their mail. */
@Injectable()
export class RedBlackActivities {
  constructor(
    private readonly store: RedBlackStore,
    private readonly users: UserDirectory,
    private readonly policies: PolicyStore,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  /** Creates the ballot for the village's representatives as they are now; a retry keeps the first list. */
  async openBallot(input: { ballotId: string; procedureId: string; villageId: string; round: number; nominees: unknown[]; closesAt: string }): Promise<{ voters: string[] }> {
    const existing = await this.store.ballot(input.ballotId);
    if (existing) return { voters: existing.voters };
    const voters = (await this.users.holders('REPRESENTATIVE', input.villageId)).map((u) => u.id);
    const b = await this.store.openBallot({ id: input.ballotId, procedureId: input.procedureId, villageId: input.villageId, round: input.round, nominees: input.nominees, voters, closesAt: input.closesAt });
    return { voters: b.voters };
  }

  /** The workflow now takes votes on the ballot: it shows as open and the representatives' mail is queued (once, also on a retry). */
  async activateBallot(input: { ballotId: string }): Promise<void> {
    const b = await this.store.ballot(input.ballotId);
    if (!b || b.status === 'closed') return;
    if (b.status === 'pending') await this.store.activateBallot(input.ballotId);
    await this.mailer.ballotOpened(b.voters.map((userId) => ({ userId })), b.id);
  }

  async recordVote(input: { ballotId: string; voterId: string; choices: VoteChoiceRow[]; expiresAt?: string }): Promise<{ ballotId: string; voterId: string; choices: VoteChoiceRow[]; castAt: string }> {
    const v = await this.store.upsertVote(input.ballotId, input.voterId, input.choices, input.expiresAt).catch((err) => {
      throw err instanceof ExpiredWriteError ? ApplicationFailure.nonRetryable(err.message, UPDATE_EXPIRED) : err;
    });
    return { ballotId: v.ballotId, voterId: v.voterId, choices: v.choices, castAt: v.castAt.toISOString() };
  }

  async extendBallot(input: { ballotId: string; closesAt: string }): Promise<void> {
    await this.store.extendBallot(input.ballotId, input.closesAt);
  }

  async closeBallot(input: { ballotId: string; result: unknown }): Promise<void> {
    await this.store.closeBallot(input.ballotId, input.result);
  }

  /** Reminds the representatives who have not voted yet (at half time, once per ballot). */
  async remindVoters(input: { ballotId: string; userIds: string[] }): Promise<void> {
    await this.mailer.votersReminded(input.userIds.map((userId) => ({ userId })), input.ballotId);
  }

  async publishNotice(n: NoticePublish): Promise<void> {
    await this.store.publishNotice(n);
  }

  /** The retired Update path (runs whose notice opened before objections were rows). */
  async recordObjection(o: ObjectionFiling): Promise<void> {
    await this.store.addObjection(o);
  }

  /** R5 intake: the notice's objections the workflow has not taken yet, one bounded batch; a retry returns the same batch. */
  async takeObjections(input: { noticeId: string; batch: number; limit: number; closeIntake: boolean }): Promise<TakenObjection[]> {
    const rows = await this.store.takeObjections(input);
    return rows.map((o) => ({ objectionId: o.id, nomineeId: o.nomineeId, name: o.name, contact: o.contact, reason: o.reason }));
  }

  async withdrawFromNotice(input: { noticeId: string; nomineeId: string }): Promise<void> {
    await this.store.withdrawFromNotice(input.noticeId, input.nomineeId);
  }

  async closeNotice(input: { noticeId: string; entries: unknown[] }): Promise<void> {
    await this.store.closeNotice(input.noticeId, input.entries);
  }

  async finalizeList(entries: ListEntryInput[]): Promise<void> {
    await this.store.finalize(entries);
  }

  /**
   * Mails everyone holding one of the roles in the village (town roles: the town), once per `key`
   * (the event it tells of). A call scheduled by a workflow before keys existed gets one from its content.
   */
  async mailRoles(input: { key?: string; roles: Role[]; villageId: string | null; subject: string; text: string; link?: string }): Promise<void> {
    const candidates: Candidate[] = input.roles.map((r) => candidateFor(r, input.villageId));
    const key = input.key ?? `mail/${createHash('sha256').update(JSON.stringify([input.roles, input.villageId, input.subject, input.text])).digest('hex')}`;
    await this.mailer.procedureNotice(candidates, { key, subject: input.subject, text: input.text, link: input.link });
  }

  /** What the quarterly schedule needs: every village and the policy in force now. */
  async quarterContext(): Promise<{ villageIds: string[]; policyVersion: number; policy: unknown; timezone: string }> {
    const [villages, current] = await Promise.all([this.users.villages(), this.policies.current()]);
    return { villageIds: villages.map((v) => v.id), policyVersion: current.version, policy: current.policy, timezone: this.config.town.timezone };
  }

  /** Quarter end: the villages whose procedure for the quarter is not final (or missing); those procedures are marked overdue. */
  async overdueVillages(input: { year: number; quarter: number }): Promise<{ villageId: string; procedureId: string; stage: string | null }[]> {
    const villages = await this.users.villages();
    const ids = villages.map((v) => redBlackWorkflowId(v.id, input.year, input.quarter));
    const procs = new Map((await this.store.procedures(ids)).map((p) => [p.id, p]));
    const done = new Set(['final', 'no_list', 'abandoned']);
    const overdue = villages
      .map((v, i) => ({ villageId: v.id, procedureId: ids[i], stage: procs.get(ids[i])?.stage ?? null }))
      .filter((x) => !x.stage || !done.has(x.stage));
    await this.store.markOverdue(overdue.filter((x) => x.stage).map((x) => x.procedureId));
    return overdue;
  }
}
