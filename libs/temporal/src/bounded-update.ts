import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApplicationFailure,
  defaultGrpcRetryOptions,
  isGrpcServiceError,
  makeGrpcRetryInterceptor,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type ConnectionOptions,
  type UpdateDefinition,
} from '@temporalio/client';
import { AppError, conflict, tooMany, unavailable, UPDATE_EXPIRED } from '../../domain/src';
import { TemporalClient } from './temporal-client';

/**
 * How long past `expiresAt` the API keeps waiting: a commit that started just before
 * `expiresAt` can still finish, and the worker's clock may run a little behind the API's. After
 * that the store refuses the decision, so a wait that times out means "not applied, and never".
 */
export const COMMIT_GRACE_MS = 2_000;

/**
 * Updates this process keeps in flight per workflow; the rest wait their turn in order. Temporal
 * refuses more than 10 per workflow, and a refused burst retried by many callers only adds load.
 */
export const UPDATES_IN_FLIGHT_PER_WORKFLOW = 8;

/** gRPC codes retried within the bound: the workflow's in-flight Update limit (10), and the server out of reach. */
const RESOURCE_EXHAUSTED = 8;
const UNAVAILABLE = 14;

/** The workflow's refusals (ApplicationFailure types of the validator or handler) as the caller's AppErrors. */
export type UpdateFailures = Readonly<Record<string, (failure: ApplicationFailure) => AppError>>;

export interface BoundedUpdateRequest<Ret, Arg> {
  workflowId: string;
  update: UpdateDefinition<Ret, [Arg]>;
  /** The Update's argument, carrying the instant after which the workflow refuses it. */
  arg: (expiresAt: string) => Arg;
  failures: UpdateFailures;
  /** For the logs, e.g. `vote on redblack/v01/2026Q1/ballot-1`. */
  what: string;
}

/**
 * The one path for the API's Temporal Updates. Each request gets its own update id (a retry by
 * the user is a new request; the workflow's validator recognises it), the wait is bounded by
 * `UPDATE_WAIT_MS` plus the commit grace, and the outcome is an answer or an AppError:
 * - the workflow's refusals through the caller's table; expired ones (UPDATE_EXPIRED) are 503;
 * - too many Updates in flight on the workflow: retried with jittered back-off until
 *   `expiresAt`, then 429 (it was never admitted, so nothing was applied);
 * - the server unreachable: retried with the same update id until the bound, then 503;
 * - the workflow gone: 409; the wait timed out: 503.
 */
@Injectable()
export class BoundedUpdates {
  private readonly logger = new Logger(BoundedUpdates.name);
  private readonly gate = new WorkflowGate(UPDATES_IN_FLIGHT_PER_WORKFLOW);

  constructor(private readonly temporal: TemporalClient) {}

  async execute<Ret, Arg>(req: BoundedUpdateRequest<Ret, Arg>): Promise<Ret> {
    const expiresAt = Date.now() + this.temporal.config.temporal.updateWaitMs;
    if (!(await this.gate.enter(req.workflowId, expiresAt))) throw busy(req.what, this.logger);
    try {
      return await this.send(req, expiresAt);
    } finally {
      this.gate.leave(req.workflowId);
    }
  }

  private async send<Ret, Arg>(req: BoundedUpdateRequest<Ret, Arg>, expiresAt: number): Promise<Ret> {
    const deadline = expiresAt + COMMIT_GRACE_MS;
    const args: [Arg] = [req.arg(new Date(expiresAt).toISOString())];
    const updateId = randomUUID();
    const handle = this.temporal.workflow.getHandle(req.workflowId);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.temporal.client.withDeadline(deadline, () => handle.executeUpdate(req.update, { args, updateId }));
      } catch (err) {
        const code = grpcCode(err);
        if (code === RESOURCE_EXHAUSTED || code === UNAVAILABLE) {
          const pause = backoffMs(attempt);
          if (Date.now() + pause < (code === RESOURCE_EXHAUSTED ? expiresAt : deadline)) {
            await sleep(pause);
            continue;
          }
          if (code === RESOURCE_EXHAUSTED) throw busy(req.what, this.logger);
        }
        throw this.translate(err, req);
      }
    }
  }

  private translate(err: unknown, req: { what: string; failures: UpdateFailures }): AppError {
    if (err instanceof AppError) return err;
    if (err instanceof WorkflowUpdateFailedError) {
      const failure = err.cause;
      if (failure instanceof ApplicationFailure && failure.type) {
        if (failure.type === UPDATE_EXPIRED) return unavailable();
        const mapped = req.failures[failure.type];
        if (mapped) return mapped(failure);
      }
      this.logger.error(`${req.what} failed in the workflow: ${failure?.message ?? err.message}`);
      return unavailable();
    }
    if (err instanceof WorkflowNotFoundError) return conflict('该事项的流程已结束 / the procedure has already ended');
    this.logger.warn(`${req.what} got no answer in time: ${(err as Error)?.message ?? err}`);
    return unavailable();
  }
}

/** 429: the Update was never admitted (nothing applied); the caller may simply try again. */
function busy(what: string, logger: Logger): AppError {
  logger.warn(`${what}: too many Updates in flight on the workflow until the wait ran out`);
  return tooMany('同时提交的人太多,请稍后重试 / too many requests on this procedure at once, try again shortly');
}

/** At most `limit` holders per key; the others wait in arrival order until their own time runs out. */
class WorkflowGate {
  private readonly keys = new Map<string, { active: number; waiting: ((entered: boolean) => void)[] }>();

  constructor(private readonly limit: number) {}

  enter(key: string, until: number): Promise<boolean> {
    const k = this.keys.get(key) ?? { active: 0, waiting: [] };
    this.keys.set(key, k);
    if (k.active < this.limit) {
      k.active += 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        k.waiting.splice(k.waiting.indexOf(wake), 1);
        resolve(false);
      }, Math.max(0, until - Date.now()));
      const wake = (entered: boolean) => {
        clearTimeout(timer);
        resolve(entered);
      };
      k.waiting.push(wake);
    });
  }

  /** Hands the slot to the next one waiting, if any. */
  leave(key: string): void {
    const k = this.keys.get(key);
    if (!k) return;
    const next = k.waiting.shift();
    if (next) return next(true);
    k.active -= 1;
    if (k.active === 0) this.keys.delete(key);
  }
}

/** Full jitter over a doubling window (25 ms … 1 s), so a burst of refused Updates spreads out. */
function backoffMs(attempt: number): number {
  return 5 + Math.random() * Math.min(1_000, 25 * 2 ** attempt);
}

function grpcCode(err: unknown): number | undefined {
  for (let e = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

/**
 * The client connection's gRPC interceptors: the SDK's default retry for every call except
 * UpdateWorkflowExecution. That one BoundedUpdates retries itself: the SDK backs off 1 s and more
 * on RESOURCE_EXHAUSTED (the in-flight Update limit) with little jitter, so a burst of votes
 * retries in herds and outlasts the Update's wait.
 */
export function clientInterceptors(): NonNullable<ConnectionOptions['interceptors']> {
  const retry = makeGrpcRetryInterceptor(defaultGrpcRetryOptions());
  type Call = ReturnType<typeof retry>;
  return [(options, nextCall) => (options.method_definition.path.endsWith('/UpdateWorkflowExecution') ? (nextCall(options) as Call) : retry(options, nextCall))];
}
