/**
 * Workflow ids are business keys: one procedure per key, found again by it. Running workflows and
 * stored rows hold these strings: a format here never changes.
 */

/** A contract has no business key: its review gets a fresh `key` (a UUID) at submission. */
export const contractReviewWorkflowId = (villageId: string, key: string) => `contract/${villageId}/${key}`;

export const redBlackWorkflowId = (villageId: string, year: number, quarter: number) => `redblack/${villageId}/${year}Q${quarter}`;

export const redlistRewardId = (villageId: string, year: number, quarter: number) => `redlist-reward/${villageId}/${year}Q${quarter}`;

/** The year-end assessment, or with `quarter` one quarter's. */
export const assessmentId = (year: number, quarter?: number) => (quarter ? `assessment/${year}Q${quarter}` : `assessment/${year}`);

export const rewardPlanId = (villageId: string, year: number) => `reward-plan/${villageId}/${year}`;

export const mediationWorkflowId = (caseId: string) => `mediation/${caseId}`;

/** The quarterly schedules of R1 and the workflow each one starts: one id for both. */
export const REDBLACK_SCHEDULES = { quarterStart: 'redblack-quarter-start', quarterEnd: 'redblack-quarter-end' } as const;
