import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Read model of a procedure: the workflow writes its stage here through an activity. */
@Entity('procedure')
@Index('ix_procedure_village', ['villageId', 'type'])
export class ProcedureEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ name: 'village_id', type: 'varchar', length: 32, nullable: true })
  villageId: string | null;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ type: 'varchar', length: 32 })
  stage: string;

  @Column({ name: 'started_by', type: 'varchar', length: 64 })
  startedBy: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  @Column({ type: 'simple-json' })
  details: Record<string, any>;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
