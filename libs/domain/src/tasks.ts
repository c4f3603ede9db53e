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
