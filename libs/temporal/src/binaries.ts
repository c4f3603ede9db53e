import { existsSync } from 'node:fs';
import { join } from 'node:path';

const venvBin = (name: string, root: string) => join(root, '.tools', 'venv', 'bin', name);

/** The Temporal CLI: TEMPORAL_CLI, else the project's pinned copy, else `temporal` on PATH. */
export function temporalCliPath(root = process.cwd()): string {
  if (process.env.TEMPORAL_CLI) return process.env.TEMPORAL_CLI;
  const local = venvBin('temporal', root);
  return existsSync(local) ? local : 'temporal';
}

/** The time-skipping test server: TEMPORAL_TEST_SERVER, else the project's pinned copy. */
export function testServerPath(root = process.cwd()): string {
  return process.env.TEMPORAL_TEST_SERVER ?? venvBin('temporal-test-server', root);
}

/** Arguments for a dev server like the one `@temporalio/testing` starts, keeping state in a file. */
export function devServerArgs(opts: { port: number; uiPort?: number; dbFile: string; namespace?: string }): string[] {
  return [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--namespace', opts.namespace ?? 'default',
    '--db-filename', opts.dbFile,
    '--log-format', 'pretty',
    '--log-level', 'warn',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    ...(opts.uiPort ? ['--ui-port', String(opts.uiPort)] : ['--headless']),
  ];
}
