import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** R10: a dispute case, the read model of its `mediation/{caseId}` workflow. */
@Entity('dispute_case')
@Index('ix_dispute_case_village', ['villageId', 'status'])
@Index('ix_dispute_case_registered', ['registeredAt'])
export class DisputeCaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ name: 'village_id', type: 'varchar', length: 32 })
  villageId: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'text' })
  summary: string;

  /** Parties, major flag, the ladder of the policy snapshot. */
  @Column({ type: 'simple-json' })
  details: Record<string, any>;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  /** Current tier, 1-based. */
  @Column({ type: 'integer' })
  tier: number;

  @Column({ type: 'varchar', length: 16 })
  level: string;

  /** When the current step runs out (the tier's time limit); null when nothing is due. */
  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt: Date | null;

  @Column({ name: 'registered_by', type: 'varchar', length: 64 })
  registeredBy: string;

  @Column({ name: 'registered_at', type: 'datetime', precision: 3 })
  registeredAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outcome: string | null;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;
}

/** One line of a case's timeline; the id is deterministic so a retried activity writes it once. */
@Entity('dispute_event')
@Index('ix_dispute_event_case', ['caseId', 'at'])
@Index('ix_dispute_event_type', ['type', 'at'])
export class DisputeEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 191 })
  caseId: string;

  @Column({ name: 'village_id', type: 'varchar', length: 32 })
  villageId: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'integer', nullable: true })
  tier: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 500 })
  message: string;

  @Column({ type: 'simple-json' })
  detail: Record<string, any>;

  /** An escalation's levels (`village`, `town`); null on other events. */
  @Column({ name: 'from_level', type: 'varchar', length: 16, nullable: true })
  fromLevel: string | null;

  @Column({ name: 'to_level', type: 'varchar', length: 16, nullable: true })
  toLevel: string | null;
}
