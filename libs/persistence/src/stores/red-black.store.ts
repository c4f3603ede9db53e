import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { contactKey, hasExpired, objectionCaps, objectionRefusal, type ObjectionCaps } from '../../../domain/src';
import { BallotEntity, ListEntryEntity, NoticeEntity, ObjectionEntity, ProcedureEntity, VoteEntity } from '../entities';
import { ExpiredWriteError } from './expired-write';
import { forUpdate, writeOnce, writeTransaction } from './lock';
import { row } from './row';

export interface BallotOpen {
  id: string;
  procedureId: string;
  villageId: string;
  round: number;
  nominees: unknown[];
  voters: string[];
  closesAt: string;
}

export interface NoticePublish {
  id: string;
  procedureId: string;
  villageId: string;
  year: number;
  quarter: number;
  entries: unknown[];
  endsAt: string;
  caps?: ObjectionCaps;
}

export interface ObjectionFiling {
  id: string;
  noticeId: string;
  nomineeId: string;
  name: string;
  contact: string;
  reason: string;
}

export interface ListEntryInput {
  procedureId: string;
  villageId: string;
  year: number;
  quarter: number;
  nomineeId: string;
  name: string;
  color: 'red' | 'black';
  category: string;
  poorHousehold: boolean;
  reason: string;
}

export type VoteChoiceRow = { nomineeId: string; choice: 'agree' | 'disagree' | 'abstain' };

/** Ballots, votes, notices, objections and final list entries of the red/black procedure (R1–R5). */
@Injectable()
export class RedBlackStore {
  constructor(private readonly ds: DataSource) {}

  /** Idempotent by id: a retried open keeps the voters fixed the first time. */
  async openBallot(b: BallotOpen, now = new Date()): Promise<BallotEntity> {
    return writeTransaction(this.ds, async (m) => {
      const existing = await m.findOneBy(BallotEntity, { id: b.id });
      if (existing) return existing;
      await m.insert(BallotEntity, row<BallotEntity>({ ...b, status: 'pending', openedAt: now, closesAt: new Date(b.closesAt), closedAt: null, result: null }));
      return (await m.findOneBy(BallotEntity, { id: b.id }))!;
    });
  }

  /** The workflow holds the ballot now: votes may come. */
  async activateBallot(id: string): Promise<void> {
    await this.ds.getRepository(BallotEntity).update({ id, status: 'pending' }, { status: 'open' });
  }

  ballot(id: string): Promise<BallotEntity | null> {
    return this.ds.getRepository(BallotEntity).findOneBy({ id });
  }

  ballots(filter: { status?: 'pending' | 'open' | 'closed'; villageIds?: string[] }): Promise<BallotEntity[]> {
    const where: Record<string, unknown> = {};
    if (filter.status) where.status = filter.status;
    if (filter.villageIds) where.villageId = In(filter.villageIds);
    return this.ds.getRepository(BallotEntity).find({ where, order: { openedAt: 'DESC' }, take: 200 });
  }

  async extendBallot(id: string, closesAt: string): Promise<void> {
    await this.ds.getRepository(BallotEntity).update({ id, status: 'open' }, { closesAt: new Date(closesAt) });
  }

  async closeBallot(id: string, result: unknown, now = new Date()): Promise<void> {
    await this.ds.getRepository(BallotEntity).update({ id, status: 'open' }, row<BallotEntity>({ status: 'closed', closedAt: now, result }));
  }

