import { Injectable } from '@nestjs/common';
import { DataSource, In, Like } from 'typeorm';
import { writeTransaction } from './lock';
import { AssessmentResultEntity, AssessmentScoreEntity, ListEntryEntity, ProcedureEntity, RedlistRewardEntity, RewardPaymentEntity, TaskEntity } from '../entities';
import { DisputeStore } from './dispute.store';
import { row } from './row';

export interface ScoreRow {
  villageId: string;
  scoreTenths: number;
  note?: string | null;
}

export interface ResultRow {
  villageId: string;
  totalUnits: number;
  rank: number;
  tier: number;
  villageAwardFen: number;
  cadrePoolFen: number;
}

export interface PaymentInput {
  id: string;
  year: number;
  villageId: string;
  planId: string;
  kind: 'village' | 'cadre';
  userId: string | null;
  name: string;
  duty: string;
  amountFen: number;
}

/** What the system knows of a village's quarter, shown beside its score (R1, R10, tasks). */
export interface QuarterIndicators {
  villageId: string;
  overdueTasks: number;
  redEntries: number;
  blackEntries: number;
  disputesRegistered: number;
  resolvedAtVillage: number;
  escalatedToTown: number;
  skipLevelPetitions: number;
}

/** R6–R8: scores, ranking results, reward plans and payments. */
@Injectable()
export class AssessmentStore {
  constructor(
    private readonly ds: DataSource,
    private readonly disputes: DisputeStore,
  ) {}

  /** Writes one period's scores at once (a retry writes the same rows again). */
  async recordScores(year: number, period: string, procedureId: string, recordedBy: string, rows: ScoreRow[], now = new Date()): Promise<void> {
    await writeTransaction(this.ds, async (m) => {
      await m.delete(AssessmentScoreEntity, { year, period });
      if (rows.length) {
        await m.insert(
          AssessmentScoreEntity,
          rows.map((r) => row<AssessmentScoreEntity>({ year, period, villageId: r.villageId, scoreTenths: r.scoreTenths, note: r.note ?? null, procedureId, recordedBy, recordedAt: now })),
        );
      }
    });
  }

  /** Replaces single scores (a correction after the leadership returned the ranking). */
  async correctScores(year: number, procedureId: string, recordedBy: string, rows: (ScoreRow & { period: string })[], now = new Date()): Promise<void> {
    await writeTransaction(this.ds, async (m) => {
      for (const r of rows) {
        await m.delete(AssessmentScoreEntity, { year, period: r.period, villageId: r.villageId });
        await m.insert(AssessmentScoreEntity, row<AssessmentScoreEntity>({ year, period: r.period, villageId: r.villageId, scoreTenths: r.scoreTenths, note: r.note ?? null, procedureId, recordedBy, recordedAt: now }));
      }
    });
  }

  async scores(year: number): Promise<AssessmentScoreEntity[]> {
    return this.ds.getRepository(AssessmentScoreEntity).find({ where: { year }, order: { villageId: 'ASC', period: 'ASC' } });
  }

  async periodsRecorded(year: number): Promise<string[]> {
    const rows = await this.ds.getRepository(AssessmentScoreEntity).createQueryBuilder('s').select('DISTINCT s.period', 'period').where('s.year = :year', { year }).getRawMany<{ period: string }>();
    return rows.map((r) => r.period).sort();
  }

  async saveResults(year: number, rows: ResultRow[], status: 'proposed' | 'confirmed', policyVersion: number, now = new Date()): Promise<void> {
    await writeTransaction(this.ds, async (m) => {
      await m.delete(AssessmentResultEntity, { year });
      if (rows.length) await m.insert(AssessmentResultEntity, rows.map((r) => row<AssessmentResultEntity>({ year, ...r, status, policyVersion, updatedAt: now })));
    });
  }

  async results(year: number): Promise<AssessmentResultEntity[]> {
    return this.ds.getRepository(AssessmentResultEntity).find({ where: { year }, order: { rank: 'ASC', villageId: 'ASC' } });
  }

  /** Idempotent by payment id. */
  async approvePayments(rows: PaymentInput[], now = new Date()): Promise<void> {
    await writeTransaction(this.ds, async (m) => {
      const existing = new Set((await m.findBy(RewardPaymentEntity, { id: In(rows.map((r) => r.id)) })).map((p) => p.id));
      const fresh = rows.filter((r) => !existing.has(r.id));
      if (fresh.length) await m.insert(RewardPaymentEntity, fresh.map((r) => row<RewardPaymentEntity>({ ...r, status: 'approved', approvedAt: now, paidOn: null, reference: null, paidAt: null })));
    });
  }

