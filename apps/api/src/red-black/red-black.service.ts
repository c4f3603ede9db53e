import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { choicesRefusal, conflict, forbidden, invalid, isTownRole, notFound, objectionStep, redBlackWorkflowId, tooMany, type QueryOf, type RequestBody, type RoleBinding } from '../../../../libs/domain/src';
import { RedBlackStore, UserDirectory, type BallotEntity, type NoticeEntity } from '../../../../libs/persistence/src';
import { BoundedUpdates, TemporalClient, type UpdateFailures } from '../../../../libs/temporal/src';
import { castVoteUpdate, objectionsFiledSignal, REDBLACK_FAILURES, type FiledObjection, type RecordedVote } from '../../../../workflows/lib/red-black-messages';
import type { redBlack } from '../../../../workflows/red-black.workflow';
import type { AuthUser } from '../auth/current-user';
import { ProcedureStarter } from '../procedures/procedure-starter';

/** The workflow's refusals of votes. */
const REDBLACK_UPDATE_FAILURES: UpdateFailures = {
  [REDBLACK_FAILURES.ballotClosed]: (f) => conflict(f.message),
  [REDBLACK_FAILURES.notEligible]: (f) => forbidden(f.message),
  [REDBLACK_FAILURES.invalidChoices]: (f) => invalid(f.message),
  [REDBLACK_FAILURES.tooManyChanges]: (f) => tooMany(f.message),
};

const isTown = (roles: readonly RoleBinding[]) => roles.some((r) => isTownRole(r.role));

/** R1–R5 红黑榜 over HTTP: the access table says who may call what, the workflow decides. */
@Injectable()
export class RedBlackService {
  private readonly logger = new Logger(RedBlackService.name);

  constructor(
    private readonly store: RedBlackStore,
    private readonly temporal: TemporalClient,
    private readonly updates: BoundedUpdates,
    private readonly starter: ProcedureStarter,
    private readonly users: UserDirectory,
  ) {}

  async start(user: AuthUser, { villageId, year, quarter }: RequestBody<'redBlackStart'>): Promise<{ procedureId: string }> {
    await this.starter.requireVillage(villageId);
    const procedureId = redBlackWorkflowId(villageId, year, quarter);
    await this.starter.start<typeof redBlack>('redBlack', {
      workflowId: procedureId,
      alreadyExists: `该村本季度的红黑榜评选已存在 / ${procedureId} already exists`,
      args: (starting) => [{ procedureId, villageId, year, quarter, ...starting, startedBy: user.id }],
    });
    return { procedureId };
  }

  /** scope: the villages the access table lets the caller list; null for every village. */
  async ballots(user: AuthUser, scope: string[] | null, status?: 'open' | 'closed') {
    const rows = await this.store.ballots({ status, villageIds: scope ?? undefined });
    return Promise.all(rows.filter((b) => b.status !== 'pending').map((b) => this.ballotView(user, b)));
  }

  async ballot(user: AuthUser, id: string) {
    return this.ballotView(user, await this.openedBallot(id));
  }

  async vote(user: AuthUser, ballotId: string, dto: RequestBody<'vote'>): Promise<RecordedVote> {
    const b = await this.openedBallot(ballotId);
    if (b.status !== 'open') throw conflict(b.status === 'pending' ? '投票尚未开始 / the ballot is not open yet' : '投票已结束 / the ballot is closed');
    if (!b.voters.includes(user.id)) throw forbidden('您不在本次投票的代表名单中 / you are not on this ballot');
    const choices = dto.choices;
    const refusal = choicesRefusal(choices, b.nominees.map((n) => n.nomineeId));
    if (refusal) throw invalid(refusal);
    return this.updates.execute({
      workflowId: b.procedureId,
      update: castVoteUpdate,
      arg: (expiresAt) => ({ ballotId, voter: { userId: user.id, username: user.username }, choices, expiresAt }),
      failures: REDBLACK_UPDATE_FAILURES,
      what: `vote on ${ballotId}`,
    });
  }

  async notices() {
    const rows = await this.store.notices();
    const names = await this.villageNames();
    return rows.map((n) => this.noticeView(n, names));
  }

  async notice(id: string) {
    const n = await this.store.notice(id);
    if (!n) throw notFound(`没有这个公示 / no notice ${id}`);
    return this.noticeView(n, await this.villageNames());
  }

