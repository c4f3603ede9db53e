/**
 * `make fuzz`: schemathesis over the OpenAPI document with a signed-in user of each kind (and
 * none), against the whole system started on its own fresh data and free ports. Prints a
 * summary per user and exits non-zero on any 5xx or response that breaks the document.
 * Knobs: FUZZ_EXAMPLES (test cases per operation and phase, 25), FUZZ_CONCURRENCY (users at once,
 * 1), FUZZ_SEED, FUZZ_KEEP=1 keeps the data folder and the reports (kept anyway after a finding).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { findingsOf, fuzzEveryUser, seedFuzzData } from '../test/support/fuzz';
import { startSystem } from '../test/support/system';
import { runEntryPoint } from './lib/entry-point';

const t0 = Date.now();
const say = (line: string) => console.log(`[fuzz ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`);

async function main(): Promise<number> {
  say('starting the system on fresh data and free ports');
  const system = await startSystem();
  const reportRoot = join(system.dataDir, 'fuzz');
  let keep = process.env.FUZZ_KEEP === '1';
  try {
    say(`API on ${system.apiUrl}; seeding a red/black quarter to its notice, a contract review and a dispute`);
    await seedFuzzData(system.apiUrl);
    const maxExamples = Number(process.env.FUZZ_EXAMPLES ?? 25);
    const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
    const concurrency = Number(process.env.FUZZ_CONCURRENCY ?? 1);
    say(`schemathesis over ${system.apiUrl}/api/docs-json, ${maxExamples} examples per operation and phase, ${concurrency} user(s) at a time`);
    const results = await fuzzEveryUser(system.apiUrl, { maxExamples, seed }, reportRoot, { say, concurrency });
    const requests = results.reduce((n, r) => n + r.requests, 0);
    const findings = results.reduce((n, r) => n + findingsOf(r), 0);
    keep ||= findings > 0;
    console.log(`fuzz: users=${results.length} requests=${requests} findings=${findings}`);
    return findings === 0 ? 0 : 1;
  } catch (err) {
    keep = true;
    throw err;
  } finally {
    await system.stop();
    if (keep) say(`kept ${system.dataDir} (reports in ${reportRoot})`);
    else rmSync(system.dataDir, { recursive: true, force: true });
  }
}

runEntryPoint('fuzz', main, 2);
