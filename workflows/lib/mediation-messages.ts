import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { UPDATE_EXPIRED, type Actor, type DisputeStatus, type RiskFlag } from '../../libs/domain/src';

export interface RiskSignReport {
  flag: RiskFlag;
  note: string;
  actor: Actor;
  /** The API stops waiting after this instant; a report reaching the workflow later is refused. */
  expiresAt: string;
}

export interface RiskSignRecorded {
  caseId: string;
  flag: RiskFlag;
  seq: number;
  /** The tier (1-based) the case is at, or is moving to, after the sign. */
  tier: number;
  escalated: boolean;
  counselling: boolean;
}

export interface MediationState {
  caseId: string;
  tier: number;
  status: DisputeStatus;
  stage: 'tier' | 'followup' | 'litigation_guidance' | 'closed';
}

/** R10 risk signs (越级访、群体访、扬言报复、情绪极端), reported at any time. */
export const reportRiskUpdate = defineUpdate<RiskSignRecorded, [RiskSignReport]>('reportRisk');
export const mediationStateQuery = defineQuery<MediationState>('mediationState');

export const MEDIATION_FAILURES = {
  closed: 'CaseClosed',
  invalid: 'InvalidRiskSign',
  tooMany: 'TooManyRiskReports',
  expired: UPDATE_EXPIRED,
} as const;
