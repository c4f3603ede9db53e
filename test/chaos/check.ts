import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { TaskEntity, VoteEntity } from '../../libs/persistence/src';
import type { Actors } from './actors';
import type { AckedVote, Ledger } from './ledger';

/** `sent` is contained in `stored`: every field sent is stored as sent (the store may add fields). */
export function contains(stored: unknown, sent: unknown): boolean {
  if (sent === null || typeof sent !== 'object') return stored === sent;
  if (stored === null || typeof stored !== 'object') return false;
  if (Array.isArray(sent)) return Array.isArray(stored) && stored.length === sent.length && sent.every((s, i) => contains(stored[i], s));
  return Object.entries(sent).every(([k, v]) => contains((stored as Record<string, unknown>)[k], v));
}

const byNominee = (c: AckedVote['choices']) => [...c].sort((a, b) => a.nomineeId.localeCompare(b.nomineeId));

/**
 * The end-of-run checks, after the drain: each acknowledged decision and vote against the
 * database and the procedure's outcome (`lost`), each procedure's workflow closed (`stuck`
 * otherwise) and in the state its inputs imply (`wrong` otherwise).
 */
export class Check {
  lost = 0;
  stuck = 0;
  wrong = 0;
  readonly findings: string[] = [];

  constructor(
    readonly db: DataSource,
    readonly temporal: Client,
    readonly actors: Actors,
    readonly ledger: Ledger,
  ) {}

  private note(what: string): void {
    if (this.findings.length < 200) this.findings.push(what);
  }

  /** A procedure whose outcome does not follow from what was acknowledged. */
  mismatch(procedureId: string, what: string): void {
    this.wrong++;
    this.note(`wrong  ${procedureId}: ${what}`);
  }

  /** Reads the procedure's view as one of its users (retrying while the system answers 5xx). */
  async view(user: string, path: string): Promise<any> {
    const res = await this.actors.answered(`read ${path}`, () => this.actors.as(user).get(path));
    if (res.status !== 200) throw new Error(`read ${path} as ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** True when the workflow completed; a running one counts as stuck (a failed one is counted from Temporal). */
  async completed(workflowId: string): Promise<boolean> {
    const status = await this.temporal.workflow
      .getHandle(workflowId)
      .describe()
      .then((d) => d.status.name)
      .catch((err: Error) => `unknown (${err.message})`);
    if (status === 'COMPLETED') return true;
    if (status === 'RUNNING' || status.startsWith('unknown')) {
      this.stuck++;
      this.note(`stuck  ${workflowId}: ${status}`);
    }
    // A failed one is counted, with its cause, by failedWorkflows().
    return false;
  }

  /** Every acknowledged decision of the procedure: stored as sent, by that user, and done in the procedure's task list. */
  async decisions(procedureId: string, viewTasks: { id: string; status: string; completedBy: string | null }[]): Promise<void> {
    for (const d of this.ledger.decisionsOf(procedureId)) {
      const row = await this.db.getRepository(TaskEntity).findOneBy({ id: d.taskId });
      const shown = viewTasks.find((t) => t.id === d.taskId);
      const problems = [
        !row && 'no task row',
        row && row.status !== 'done' && `task row ${row.status}`,
        row && row.status === 'done' && !contains(row.decision, d.decision) && `stored decision ${JSON.stringify(row.decision)}`,
        row && row.completedBy !== d.actor && `completed by ${row.completedBy}`,
        !shown && 'not in the procedure',
        shown && shown.status !== 'done' && `${shown.status} in the procedure`,
      ].filter(Boolean);
      if (problems.length) {
        this.lost++;
        this.note(`lost   ${d.taskId} by ${d.actor}: ${problems.join(', ')}`);
      }
    }
  }

  /**
   * Every acknowledged vote on the ballot stored as cast (else lost) and counted (the result's
   * `voted` short of the acknowledged ones is lost); the result counts exactly the stored votes
   * (else wrong). Returns the stored votes: what the outcome must follow from, a vote whose answer
   * never came included.
   */
  async votes(ballotId: string, tally: { voted: number; nominees: { nomineeId: string; agree: number; disagree: number; abstain: number }[] } | null | undefined): Promise<AckedVote['choices'][]> {
    const rows = await this.db.getRepository(VoteEntity).findBy({ ballotId });
    const stored = new Map(rows.map((r) => [r.voterId, r.choices]));
    const acked = this.ledger.votesOn(ballotId);
    for (const v of acked) {
      const row = stored.get(v.voter);
      if (!row || JSON.stringify(byNominee(row)) !== JSON.stringify(byNominee(v.choices))) {
        this.lost++;
        this.note(`lost   vote ${v.voter} on ${ballotId}: ${row ? `stored ${JSON.stringify(row)}` : 'no vote row'}`);
      }
    }
    if (!tally) return rows.map((r) => r.choices);
    const uncounted = Math.max(0, acked.length - tally.voted);
    if (uncounted) {
      this.lost += uncounted;
      this.note(`lost   ${uncounted} votes on ${ballotId} missing from its result (voted ${tally.voted}, acknowledged ${acked.length})`);
    }
    if (tally.voted !== rows.length) this.mismatch(ballotId, `result counts ${tally.voted} voters, ${rows.length} votes stored`);
    for (const n of tally.nominees) {
      const want = { agree: 0, disagree: 0, abstain: 0 };
      for (const r of rows) {
        const c = r.choices.find((x) => x.nomineeId === n.nomineeId);
        if (c) want[c.choice]++;
      }
      if (want.agree !== n.agree || want.disagree !== n.disagree || want.abstain !== n.abstain) {
        this.mismatch(ballotId, `${n.nomineeId} counted ${n.agree}/${n.disagree}/${n.abstain}, stored votes ${want.agree}/${want.disagree}/${want.abstain}`);
      }
    }
    return rows.map((r) => r.choices);
  }

  /** Workflows of the run that failed, were terminated or timed out, children included. */
  async failedWorkflows(): Promise<number> {
    let n = 0;
    const causes = new Map<string, number>();
    for await (const w of this.temporal.workflow.list({ query: 'ExecutionStatus="Failed" OR ExecutionStatus="Terminated" OR ExecutionStatus="TimedOut"' })) {
      n++;
      const cause = await this.failureOf(w.workflowId, w.runId).catch(() => 'unknown');
      causes.set(`${w.status.name}: ${cause}`, (causes.get(`${w.status.name}: ${cause}`) ?? 0) + 1);
    }
    for (const [cause, count] of causes) this.note(`failed ${count} × ${cause}`);
    return n;
  }

  /** The innermost failure message of a failed workflow, from the last event of its history. */
  private async failureOf(workflowId: string, runId: string): Promise<string> {
    const history = await this.temporal.workflow.getHandle(workflowId, runId).fetchHistory();
    const last = history.events?.at(-1);
    let failure = last?.workflowExecutionFailedEventAttributes?.failure;
    const messages: string[] = [];
    while (failure) {
      messages.push(failure.message ?? '');
      failure = failure.cause;
    }
    return messages.filter(Boolean).join(' ← ').slice(0, 300) || (last?.eventType ? String(last.eventType) : 'unknown');
  }
}
