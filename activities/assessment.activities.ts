import { Injectable } from '@nestjs/common';
import { CADRE_ROLES, periodRange, type Cadre } from '../libs/domain/src';
import { AppConfig } from '../libs/config/src';
import { Mailer } from '../libs/mail/src';
import { AssessmentStore, UserDirectory, type PaymentInput, type QuarterIndicators, type ResultRow, type ScoreRow } from '../libs/persistence/src';

/** R6–R8 考核与奖励: scores, ranking, cadres, payments and their mail. */
@Injectable()
export class AssessmentActivities {
  constructor(
    private readonly store: AssessmentStore,
    private readonly users: UserDirectory,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  async assessmentVillages(): Promise<{ id: string; name: string }[]> {
    return (await this.users.villages()).map((v) => ({ id: v.id, name: v.name }));
  }

  /** The indicators of a quarter in the town's time zone, for the score-entry form. */
  async quarterIndicators(input: { year: number; quarter?: number; villageIds: string[] }): Promise<QuarterIndicators[]> {
    const { from, to } = periodRange(input.year, input.quarter, this.config.town.timezone);
    return this.store.indicators(input.villageIds, input.year, input.quarter, from, to);
  }

  async recordScores(input: { year: number; period: string; procedureId: string; recordedBy: string; scores: ScoreRow[] }): Promise<void> {
    await this.store.recordScores(input.year, input.period, input.procedureId, input.recordedBy, input.scores);
  }

  async correctScores(input: { year: number; procedureId: string; recordedBy: string; scores: (ScoreRow & { period: string })[] }): Promise<void> {
    await this.store.correctScores(input.year, input.procedureId, input.recordedBy, input.scores);
  }

  async yearScores(input: { year: number }): Promise<{ villageId: string; period: string; scoreTenths: number }[]> {
    return (await this.store.scores(input.year)).map((s) => ({ villageId: s.villageId, period: s.period, scoreTenths: s.scoreTenths }));
  }

  async periodsRecorded(input: { year: number }): Promise<string[]> {
    return this.store.periodsRecorded(input.year);
  }

  async saveRanking(input: { year: number; rows: ResultRow[]; status: 'proposed' | 'confirmed'; policyVersion: number }): Promise<void> {
    await this.store.saveResults(input.year, input.rows, input.status, input.policyVersion);
  }

  /** The village's cadres as they are now: secretary, mediator and committee members, each once. */
  async villageCadres(input: { villageId: string }): Promise<(Cadre & { name: string; roles: string[] })[]> {
    const byId = new Map<string, Cadre & { name: string; roles: string[] }>();
    for (const role of CADRE_ROLES) {
      for (const u of await this.users.holders(role, input.villageId)) {
        const c = byId.get(u.id) ?? { userId: u.id, name: u.name, villageId: input.villageId, roles: [] };
        c.roles.push(role);
        byId.set(u.id, c);
      }
    }
    return [...byId.values()].sort((a, b) => (a.userId < b.userId ? -1 : 1));
  }

  async approvePayments(input: { payments: PaymentInput[] }): Promise<void> {
    await this.store.approvePayments(input.payments);
  }

  /** Marks the plan's payments paid and queues each cadre's mail of their amount (once per payment, also on a retry). */
  async markPaid(input: { planId: string; year: number; paidOn: string; reference: string }): Promise<void> {
    const paid = await this.store.markPaid(input.planId, input.paidOn, input.reference);
    for (const p of paid.filter((x) => x.kind === 'cadre' && x.userId && x.status === 'paid')) {
      await this.mailer.rewardPaid([{ userId: p.userId! }], { paymentId: p.id, name: p.name, duty: p.duty, amountFen: p.amountFen, year: input.year, paidOn: p.paidOn!, reference: p.reference! });
    }
  }

  /** R9: the final red-list entries of a village's quarter. */
  async redListEntries(input: { villageId: string; year: number; quarter: number }): Promise<{ entryId: string; name: string; category: string; poorHousehold: boolean; reason: string }[]> {
    return (await this.store.redEntries(input.villageId, input.year, input.quarter)).map((e) => ({ entryId: e.id, name: e.name, category: e.category, poorHousehold: e.poorHousehold, reason: e.reason }));
  }

  async recordRedlistRewards(input: { villageId: string; year: number; quarter: number; procedureId: string; recordedBy: string; rewards: { entryId: string; name: string; form: string; amountFen?: number }[] }): Promise<void> {
    await this.store.recordRedlistRewards(
      input.rewards.map((r) => ({ entryId: r.entryId, villageId: input.villageId, year: input.year, quarter: input.quarter, name: r.name.slice(0, 64), form: r.form, amountFen: r.amountFen ?? null, procedureId: input.procedureId, recordedBy: input.recordedBy })),
    );
  }
}
