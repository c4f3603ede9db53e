import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createConnection } from 'mysql2/promise';
import { openDatabase } from '../../libs/persistence/src';
import { TcpProxy } from '../../scripts/lib/proxy';
import { freePort } from '../../scripts/lib/services';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { freshDatabase, TMP_DIR } from '../support/databases';
import { DEMO_PASSWORD, eventually } from '../support/system';
import { Actors } from './actors';
import { Check } from './check';
import { Faults, type FaultPlan } from './faults';
import { Ledger } from './ledger';
import { chaosUsers, startAssessmentQuarter, startContractReview, startMediation, startRedBlack, type ChaosProcedure, type ProcedureKind } from './procedures';

export interface ChaosOptions {
  /** Procedures of each kind, all under way at once. */
  perKind: number;
  plan: FaultPlan;
  /** After the faults: how long the users go on acting and the workflows may take to close. */
  drainMs: number;
  /** Durations of the run's policy that only bring mail and reminders (second-scale), see chaosPolicy. */
  timing: { reminders: string[]; noticePeriod: string; followUpAfter: string };
  seed: number;
  say: (line: string) => void;
  keep?: boolean;
}

export interface ChaosFigures {
  procedures: number;
  kills: number;
  acknowledged: number;
  lost: number;
  failedWorkflows: number;
  stuck: number;
  wrong: number;
  refused: number;
}

/** The run's last line, exactly as `make chaos` prints it. */
export const chaosLine = (f: ChaosFigures) => `chaos: procedures=${f.procedures} kills=${f.kills} acknowledged=${f.acknowledged} lost=${f.lost} failed_workflows=${f.failedWorkflows} stuck=${f.stuck}`;

/** A small seeded generator, so that a run's schedule can be repeated (CHAOS_SEED). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The run's policy: the default with every duration that decides an outcome (task deadlines,
 * the ladder's time limits, the vote) too long to run out during the run, so each procedure's
 * end follows from the acknowledged decisions alone; and the durations that only bring mail
 * (reminders, the notice period, the follow-up visit) in seconds, so mail flows all through the run.
 */
