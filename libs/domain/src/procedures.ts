/** A procedure as its workflow records it in the read model when it starts. */
export interface ProcedureStart {
  id: string;
  type: string;
  villageId: string | null;
  title: string;
  stage: string;
  startedBy: string;
  policyVersion: number;
  details: Record<string, unknown>;
}
