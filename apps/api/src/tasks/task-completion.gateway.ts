import { Injectable } from '@nestjs/common';
import { conflict, invalid, type Actor, type AppError, type CompletedTask } from '../../../../libs/domain/src';
import { BoundedUpdates, type UpdateFailures } from '../../../../libs/temporal/src';
import { completeTaskUpdate, TASK_FAILURES, type DecidedByOtherDetails } from '../../../../workflows/lib/messages';

/** 409 naming who decided the task (their username). */
export const alreadyDecidedBy = (username: string): AppError => conflict(`该待办已由 ${username} 办理 / already decided by ${username}`);

const COMPLETION_FAILURES: UpdateFailures = {
  [TASK_FAILURES.invalidDecision]: (f) => invalid(`办理内容有误 / invalid decision: ${f.message}`),
  [TASK_FAILURES.notOpen]: () => conflict('该待办已办结 / the task is no longer open'),
  [TASK_FAILURES.decidedByOther]: (f) => alreadyDecidedBy(((f.details ?? []) as Partial<DecidedByOtherDetails>)[0]?.username ?? '?'),
};

/** Hands a decision to the workflow as the `completeTask` Update, through the one bounded-Update path. */
@Injectable()
export class TaskCompletionGateway {
  constructor(private readonly updates: BoundedUpdates) {}

  complete(procedureId: string, taskId: string, decision: unknown, comment: string | undefined, actor: Actor): Promise<CompletedTask> {
    return this.updates.execute({
      workflowId: procedureId,
      update: completeTaskUpdate,
      arg: (expiresAt) => ({ taskId, decision, comment, actor, expiresAt }),
      failures: COMPLETION_FAILURES,
      what: `completion of ${taskId}`,
    });
  }
}
