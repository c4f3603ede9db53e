import { AuditEntity } from './audit.entity';
import { PolicyEntity } from './policy.entity';
import { ProcedureEventEntity } from './procedure-event.entity';
import { ProcedureEntity } from './procedure.entity';
import { TaskCandidateEntity } from './task-candidate.entity';
import { TaskEntity } from './task.entity';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';
import { VillageEntity } from './village.entity';

export {
  AuditEntity,
  PolicyEntity,
  ProcedureEventEntity,
  ProcedureEntity,
  TaskCandidateEntity,
  TaskEntity,
  UserRoleEntity,
  UserEntity,
  VillageEntity,
};

export const ENTITIES = [
  AuditEntity,
  PolicyEntity,
  ProcedureEventEntity,
  ProcedureEntity,
  TaskCandidateEntity,
  TaskEntity,
  UserRoleEntity,
  UserEntity,
  VillageEntity,
];
