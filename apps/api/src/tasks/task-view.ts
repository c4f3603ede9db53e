import type { Candidate } from '../../../../libs/domain/src';
import type { TaskEntity } from '../../../../libs/persistence/src';

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
