import { Injectable } from '@nestjs/common';
import { conflict, invalid, tooMany, type Actor, type RiskFlag } from '../../../../libs/domain/src';
import { BoundedUpdates, type UpdateFailures } from '../../../../libs/temporal/src';
import { MEDIATION_FAILURES, reportRiskUpdate, type RiskSignRecorded } from '../../../../workflows/lib/mediation-messages';

const RISK_FAILURES: UpdateFailures = {
  [MEDIATION_FAILURES.closed]: () => conflict('该案件已结案 / the case is closed'),
  [MEDIATION_FAILURES.invalid]: (f) => invalid(`风险苗头有误 / invalid risk sign: ${f.message}`),
  [MEDIATION_FAILURES.tooMany]: (f) => tooMany(f.message),
};

/** Hands a risk sign to the case's workflow as the `reportRisk` Update, through the one bounded-Update path. */
@Injectable()
export class MediationRiskGateway {
  constructor(private readonly updates: BoundedUpdates) {}

  report(workflowId: string, flag: RiskFlag, note: string, actor: Actor): Promise<RiskSignRecorded> {
    return this.updates.execute({
      workflowId,
      update: reportRiskUpdate,
      arg: (expiresAt) => ({ flag, note, actor, expiresAt }),
      failures: RISK_FAILURES,
      what: `risk sign on ${workflowId}`,
    });
  }
}
