import { Injectable } from '@nestjs/common';

const WINDOW_MS = 10 * 60_000;
const MAX_PER_ADDRESS = 10;

/** Public objections per client address in a sliding window (R5 is open to anyone, so it is rate-limited). */
@Injectable()
export class ObjectionLimiter {
  private readonly hits = new Map<string, number[]>();

  /** Counts the attempt; false when the address is over the limit. */
  take(address: string, now = Date.now()): boolean {
    const kept = (this.hits.get(address) ?? []).filter((t) => now - t < WINDOW_MS);
    if (kept.length >= MAX_PER_ADDRESS) {
      this.hits.set(address, kept);
      return false;
    }
    kept.push(now);
    this.hits.set(address, kept);
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (!v.some((t) => now - t < WINDOW_MS)) this.hits.delete(k);
    return true;
  }
}
