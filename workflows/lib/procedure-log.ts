import { proxyActivities } from '@temporalio/workflow';
import type { ProcedureActivities } from '../../activities/procedure.activities';
import type { ProcedureStart } from '../../libs/domain/src';
import { DB_ACTIVITY } from './activity-options';

const procedures = proxyActivities<ProcedureActivities>(DB_ACTIVITY);

/** Writes a procedure's stage changes to the read model, each once (ids count up deterministically). */
export class ProcedureLog {
  private seq = 0;

  constructor(readonly procedureId: string) {}

  async create(start: Omit<ProcedureStart, 'id'>): Promise<void> {
    await procedures.createProcedure({ id: this.procedureId, ...start });
  }

  async stage(stage: string, message: string, extra: { actorId?: string | null; details?: Record<string, unknown>; detail?: Record<string, unknown> } = {}): Promise<void> {
    this.seq += 1;
    await procedures.changeStage({ procedureId: this.procedureId, eventId: `${this.procedureId}#${this.seq}-${stage}`, stage, message, ...extra });
  }
}
