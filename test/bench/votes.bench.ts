/**
 * `make bench-votes`: R4 assembly votes over HTTP against the engine's floor.
 *
 * The whole system (Temporal dev server, mail sink, worker, API, as `make start` runs it) on a
 * fresh SQLite database with the demo town, each village given 30 representatives. 100
 * red/black procedures are started and brought to their ballot over HTTP; then all 3,000
 * votes (`PUT /api/ballots/:id/votes/me`) are cast at concurrency 32. In the same run, the same
 * number of bare Temporal Updates go to 100 minimal workflows (test/bench/floor.workflow.ts) on
 * the same dev server, from a client in this process at the same concurrency: the engine's floor.
 *
 * Then bursts (issue 9): on BENCH_BURSTS more ballots, all 30 representatives vote in the same
 * instant (three times Temporal's 10 in-flight Updates per workflow), one ballot after another;
 * the floor is the same burst of bare Updates on a minimal workflow. Every answer must be 200 or a
 * clear 4xx; the figures are the burst's wall time (until the last answer) and the slowest vote.
 *
 * The last lines are `bench:votes ours_per_s=<n> floor_per_s=<n> ratio=<n> p95_ms=<n> floor_p95_ms=<n>`
 * and `bench:votes-burst voters=<n> bursts=<n> ok=<n> refused_4xx=<n> failed_5xx=<n> applied_after_5xx=<n> wall_ms=<n> floor_wall_ms=<n> ratio=<n> max_ms=<n> floor_max_ms=<n>`.
 * Knobs: BENCH_BALLOTS (100), BENCH_VOTERS (30), BENCH_CONCURRENCY (32), BENCH_BURSTS (5).
 */
import 'reflect-metadata';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DEMO_VILLAGES, openDatabase, seedDemoData } from '../../libs/persistence/src';
import { runEntryPoint } from '../../scripts/lib/entry-point';
import { freePort } from '../../scripts/lib/services';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { TMP_DIR } from '../support/databases';
import { addRepresentatives, representative as rep } from '../support/representatives';
import { slate } from '../support/slates';
import { ApiClient, DEMO_PASSWORD, eventually } from '../support/system';
import { floorVote } from './floor.workflow';

