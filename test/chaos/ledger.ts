/** Every request of the chaos run that got a 200, with what it said: what must not be lost. */
export interface AckedDecision {
  procedureId: string;
  taskId: string;
  actor: string;
  decision: unknown;
}

export interface AckedVote {
  procedureId: string;
  ballotId: string;
  voter: string;
  choices: { nomineeId: string; choice: 'agree' | 'disagree' | 'abstain' }[];
}

export interface Refusal {
  what: string;
  status: number;
  body: unknown;
}

export class Ledger {
  readonly decisions: AckedDecision[] = [];
  /** The last acknowledged vote of each voter on each ballot. */
  readonly votes = new Map<string, AckedVote>();
  /** 4xx answers the harness did not expect (a step the procedure should have allowed). */
  readonly refusals: Refusal[] = [];
  /** Votes refused as too late after an attempt that got no answer: it may have been the one that closed the ballot. */
  readonly unanswered: Omit<AckedVote, 'choices'>[] = [];
  private acks = 0;

  decided(d: AckedDecision): void {
    this.decisions.push(d);
    this.acks++;
  }

  voted(v: AckedVote): void {
    this.votes.set(`${v.ballotId}|${v.voter}`, v);
    this.acks++;
  }

  refused(r: Refusal): void {
    this.refusals.push(r);
  }

  /** Requests that got a 200. */
  get acknowledged(): number {
    return this.acks;
  }

  votesOn(ballotId: string): AckedVote[] {
    return [...this.votes.values()].filter((v) => v.ballotId === ballotId);
  }

  decisionsOf(procedureId: string): AckedDecision[] {
    return this.decisions.filter((d) => d.procedureId === procedureId);
  }
}
