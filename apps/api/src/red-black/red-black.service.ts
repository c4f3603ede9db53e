import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { choicesRefusal, conflict, forbidden, holdsRole, invalid, isTownRole, notFound, redBlackWorkflowId, tooMany, unavailable, type RoleBinding } from '../../../../libs/domain/src';
import { PolicyStore, RedBlackStore, UserDirectory, type BallotEntity, type NoticeEntity } from '../../../../libs/persistence/src';
import { BoundedUpdates, TemporalClient, type UpdateFailures } from '../../../../libs/temporal/src';
import { castVoteUpdate, fileObjectionUpdate, REDBLACK_FAILURES, type FiledObjection, type RecordedVote } from '../../../../workflows/lib/red-black-messages';
import { redBlack } from '../../../../workflows/red-black.workflow';
import type { AuthUser } from '../auth/current-user';
import type { CastVoteDto, ListQueryDto, ObjectionDto, StartRedBlackDto } from './red-black.dto';

/** The workflow's refusals of votes and objections. */
const REDBLACK_UPDATE_FAILURES: UpdateFailures = {
  [REDBLACK_FAILURES.ballotClosed]: (f) => conflict(f.message),
  [REDBLACK_FAILURES.noticeClosed]: (f) => conflict(f.message),
  [REDBLACK_FAILURES.notEligible]: (f) => forbidden(f.message),
  [REDBLACK_FAILURES.invalidChoices]: (f) => invalid(f.message),
  [REDBLACK_FAILURES.invalidObjection]: (f) => invalid(f.message),
  [REDBLACK_FAILURES.tooManyChanges]: (f) => tooMany(f.message),
};

const isTown = (roles: readonly RoleBinding[]) => roles.some((r) => isTownRole(r.role));
const villagesOf = (roles: readonly RoleBinding[]) => [...new Set(roles.filter((r) => r.villageId).map((r) => r.villageId!))];

/** R1–R5 红黑榜 over HTTP: the API checks who the caller is, the workflow decides. */
@Injectable()
export class RedBlackService {
  private readonly store: RedBlackStore;

  constructor(
    ds: DataSource,
    private readonly temporal: TemporalClient,
    private readonly updates: BoundedUpdates,
    private readonly policies: PolicyStore,
    private readonly users: UserDirectory,
  ) {
    this.store = new RedBlackStore(ds);
  }

  async start(user: AuthUser, dto: StartRedBlackDto): Promise<{ procedureId: string }> {
    if (!(await this.users.villageExists(dto.villageId))) throw invalid(`没有这个村 / unknown village ${dto.villageId}`);
    if (!holdsRole(user.roles, 'SECRETARY', dto.villageId) && !holdsRole(user.roles, 'TOWN_OFFICE', null) && !holdsRole(user.roles, 'ADMIN', null)) {
      throw forbidden('只有本村书记、镇综治办或管理员可以发起红黑榜评选 / only the village secretary, TOWN_OFFICE or ADMIN may start it');
    }
    const { version, policy } = await this.policies.current();
    const procedureId = redBlackWorkflowId(dto.villageId, dto.year, dto.quarter);
    try {
      await this.temporal.workflow.start(redBlack, {
        workflowId: procedureId,
        taskQueue: this.temporal.config.temporal.taskQueue,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ procedureId, villageId: dto.villageId, year: dto.year, quarter: dto.quarter, policy, policyVersion: version, startedBy: user.id }],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict(`该村本季度的红黑榜评选已存在 / ${procedureId} already exists`);
      throw unavailable();
    }
    return { procedureId };
  }

  async ballots(user: AuthUser, status?: 'open' | 'closed') {
    const rows = await this.store.ballots({ status, villageIds: isTown(user.roles) ? undefined : villagesOf(user.roles) });
    return Promise.all(rows.filter((b) => b.status !== 'pending').map((b) => this.ballotView(user, b)));
  }

