import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { notFound, unavailable, type RequestBody } from '../../../../libs/domain/src';
import { ProcedureStore, TaskStore } from '../../../../libs/persistence/src';
import { contractReviewId, TemporalClient } from '../../../../libs/temporal/src';
import type { contractReview } from '../../../../workflows/contract-review.workflow';
import type { AuthUser } from '../auth/current-user';
import { redBlackView } from '../red-black/red-black-view';
import { ProcedureStarter } from './procedure-starter';

@Injectable()
export class ProceduresService {
  constructor(
    private readonly temporal: TemporalClient,
    private readonly starter: ProcedureStarter,
    private readonly procedures: ProcedureStore,
    private readonly tasks: TaskStore,
  ) {}

  /** R11: a village contract goes to the legal adviser; who may submit it: the access table. */
  async startContractReview(user: AuthUser, contract: RequestBody<'contractStart'>): Promise<{ procedureId: string }> {
    await this.starter.requireVillage(contract.villageId);
    const procedureId = contractReviewId(contract.villageId);
    await this.starter.start<typeof contractReview>('contractReview', {
      workflowId: procedureId,
      args: (starting) => [{ procedureId, ...starting, submitter: { userId: user.id, username: user.username }, contract }],
    });
    return { procedureId };
  }

  /** Who may read a procedure's internals, by its type: the access table. */
  async get(procedureId: string) {
    const found = await this.procedures.get(procedureId);
    if (!found) return this.starting(procedureId);
    const { procedure, history } = found;
    const tasks = await this.tasks.listByProcedure(procedureId);
    return {
      procedureId: procedure.id,
      type: procedure.type,
      stage: procedure.stage,
      villageId: procedure.villageId,
      title: procedure.title,
      policyVersion: procedure.policyVersion,
      details: procedure.details,
      startedBy: procedure.startedBy,
      createdAt: procedure.createdAt.toISOString(),
      updatedAt: procedure.updatedAt.toISOString(),
      ...(procedure.type === 'red-black' ? redBlackView(procedure.details) : {}),
      history: history.map((e) => ({ at: e.at.toISOString(), type: e.type, message: e.message, actorId: e.actorId, detail: e.detail })),
      tasks: tasks.map((t) => ({ id: t.id, kind: t.kind, title: t.title, status: t.status, dueAt: t.dueAt?.toISOString() ?? null, completedBy: t.completedBy, completedAt: t.completedAt?.toISOString() ?? null })),
    };
  }

  /** A procedure whose workflow has started but not yet written its first record. */
  private async starting(procedureId: string) {
    try {
      const d = await this.temporal.workflow.getHandle(procedureId).describe();
      return { procedureId, type: d.type, stage: 'starting', history: [], tasks: [] };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw notFound(`没有这个事项 / no procedure ${procedureId}`);
      throw unavailable();
    }
  }
}
