import { Injectable } from '@nestjs/common';
import { LruMap } from '../../../../libs/domain/src';

/** Failed logins a (username, address) pair has before it must wait. */
export const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 60_000;
const LONGEST_WAIT_MS = 15 * 60_000;
/** A pair that has not failed for this long starts again from nothing. */
const FORGET_AFTER_MS = 24 * 3600_000;
/** Pairs remembered; past this, the least recently seen is forgotten, so memory stays bounded. */
export const TRACKED_PAIRS = 10_000;

interface Failures {
  count: number;
  last: number;
  waitUntil: number;
}

/**
 * Back-off for failed logins per (username, client address): after FREE_FAILURES failures that
 * pair waits a minute, each further failure doubles the wait up to a quarter of an hour. The same
 * username from another address is not held up, so guessing a password cannot lock its owner out;
 * spraying many usernames from one address is what the login rate limit (RATE_LIMITS.login) stops.
 */
@Injectable()
export class LoginAttempts {
  private readonly pairs = new LruMap<string, Failures>(TRACKED_PAIRS);

  /** Milliseconds this pair must still wait before it may try again; 0 when it may. */
  waitMs(username: string, address: string, now = Date.now()): number {
    const f = this.current(username, address, now);
    return f ? Math.max(0, f.waitUntil - now) : 0;
  }

  fail(username: string, address: string, now = Date.now()): void {
    const count = (this.current(username, address, now)?.count ?? 0) + 1;
    const waitMs = count < FREE_FAILURES ? 0 : Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (count - FREE_FAILURES));
    this.pairs.set(pairKey(username, address), { count, last: now, waitUntil: now + waitMs });
  }

  succeed(username: string, address: string): void {
    this.pairs.delete(pairKey(username, address));
  }

  private current(username: string, address: string, now: number): Failures | undefined {
    const f = this.pairs.get(pairKey(username, address));
    return f && now - f.last < FORGET_AFTER_MS ? f : undefined;
  }
}

/** Usernames compare without case (MySQL's collation does); the address comes as the rate limits count it (clientAddress). */
function pairKey(username: string, address: string): string {
  return JSON.stringify([username.trim().toLowerCase(), address]);
}
