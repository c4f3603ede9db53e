import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { writeOnce, writeTransaction } from './lock';
import { DisputeCaseEntity, DisputeEventEntity } from '../entities';
import { clip, escalationLevels } from '../../../domain/src';
import { row } from './row';

export interface CaseRegistration {
  id: string;
  villageId: string;
  category: string;
  summary: string;
  details: Record<string, unknown>;
  level: string;
  dueAt: string | null;
  registeredBy: string;
  policyVersion: number;
}

/** What a case event changes on the case row. */
export interface CasePatch {
  status?: string;
  tier?: number;
  level?: string;
  dueAt?: string | null;
  closedAt?: string | null;
  outcome?: string | null;
}

export interface CaseEventInput {
  caseId: string;
  eventId: string;
  type: string;
  tier: number | null;
  reason?: string | null;
  actorId?: string | null;
  message: string;
  detail?: Record<string, unknown>;
  patch?: CasePatch;
}

export interface DisputeFilter {
  /** Villages the caller may see; null for the whole town. */
  villageIds: string[] | null;
  villageId?: string;
  status?: string;
  tier?: number;
}

export interface DisputeStats {
  registered: number;
  resolvedAtVillage: number;
  resolvedAtTown: number;
  referredToLitigation: number;
  escalatedToTown: number;
  skipLevelPetitions: number;
  open: number;
  overdue: number;
}

const OPEN_STATUSES = ['open', 'awaiting_followup'];

/** R10 dispute cases and their timelines, written by the mediation activities, read by the API. */
@Injectable()
export class DisputeStore {
  constructor(private readonly ds: DataSource) {}

  /** Idempotent by case id; writes the `registered` event with it. */
  async register(c: CaseRegistration, now = new Date()): Promise<boolean> {
    return writeOnce(this.ds, DisputeCaseEntity, c.id, async (m) => {
      await m.insert(DisputeCaseEntity, row<DisputeCaseEntity>({
        id: c.id,
        villageId: c.villageId,
        category: c.category,
        summary: c.summary,
        details: c.details,
        status: 'open',
        tier: 1,
        level: c.level,
        dueAt: c.dueAt ? new Date(c.dueAt) : null,
        registeredBy: c.registeredBy,
        registeredAt: now,
        updatedAt: now,
        closedAt: null,
        outcome: null,
        policyVersion: c.policyVersion,
      }));
      await this.insertEvent(m, { caseId: c.id, eventId: `${c.id}#registered`, type: 'registered', tier: 1, actorId: c.registeredBy, message: '登记纠纷', detail: {} }, c.villageId, now);
    });
  }

  /** Writes an event once and applies its change to the case; false when the event was already there. */
  async record(e: CaseEventInput, now = new Date()): Promise<boolean> {
    return writeTransaction(this.ds, async (m) => {
      const c = await m.findOneBy(DisputeCaseEntity, { id: e.caseId });
      if (!c) throw new Error(`dispute case ${e.caseId} does not exist`);
      if (await m.existsBy(DisputeEventEntity, { id: e.eventId })) return false;
      await this.insertEvent(m, e, c.villageId, now);
      const p = e.patch ?? {};
      const values: Partial<DisputeCaseEntity> = { updatedAt: now };
      if (p.status !== undefined) values.status = p.status;
      if (p.tier !== undefined) values.tier = p.tier;
      if (p.level !== undefined) values.level = p.level;
      if (p.dueAt !== undefined) values.dueAt = p.dueAt ? new Date(p.dueAt) : null;
      if (p.closedAt !== undefined) values.closedAt = p.closedAt ? new Date(p.closedAt) : null;
      if (p.outcome !== undefined) values.outcome = p.outcome;
      await m.update(DisputeCaseEntity, { id: e.caseId }, row<DisputeCaseEntity>(values));
      return true;
    });
  }

  async get(id: string): Promise<{ dispute: DisputeCaseEntity; events: DisputeEventEntity[] } | null> {
    const dispute = await this.ds.getRepository(DisputeCaseEntity).findOneBy({ id });
    if (!dispute) return null;
    const events = await this.ds.getRepository(DisputeEventEntity).find({ where: { caseId: id }, order: { at: 'ASC', id: 'ASC' } });
    return { dispute, events };
  }

