import { Injectable } from '@nestjs/common';

const WINDOW_MS = 10 * 60_000;
const MAX_FAILURES_PER_USERNAME = 5;
const MAX_FAILURES_PER_ADDRESS = 20;

/**
 * Counts failed logins per username and per client address in a sliding window; past the
 * limit, logins from that address or for that username are refused for the rest of the window.
 */
@Injectable()
export class LoginAttempts {
  private readonly failures = new Map<string, number[]>();

  isBlocked(username: string, address: string, now = Date.now()): boolean {
    return this.count(`u:${username}`, now) >= MAX_FAILURES_PER_USERNAME || this.count(`a:${address}`, now) >= MAX_FAILURES_PER_ADDRESS;
  }

  fail(username: string, address: string, now = Date.now()): void {
    for (const key of [`u:${username}`, `a:${address}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username}`);
  }

  private count(key: string, now: number): number {
    return this.recent(key, now).length;
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }
}
