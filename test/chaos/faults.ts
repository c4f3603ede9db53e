import type { TcpProxy } from '../../scripts/lib/proxy';
import { httpOk, waitUntil } from '../../scripts/lib/services';
import type { Stack } from '../../scripts/lib/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FaultPlan {
  /** The faults all fall inside this window, counted from when the procedures are under way. */
  windowMs: number;
  /** SIGKILLs of each of the worker, the API and the Temporal dev server. */
  killsEach: number;
  /** How long a killed Temporal dev server stays down before it is started again (min, max). */
  temporalDownMs: [number, number];
  smtpOutageMs: number;
  /** 0 when the database cannot be taken away (SQLite is a file inside the processes). */
  dbOutageMs: number;
}

type Victim = 'worker' | 'api' | 'temporal';

interface Event {
  at: number;
  what: string;
  run: () => Promise<void>;
}

/**
 * Hurts the running system on a random schedule: SIGKILLs the worker, the API and the Temporal
 * dev server (the worker and the API come back through the stack's supervision, as in
 * `make start`; Temporal is started again by this class after a short time down, on its state
 * file), and takes the SMTP sink and the database away behind their proxies for a while.
 */
export class Faults {
  kills = 0;
  readonly log: string[] = [];
  private readonly pending: Promise<void>[] = [];

  constructor(
    private readonly stack: Stack,
    private readonly proxies: { smtp: TcpProxy; db?: TcpProxy },
    private readonly random: () => number,
    private readonly say: (line: string) => void,
  ) {}

  schedule(plan: FaultPlan): Event[] {
    const events: Event[] = [];
    const within = (length: number) => this.random() * Math.max(0, plan.windowMs - length);
    for (const victim of ['worker', 'api', 'temporal'] as Victim[]) {
      for (let k = 0; k < plan.killsEach; k++) {
        events.push({ at: Math.round((0.05 + 0.85 * this.random()) * plan.windowMs), what: `SIGKILL ${victim}`, run: () => this.kill(victim, plan) });
      }
    }
    const outage = (name: string, proxy: TcpProxy, length: number) => {
      const start = Math.round(within(length));
      events.push({ at: start, what: `${name} away for ${(length / 1000).toFixed(0)} s`, run: () => proxy.cut() });
      events.push({ at: start + length, what: `${name} back`, run: () => proxy.restore() });
    };
    outage('SMTP sink', this.proxies.smtp, plan.smtpOutageMs);
    if (this.proxies.db && plan.dbOutageMs > 0) outage('database', this.proxies.db, plan.dbOutageMs);
    return events.sort((a, b) => a.at - b.at);
  }

  /** Runs the schedule to its end; returns when the last fault is over and everything is back. */
  async run(plan: FaultPlan): Promise<void> {
    const started = Date.now();
    for (const e of this.schedule(plan)) {
      await sleep(Math.max(0, started + e.at - Date.now()));
      const line = `+${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${e.what}`;
      this.log.push(line);
      this.say(line);
      // A kill waits for its victim to be up again; the schedule goes on meanwhile.
      this.pending.push(e.run());
    }
    // A kill of Temporal adds its restart while it runs.
    while (this.pending.length) await this.pending.shift();
    await this.everythingBack();
  }

  private async kill(victim: Victim, plan: FaultPlan): Promise<void> {
    // A victim still down from an earlier fault is waited for: each kill hits a running process.
    for (let tries = 0; tries < 60; tries++) {
      const svc = this.stack.services.get(victim);
      if (svc && svc.child.exitCode === null && svc.child.signalCode === null) {
        svc.child.kill('SIGKILL');
        this.kills++;
        await svc.exited;
        if (victim === 'temporal') this.pending.push(this.restartTemporal(plan));
        return;
      }
      await sleep(1000);
    }
    this.say(`  ${victim} was not running; kill skipped`);
  }

  private async restartTemporal(plan: FaultPlan): Promise<void> {
    const [min, max] = plan.temporalDownMs;
    await sleep(min + this.random() * (max - min));
    for (;;) {
      try {
        await this.stack.startTemporal();
        this.say('  Temporal dev server started again');
        return;
      } catch (err) {
        this.say(`  Temporal dev server did not start: ${(err as Error).message.split('\n')[0]}; again in 2 s`);
        await sleep(2000);
      }
    }
  }

  /** Every proxy open and the API answering its health check (database and Temporal reachable). */
  async everythingBack(): Promise<void> {
    await this.proxies.smtp.restore();
    await this.proxies.db?.restore();
    await waitUntil('system back after the faults', () => httpOk(`${this.stack.apiUrl}/health`), { timeoutMs: 300_000 });
  }
}
