import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One line of a procedure's history; the id is deterministic so a retried activity writes it once. */
@Entity('procedure_event')
@Index('ix_procedure_event_procedure', ['procedureId', 'at'])
export class ProcedureEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ name: 'procedure_id', type: 'varchar', length: 191 })
  procedureId: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 500 })
  message: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ type: 'simple-json' })
  detail: Record<string, any>;
}