export function chaosPolicy(policy: any, timing: ChaosOptions['timing']): any {
  const long = 'P1D';
  for (const kind of Object.keys(policy.tasks)) policy.tasks[kind] = { due: long, remindAt: timing.reminders, onTimeout: [{ action: 'remind', extendBy: long }] };
  policy.redBlack.voteDuration = long;
  policy.redBlack.voteExtension = long;
  policy.redBlack.noticePeriod = timing.noticePeriod;
  for (const tier of policy.mediation.ladder) tier.timeLimit = long;
  policy.mediation.followUpAfter = timing.followUpAfter;
  return policy;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** A fresh MariaDB/MySQL database reached through a proxy the run can cut, or SQLite when MYSQL_URL is not set. */
async function database(dataDir: string): Promise<{ direct: string; viaProxy: string; proxy?: TcpProxy; drop(): Promise<void> }> {
  if (!process.env.MYSQL_URL) {
    const url = `sqlite:${join(dataDir, 'app.db')}`;
    return { direct: url, viaProxy: url, drop: async () => {} };
  }
  const direct = new URL(await freshDatabase('mysql'));
  const proxy = new TcpProxy(await freePort(), { host: direct.hostname, port: Number(direct.port || 3306) });
  await proxy.restore();
  const viaProxy = new URL(direct);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  return {
    direct: direct.toString(),
    viaProxy: viaProxy.toString(),
    proxy,
    async drop() {
      const conn = await createConnection({ host: direct.hostname, port: Number(direct.port || 3306), user: decodeURIComponent(direct.username), password: decodeURIComponent(direct.password) });
      await conn.query(`DROP DATABASE IF EXISTS \`${direct.pathname.slice(1)}\``);
      await conn.end();
    },
  };
}

/**
 * The chaos run (issue 9, "Chaos, measured"): the whole system as `make start` runs it, on fresh
 * data, with the worker and the API under its restart supervision; procedures of every kind
 * started over HTTP and driven by the demo users while the faults come; then the checks.
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosFigures> {
  const { say, plan } = opts;
  const random = mulberry32(opts.seed);
  const t0 = Date.now();
  const clock = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s`;
  mkdirSync(TMP_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(TMP_DIR, 'chaos-'));
  const db = await database(dataDir);
  const ports = { api: await freePort(), temporal: await freePort(), smtp: await freePort(), mailWeb: await freePort() };
  const smtp = new TcpProxy(await freePort(), { host: '127.0.0.1', port: ports.smtp });
  await smtp.restore();
  const dbOutageMs = db.proxy ? plan.dbOutageMs : 0;
  say(`[${clock()}] seed ${opts.seed}; database ${db.proxy ? `${db.direct.replace(/\/\/[^@]*@/, '//')} behind a proxy` : 'SQLite (a file: no database outage)'}`);
  let stack: Stack | undefined;
  try {
    stack = await startStack({ dataDir, databaseUrl: db.viaProxy, ports, env: { DEMO_PASSWORD, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, quiet: !process.env.DEBUG_STACK });
    const supervision = stack.superviseProcesses((m) => say(`[${clock()}]   ${m}`));
    say(`[${clock()}] system up at ${stack.apiUrl}; worker and API supervised`);

    const ledger = new Ledger();
    const actors = new Actors(stack.apiUrl, ledger, { deadline: Date.now() + 15 * 60_000, thinkMs: plan.windowMs / 6, requestTimeoutMs: 60_000, pollMs: 2000 });
    await actors.login(['admin']);
    const { policy } = (await actors.as('admin').get('/api/policy')).body;
    const put = await actors.as('admin').put('/api/policy', chaosPolicy(policy, opts.timing));
    if (put.status !== 200) throw new Error(`policy refused: ${put.status} ${JSON.stringify(put.body)}`);
    await actors.login(chaosUsers());
    say(`[${clock()}] policy v${put.body.version} (outcome deadlines P1D, reminders ${opts.timing.reminders.join(' ')}, notice ${opts.timing.noticePeriod}); ${chaosUsers().length} demo users signed in`);

    const firstYear = 2031;
    const starts: (() => Promise<ChaosProcedure>)[] = [];
    for (let i = 0; i < opts.perKind; i++) {
      starts.push(
        () => startContractReview(actors, i),
        () => startRedBlack(actors, i, firstYear, put.body.policy.redBlack),
        () => startMediation(actors, i),
        () => startAssessmentQuarter(actors, i, firstYear),
      );
    }
    const procedures: ChaosProcedure[] = [];
    await pool(starts, 6, async (start) => {
      procedures.push(await start());
    });
    const byKind = (k: ProcedureKind) => procedures.filter((p) => p.kind === k).length;
    say(`[${clock()}] ${procedures.length} procedures started: contract-review ${byKind('contract-review')}, red-black ${byKind('red-black')}, mediation ${byKind('mediation')}, assessment ${byKind('assessment')}`);

    // The users act through the faults, until the faults are over and the drain has run out.
    actors.opts.deadline = Date.now() + plan.windowMs + opts.drainMs;
    const gaveUp: string[] = [];
    const driving = Promise.all(procedures.map((p) => p.drive().catch((err: Error) => void gaveUp.push(`${p.id}: ${err.message.split('\n')[0]}`))));
    const faults = new Faults(stack, { smtp, db: db.proxy }, random, (l) => say(`[${clock()}] ${l}`));
    await faults.run({ ...plan, dbOutageMs });
    say(`[${clock()}] faults over (${faults.kills} kills), everything back; draining`);
    await driving;
    say(`[${clock()}] users done (${gaveUp.length} gave up)`);

    const connection = await Connection.connect({ address: stack.temporalAddress });
    const temporal = new Client({ connection });
    await eventually(async () => (await temporal.workflow.count('ExecutionStatus="Running"')).count === 0, Math.max(1000, actors.opts.deadline - Date.now()), 5000).catch(() => undefined);
    actors.opts.deadline = Date.now() + 10 * 60_000;
    say(`[${clock()}] checking`);

    const ds = await openDatabase(db.direct);
    const check = new Check(ds, temporal, actors, ledger);
    for (const p of procedures) await p.verify(check).catch((err: Error) => check.mismatch(p.id, `could not be checked: ${err.message.split('\n')[0]}`));
    const failedWorkflows = await check.failedWorkflows();
    await ds.destroy();
    await connection.close();
    const mails = await fetch(`${stack.mailUrl}/messages`).then((r) => r.json() as Promise<unknown[]>).then((m) => m.length, () => NaN);

    const figures: ChaosFigures = {
      procedures: procedures.length,
      kills: faults.kills,
      acknowledged: ledger.acknowledged,
      lost: check.lost,
      failedWorkflows,
      stuck: check.stuck,
      wrong: check.wrong,
      refused: ledger.refusals.length,
    };
    say('');
    say('faults:');
    for (const l of faults.log) say(`  ${l}`);
    say(`restarts by supervision: worker ${supervision.get('worker')!.restarts}, api ${supervision.get('api')!.restarts}`);
    say(`acknowledged: ${ledger.decisions.length} decisions, ${ledger.votes.size} votes; votes unanswered, then too late: ${ledger.unanswered.length}; unexpected 4xx: ${ledger.refusals.length}; users who gave up: ${gaveUp.length}`);
    for (const r of ledger.refusals.slice(0, 10)) say(`  refused ${r.what}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    for (const g of gaveUp.slice(0, 10)) say(`  gave up ${g}`);
    say(`mail received by the sink: ${mails}`);
    say(`lost ${check.lost}, wrong state ${check.wrong}, failed workflows ${failedWorkflows}, stuck ${check.stuck}`);
    for (const f of check.findings.slice(0, 40)) say(`  ${f}`);
    say(`run time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return figures;
  } finally {
    await stack?.stop();
    await smtp.cut();
    await db.proxy?.cut();
    if (!opts.keep) {
      await db.drop().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const S = 1000;

/** `make chaos`: 50 procedures of every kind, 3 SIGKILLs of each process, SMTP away 10 minutes, the database 1 minute. */
export const FULL_RUN = {
  perKind: 50,
  plan: { windowMs: 720 * S, killsEach: 3, temporalDownMs: [3 * S, 10 * S], smtpOutageMs: 600 * S, dbOutageMs: 60 * S } as FaultPlan,
  drainMs: 600 * S,
  timing: { reminders: ['PT20S', 'PT1M', 'PT3M', 'PT6M', 'PT10M'], noticePeriod: 'PT30S', followUpAfter: 'PT20S' },
};

/** The version in `make test`: 4 of every kind, one SIGKILL of each process, short outages. */
export const SMALL_RUN = {
  perKind: 4,
  plan: { windowMs: 50 * S, killsEach: 1, temporalDownMs: [2 * S, 4 * S], smtpOutageMs: 20 * S, dbOutageMs: 10 * S } as FaultPlan,
  // Users keep acting this long after the faults; a run that is done sooner ends sooner. A minute
  // proved too short on a loaded 2-core machine for the last step of a chain (a red-list reward
  // after the whole red/black quarter) once the worker had been killed and restarted.
  drainMs: 180 * S,
  timing: { reminders: ['PT10S', 'PT30S'], noticePeriod: 'PT5S', followUpAfter: 'PT5S' },
};
