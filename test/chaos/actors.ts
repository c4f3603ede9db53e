import { ApiClient, DEMO_PASSWORD, eventually, type HttpResult } from '../support/system';
import type { Ledger } from './ledger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The run's deadline passed before a step could be taken. */
export class GaveUp extends Error {}

export interface ActorOptions {
  /** When the actors stop trying. */
  deadline: number;
  /** Mean pause of a user before each step, so the procedures stay under way while the faults come. */
  thinkMs: number;
  /** Requests without an answer after this long are given up and sent again. */
  requestTimeoutMs: number;
  pollMs: number;
}

/**
 * The demo users, each acting as a person at a phone would: they wait a while, look at the task,
 * send their decision, and when the answer is an error of the system (no answer, 5xx, 429) send
 * the same again later. Every 200 goes into the ledger.
 */
export class Actors {
  private readonly clients = new Map<string, ApiClient>();

  constructor(
    readonly apiUrl: string,
    readonly ledger: Ledger,
    readonly opts: ActorOptions,
  ) {}

  async login(usernames: string[], concurrency = 4): Promise<void> {
    const queue = [...new Set(usernames)].filter((u) => !this.clients.has(u));
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let u = queue.shift(); u; u = queue.shift()) {
          const username = u;
          // Each user from its own address (198.18.0.0/15, the benchmarking range): more logins than one address may make in a minute.
          const n = this.clients.size + queue.length;
          const anonymous = new ApiClient(this.apiUrl, undefined, { 'x-forwarded-for': `198.18.${Math.floor(n / 250) % 256}.${(n % 250) + 1}` }, this.opts.requestTimeoutMs);
          const res = await this.answered(`login ${username}`, () => anonymous.post('/api/auth/login', { username, password: DEMO_PASSWORD }));
          if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
          this.clients.set(username, new ApiClient(this.apiUrl, res.body.accessToken, {}, this.opts.requestTimeoutMs));
        }
      }),
    );
  }

  as(username: string): ApiClient {
    const c = this.clients.get(username);
    if (!c) throw new Error(`${username} is not logged in`);
    return c;
  }

  /** A user's pause before a step: uniform over [0, 2 × thinkMs], cut short by the deadline. */
  async think(): Promise<void> {
    await sleep(Math.min(Math.random() * 2 * this.opts.thinkMs, Math.max(0, this.opts.deadline - Date.now())));
  }

  /** Sends a request until the system answers it (anything but no answer, 5xx or 429), with back-off. */
  async answered(what: string, send: () => Promise<HttpResult>): Promise<HttpResult> {
    for (let wait = 500; ; wait = Math.min(wait * 2, 8000)) {
      if (Date.now() > this.opts.deadline) throw new GaveUp(`${what}: no answer before the deadline`);
      const res = await send().catch(() => null);
      if (res && res.status < 500 && res.status !== 429) return res;
      await sleep(wait / 2 + Math.random() * wait);
    }
  }

  /** Reads until the resource is there (404 while the workflow has not opened it yet). */
  async whenThere(what: string, read: () => Promise<HttpResult>, ready: (body: any) => boolean = () => true): Promise<any> {
    const remaining = () => Math.max(1, this.opts.deadline - Date.now());
    try {
      return await eventually(
        async () => {
          const res = await this.answered(what, read);
          if (res.status === 200 && ready(res.body)) return res.body;
          if (res.status !== 200 && res.status !== 404) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
          return null;
        },
        remaining(),
        this.opts.pollMs,
      );
    } catch (err) {
      if (err instanceof Error && err.message === 'condition not met in time') throw new GaveUp(`${what}: not there before the deadline`);
      throw err;
    }
  }

  /** The task as its user sees it, once the workflow has opened it. */
  task(user: string, taskId: string): Promise<any> {
    return this.whenThere(`task ${taskId}`, () => this.as(user).task(taskId));
  }

  /** A user takes a decision on a task: pause, look, send until answered; a 200 is recorded. */
  async decide(user: string, procedureId: string, taskId: string, decision: unknown): Promise<void> {
    await this.think();
    await this.task(user, taskId);
    for (;;) {
      const res = await this.answered(`complete ${taskId}`, () => this.as(user).complete(taskId, decision));
      if (res.status === 200) return this.ledger.decided({ procedureId, taskId, actor: user, decision });
      if (res.status === 404) {
        await sleep(this.opts.pollMs);
        continue;
      }
      this.ledger.refused({ what: `${user} completing ${taskId}`, status: res.status, body: res.body });
      throw new Error(`${user} completing ${taskId}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  /** A representative votes once the ballot is open. */
  async vote(user: string, procedureId: string, ballotId: string, choose: (ballot: any) => { nomineeId: string; choice: 'agree' | 'disagree' | 'abstain' }[]): Promise<void> {
    await this.think();
    const path = `/api/ballots/${encodeURIComponent(ballotId)}`;
    const ballot = await this.whenThere(`ballot ${ballotId}`, () => this.as(user).get(path), (b) => b.status === 'open');
    const choices = choose(ballot);
    let attempts = 0;
    const res = await this.answered(`vote ${user} on ${ballotId}`, () => {
      attempts++;
      return this.as(user).put(`${path}/votes/me`, { choices });
    });
    if (res.status === 200) return this.ledger.voted({ procedureId, ballotId, voter: user, choices });
    if (res.status === 409 && attempts > 1) return void this.ledger.unanswered.push({ procedureId, ballotId, voter: user });
    this.ledger.refused({ what: `${user} voting on ${ballotId}`, status: res.status, body: res.body });
    throw new Error(`${user} voting on ${ballotId}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
