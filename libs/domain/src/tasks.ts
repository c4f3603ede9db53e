import type { Candidate } from './roles';

export type TaskStatus = 'open' | 'done' | 'cancelled';

/** What a workflow asks the task store to open. The id is `{workflowId}/{step}` so opening twice is harmless. */
export interface TaskSpec {
  id: string;
  kind: string;
  title: string;
  procedureId: string;
  villageId: string | null;
  candidates: Candidate[];
  dueAt: string | null;
  payload: Record<string, unknown>;
}

export interface Actor {
  userId: string;
  username: string;
}

export interface TaskCompletion {
  taskId: string;
  decision: unknown;
  comment?: string;
  actor: Actor;
  /** The API stops waiting after this instant; a completion that reaches the workflow later is refused, not applied behind the caller's back. */
  expiresAt: string;
}

export interface CompletedTask {
  taskId: string;
  kind: string;
  status: 'done';
  decision: unknown;
  completedBy: string;
  completedAt: string;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', username: 'system' };

/**
 * Failure type of an Update that reached its workflow, or of a decision whose commit was reached,
 * after the instant the API stopped waiting (`expiresAt`). Nothing was applied; the API says 503.
 */
export const UPDATE_EXPIRED = 'CompletionExpired';

/** True once `expiresAt` (ISO-8601) has passed, or when it is not a time at all. */
export const hasExpired = (expiresAt: string, now: number): boolean => !(now <= Date.parse(expiresAt));

/** The same decision of the same person: a retry, to be answered like the first, applied once. */
export function sameCompletion(a: { actor: Actor; decision: unknown; comment?: string | null }, b: { actor: Actor; decision: unknown; comment?: string | null }): boolean {
  return a.actor.userId === b.actor.userId && JSON.stringify(a.decision) === JSON.stringify(b.decision) && (a.comment ?? null) === (b.comment ?? null);
}
