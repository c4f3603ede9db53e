import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { DEFAULT_POLICY, quarterOf } from '../../libs/domain/src';
import { REDBLACK_SCHEDULES } from '../../libs/domain/src';
import { redBlackScheduleOptions } from '../../libs/temporal/src/red-black-schedules';
import { workflowEnv, type WorkflowActivities } from '../support/workflow-env';

const TZ = 'Asia/Shanghai';

/** Just enough of the activities for a quarter-end run with no villages and the assessment child it starts. */
const activities: Pick<WorkflowActivities, 'quarterContext' | 'overdueVillages' | 'createProcedure' | 'assessmentVillages' | 'quarterIndicators' | 'openTask'> = {
  async quarterContext() {
    return { villageIds: [], policyVersion: 1, policy: DEFAULT_POLICY, timezone: TZ };
  },
  async overdueVillages() {
    return [];
  },
  async createProcedure() {},
  async assessmentVillages() {
    return [];
  },
  async quarterIndicators() {
    return [];
  },
  async openTask() {},
};

/** Issue 9: the quarter-end run closes the quarter it was scheduled for, not the one it happens to run in. */
describe('quarter from the scheduled time, on a dev server', () => {
  const env = workflowEnv({ name: 'schedule-time', server: 'local' });

  it('a backfill of a past quarter end closes that quarter; a start by hand closes the current one', async () => {
    await env.runWorker(activities, async (taskQueue) => {
      const options = redBlackScheduleOptions(taskQueue, TZ).find((o) => o.scheduleId === REDBLACK_SCHEDULES.quarterEnd)!;
      const schedule = await env.client.schedule.create({ ...options, state: { paused: true } });
      // 2025-03-31 18:00 in Shanghai: the end of 2025 Q1, well before today.
      const q1End = new Date('2025-03-31T10:00:00Z');
      await schedule.backfill({ start: new Date(q1End.getTime() - 60_000), end: new Date(q1End.getTime() + 60_000), overlap: ScheduleOverlapPolicy.ALLOW_ALL });
      let workflowId: string | undefined;
      for (let i = 0; i < 200 && !workflowId; i++) {
        const action = (await schedule.describe()).info.recentActions[0];
        workflowId = action?.action.workflow.workflowId;
        if (!workflowId) await new Promise((r) => setTimeout(r, 100));
      }
      expect(workflowId).toBeDefined();
      await expect(env.client.workflow.getHandle(workflowId!).result()).resolves.toEqual({ year: 2025, quarter: 1, overdue: [] });
      await expect(env.client.workflow.getHandle('assessment/2025Q1').describe()).resolves.toMatchObject({ type: 'assessmentQuarter' });

      const byHand = await env.client.workflow.execute('redBlackQuarterEnd', { taskQueue, workflowId: `by-hand-${randomUUID()}`, args: [{}] });
      expect(byHand).toEqual({ ...quarterOf(Date.now(), TZ), overdue: [] });
      await schedule.delete();
    });
  });
});
