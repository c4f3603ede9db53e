import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Role } from '../../../domain/src';
import type { UserEntity } from './user.entity';

/** A role held in a village, or in the town when scope is '*'. */
@Entity('user_role')
@Index('ix_user_role_scope', ['role', 'scope'])
export class UserRoleEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  role: Role;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  scope: string;

  @ManyToOne('UserEntity', 'roles', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_role_user' })
  user: UserEntity;
}
