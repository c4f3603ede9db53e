import { describe, expect, it } from '@jest/globals';
import { REDBLACK_SCHEDULES } from '../../libs/domain/src';
import { ensureRedBlackSchedules } from '../../libs/temporal/src/red-black-schedules';
import { workflowEnv } from '../support/workflow-env';

/** R1: the quarterly schedules are created at worker start, idempotently, against a real dev server. */
describe('red/black quarterly schedules on a dev server', () => {
  const env = workflowEnv({ name: 'schedules', server: 'local' });

  it('R1: creating twice leaves exactly the two schedules, with calendar specs in the town time zone', async () => {
    const first = await ensureRedBlackSchedules(env.client, 'tq-test', 'Asia/Shanghai');
    expect(first).toEqual({ created: [REDBLACK_SCHEDULES.quarterStart, REDBLACK_SCHEDULES.quarterEnd], updated: [] });
    const second = await ensureRedBlackSchedules(env.client, 'tq-test', 'Asia/Shanghai');
    expect(second).toEqual({ created: [], updated: [REDBLACK_SCHEDULES.quarterStart, REDBLACK_SCHEDULES.quarterEnd] });

    const ids: string[] = [];
    for await (const s of env.client.schedule.list()) ids.push(s.scheduleId);
    expect(ids.sort()).toEqual([REDBLACK_SCHEDULES.quarterEnd, REDBLACK_SCHEDULES.quarterStart]);

    const start = await env.client.schedule.getHandle(REDBLACK_SCHEDULES.quarterStart).describe();
    expect(start.spec.timezone).toBe('Asia/Shanghai');
    expect(start.action).toMatchObject({ type: 'startWorkflow', workflowType: 'redBlackQuarterStart', taskQueue: 'tq-test' });
    const local = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).format(d);
    const next = start.info.nextActionTimes.slice(0, 3).map(local);
    for (const t of next) expect(t).toMatch(/^0?1\/(0?1|0?4|0?7|10), 00:05$/);

    const end = await env.client.schedule.getHandle(REDBLACK_SCHEDULES.quarterEnd).describe();
    for (const t of end.info.nextActionTimes.slice(0, 4).map(local)) expect(t).toMatch(/^(31\/0?3|30\/0?6|30\/0?9|31\/12), 18:00$/);

    // a later start with another time zone brings the schedule up to date instead of failing
    await ensureRedBlackSchedules(env.client, 'tq-test', 'UTC');
    expect((await env.client.schedule.getHandle(REDBLACK_SCHEDULES.quarterStart).describe()).spec.timezone).toBe('UTC');
  });
});