  /** Cases in scope: the ones overdue first, then by soonest due, then newest. */
  async list(f: DisputeFilter, page = 1, pageSize = 50): Promise<{ items: DisputeCaseEntity[]; total: number }> {
    const qb = this.ds.getRepository(DisputeCaseEntity).createQueryBuilder('d');
    if (f.villageIds) {
      if (f.villageIds.length === 0) return { items: [], total: 0 };
      qb.andWhere('d.village_id IN (:...vids)', { vids: f.villageIds });
    }
    if (f.villageId) qb.andWhere('d.village_id = :vid', { vid: f.villageId });
    if (f.status) qb.andWhere('d.status = :status', { status: f.status });
    if (f.tier !== undefined) qb.andWhere('d.tier = :tier', { tier: f.tier });
    const [items, total] = await qb
      .orderBy('CASE WHEN d.due_at IS NULL THEN 1 ELSE 0 END', 'ASC')
      .addOrderBy('d.due_at', 'ASC')
      .addOrderBy('d.registered_at', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total };
  }

  async stats(f: DisputeFilter, from: Date | null, to: Date | null, now = new Date()): Promise<DisputeStats> {
    const scope = <Q extends SelectQueryBuilder<ObjectLiteral>>(qb: Q, alias: string) => {
      if (f.villageIds) qb.andWhere(`${alias}.village_id IN (:...vids)`, { vids: f.villageIds.length ? f.villageIds : ['\u0000'] });
      if (f.villageId) qb.andWhere(`${alias}.village_id = :vid`, { vid: f.villageId });
      return qb;
    };
    const period = <Q extends SelectQueryBuilder<ObjectLiteral>>(qb: Q, col: string) => {
      if (from) qb.andWhere(`${col} >= :from`, { from });
      if (to) qb.andWhere(`${col} < :to`, { to });
      return qb;
    };
    const cases = () => scope(this.ds.getRepository(DisputeCaseEntity).createQueryBuilder('d'), 'd');
    // `.where` replaces every condition before it, so the type comes first and the village scope after it.
    const events = (type: string) => period(scope(this.ds.getRepository(DisputeEventEntity).createQueryBuilder('e').where('e.type = :type', { type }), 'e'), 'e.at');
    const count = async (qb: SelectQueryBuilder<ObjectLiteral>): Promise<number> => Number((await qb.select('COUNT(*)', 'n').getRawOne())?.n ?? 0);
    const distinctCases = async (qb: SelectQueryBuilder<ObjectLiteral>): Promise<number> => Number((await qb.select('COUNT(DISTINCT e.case_id)', 'n').getRawOne())?.n ?? 0);

    const registered = await count(period(cases(), 'd.registered_at'));
    const closedResolved = (level: string) => count(period(cases(), 'd.closed_at').andWhere('d.outcome = :o', { o: 'resolved' }).andWhere('d.level = :lvl', { lvl: level }));
    const referred = await count(period(cases(), 'd.closed_at').andWhere('d.outcome = :o', { o: 'referred_to_litigation' }));
    const escalatedToTown = await distinctCases(events('escalated').andWhere('e.from_level = :fromLevel', { fromLevel: 'village' }).andWhere('e.to_level = :toLevel', { toLevel: 'town' }));
    const skipLevel = await count(events('risk').andWhere('e.reason = :flag', { flag: 'skip_level_petition' }));
    const openQb = () => period(cases(), 'd.registered_at').andWhere('d.status IN (:...st)', { st: OPEN_STATUSES });
    const open = await count(openQb());
    const overdue = await count(openQb().andWhere('d.status = :o', { o: 'open' }).andWhere('d.due_at IS NOT NULL').andWhere('d.due_at < :now', { now }));
    return {
      registered,
      resolvedAtVillage: await closedResolved('village'),
      resolvedAtTown: await closedResolved('town'),
      referredToLitigation: referred,
      escalatedToTown,
      skipLevelPetitions: skipLevel,
      open,
      overdue,
    };
  }

  private async insertEvent(m: EntityManager, e: CaseEventInput, villageId: string, at: Date): Promise<void> {
    await m.insert(DisputeEventEntity, row<DisputeEventEntity>({
      id: e.eventId,
      caseId: e.caseId,
      villageId,
      at,
      type: e.type,
      tier: e.tier,
      reason: e.reason ?? null,
      actorId: e.actorId ?? null,
      message: clip(e.message, 500),
      detail: e.detail ?? {},
      ...escalationLevels(e.detail),
    }));
  }
}
