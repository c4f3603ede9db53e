import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { BallotEntity, ListEntryEntity, NoticeEntity, ObjectionEntity, ProcedureEntity, VoteEntity } from '../entities';
import { forUpdate } from './lock';
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
    return this.ds.transaction(async (m) => {
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
  async upsertVote(ballotId: string, voterId: string, choices: VoteChoiceRow[], now = new Date()): Promise<VoteEntity> {
    return this.ds.transaction(async (m) => {
      const existing = await m.findOneBy(VoteEntity, { ballotId, voterId });
      if (existing && JSON.stringify(existing.choices) === JSON.stringify(choices)) return existing;
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
    await this.ds.transaction(async (m) => {
      if (await m.existsBy(NoticeEntity, { id: n.id })) return;
      await m.insert(NoticeEntity, row<NoticeEntity>({ ...n, status: 'open', publishedAt: now, endsAt: new Date(n.endsAt) }));
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

  async addObjection(o: { id: string; noticeId: string; nomineeId: string; name: string; contact: string; reason: string }, now = new Date()): Promise<void> {
    await this.ds.transaction(async (m) => {
      if (await m.existsBy(ObjectionEntity, { id: o.id })) return;
      await m.insert(ObjectionEntity, row<ObjectionEntity>({ ...o, filedAt: now }));
    });
  }

  objections(noticeId: string): Promise<ObjectionEntity[]> {
    return this.ds.getRepository(ObjectionEntity).find({ where: { noticeId }, order: { filedAt: 'ASC' } });
  }

  /** Writes the final entries of a quarter once. */
  async finalize(entries: ListEntryInput[], now = new Date()): Promise<void> {
    await this.ds.transaction(async (m) => {
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
    await this.ds.transaction(async (m) => {
      for (const p of await m.find(ProcedureEntity, { where: { id: In(ids) }, order: { id: 'ASC' }, ...forUpdate(m) })) {
        await m.update(ProcedureEntity, { id: p.id }, row<ProcedureEntity>({ details: { ...p.details, overdue: true } }));
      }
    });
  }
}
