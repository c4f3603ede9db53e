import { ApplicationFailure } from '@temporalio/workflow';
import { choicesRefusal, voteKey, type BallotResult, type Compliance, type Nominee, type RedBlackStage, type VoteChoices } from '../../libs/domain/src';
import { REDBLACK_FAILURES } from './red-black-messages';

export type Fate = 'nominated' | 'approved' | 'rejected' | 'on_ballot' | 'passed' | 'failed' | 'removed' | 'listed';

export interface ObjectionEntry {
  objectionId: string;
  taskId: string;
  outcome: 'open' | 'upheld' | 'dismissed';
  reason: string | null;
}

export interface NomineeState extends Nominee {
  fate: Fate;
  discussion: { approve: boolean; reason: string | null } | null;
  vote: { agree: number; disagree: number; abstain: number; passed: boolean } | null;
  objections: ObjectionEntry[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const refuse = (message: string, type: string) => ApplicationFailure.nonRetryable(message, type);

/** R4: one round of the representatives' vote, from opening to its result. */
export class Ballot {
  readonly voters: Set<string>;
  readonly votes = new Map<string, VoteChoices>();
  /** Each voter's latest vote taken (recorded or being recorded) and how often they changed it. */
  private readonly submitted = new Map<string, { key: string; changes: number }>();
  private inFlight = 0;
  accepting = true;
  closed = false;
  extended = false;
  result: BallotResult | null = null;
  /** What the procedure's details show of this ballot. */
  readonly entry: { id: string; round: number; closesAt: string; status: 'open' | 'closed'; result: BallotResult | null };

  constructor(
    readonly id: string,
    readonly round: number,
    readonly nomineeIds: string[],
    voters: readonly string[],
    public closesAt: number,
  ) {
    this.voters = new Set(voters);
    this.entry = { id, round, closesAt: iso(closesAt), status: 'open', result: null };
  }

  /** Throws the refusal of a vote this ballot does not take; `maxChanges`: how often a voter may change their vote. */
  refuseVote(voterId: string, choices: VoteChoices, maxChanges: number): void {
    if (!this.voters.has(voterId)) throw refuse('您不是本次投票的村民代表 / you are not a representative on this ballot', REDBLACK_FAILURES.notEligible);
    const refusal = choicesRefusal(choices, this.nomineeIds);
    if (refusal) throw refuse(refusal, REDBLACK_FAILURES.invalidChoices);
    const before = this.submitted.get(voterId);
    if (before && before.key !== voteKey(choices) && before.changes >= maxChanges) {
      throw refuse(`投票修改次数过多,每次投票最多修改${maxChanges}次 / too many changes: a vote may be changed at most ${maxChanges} times`, REDBLACK_FAILURES.tooManyChanges);
    }
  }

  isOpen(ballotId: string): boolean {
    return this.id === ballotId && this.accepting && !this.closed;
  }

  /** A vote is being recorded: it counts as the voter's latest, and the ballot does not close before it is stored. */
  voteTaken(voterId: string, choices: VoteChoices): void {
    const key = voteKey(choices);
    const before = this.submitted.get(voterId);
    this.submitted.set(voterId, { key, changes: (before?.changes ?? 0) + (before && before.key !== key ? 1 : 0) });
    this.inFlight += 1;
  }

  /** The vote taken is stored (`recorded`: the choices stored) or failed (null). */
  voteDone(voterId: string, recorded: VoteChoices | null): void {
    if (recorded) this.votes.set(voterId, recorded);
    this.inFlight -= 1;
  }

  get recording(): boolean {
    return this.inFlight > 0;
  }

  allVoted(): boolean {
    return this.voters.size > 0 && this.votes.size >= this.voters.size;
  }

  missing(): string[] {
    return [...this.voters].filter((u) => !this.votes.has(u));
  }

  /** The ballot's time is up: votes arriving now are refused, those being recorded still count. */
  stopTaking(): void {
    this.accepting = false;
  }

  /** The one extension after a failed quorum (R4). */
  extend(closesAt: number): void {
    this.extended = true;
    this.closesAt = closesAt;
    this.accepting = true;
    this.entry.closesAt = iso(closesAt);
  }

  close(result: BallotResult): void {
    this.closed = true;
    this.result = result;
  }

  /** The result is stored: the details show the ballot closed. */
  closeRecorded(): void {
    this.entry.status = 'closed';
    this.entry.result = this.result;
  }
}

/** R5: the public notice of the vote's result and the objections it takes. */
export class Notice {
  accepting = true;
  /** An objectionsFiled signal came since the last batch was taken. */
  filed = false;
  status: 'open' | 'closed' = 'open';
  private batches = 0;
  private taken = 0;
  /** Objections filed as Updates (the retired path): they number their review steps. */
  private updates = 0;

  constructor(
    readonly id: string,
    readonly endsAt: number,
    readonly nomineeIds: string[],
    /** rows: the API stores objections, the workflow takes them in batches; update: the retired path of runs whose notice opened before. */
    readonly intake: 'rows' | 'update',
    /** The notice's cap: rows beyond it (the API refuses them) are never taken. */
    readonly cap: number,
  ) {}

  /** How many rows the next batch may take: at most `batchSize`, never beyond the cap. */
  nextLimit(batchSize: number): number {
    return Math.max(0, Math.min(batchSize, this.cap - this.taken));
  }

  /** The number the next batch is taken under (a retried batch takes the same rows again). */
  get nextBatch(): number {
    return this.batches + 1;
  }

  batchTaken(size: number): void {
    if (size) this.batches += 1;
    this.taken += size;
  }

  /** The review step of the next objection filed as an Update. */
  nextUpdateStep(): string {
    this.updates += 1;
    return `objection-${this.updates}`;
  }

  takesUpdate(noticeId: string, now: number): boolean {
    return this.id === noticeId && this.accepting && now < this.endsAt;
  }

  view() {
    return { id: this.id, endsAt: iso(this.endsAt), status: this.status };
  }
}

/** A red/black procedure's state: its nominees and their fates, the ballots, the notice, and what the procedure's details show. */
export class RedBlackState {
  readonly nominees = new Map<string, NomineeState>();
  readonly ballots: Ballot[] = [];
  notice: Notice | null = null;
  stage: RedBlackStage = 'nomination';
  shortfall: string | null = null;
  compliance: Compliance | null = null;

  constructor(
    readonly year: number,
    readonly quarter: number,
  ) {}

  get ballot(): Ballot | null {
    return this.ballots.at(-1) ?? null;
  }

  /** The ballot an accepted vote is for (its validator checked it is open). */
  openBallot(): Ballot {
    const b = this.ballot;
    if (!b) throw new Error('no ballot is open');
    return b;
  }

  /** The notice an accepted objection is for (its validator checked it is open). */
  openNotice(): Notice {
    if (!this.notice) throw new Error('no notice is open');
    return this.notice;
  }

  nominate(nominees: readonly Nominee[], shortfall: string | null): void {
    for (const n of nominees) this.nominees.set(n.nomineeId, { ...n, fate: 'nominated', discussion: null, vote: null, objections: [] });
    this.shortfall = shortfall;
  }

  /** The committees' decision on one nominee. */
  discussed(nomineeId: string, approve: boolean, reason: string | null): void {
    const n = this.nominee(nomineeId);
    n.discussion = { approve, reason };
    n.fate = approve ? 'approved' : 'rejected';
  }

  withFate(fate: Fate): NomineeState[] {
    return [...this.nominees.values()].filter((n) => n.fate === fate);
  }

  setFate(nominees: readonly NomineeState[], fate: Fate): void {
    for (const n of nominees) n.fate = fate;
  }

  /** The ballot's tally for each nominee on it: passed or failed. */
  tallied(onBallot: readonly NomineeState[], result: BallotResult): void {
    for (const n of onBallot) {
      const t = result.nominees.find((x) => x.nomineeId === n.nomineeId);
      if (!t) throw new Error(`nominee ${n.nomineeId} is not in the ballot's result`);
      n.vote = { agree: t.agree, disagree: t.disagree, abstain: t.abstain, passed: t.passed };
      n.fate = t.passed ? 'passed' : 'failed';
    }
  }

  /** R5: the objection is the nominee's, under review as task `taskId`. */
  objectionNoted(nominee: NomineeState, objectionId: string, taskId: string): ObjectionEntry {
    const entry: ObjectionEntry = { objectionId, taskId, outcome: 'open', reason: null };
    nominee.objections.push(entry);
    return entry;
  }

  /** An objection filed as an Update that could not be stored is no objection. */
  objectionDropped(nominee: NomineeState, entry: ObjectionEntry): void {
    nominee.objections.splice(nominee.objections.indexOf(entry), 1);
  }

  /** The committees decided the objection; upheld, it removes the nominee. */
  objectionDecided(nominee: NomineeState, entry: ObjectionEntry, uphold: boolean, reason: string): void {
    const idx = nominee.objections.findIndex((x) => x.objectionId === entry.objectionId);
    nominee.objections[idx] = { ...entry, outcome: uphold ? 'upheld' : 'dismissed', reason };
    if (uphold) nominee.fate = 'removed';
  }

  nominee(nomineeId: string): NomineeState {
    const n = this.nominees.get(nomineeId);
    if (!n) throw new Error(`no nominee ${nomineeId}`);
    return n;
  }

  details() {
    const { shortfall, compliance } = this;
    const ballots = this.ballots.map((b) => ({ ...b.entry }));
    return {
      year: this.year,
      quarter: this.quarter,
      nominees: [...this.nominees.values()].map((n) => ({ ...n, objections: n.objections.map((o) => ({ ...o })) })),
      ballots,
      ballot: this.ballot?.entry ?? null,
      notice: this.notice ? this.notice.view() : null,
      shortfall,
      compliant: compliance ? compliance.compliant : shortfall ? false : null,
      nonCompliantReasons: compliance ? compliance.reasons : shortfall ? [shortfall] : [],
    };
  }
}
