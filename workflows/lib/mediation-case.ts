import type { DisputeStatus, RiskFlag } from '../../libs/domain/src';
import type { MediationState } from './mediation-messages';

/**
 * A mediation case's state as the workflow moves it: the tier (0-based) and its deadline, the
 * status and stage, a jump up the ladder a risk sign asked for, and the counters that number its
 * events, sessions and tasks (deterministically, so ids repeat on replay).
 */
export class MediationCase {
  tier = 0;
  tierDeadline = 0;
  status: DisputeStatus = 'open';
  stage: MediationState['stage'] = 'tier';
  registered = false;
  private jumpTo: number | null = null;
  private jumpFlag: RiskFlag | null = null;
  private events = 0;
  private risks = 0;
  private risksTaken = 0;
  private sessionCount = 0;
  private counsellings = 0;
  private followups = 0;

  constructor(readonly caseId: string) {}

  view(): MediationState {
    return { caseId: this.caseId, tier: this.tier + 1, status: this.status, stage: this.stage };
  }

  get closed(): boolean {
    return this.status === 'closed' || this.status === 'referred_to_litigation';
  }

  /** The case is climbing the ladder (not waiting for its follow-up, not past the ladder). */
  get inLadder(): boolean {
    return this.status === 'open' && this.stage === 'tier';
  }

  get sessions(): number {
    return this.sessionCount;
  }

  nextEventId(type: string): string {
    this.events += 1;
    return `${this.caseId}#${this.events}-${type}`;
  }

  nextRisk(): number {
    return ++this.risks;
  }

  nextSession(): number {
    return ++this.sessionCount;
  }

  nextCounselling(): number {
    return ++this.counsellings;
  }

  nextFollowup(): number {
    return ++this.followups;
  }

  /** Whether the case takes one more risk report under the cap. */
  takesRiskReport(cap: number): boolean {
    return this.risksTaken < cap;
  }

  riskReportTaken(): void {
    this.risksTaken += 1;
  }

  /** The tier the case is at, or is about to jump to. */
  get targetTier(): number {
    return Math.max(this.tier, this.jumpTo ?? this.tier);
  }

  /** A risk sign asks to jump to tier `to`: taken when it is above the jump already asked for. */
  jumpRequested(to: number, flag: RiskFlag): void {
    if (to > (this.jumpTo ?? this.tier)) {
      this.jumpTo = to;
      this.jumpFlag = flag;
    }
  }

  get jumpPending(): boolean {
    return this.jumpTo !== null && this.jumpTo > this.tier;
  }

  /** A jump not above the tier the case is at has nothing left to do. */
  dropStaleJump(): void {
    this.jumpTo = null;
  }

  /** The jump asked for (with the sign that asked), cleared. */
  takeJump(): { to: number | null; flag: RiskFlag | null } {
    const jump = { to: this.jumpTo, flag: this.jumpFlag };
    this.jumpTo = null;
    this.jumpFlag = null;
    return jump;
  }

  resolved(): void {
    this.status = 'awaiting_followup';
    this.stage = 'followup';
    this.jumpTo = null;
  }

  /** The agreement was not kept: the tier mediates again, with a fresh time limit. */
  reopened(tierDeadline: number): void {
    this.status = 'open';
    this.stage = 'tier';
    this.jumpTo = null;
    this.tierDeadline = tierDeadline;
  }

  /** Moves the case to tier `to`; returns the tier it came from. */
  escalated(to: number, tierDeadline: number): number {
    const from = this.tier;
    this.tier = to;
    this.tierDeadline = tierDeadline;
    return from;
  }

  ladderExhausted(): void {
    this.stage = 'litigation_guidance';
  }

  close(status: 'closed' | 'referred_to_litigation'): void {
    this.status = status;
    this.stage = 'closed';
  }
}
