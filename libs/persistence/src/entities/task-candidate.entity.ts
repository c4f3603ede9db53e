import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TaskStatus } from '../../../domain/src';

/**
 * Who may act on a task: a role in a scope (village id, or '*' for the town), or one user
 * (role 'USER', scope = user id). Status and due are copied here so the inbox is one index scan.
 */
@Entity('task_candidate')
@Index('ix_task_candidate_inbox', ['role', 'scope', 'status', 'sortDue'])
export class TaskCandidateEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 191 })
  taskId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  role: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  scope: string;

  @Column({ type: 'varchar', length: 16 })
  status: TaskStatus;

  /** Due time for ordering; tasks without a deadline sort last. */
  @Column({ name: 'sort_due', type: 'datetime', precision: 3 })
  sortDue: Date;

  @Column({ name: 'village_id', type: 'varchar', length: 32, nullable: true })
  villageId: string | null;

  @Column({ type: 'varchar', length: 64 })
  kind: string;
}