  /** One row per voter: a changed vote replaces the earlier one; the same vote again changes nothing. */
  /** Records a voter's choices once; past `expiresAt` (the API stopped waiting) a change is refused with ExpiredWriteError. */
  async upsertVote(ballotId: string, voterId: string, choices: VoteChoiceRow[], expiresAt?: string, now = new Date()): Promise<VoteEntity> {
    return writeTransaction(this.ds, async (m) => {
      const existing = await m.findOneBy(VoteEntity, { ballotId, voterId });
      if (existing && JSON.stringify(existing.choices) === JSON.stringify(choices)) return existing;
      if (expiresAt !== undefined && hasExpired(expiresAt, now.getTime())) throw new ExpiredWriteError(`the vote of ${voterId} on ${ballotId} arrived after ${expiresAt}`);
      if (existing) await m.update(VoteEntity, { ballotId, voterId }, row<VoteEntity>({ choices, castAt: now }));
      else await m.insert(VoteEntity, row<VoteEntity>({ ballotId, voterId, choices, castAt: now }));
      return (await m.findOneBy(VoteEntity, { ballotId, voterId }))!;
    });
  }

  votes(ballotId: string): Promise<VoteEntity[]> {
    return this.ds.getRepository(VoteEntity).find({ where: { ballotId }, order: { voterId: 'ASC' } });
  }

  vote(ballotId: string, voterId: string): Promise<VoteEntity | null> {
    return this.ds.getRepository(VoteEntity).findOneBy({ ballotId, voterId });
  }

  async publishNotice(n: NoticePublish, now = new Date()): Promise<void> {
    const { caps, ...notice } = n;
    await writeOnce(this.ds, NoticeEntity, n.id, async (m) => {
      await m.insert(NoticeEntity, row<NoticeEntity>({ ...notice, status: 'open', publishedAt: now, endsAt: new Date(n.endsAt), objectionCap: caps?.perNotice ?? null, contactCap: caps?.perContact ?? null }));
    });
  }

  async closeNotice(id: string, entries: unknown[]): Promise<void> {
    await this.ds.getRepository(NoticeEntity).update({ id }, row<NoticeEntity>({ status: 'closed', entries }));
  }

  notice(id: string): Promise<NoticeEntity | null> {
    return this.ds.getRepository(NoticeEntity).findOneBy({ id });
  }

  notices(): Promise<NoticeEntity[]> {
    return this.ds.getRepository(NoticeEntity).find({ order: { publishedAt: 'DESC' }, take: 100 });
  }

  /**
   * R5: stores an objection from the public notice board, in one transaction that holds the notice
   * row and checks that it is open, the nominee is on it and its caps leave room (objectionRefusal,
   * thrown). Returns the notice.
   */
  async fileObjection(o: ObjectionFiling, now = new Date()): Promise<NoticeEntity> {
    return this.noticeTransaction(o.noticeId, async (m) => {
      const notice = await m.findOneBy(NoticeEntity, { id: o.noticeId });
      const key = contactKey(o.contact);
      const filed = notice ? await m.countBy(ObjectionEntity, { noticeId: o.noticeId }) : 0;
      const filedByContact = notice ? await m.countBy(ObjectionEntity, { noticeId: o.noticeId, contactKey: key }) : 0;
      const refusal = objectionRefusal({
        noticeId: o.noticeId,
        notice: notice && { status: notice.status, endsAt: notice.endsAt, nomineeIds: notice.entries.map((e: { nomineeId: string }) => e.nomineeId), caps: capsOf(notice) },
        nomineeId: o.nomineeId,
        filed,
        filedByContact,
        now,
      });
      if (refusal) throw refusal;
      await m.insert(ObjectionEntity, row<ObjectionEntity>({ ...o, contactKey: key, batch: null, filedAt: now }));
      return notice!;
    });
  }

  /**
   * The workflow's intake: batch `batch` of the notice's objections not taken yet, at most `limit`,
   * oldest first. Idempotent: once a batch is taken, asking for it again returns the same objections.
   * `closeIntake` ends the filing (the notice period is over) in the same transaction, so nothing
   * stored afterwards can be missed.
   */
  async takeObjections(input: { noticeId: string; batch: number; limit: number; closeIntake: boolean }): Promise<ObjectionEntity[]> {
    const { noticeId, batch } = input;
    return this.noticeTransaction(noticeId, async (m) => {
      if (input.closeIntake) await m.update(NoticeEntity, { id: noticeId, status: 'open' }, { status: 'reviewing' });
      const order = { filedAt: 'ASC', id: 'ASC' } as const;
      const taken = await m.find(ObjectionEntity, { where: { noticeId, batch }, order });
      if (taken.length || input.limit <= 0) return taken;
      const fresh = await m.find(ObjectionEntity, { where: { noticeId, batch: IsNull() }, order, take: input.limit });
      if (fresh.length) await m.update(ObjectionEntity, { id: In(fresh.map((f) => f.id)) }, { batch });
      return fresh.map((f) => ({ ...f, batch }));
    });
  }

