import type { ThrottlerStorage } from '@nestjs/throttler';
import { LruMap } from '../../../../libs/domain/src';

/** Clients (addresses, users) counted at once per process; past this the least recently seen is forgotten. */
export const THROTTLED_CLIENTS = 50_000;

interface Window {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

/**
 * The throttler's counters in bounded memory: one fixed window per key, kept in an LRU instead of
 * the default storage's unbounded map (its size is set by how many addresses a flood brings).
 */
export class BoundedThrottlerStorage implements ThrottlerStorage {
  private readonly windows: LruMap<string, Window>;

  constructor(capacity = THROTTLED_CLIENTS) {
    this.windows = new LruMap(capacity);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string, now = Date.now()) {
    const id = `${throttlerName}:${key}`;
    let w = this.windows.get(id);
    if (w && w.blockedUntil > now) return this.record(w, true, now);
    if (!w || w.endsAt <= now) w = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
    w.hits += 1;
    if (w.hits > limit) w.blockedUntil = now + blockDuration;
    this.windows.set(id, w);
    return this.record(w, w.hits > limit, now);
  }

  private record(w: Window, isBlocked: boolean, now: number) {
    return {
      totalHits: w.hits,
      timeToExpire: Math.ceil((w.endsAt - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((w.blockedUntil - now) / 1000) : 0,
    };
  }
}
