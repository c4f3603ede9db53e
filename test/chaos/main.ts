/**
 * `make chaos` (issue 9, "Chaos, measured"): see test/chaos/chaos.ts and the README's "Chaos".
 * Knobs: CHAOS_SIZE=small (the version in `make test`, else the full run), then CHAOS_PER_KIND (50), CHAOS_WINDOW_S (720), CHAOS_KILLS (3 of each process),
 * CHAOS_SMTP_OUTAGE_S (600), CHAOS_DB_OUTAGE_S (60), CHAOS_DRAIN_S (600), CHAOS_SEED (random),
 * CHAOS_KEEP=1 keeps the data folder and the database. The last line is
 * `chaos: procedures=<n> kills=<n> acknowledged=<n> lost=<n> failed_workflows=<n> stuck=<n>`;
 * the exit status is 1 unless lost, failed_workflows, stuck (and wrong states) are all 0.
 */
import 'reflect-metadata';
import { chaosLine, FULL_RUN, runChaos, SMALL_RUN } from './chaos';
import { runEntryPoint } from '../../scripts/lib/entry-point';

const seconds = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) * 1000 : fallback);

async function main(): Promise<number> {
  const run = process.env.CHAOS_SIZE === 'small' ? SMALL_RUN : FULL_RUN;
  const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const figures = await runChaos({
    ...run,
    perKind: Number(process.env.CHAOS_PER_KIND ?? run.perKind),
    plan: {
      ...run.plan,
      windowMs: seconds('CHAOS_WINDOW_S', run.plan.windowMs),
      killsEach: Number(process.env.CHAOS_KILLS ?? run.plan.killsEach),
      smtpOutageMs: seconds('CHAOS_SMTP_OUTAGE_S', run.plan.smtpOutageMs),
      dbOutageMs: seconds('CHAOS_DB_OUTAGE_S', run.plan.dbOutageMs),
    },
    drainMs: seconds('CHAOS_DRAIN_S', run.drainMs),
    seed,
    keep: process.env.CHAOS_KEEP === '1',
    say: (line) => console.log(line),
  });
  console.log(chaosLine(figures));
  return figures.lost || figures.failedWorkflows || figures.stuck || figures.wrong ? 1 : 0;
}

runEntryPoint('chaos', main);
