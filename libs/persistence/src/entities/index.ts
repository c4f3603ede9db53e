import { AuditEntity } from './audit.entity';
import { AssessmentResultEntity, AssessmentScoreEntity, RedlistRewardEntity, RewardPaymentEntity } from './assessment.entity';
import { DisputeCaseEntity, DisputeEventEntity } from './dispute.entity';
import { PolicyEntity } from './policy.entity';
import { BallotEntity, ListEntryEntity, NoticeEntity, ObjectionEntity, VoteEntity } from './red-black.entity';
import { ProcedureEventEntity } from './procedure-event.entity';
import { ProcedureEntity } from './procedure.entity';
import { TaskCandidateEntity } from './task-candidate.entity';
import { TaskEntity } from './task.entity';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';
import { VillageEntity } from './village.entity';

export {
  AuditEntity,
  DisputeCaseEntity,
  DisputeEventEntity,
  PolicyEntity,
  ProcedureEventEntity,
  ProcedureEntity,
  TaskCandidateEntity,
  TaskEntity,
  UserRoleEntity,
  UserEntity,
  VillageEntity,
  BallotEntity,
  VoteEntity,
  NoticeEntity,
  ObjectionEntity,
  ListEntryEntity,
  AssessmentScoreEntity,
  AssessmentResultEntity,
  RewardPaymentEntity,
  RedlistRewardEntity,
};

export const ENTITIES = [
  AuditEntity,
  DisputeCaseEntity,
  DisputeEventEntity,
  PolicyEntity,
  ProcedureEventEntity,
  ProcedureEntity,
  TaskCandidateEntity,
  TaskEntity,
  UserRoleEntity,
  UserEntity,
  VillageEntity,
  BallotEntity,
  VoteEntity,
  NoticeEntity,
  ObjectionEntity,
  ListEntryEntity,
  AssessmentScoreEntity,
  AssessmentResultEntity,
  RewardPaymentEntity,
  RedlistRewardEntity,
];