  /** The retired Update path stored objections the workflow had already taken (batch 0). */
  async addObjection(o: ObjectionFiling, now = new Date()): Promise<void> {
    await writeOnce(this.ds, ObjectionEntity, o.id, async (m) => {
      await m.insert(ObjectionEntity, row<ObjectionEntity>({ ...o, contactKey: contactKey(o.contact), batch: 0, filedAt: now }));
    });
  }

  /** An upheld objection takes the nominee off the notice board, so no more objections are filed against them. */
  async withdrawFromNotice(noticeId: string, nomineeId: string): Promise<void> {
    await this.noticeTransaction(noticeId, async (m) => {
      const notice = await m.findOneBy(NoticeEntity, { id: noticeId });
      if (!notice || notice.status === 'closed') return;
      const entries = notice.entries.filter((e: { nomineeId: string }) => e.nomineeId !== nomineeId);
      if (entries.length !== notice.entries.length) await m.update(NoticeEntity, { id: noticeId }, row<NoticeEntity>({ entries }));
    });
  }

  objections(noticeId: string): Promise<ObjectionEntity[]> {
    return this.ds.getRepository(ObjectionEntity).find({ where: { noticeId }, order: { filedAt: 'ASC' } });
  }

  /**
   * A write transaction that first writes the notice row (a no-op update), which holds it against every
   * other such transaction: a row lock on MySQL/MariaDB (on SQLite the write transaction holds the database).
   */
  private noticeTransaction<T>(noticeId: string, body: (m: EntityManager) => Promise<T>): Promise<T> {
    return writeTransaction(this.ds, async (m) => {
      await m.createQueryBuilder().update(NoticeEntity).set({ status: () => 'status' }).where('id = :noticeId', { noticeId }).execute();
      return body(m);
    });
  }

  /** Writes the final entries of a quarter once. */
  async finalize(entries: ListEntryInput[], now = new Date()): Promise<void> {
    await writeTransaction(this.ds, async (m) => {
      for (const e of entries) {
        const id = `${e.procedureId}/${e.nomineeId}`;
        if (await m.existsBy(ListEntryEntity, { id })) continue;
        await m.insert(ListEntryEntity, row<ListEntryEntity>({ id, ...e, createdAt: now }));
      }
    });
  }

  entries(filter: { villageId?: string; year?: number; quarter?: number; color?: 'red' | 'black' }): Promise<ListEntryEntity[]> {
    const where: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) where[k] = v;
    return this.ds.getRepository(ListEntryEntity).find({ where, order: { year: 'DESC', quarter: 'DESC', villageId: 'ASC', nomineeId: 'ASC' }, take: 1000 });
  }

  procedures(ids: string[]): Promise<ProcedureEntity[]> {
    return ids.length ? this.ds.getRepository(ProcedureEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** Marks procedures overdue in their read model (quarter end, not final), in one transaction with the rows locked. */
  async markOverdue(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await writeTransaction(this.ds, async (m) => {
      for (const p of await m.find(ProcedureEntity, { where: { id: In(ids) }, order: { id: 'ASC' }, ...forUpdate(m) })) {
        await m.update(ProcedureEntity, { id: p.id }, row<ProcedureEntity>({ details: { ...p.details, overdue: true } }));
      }
    });
  }
}

const capsOf = (n: NoticeEntity): ObjectionCaps => objectionCaps({ objectionsPerNotice: n.objectionCap ?? undefined, objectionsPerContact: n.contactCap ?? undefined });
