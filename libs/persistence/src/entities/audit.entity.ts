import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
@Index('ix_audit_procedure', ['procedureId'])
export class AuditEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ name: 'actor_id', type: 'varchar', length: 64 })
  actorId: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'procedure_id', type: 'varchar', length: 191, nullable: true })
  procedureId: string | null;

  @Column({ name: 'task_id', type: 'varchar', length: 191, nullable: true })
  taskId: string | null;

  @Column({ type: 'simple-json' })
  detail: Record<string, any>;
}
