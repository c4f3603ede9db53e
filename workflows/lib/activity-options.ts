import type { ActivityOptions } from '@temporalio/workflow';

/**
 * How every activity is retried (issue 9). Activities write or read the database: an outage of
 * minutes must not fail a procedure, so they retry until they succeed, backing off to one attempt
 * a minute. Refusals are non-retryable `ApplicationFailure`s with a type (e.g. `TaskNotOpen`);
 * `TaskConflictError` is listed too, so a store refusal that escapes unwrapped is not retried forever.
 */
export const DB_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['TaskConflictError'],
  },
};
