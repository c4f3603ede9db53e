import { describe, expect, it } from '@jest/globals';
import { afterDeadlineEvent, DEFAULT_POLICY, initialDeadline, nextDeadlineEvent, type TaskTiming } from '../../libs/domain/src';

const DAY = 86_400_000;
const review = DEFAULT_POLICY.tasks['contract.review'];

function run(timing: TaskTiming, events: number) {
  let state = initialDeadline(timing, 0);
  const seen = [];
  for (let i = 0; i < events; i++) {
    const e = nextDeadlineEvent(timing, state);
    if (!e) break;
    seen.push(e.type === 'reminder' ? { type: e.type, day: e.at / DAY } : { type: e.type, day: e.at / DAY, action: e.step.action });
    state = afterDeadlineEvent(state, e);
  }
  return { seen, state };
}

describe('task timeout rules (human-task protocol, step 2)', () => {
  it('R11 contract review: reminder at P3D, reassigned at P5D, then waits without further steps', () => {
    const { seen, state } = run(review, 10);
    expect(seen).toEqual([
      { type: 'reminder', day: 3 },
      { type: 'timeout', day: 5, action: 'reassign' },
    ]);
    expect(state.dueAt).toBe(10 * DAY);
    expect(nextDeadlineEvent(review, state)).toBeNull();
  });

  it('a task kind without timing never times out', () => {
    expect(initialDeadline(null, 0).dueAt).toBeNull();
    expect(nextDeadlineEvent(null, initialDeadline(null, 0))).toBeNull();
  });

  it('remind-and-extend steps move the deadline each time', () => {
    const timing: TaskTiming = { due: 'P2D', remindAt: [], onTimeout: [{ action: 'remind', extendBy: 'P1D' }, { action: 'remind', extendBy: 'P1D' }] };
    const { seen } = run(timing, 10);
    expect(seen.map((e) => e.day)).toEqual([2, 3]);
  });

  it('a reminder set after the deadline is never sent', () => {
    const timing: TaskTiming = { due: 'P2D', remindAt: ['P3D'], onTimeout: [] };
    expect(run(timing, 10).seen).toEqual([]);
  });

  it('reminders come in order before the deadline, then the default outcome', () => {
    const timing: TaskTiming = { due: 'P5D', remindAt: ['P4D', 'P1D'], onTimeout: [{ action: 'default', decision: { approve: false } }] };
    expect(run(timing, 10).seen).toEqual([
      { type: 'reminder', day: 1 },
      { type: 'reminder', day: 4 },
      { type: 'timeout', day: 5, action: 'default' },
    ]);
  });
});
