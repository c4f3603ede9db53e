import type { SchemaObject } from '@nestjs/swagger';
import type { Candidate } from '../../../../libs/domain/src';
import type { TaskEntity } from '../../../../libs/persistence/src';
import { anyObject, arrayOf, bool, int, nullable, objectOf, str, time } from '../common/api-docs';

export function taskView(t: TaskEntity, now = Date.now()) {
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    villageId: t.villageId,
    procedureId: t.procedureId,
    status: t.status,
    dueAt: t.dueAt?.toISOString() ?? null,
    overdue: t.status === 'open' && t.dueAt !== null && t.dueAt.getTime() < now,
    payload: t.payload,
    decision: t.decision ?? null,
    comment: t.comment,
    completedBy: t.completedBy,
    completedAt: t.completedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}

export function taskDetailView(t: TaskEntity, candidates: Candidate[]) {
  return { ...taskView(t), candidates };
}

export const TASK_SCHEMA = objectOf({
  id: str,
  kind: str,
  title: str,
  villageId: nullable(str),
  procedureId: str,
  status: { type: 'string', enum: ['open', 'done', 'cancelled'] },
  dueAt: nullable(time),
  overdue: bool,
  payload: anyObject,
  decision: nullable(anyObject),
  comment: nullable(str),
  completedBy: nullable(str),
  completedAt: nullable(time),
  createdAt: time,
});

export const TASK_DETAIL_SCHEMA: SchemaObject = { allOf: [TASK_SCHEMA, objectOf({ candidates: arrayOf(anyObject) })] };

export const INBOX_SCHEMA = objectOf({ items: arrayOf(TASK_SCHEMA), total: int });
