import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';

import { REDBLACK_SCHEDULES } from '../../domain/src';

/** The two quarterly schedules of R1: start every village's procedure; check at quarter end. */
export function redBlackScheduleOptions(taskQueue: string, timezone: string): ScheduleOptions[] {
  return [
    {
      scheduleId: REDBLACK_SCHEDULES.quarterStart,
      spec: { calendars: [{ month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], dayOfMonth: 1, hour: 0, minute: 5, comment: '每季度初 / start of each quarter' }], timezone },
      action: { type: 'startWorkflow', workflowType: 'redBlackQuarterStart', workflowId: REDBLACK_SCHEDULES.quarterStart, taskQueue, args: [{}] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
      memo: { purpose: '红黑榜季度评选发起' },
    },
    {
      scheduleId: REDBLACK_SCHEDULES.quarterEnd,
      spec: {
        calendars: [
          { month: ['MARCH', 'DECEMBER'], dayOfMonth: 31, hour: 18, minute: 0, comment: '季度末 / quarter end' },
          { month: ['JUNE', 'SEPTEMBER'], dayOfMonth: 30, hour: 18, minute: 0, comment: '季度末 / quarter end' },
        ],
        timezone,
      },
      action: { type: 'startWorkflow', workflowType: 'redBlackQuarterEnd', workflowId: REDBLACK_SCHEDULES.quarterEnd, taskQueue, args: [{}] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
      memo: { purpose: '红黑榜季度末逾期检查' },
    },
  ];
}

/** Creates the schedules, or brings existing ones to the current spec: safe to run at every worker start. */
export async function ensureRedBlackSchedules(client: Client, taskQueue: string, timezone: string): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  const updated: string[] = [];
  for (const options of redBlackScheduleOptions(taskQueue, timezone)) {
    try {
      await client.schedule.create(options);
      created.push(options.scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(options.scheduleId).update((prev) => ({ ...prev, spec: options.spec, action: options.action as never, policies: { ...prev.policies, ...options.policies } }));
      updated.push(options.scheduleId);
    }
  }
  return { created, updated };
}
