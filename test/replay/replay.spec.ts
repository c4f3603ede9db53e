import { beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const DIR = join(process.cwd(), 'test/replay/histories');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'WARN' } } } });
  bundle = await bundleWorkflowCode({ workflowsPath: join(process.cwd(), 'workflows/index.ts'), logger: { info() {}, warn: console.warn, error: console.error, debug() {}, trace() {}, log() {} } as never });
});

/**
 * DESIGN §4: recorded histories of long-lived workflows replay on the current workflow code without nondeterminism.
 * They are written by the workflow specs run with RECORD_HISTORIES=1 (test/support/record-history.ts).
 */
describe('replay of recorded histories', () => {
  it.each(['red-black', 'contract-review', 'mediation', 'assessment-quarter', 'assessment-year', 'reward-plan', 'redlist-reward'])('has at least one %s history', (prefix) => {
    expect(files.some((f) => f.startsWith(prefix))).toBe(true);
  });

  it.each(files)('%s replays on the current workflow code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, file.replace(/\.json$/, ''));
  });
});