  async markPaid(planId: string, paidOn: string, reference: string, now = new Date()): Promise<RewardPaymentEntity[]> {
    await this.ds.getRepository(RewardPaymentEntity).update({ planId, status: 'approved' }, row<RewardPaymentEntity>({ status: 'paid', paidOn, reference, paidAt: now }));
    return this.ds.getRepository(RewardPaymentEntity).find({ where: { planId }, order: { id: 'ASC' } });
  }

  /** R8: the villages' reward-plan procedures of a year. */
  async rewardPlans(year: number): Promise<ProcedureEntity[]> {
    return this.ds.getRepository(ProcedureEntity).find({ where: { type: 'reward-plan', id: Like(`reward-plan/%/${year}`) } });
  }

  async payments(year: number): Promise<RewardPaymentEntity[]> {
    return this.ds.getRepository(RewardPaymentEntity).find({ where: { year }, order: { villageId: 'ASC', kind: 'DESC', id: 'ASC' } });
  }

  /** R9: the final red-list entries of a village's quarter. */
  async redEntries(villageId: string, year: number, quarter: number): Promise<ListEntryEntity[]> {
    return this.ds.getRepository(ListEntryEntity).find({ where: { villageId, year, quarter, color: 'red' }, order: { poorHousehold: 'DESC', id: 'ASC' } });
  }

  /** R9: writes the quarter's red-list rewards at once (a retry writes the same rows again). */
  async recordRedlistRewards(rows: Omit<RedlistRewardEntity, 'recordedAt'>[], now = new Date()): Promise<void> {
    if (!rows.length) return;
    await writeTransaction(this.ds, async (m) => {
      await m.delete(RedlistRewardEntity, { entryId: In(rows.map((r) => r.entryId)) });
      await m.insert(RedlistRewardEntity, rows.map((r) => row<RedlistRewardEntity>({ ...r, recordedAt: now })));
    });
  }

  async redlistRewards(year: number, villageId?: string): Promise<RedlistRewardEntity[]> {
    return this.ds.getRepository(RedlistRewardEntity).find({ where: villageId ? { year, villageId } : { year }, order: { villageId: 'ASC', quarter: 'ASC', entryId: 'ASC' } });
  }

  /** Per village: overdue tasks of the quarter, red/black entries (R1), dispute counts (R10). */
  async indicators(villageIds: string[], year: number, quarter: number | undefined, from: Date, to: Date, now = new Date()): Promise<QuarterIndicators[]> {
    const overdue = await this.ds
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .select('t.village_id', 'villageId')
      .addSelect('COUNT(*)', 'n')
      .where('t.village_id IS NOT NULL')
      .andWhere('t.due_at >= :from AND t.due_at < :to', { from, to })
      .andWhere("((t.status = 'open' AND t.due_at < :now) OR (t.completed_at IS NOT NULL AND t.completed_at > t.due_at))", { now })
      .groupBy('t.village_id')
      .getRawMany<{ villageId: string; n: string | number }>();
    const overdueBy = new Map(overdue.map((r) => [r.villageId, Number(r.n)]));
    const lists = await this.ds
      .getRepository(ListEntryEntity)
      .createQueryBuilder('e')
      .select('e.village_id', 'villageId')
      .addSelect('e.color', 'color')
      .addSelect('COUNT(*)', 'n')
      .where(quarter ? 'e.year = :year AND e.quarter = :quarter' : 'e.year = :year', { year, quarter })
      .groupBy('e.village_id')
      .addGroupBy('e.color')
      .getRawMany<{ villageId: string; color: string; n: string | number }>();
    const listOf = (v: string, color: string) => Number(lists.find((r) => r.villageId === v && r.color === color)?.n ?? 0);
    const out: QuarterIndicators[] = [];
    for (const villageId of villageIds) {
      const s = await this.disputes.stats({ villageIds: null, villageId }, from, to, now);
      out.push({
        villageId,
        overdueTasks: overdueBy.get(villageId) ?? 0,
        redEntries: listOf(villageId, 'red'),
        blackEntries: listOf(villageId, 'black'),
        disputesRegistered: s.registered,
        resolvedAtVillage: s.resolvedAtVillage,
        escalatedToTown: s.escalatedToTown,
        skipLevelPetitions: s.skipLevelPetitions,
      });
    }
    return out;
  }
}
