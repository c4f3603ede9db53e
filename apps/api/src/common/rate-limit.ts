import { applyDecorators, Injectable, UseGuards, type ExecutionContext } from '@nestjs/common';
import { normalizeIp, Throttle, ThrottlerGuard, type ThrottlerGetTrackerFunction, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { tooMany } from '../../../../libs/domain/src';

type Tracker = (req: Parameters<ThrottlerGetTrackerFunction>[0]) => string;

/** The client as limits count it: Express's req.ip (which honours TRUST_PROXY); an IPv6 client by its /64. */
export const clientAddress = (ip: string): string => normalizeIp(ip);

const byAddress: Tracker = (req) => `ip:${clientAddress(req.ip)}`;
/** The signed-in user (the route's guard has run: req.user is set), else the address. */
const byUser: Tracker = (req) => (req.user?.id ? `user:${req.user.id}` : byAddress(req));

const MINUTE = 60_000;

/**
 * Limits per route, set well above what a town does in normal use (a representatives' assembly of
 * 30 voting at once counts per user; a village hall's shared address logging everyone in counts
 * per address), so that only floods and guessing are stopped. Past the limit the client waits
 * `ttl` before it may try again (429 with Retry-After).
 */
export const RATE_LIMITS = {
  /** Guessing one user's password is slowed by LoginAttempts; this stops spraying from one address. */
  login: { limit: 100, ttl: MINUTE, getTracker: byAddress },
  /** PUT /api/ballots/:id/votes/me: casting and changing one's own vote. */
  vote: { limit: 30, ttl: MINUTE, getTracker: byUser },
  /** POST /api/disputes/:id/risk. */
  risk: { limit: 20, ttl: MINUTE, getTracker: byUser },
  /** POST /api/public/notices/:id/objections: no login, so per address. */
  objection: { limit: 20, ttl: 60 * MINUTE, getTracker: byAddress },
} as const;

/** Counts a route's calls under its entry in RATE_LIMITS; over the limit, 429 in the house error shape. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw tooMany(`请求过于频繁,请 ${detail.timeToBlockExpire} 秒后再试 / too many requests, try again in ${detail.timeToBlockExpire} seconds`, detail.timeToBlockExpire);
  }
}

export const RateLimit = (name: keyof typeof RATE_LIMITS) => applyDecorators(UseGuards(RateLimitGuard), Throttle({ default: RATE_LIMITS[name] }));
