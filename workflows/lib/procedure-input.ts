import type { Policy } from '../../libs/domain/src';

/** What every procedure workflow is started with: its id, the policy snapshot it runs under, and who started it. */
export interface ProcedureInput {
  procedureId: string;
  policy: Policy;
  policyVersion: number;
  startedBy: string;
}

/** A procedure of one village for one quarter (red/black lists, red-list rewards). */
export interface VillageQuarterInput extends ProcedureInput {
  villageId: string;
  year: number;
  quarter: number;
}
