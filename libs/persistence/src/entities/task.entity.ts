import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TaskStatus } from '../../../domain/src';

@Entity('task')
@Index('ix_task_procedure', ['procedureId'])
@Index('ix_task_completed_by', ['completedBy', 'status'])
export class TaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ name: 'village_id', type: 'varchar', length: 32, nullable: true })
  villageId: string | null;

  @Column({ name: 'procedure_id', type: 'varchar', length: 191 })
  procedureId: string;

  @Column({ type: 'varchar', length: 16 })
  status: TaskStatus;

  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt: Date | null;

  @Column({ type: 'simple-json' })
  payload: Record<string, any>;

  @Column({ type: 'simple-json', nullable: true })
  decision: any;

  @Column({ name: 'decision_comment', type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'completed_by', type: 'varchar', length: 64, nullable: true })
  completedBy: string | null;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
