import { describe, expect, it } from '@jest/globals';
import { BoundedThrottlerStorage } from '../../apps/api/src/common/throttler-storage';

const T0 = Date.parse('2026-04-01T08:00:00Z');
const MINUTE = 60_000;

describe('rate-limit counters (issue 9, floods and bad input)', () => {
  it('lets `limit` calls through in a window, refuses the next with the seconds to wait, and opens again after', async () => {
    const storage = new BoundedThrottlerStorage();
    for (let i = 0; i < 3; i++) expect((await storage.increment('k', MINUTE, 3, MINUTE, 'default', T0 + i)).isBlocked).toBe(false);
    const refused = await storage.increment('k', MINUTE, 3, MINUTE, 'default', T0 + 10_000);
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    expect((await storage.increment('k', MINUTE, 3, MINUTE, 'default', T0 + 40_000)).timeToBlockExpire).toBe(30);
    expect((await storage.increment('other', MINUTE, 3, MINUTE, 'default', T0 + 40_000)).isBlocked).toBe(false);
    expect((await storage.increment('k', MINUTE, 3, MINUTE, 'default', T0 + 70_001)).isBlocked).toBe(false);
  });

  it('keeps at most its capacity of clients, forgetting the least recently seen', async () => {
    const storage = new BoundedThrottlerStorage(100);
    for (let i = 0; i < 2; i++) await storage.increment('flooder', MINUTE, 1, MINUTE, 'default', T0);
    expect((await storage.increment('flooder', MINUTE, 1, MINUTE, 'default', T0)).isBlocked).toBe(true);
    for (let i = 0; i < 100; i++) await storage.increment(`client${i}`, MINUTE, 1, MINUTE, 'default', T0);
    expect((await storage.increment('flooder', MINUTE, 1, MINUTE, 'default', T0)).isBlocked).toBe(false);
  });
});
