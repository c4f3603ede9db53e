import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Policy } from '../../../domain/src';

@Entity('policy_version')
export class PolicyEntity {
  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ type: 'simple-json' })
  body: Policy;
}
