import { ApplicationFailure } from '@temporalio/workflow';
import { hasExpired, UPDATE_EXPIRED } from '../../libs/domain/src';

/**
 * The one expiry check of every Update validator: the API stops waiting at `expiresAt`, so an
 * Update reaching the workflow later is refused instead of applied behind the caller's back.
 */
export function refuseIfExpired(expiresAt: string, what: string): void {
  if (hasExpired(expiresAt, Date.now())) throw ApplicationFailure.nonRetryable(`请求已过期,请重试 / the ${what} arrived too late, try again`, UPDATE_EXPIRED);
}
