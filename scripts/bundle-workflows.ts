import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowPaths } from '../libs/temporal/src/workflow-bundle';

/** Bundles the workflows once at build time, so a worker starts without running webpack. */
async function main(): Promise<void> {
  const { workflowsPath, bundlePath } = workflowPaths();
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: { info() {}, warn: console.warn, error: console.error, debug() {}, trace() {}, log() {} } as never });
  writeFileSync(bundlePath, code);
  console.log(`  workflow bundle: ${bundlePath} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