  /**
   * R5: an objection is a row, stored in one transaction that checks the notice is open and its caps
   * (per notice, per contact); the workflow takes it in its next batch. The signal only hurries that
   * along: when it fails, the notice's end takes the objection anyway.
   */
  async object(noticeId: string, objection: RequestBody<'objection'>): Promise<FiledObjection & { status: 'received' }> {
    const objectionId = randomUUID();
    const notice = await this.store.fileObjection({ id: objectionId, noticeId, ...objection });
    await this.signalObjections(notice.procedureId);
    return { objectionId, taskId: `${notice.procedureId}/${objectionStep(objectionId)}`, noticeId, nomineeId: objection.nomineeId, status: 'received' };
  }

  private async signalObjections(procedureId: string): Promise<void> {
    try {
      await this.temporal.client.withDeadline(Date.now() + this.temporal.config.temporal.updateWaitMs, () => this.temporal.workflow.getHandle(procedureId).signal(objectionsFiledSignal));
    } catch (err) {
      this.logger.warn(`objectionsFiled signal to ${procedureId} failed; the notice's end takes the objection: ${(err as Error).message}`);
    }
  }

  /** The final lists as published; why each was nominated and who is a poor household stay in the procedure. */
  async lists(q: QueryOf<'lists'>) {
    const rows = await this.store.entries({ villageId: q.villageId, year: q.year, quarter: q.quarter, color: q.color });
    return rows.map((e) => ({ id: e.id, procedureId: e.procedureId, nomineeId: e.nomineeId, name: e.name, color: e.color, category: e.category, villageId: e.villageId, year: e.year, quarter: e.quarter }));
  }

  /** The town view: every village's procedure of a quarter and its stage. */
  async quarterStatus(year: number, quarter: number) {
    const villages = await this.users.villages();
    const ids = villages.map((v) => redBlackWorkflowId(v.id, year, quarter));
    const procs = new Map((await this.store.procedures(ids)).map((p) => [p.id, p]));
    return villages.map((v, i) => {
      const p = procs.get(ids[i]);
      return { villageId: v.id, villageName: v.name, procedureId: ids[i], stage: p?.stage ?? null, compliant: p?.details.compliant ?? null, overdue: Boolean(p?.details.overdue), updatedAt: p?.updatedAt.toISOString() ?? null };
    });
  }

  private async openedBallot(id: string): Promise<BallotEntity> {
    const b = await this.store.ballot(id);
    // A pending ballot is being opened by its workflow; it is not there for anyone yet.
    if (!b || b.status === 'pending') throw notFound(`没有这个投票 / no ballot ${id}`);
    return b;
  }

  private async ballotView(user: AuthUser, b: BallotEntity) {
    const votes = await this.store.votes(b.id);
    const mine = votes.find((v) => v.voterId === user.id);
    const closed = b.status === 'closed';
    return {
      id: b.id,
      procedureId: b.procedureId,
      villageId: b.villageId,
      round: b.round,
      status: b.status,
      openedAt: b.openedAt.toISOString(),
      closesAt: b.closesAt.toISOString(),
      closedAt: b.closedAt?.toISOString() ?? null,
      nominees: b.nominees,
      eligible: b.voters.includes(user.id),
      representatives: b.voters.length,
      votedCount: votes.length,
      // Who voted is visible to the town; how each voted is never shown.
      voters: isTown(user.roles) ? votes.map((v) => v.voterId) : undefined,
      myVote: mine ? { choices: mine.choices, castAt: mine.castAt.toISOString() } : null,
      result: closed ? b.result : null,
    };
  }

  private noticeView(n: NoticeEntity, names: Map<string, string>) {
    return {
      id: n.id,
      procedureId: n.procedureId,
      villageId: n.villageId,
      villageName: names.get(n.villageId) ?? n.villageId,
      year: n.year,
      quarter: n.quarter,
      status: n.status === 'open' && n.endsAt.getTime() <= Date.now() ? 'reviewing' : n.status,
      acceptingObjections: n.status === 'open' && n.endsAt.getTime() > Date.now(),
      publishedAt: n.publishedAt.toISOString(),
      endsAt: n.endsAt.toISOString(),
      // R2's poor-household priority is for the village's own deliberation, not for the public board.
      entries: n.entries.map(({ poorHousehold: _poor, ...entry }: Record<string, unknown>) => entry),
    };
  }

  private async villageNames(): Promise<Map<string, string>> {
    return new Map((await this.users.villages()).map((v) => [v.id, v.name]));
  }
}
