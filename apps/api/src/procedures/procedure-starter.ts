import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Workflow } from '@temporalio/client';
import { conflict, invalid, unavailable, type Policy } from '../../../../libs/domain/src';
import { PolicyStore, UserDirectory } from '../../../../libs/persistence/src';
import { TemporalClient } from '../../../../libs/temporal/src';

/** The policy a procedure starts under: it keeps this version to its end. */
export interface StartingPolicy {
  policy: Policy;
  policyVersion: number;
}

export interface ProcedureStart<W extends Workflow> {
  workflowId: string;
  args: (starting: StartingPolicy) => Parameters<W>;
  /** The 409 message when a workflow of this id runs or ran already; without it, any failure to start is a 503. */
  alreadyExists?: string;
  memo?: Record<string, unknown>;
}

/** Starts procedures' workflows by name under the current policy: the one way the API starts one. */
@Injectable()
export class ProcedureStarter {
  constructor(
    private readonly temporal: TemporalClient,
    private readonly policies: PolicyStore,
    private readonly users: UserDirectory,
  ) {}

  /** A procedure names an existing village, or the request is refused (400). */
  async requireVillage(villageId: string): Promise<void> {
    if (!(await this.users.villageExists(villageId))) throw invalid(`没有这个村 / unknown village ${villageId}`);
  }

  async start<W extends Workflow>(workflowType: string, spec: ProcedureStart<W>): Promise<void> {
    const { version, policy } = await this.policies.current();
    const args: unknown[] = spec.args({ policy, policyVersion: version });
    try {
      // Started by name: `spec.args` is checked against W where the caller names it.
      await this.temporal.workflow.start<Workflow>(workflowType, {
        workflowId: spec.workflowId,
        taskQueue: this.temporal.config.temporal.taskQueue,
        memo: spec.memo,
        ...(spec.alreadyExists ? { workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE } : {}),
        args,
      });
    } catch (err) {
      if (spec.alreadyExists && err instanceof WorkflowExecutionAlreadyStartedError) throw conflict(spec.alreadyExists);
      throw unavailable();
    }
  }
}
