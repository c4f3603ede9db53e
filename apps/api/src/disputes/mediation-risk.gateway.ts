import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { conflict, invalid, unavailable, type Actor, type RiskFlag } from '../../../../libs/domain/src';
import { TemporalClient } from '../../../../libs/temporal/src';
import { MEDIATION_FAILURES, reportRiskUpdate, type RiskSignRecorded } from '../../../../workflows/lib/mediation-messages';

/** Hands a risk sign to the case's workflow as the `reportRisk` Update, with a bounded wait (503 when no worker answers). */
@Injectable()
export class MediationRiskGateway {
  private readonly logger = new Logger(MediationRiskGateway.name);

  constructor(private readonly temporal: TemporalClient) {}

  async report(workflowId: string, flag: RiskFlag, note: string, actor: Actor): Promise<RiskSignRecorded> {
    const waitMs = this.temporal.config.temporal.updateWaitMs;
    const expiresAt = new Date(Date.now() + waitMs).toISOString();
    const handle = this.temporal.workflow.getHandle(workflowId);
    try {
      return await this.temporal.client.withDeadline(Date.now() + waitMs, () =>
        handle.executeUpdate(reportRiskUpdate, { args: [{ flag, note, actor, expiresAt }], updateId: `risk/${randomUUID()}` }),
      );
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        if (err.cause.type === MEDIATION_FAILURES.closed) return Promise.reject(conflict('该案件已结案 / the case is closed'));
        if (err.cause.type === MEDIATION_FAILURES.invalid) return Promise.reject(invalid(`风险苗头有误 / invalid risk sign: ${err.cause.message}`));
      }
      if (err instanceof WorkflowNotFoundError) return Promise.reject(conflict('该案件的流程已结束 / the case has ended'));
      this.logger.warn(`risk sign on ${workflowId} did not reach a worker in time: ${(err as Error)?.message}`);
      return Promise.reject(unavailable());
    }
  }
}
