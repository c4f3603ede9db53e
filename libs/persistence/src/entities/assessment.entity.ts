import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MoneyColumn } from './money-column';

/** R6: one village's score of one period (Q1–Q4, or Y for the year-end), in integer tenths. */
@Entity('assessment_score')
export class AssessmentScoreEntity {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  period: string;

  @PrimaryColumn({ name: 'village_id', type: 'varchar', length: 32 })
  villageId: string;

  @Column({ name: 'score_tenths', type: 'integer' })
  scoreTenths: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'procedure_id', type: 'varchar', length: 191 })
  procedureId: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 64 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'datetime', precision: 3 })
  recordedAt: Date;
}

/** R6–R8: a village's place in the year's ranking, as proposed and then confirmed by the town. */
@Entity('assessment_result')
export class AssessmentResultEntity {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @PrimaryColumn({ name: 'village_id', type: 'varchar', length: 32 })
  villageId: string;

  @Column({ name: 'total_units', type: 'integer' })
  totalUnits: number;

  @Column({ type: 'integer' })
  rank: number;

  @Column({ type: 'integer' })
  tier: number;

  @MoneyColumn('village_award_fen')
  villageAwardFen: number;

  @MoneyColumn('cadre_pool_fen')
  cadrePoolFen: number;

  @Column({ type: 'varchar', length: 16 })
  status: 'proposed' | 'confirmed';

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** R7/R8: a payment of the year's reward fund: the village award or one cadre's share. */
@Entity('reward_payment')
@Index('ix_reward_payment_year', ['year', 'villageId'])
export class RewardPaymentEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'village_id', type: 'varchar', length: 32 })
  villageId: string;

  @Column({ name: 'plan_id', type: 'varchar', length: 191 })
  planId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'village' | 'cadre';

  @Column({ name: 'user_id', type: 'varchar', length: 64, nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  duty: string;

  @MoneyColumn('amount_fen')
  amountFen: number;

  @Column({ type: 'varchar', length: 16 })
  status: 'approved' | 'paid';

  @Column({ name: 'approved_at', type: 'datetime', precision: 3 })
  approvedAt: Date;

  @Column({ name: 'paid_on', type: 'varchar', length: 10, nullable: true })
  paidOn: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reference: string | null;

  @Column({ name: 'paid_at', type: 'datetime', precision: 3, nullable: true })
  paidAt: Date | null;
}

/** R9: what one red-list villager received under the village's own measures. */
@Entity('redlist_reward')
@Index('ix_redlist_reward_quarter', ['year', 'quarter', 'villageId'])
export class RedlistRewardEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'varchar', length: 191 })
  entryId: string;

  @Column({ name: 'village_id', type: 'varchar', length: 32 })
  villageId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  quarter: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  form: string;

  @MoneyColumn('amount_fen', { nullable: true })
  amountFen: number | null;

  @Column({ name: 'procedure_id', type: 'varchar', length: 191 })
  procedureId: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 64 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'datetime', precision: 3 })
  recordedAt: Date;
}
