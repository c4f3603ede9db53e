import { durationMs } from './durations';
import type { TaskTiming, TimeoutStep } from './policy';

/** Where a waiting task stands against its timing: all instants in epoch milliseconds. */
export interface DeadlineState {
  openedAt: number;
  dueAt: number | null;
  remindersSent: number;
  stepsApplied: number;
}

export type DeadlineEvent =
  | { type: 'reminder'; at: number }
  | { type: 'timeout'; at: number; step: TimeoutStep };

export function initialDeadline(timing: TaskTiming | null, openedAt: number): DeadlineState {
  return { openedAt, dueAt: timing ? openedAt + durationMs(timing.due) : null, remindersSent: 0, stepsApplied: 0 };
}

function reminderInstants(timing: TaskTiming, openedAt: number): number[] {
  return timing.remindAt.map((d) => openedAt + durationMs(d)).sort((a, b) => a - b);
}

/**
 * The next thing that happens to a task nobody decides: a reminder before it is due, or
 * the next timeout step once it is due. Null when the policy has nothing more to do, and
 * the task then simply stays overdue in the inbox.
 */
export function nextDeadlineEvent(timing: TaskTiming | null, state: DeadlineState): DeadlineEvent | null {
  if (!timing || state.dueAt === null) return null;
  const reminders = reminderInstants(timing, state.openedAt);
  const reminder = reminders[state.remindersSent];
  if (reminder !== undefined && reminder < state.dueAt) return { type: 'reminder', at: reminder };
  const step = timing.onTimeout[state.stepsApplied];
  if (!step) return null;
  return { type: 'timeout', at: state.dueAt, step };
}

/** The state after an event: a reminder counts as sent; a step moves the deadline on by its extension. */
export function afterDeadlineEvent(state: DeadlineState, event: DeadlineEvent): DeadlineState {
  if (event.type === 'reminder') return { ...state, remindersSent: state.remindersSent + 1 };
  const extendBy = event.step.action === 'default' ? null : durationMs(event.step.extendBy);
  return {
    ...state,
    // Reminders that fell past the old deadline are skipped, not replayed late.
    remindersSent: Number.MAX_SAFE_INTEGER,
    stepsApplied: state.stepsApplied + 1,
    dueAt: extendBy === null ? state.dueAt : state.dueAt! + extendBy,
  };
}
