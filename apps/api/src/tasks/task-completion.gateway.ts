import { Injectable, Logger } from '@nestjs/common';
import {
  ApplicationFailure,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { conflict, invalid, unavailable, type Actor, type CompletedTask } from '../../../../libs/domain/src';
import { TemporalClient } from '../../../../libs/temporal/src';
import { completeTaskUpdate, TASK_FAILURES } from '../../../../workflows/lib/messages';

/**
 * Hands a decision to the workflow as the `completeTask` Update. The update id is derived
 * from the task, so a retried request is applied once; the wait is bounded, so a missing
 * worker gives 503 instead of a hang, and the validator refuses the completion if it
 * reaches the workflow after the caller stopped waiting.
 */
@Injectable()
export class TaskCompletionGateway {
  private readonly logger = new Logger(TaskCompletionGateway.name);

  constructor(private readonly temporal: TemporalClient) {}

  async complete(procedureId: string, taskId: string, decision: unknown, comment: string | undefined, actor: Actor): Promise<CompletedTask> {
    const waitMs = this.temporal.config.temporal.updateWaitMs;
    const expiresAt = new Date(Date.now() + waitMs).toISOString();
    const handle = this.temporal.workflow.getHandle(procedureId);
    try {
      return await this.temporal.client.withDeadline(Date.now() + waitMs, () =>
        handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, decision, comment, actor, expiresAt }], updateId: `${taskId}/complete` }),
      );
    } catch (err) {
      throw this.translate(err, taskId);
    }
  }

  private translate(err: unknown, taskId: string): Error {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const failure = err.cause;
      if (failure.type === TASK_FAILURES.invalidDecision) return invalid(`办理内容有误 / invalid decision: ${failure.message}`);
      if (failure.type === TASK_FAILURES.notOpen) return conflict('该待办已办结 / the task is no longer open');
      if (failure.type === TASK_FAILURES.expired) return unavailable();
    }
    if (err instanceof WorkflowNotFoundError) return conflict('该事项的流程已结束 / the procedure has already ended');
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || err instanceof ServiceError || isGrpcServiceError(err)) {
      this.logger.warn(`completion of ${taskId} did not reach a worker in time: ${(err as Error).message}`);
      return unavailable();
    }
    this.logger.error(`completion of ${taskId} failed: ${(err as Error)?.stack ?? err}`);
    return unavailable();
  }
}
