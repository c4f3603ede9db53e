import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TaskStatus } from '../../../domain/src';

/**
 * Who may act on a task: a role in a scope (village id, or '*' for the town), or one user
 * (role 'USER', scope = user id). Status, due, kind and village are copied here so the inbox is
 * index-only: each candidate key's open (or done) tasks are one range of ix_task_candidate_inbox,
 * already in inbox order (sort_due, task_id), with the kind and village filters in the index too;
 * the inbox total counts the same range in the narrower ix_task_candidate_count.
 */
@Entity('task_candidate')
@Index('ix_task_candidate_inbox', ['role', 'scope', 'status', 'sortDue', 'taskId', 'kind', 'villageId'])
@Index('ix_task_candidate_count', ['role', 'scope', 'status'])
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
