import type { ProcedureEntity } from '../../../../libs/persistence/src';

/** What GET /api/procedures/:id adds for a red/black procedure, from its read model. */
export function redBlackView(details: ProcedureEntity['details']) {
  return {
    year: details.year ?? null,
    quarter: details.quarter ?? null,
    nominees: details.nominees ?? [],
    ballot: details.ballot ?? null,
    ballots: details.ballots ?? [],
    notice: details.notice ?? null,
    compliant: details.compliant ?? null,
    nonCompliantReasons: details.nonCompliantReasons ?? [],
    overdue: Boolean(details.overdue),
  };
}
