import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';

export interface Service {
  name: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const running = new Set<ChildProcess>();
// No server outlives the process that started it, however that process ends.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts a process whose output is prefixed with its name (or kept quiet) and which can be stopped. */
export function startService(name: string, command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; quiet?: boolean; onLine?: (line: string) => void; cwd?: string } = {}): Service {
  const child = spawn(command, args, { env: { ...process.env, ...opts.env }, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const tail: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 50) tail.shift();
        opts.onLine?.(line);
        if (!opts.quiet) process.stdout.write(`\x1b[2m[${name}]\x1b[0m ${line}\n`);
      }
    });
  }
  child.once('error', (err) => tail.push(String(err)));
  return {
    name,
    child,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    toString: () => tail.join('\n'),
  } as Service;
}

/** Waits until a check passes, failing with the service's last output if it exits or the time runs out. */
export async function waitUntil(what: string, check: () => Promise<boolean>, opts: { timeoutMs?: number; service?: Service } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (opts.service && (opts.service.child.exitCode !== null || opts.service.child.signalCode !== null)) {
      throw new Error(`${what}: ${opts.service.name} exited (${opts.service.child.exitCode ?? opts.service.child.signalCode})\n${String(opts.service)}`);
    }
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what}: not ready after ${opts.timeoutMs ?? 60_000} ms${opts.service ? `\n${String(opts.service)}` : ''}`);
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Supervision {
  /** How many times the process was started again after it died. */
  readonly restarts: number;
  /** Stops restarting; the running process is left to the caller. */
  stop(): void;
}

export interface SuperviseOptions {
  say: (message: string) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that ran this long before dying starts again at the shortest back-off. */
  healthyAfterMs?: number;
}

/**
 * Keeps a process running as a container restart policy does: when it dies (or fails to come
 * up), it is started again after a back-off that doubles up to a cap, saying so each time.
 */
export function supervise(name: string, current: () => Service | undefined, start: () => Promise<Service>, opts: SuperviseOptions): Supervision {
  const min = opts.minBackoffMs ?? 1000;
  const max = opts.maxBackoffMs ?? 30_000;
  const healthyAfter = opts.healthyAfterMs ?? 60_000;
  let stopped = false;
  let restarts = 0;
  let backoff = min;
  const loop = async () => {
    let svc = current();
    let since = Date.now();
    for (;;) {
      const code = svc ? await svc.exited.then((c) => c ?? svc!.child.signalCode) : 'did not start';
      if (stopped) return;
      if (Date.now() - since >= healthyAfter) backoff = min;
      opts.say(`${name} exited (${code}); restarting in ${(backoff / 1000).toFixed(1)} s`);
      await sleep(backoff);
      backoff = Math.min(backoff * 2, max);
      if (stopped) return;
      since = Date.now();
      restarts++;
      try {
        svc = await start();
        opts.say(`${name} restarted`);
      } catch (err) {
        svc = current();
        if (svc && svc.child.exitCode === null && svc.child.signalCode === null) await svc.stop('SIGKILL');
        svc = undefined;
        opts.say(`${name} did not come up: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
      }
    }
  };
  void loop();
  return {
    get restarts() {
      return restarts;
    },
    stop() {
      stopped = true;
    },
  };
}

export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return res.ok;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