  async ballot(user: AuthUser, id: string) {
    return this.ballotView(user, await this.visibleBallot(user, id));
  }

  async vote(user: AuthUser, ballotId: string, dto: CastVoteDto): Promise<RecordedVote> {
    const b = await this.visibleBallot(user, ballotId);
    if (!holdsRole(user.roles, 'REPRESENTATIVE', b.villageId)) throw forbidden('只有本村村民代表可以投票 / only representatives of the village may vote');
    if (b.status !== 'open') throw conflict(b.status === 'pending' ? '投票尚未开始 / the ballot is not open yet' : '投票已结束 / the ballot is closed');
    if (!b.voters.includes(user.id)) throw forbidden('您不在本次投票的代表名单中 / you are not on this ballot');
    const choices = dto.choices.map((c) => ({ nomineeId: c.nomineeId, choice: c.choice }));
    const refusal = choicesRefusal(choices, b.nominees.map((n: any) => n.nomineeId));
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

  async object(noticeId: string, dto: ObjectionDto): Promise<FiledObjection & { status: 'received' }> {
    const n = await this.store.notice(noticeId);
    if (!n) throw notFound(`没有这个公示 / no notice ${noticeId}`);
    if (n.status !== 'open' || n.endsAt.getTime() <= Date.now()) throw conflict('公示期已结束,不再受理异议 / the notice period is over');
    if (!n.entries.some((e: any) => e.nomineeId === dto.nomineeId)) throw invalid(`公示名单上没有这个人 / no nominee ${dto.nomineeId} on this notice`);
    const objectionId = randomUUID();
    const filed = await this.updates.execute({
      workflowId: n.procedureId,
      update: fileObjectionUpdate,
      arg: (expiresAt) => ({ noticeId, objectionId, name: dto.name.trim(), contact: dto.contact.trim(), nomineeId: dto.nomineeId, reason: dto.reason.trim(), expiresAt }),
      failures: REDBLACK_UPDATE_FAILURES,
      what: `objection on ${noticeId}`,
    });
    return { ...filed, status: 'received' };
  }

  async lists(q: ListQueryDto) {
    const rows = await this.store.entries({ villageId: q.villageId, year: q.year, quarter: q.quarter, color: q.color });
    return rows.map((e) => ({ id: e.id, procedureId: e.procedureId, nomineeId: e.nomineeId, name: e.name, color: e.color, category: e.category, poorHousehold: e.poorHousehold, reason: e.reason, villageId: e.villageId, year: e.year, quarter: e.quarter }));
  }

  /** The town view: every village's procedure of a quarter and its stage. */
  async quarterStatus(user: AuthUser, year: number, quarter: number) {
    if (!isTown(user.roles)) throw forbidden('只有镇级用户可以查看全镇进度 / only town roles see every village');
    const villages = await this.users.villages();
    const ids = villages.map((v) => redBlackWorkflowId(v.id, year, quarter));
    const procs = new Map((await this.store.procedures(ids)).map((p) => [p.id, p]));
    return villages.map((v, i) => {
      const p = procs.get(ids[i]);
      return { villageId: v.id, villageName: v.name, procedureId: ids[i], stage: p?.stage ?? null, compliant: p?.details.compliant ?? null, overdue: Boolean(p?.details.overdue), updatedAt: p?.updatedAt.toISOString() ?? null };
    });
  }

  private async visibleBallot(user: AuthUser, id: string): Promise<BallotEntity> {
    const b = await this.store.ballot(id);
    // A pending ballot is being opened by its workflow; it is not there for anyone yet.
    if (!b || b.status === 'pending') throw notFound(`没有这个投票 / no ballot ${id}`);
    if (!isTown(user.roles) && !user.roles.some((r) => r.villageId === b.villageId)) throw forbidden('您无权查看此投票 / you may not see this ballot');
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
      entries: n.entries,
    };
  }

  private async villageNames(): Promise<Map<string, string>> {
    return new Map((await this.users.villages()).map((v) => [v.id, v.name]));
  }
}