const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 100);
const VOTERS = Number(process.env.BENCH_VOTERS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const BURSTS = Number(process.env.BENCH_BURSTS ?? 5);
const t0 = performance.now();
const say = (line: string) => console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${line}`);
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

const SLATE = slate({ names: 'numbered' });

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Run {
  perSecond: number;
  p50: number;
  p95: number;
}

async function timed<T>(jobs: T[], fn: (job: T) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(jobs, CONCURRENCY, async (job) => {
    const s = performance.now();
    await fn(job);
    latencies.push(performance.now() - s);
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: jobs.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

interface Burst {
  wallMs: number;
  maxMs: number;
}

/** Runs every job at the same instant; the wall time until the last answer, and the slowest job. */
async function burst<T>(jobs: T[], fn: (job: T) => Promise<void>): Promise<Burst> {
  const started = performance.now();
  const took = await Promise.all(jobs.map(async (job) => {
    await fn(job);
    return performance.now() - started;
  }));
  return { wallMs: performance.now() - started, maxMs: Math.max(...took) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main(): Promise<void> {
  mkdirSync(TMP_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(TMP_DIR, 'bench-votes-'));
  const url = `sqlite:${join(dataDir, 'app.db')}`;
  let stack: Stack | undefined;
  let floorWorker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    // The demo town, with every village's representatives made up to VOTERS.
    const ds = await openDatabase(url);
    const passwordHash = await hash(DEMO_PASSWORD);
    await seedDemoData(ds, passwordHash);
    for (const [v] of DEMO_VILLAGES) await addRepresentatives(ds, v, VOTERS);
    await ds.destroy();
    const ports = { api: await freePort(), temporal: await freePort(), smtp: await freePort(), mailWeb: await freePort() };
    stack = await startStack({ dataDir, databaseUrl: url, ports, env: { DEMO_PASSWORD, UPDATE_WAIT_MS: '30000' }, quiet: true });
    say(`system up at ${stack.apiUrl}; ${BALLOTS} ballots of ${VOTERS} representatives, concurrency ${CONCURRENCY}`);
    const api = stack.apiUrl;

    // Long vote and task durations: no ballot closes by its deadline during the run.
    const admin = await ApiClient.login(api, 'admin');
    const policy = (await admin.get('/api/policy')).body.policy;
    policy.redBlack.voteDuration = 'PT2H';
    if ((await admin.put('/api/policy', policy)).status !== 200) throw new Error('policy update refused');

    const villages = DEMO_VILLAGES.map(([v]) => v);
    const procedures = Array.from({ length: BALLOTS + BURSTS }, (_, i) => ({ village: villages[i % villages.length], year: 2030 + Math.floor(i / villages.length), quarter: 1, burst: i >= BALLOTS }));
    const clients = new Map<string, ApiClient>();
    const usernames = [...new Set(villages.flatMap((v) => [`council.${v}.1`, `committee.${v}.1`, ...Array.from({ length: VOTERS }, (_, i) => rep(v, i + 1))]))];
    // Each user from its own address (198.18.0.0/15, the benchmarking range): more logins than one address may make in a minute.
    await pool(usernames, 8, async (u) => {
      const i = usernames.indexOf(u);
      clients.set(u, await ApiClient.login(api, u, DEMO_PASSWORD, { from: `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
    });
    say(`${usernames.length} users logged in`);

    const ballots: { id: string; village: string; nominees: string[] }[] = [];
    const burstBallots: typeof ballots = [];
    await pool(procedures, 8, async (p) => {
      const res = await admin.post('/api/procedures/red-black', { villageId: p.village, year: p.year, quarter: p.quarter });
      if (res.status !== 201) throw new Error(`start ${p.village} ${p.year}: ${res.status} ${JSON.stringify(res.body)}`);
      const procedureId = res.body.procedureId;
      const council = clients.get(`council.${p.village}.1`)!;
      const nominate = await eventually(async () => (await council.task(`${procedureId}/nominate`)).status === 200);
      if (!nominate) throw new Error('no nomination task');
      if ((await council.complete(`${procedureId}/nominate`, SLATE)).status !== 200) throw new Error('nomination refused');
      const committee = clients.get(`committee.${p.village}.1`)!;
      const discuss = await eventually(async () => {
        const t = await committee.task(`${procedureId}/discuss`);
        return t.status === 200 && t.body;
      });
      const decisions = discuss.payload.nominees.map((n: any) => ({ nomineeId: n.nomineeId, approve: true }));
      if ((await committee.complete(discuss.id, { decisions, minutes: '讨论通过' })).status !== 200) throw new Error('discussion refused');
      const ballotId = `${procedureId}/ballot-1`;
      const first = clients.get(rep(p.village, 1))!;
      const ballot = await eventually(async () => {
        const b = await first.get(`/api/ballots/${encodeURIComponent(ballotId)}`);
        return b.status === 200 && b.body.status === 'open' && b.body;
      }, 60_000);
      (p.burst ? burstBallots : ballots).push({ id: ballotId, village: p.village, nominees: ballot.nominees.map((n: any) => n.nomineeId) });
    });
    say(`${ballots.length} + ${burstBallots.length} ballots open`);

    // Ours: every representative votes on every ballot, interleaved across ballots.
    const votes = Array.from({ length: VOTERS }, (_, i) => ballots.map((b) => ({ b, voter: rep(b.village, i + 1) }))).flat();
    const ours = await timed(votes, async ({ b, voter }) => {
      const res = await clients.get(voter)!.put(`/api/ballots/${encodeURIComponent(b.id)}/votes/me`, { choices: b.nominees.map((nomineeId) => ({ nomineeId, choice: 'agree' })) });
      if (res.status !== 200) throw new Error(`vote ${voter} on ${b.id}: ${res.status} ${JSON.stringify(res.body)}`);
    });
    say(`ours: ${votes.length} votes, ${fmt(ours.perSecond)}/s, p50 ${fmt(ours.p50)} ms, p95 ${fmt(ours.p95)} ms`);

    // The floor: the same number of bare Updates on minimal workflows, on the same dev server.
    const taskQueue = `votes-floor-${randomUUID()}`;
    const native = await NativeConnection.connect({ address: stack.temporalAddress });
    floorWorker = await Worker.create({ connection: native, taskQueue, workflowsPath: require.resolve('./floor.workflow') });
    running = floorWorker.run();
    const connection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection });
    const handles = await Promise.all(ballots.map((_, i) => client.workflow.start('votesFloor', { taskQueue, workflowId: `floor-${i}-${randomUUID()}`, args: [VOTERS] })));
    const floorJobs = Array.from({ length: VOTERS }, (_, i) => handles.map((h) => ({ h, voter: `voter-${i}` }))).flat();
    const floor = await timed(floorJobs, async ({ h, voter }) => {
      await h.executeUpdate(floorVote, { args: [{ voterId: voter, choice: 'agree' }] });
    });
    say(`floor: ${floorJobs.length} updates, ${fmt(floor.perSecond)}/s, p50 ${fmt(floor.p50)} ms, p95 ${fmt(floor.p95)} ms`);

    // Bursts: all VOTERS representatives of a ballot in the same instant, one ballot after another.
    const statuses = { ok: 0, refused: 0, failed: 0 };
    const ourBursts: Burst[] = [];
    for (const b of burstBallots) {
      ourBursts.push(await burst(Array.from({ length: VOTERS }, (_, i) => rep(b.village, i + 1)), async (voter) => {
        const res = await clients.get(voter)!.put(`/api/ballots/${encodeURIComponent(b.id)}/votes/me`, { choices: b.nominees.map((nomineeId) => ({ nomineeId, choice: 'agree' })) });
        if (res.status === 200) statuses.ok += 1;
        else if (res.status >= 400 && res.status < 500 && res.body?.message) statuses.refused += 1;
        else statuses.failed += 1;
      }));
    }
    const counted = await Promise.all(burstBallots.map(async (b) => (await admin.get(`/api/ballots/${encodeURIComponent(b.id)}`)).body.votedCount as number));
    const floorBursts: Burst[] = [];
    for (let i = 0; i < burstBallots.length; i++) {
      const h = await client.workflow.start('votesFloor', { taskQueue, workflowId: `floor-burst-${i}-${randomUUID()}`, args: [VOTERS] });
      floorBursts.push(await burst(Array.from({ length: VOTERS }, (_, n) => `voter-${n}`), async (voter) => {
        await h.executeUpdate(floorVote, { args: [{ voterId: voter, choice: 'agree' }] });
      }));
    }
    const ourWall = median(ourBursts.map((x) => x.wallMs));
    const floorWall = median(floorBursts.map((x) => x.wallMs));
    const ourMax = Math.max(...ourBursts.map((x) => x.maxMs));
    const floorMax = Math.max(...floorBursts.map((x) => x.maxMs));
    say(`bursts: ${burstBallots.length} × ${VOTERS} at once; ours wall ${fmt(ourWall)} ms (slowest vote ${fmt(ourMax)} ms), floor wall ${fmt(floorWall)} ms (slowest ${fmt(floorMax)} ms); ${statuses.ok} ok, ${statuses.refused} 4xx, ${statuses.failed} 5xx; counted ${counted.reduce((a, n) => a + n, 0)}`);
    // A vote that got a 5xx may still have been recorded (its handler finished after the API gave up).
    const appliedAfter5xx = counted.reduce((a, n) => a + n, 0) - statuses.ok;
    await connection.close();

    console.log('');
    console.log(`votes: ${votes.length} over HTTP (${BALLOTS} ballots × ${VOTERS} representatives) vs ${floorJobs.length} bare Temporal Updates, concurrency ${CONCURRENCY}`);
    console.log(`  ours : ${fmt(ours.perSecond)} votes/s, p50 ${fmt(ours.p50)} ms, p95 ${fmt(ours.p95)} ms`);
    console.log(`  floor: ${fmt(floor.perSecond)} updates/s, p50 ${fmt(floor.p50)} ms, p95 ${fmt(floor.p95)} ms`);
    console.log(`  aim  : ratio ≥ 0.5 (${ours.perSecond / floor.perSecond >= 0.5 ? 'met' : 'MISSED'}), p95 < 150 ms (${ours.p95 < 150 ? 'met' : 'MISSED'})`);
    console.log(`run time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    console.log(`bursts: ${burstBallots.length} ballots × ${VOTERS} representatives in the same instant; median wall time ours ${fmt(ourWall)} ms vs floor ${fmt(floorWall)} ms (×${(ourWall / floorWall).toFixed(2)}), slowest vote ${fmt(ourMax)} ms vs ${fmt(floorMax)} ms (×${(ourMax / floorMax).toFixed(2)})`);
    console.log(`  answers: ${statuses.ok} × 200, ${statuses.refused} × 4xx, ${statuses.failed} × 5xx (aim: no 5xx, ${statuses.failed === 0 ? 'met' : 'MISSED'}); recorded despite a 5xx: ${appliedAfter5xx}`);
    console.log(`bench:votes ours_per_s=${fmt(ours.perSecond)} floor_per_s=${fmt(floor.perSecond)} ratio=${(ours.perSecond / floor.perSecond).toFixed(2)} p95_ms=${fmt(ours.p95)} floor_p95_ms=${fmt(floor.p95)}`);
    console.log(`bench:votes-burst voters=${VOTERS} bursts=${burstBallots.length} ok=${statuses.ok} refused_4xx=${statuses.refused} failed_5xx=${statuses.failed} applied_after_5xx=${appliedAfter5xx} wall_ms=${fmt(ourWall)} floor_wall_ms=${fmt(floorWall)} ratio=${(ourWall / floorWall).toFixed(2)} max_ms=${fmt(ourMax)} floor_max_ms=${fmt(floorMax)}`);
  } finally {
    if (floorWorker && floorWorker.getState() === 'RUNNING') floorWorker.shutdown();
    await running?.catch(() => {});
    await stack?.stop();
    if (process.env.BENCH_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
  }
}

runEntryPoint('bench', main);
