import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { devServerArgs, temporalCliPath } from '../../libs/temporal/src/binaries';
import { httpOk, portOpen, startService, supervise, waitUntil, type Service, type Supervision } from './services';

export interface StackOptions {
  dataDir: string;
  databaseUrl?: string;
  ports: { api: number; temporal: number; temporalUi?: number; smtp: number; mailWeb: number };
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
  /** Say what is starting, for the foreground `make start`. */
  progress?: (message: string) => void;
}

export interface Stack {
  dataDir: string;
  apiUrl: string;
  mailUrl: string;
  temporalAddress: string;
  env: NodeJS.ProcessEnv;
  services: Map<string, Service>;
  startWorker(): Promise<Service>;
  startApi(): Promise<Service>;
  startTemporal(): Promise<Service>;
  /** Restarts the worker and the API whenever one dies, with back-off, saying so (as compose's restart policies do). */
  superviseProcesses(say: (message: string) => void): Map<'worker' | 'api', Supervision>;
  stop(): Promise<void>;
}

const node = process.execPath;
const dist = (...p: string[]) => join(process.cwd(), 'dist', ...p);

/**
 * The whole system as processes: Temporal dev server (state in a file), mail sink, database
 * migrated and seeded, worker, API. `make start` and the end-to-end tests both use it.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  mkdirSync(opts.dataDir, { recursive: true });
  const say = opts.progress ?? (() => {});
  const { ports } = opts;
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'development',
    PORT: String(ports.api),
    PUBLIC_URL: `http://127.0.0.1:${ports.api}`,
    DATABASE_URL: opts.databaseUrl ?? `sqlite:${join(opts.dataDir, 'app.db')}`,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    ...opts.env,
  };
  const services = new Map<string, Service>();
  const quiet = opts.quiet ?? false;
  const supervisions: Supervision[] = [];

  const stack: Stack = {
    dataDir: opts.dataDir,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    mailUrl: `http://127.0.0.1:${ports.mailWeb}`,
    temporalAddress: env.TEMPORAL_ADDRESS!,
    env,
    services,
    async startTemporal() {
      const args = devServerArgs({ port: ports.temporal, uiPort: ports.temporalUi, dbFile: join(opts.dataDir, 'temporal.db') });
      const svc = startService('temporal', temporalCliPath(), args, { quiet: true });
      services.set('temporal', svc);
      await waitUntil('Temporal dev server', () => portOpen(ports.temporal), { service: svc, timeoutMs: 60_000 });
      return svc;
    },
    async startWorker() {
      let ready = false;
      const svc = startService('worker', node, [dist('apps', 'worker', 'src', 'main.js')], { env, quiet, onLine: (l) => (ready ||= l.includes('worker ready')) });
      services.set('worker', svc);
      await waitUntil('worker', async () => ready, { service: svc, timeoutMs: 90_000 });
      return svc;
    },
    async startApi() {
      const svc = startService('api', node, [dist('apps', 'api', 'src', 'main.js')], { env, quiet });
      services.set('api', svc);
      await waitUntil('API', () => httpOk(`${stack.apiUrl}/health`), { service: svc, timeoutMs: 90_000 });
      return svc;
    },
    superviseProcesses(say) {
      const watched = new Map<'worker' | 'api', Supervision>();
      for (const [name, start] of [['worker', () => stack.startWorker()], ['api', () => stack.startApi()]] as const) {
        const s = supervise(name, () => services.get(name), start, { say });
        supervisions.push(s);
        watched.set(name, s);
      }
      return watched;
    },
    async stop() {
      for (const s of supervisions) s.stop();
      for (const name of ['api', 'worker', 'mail', 'temporal']) await services.get(name)?.stop();
    },
  };

  try {
    say(`Temporal dev server on 127.0.0.1:${ports.temporal}`);
    await stack.startTemporal();
    say(`mail sink on smtp 127.0.0.1:${ports.smtp}`);
    const mail = startService('mail', node, [dist('scripts', 'mail-sink.js'), join(opts.dataDir, 'mail'), String(ports.smtp), String(ports.mailWeb)], { quiet });
    services.set('mail', mail);
    await waitUntil('mail sink', () => httpOk(`${stack.mailUrl}/messages`), { service: mail });
    say('database: migrating, demo data if empty');
    const seed = startService('seed', node, [dist('scripts', 'seed.js')], { env, quiet });
    if ((await seed.exited) !== 0) throw new Error(`seeding failed:\n${String(seed)}`);
    say('worker (hosts the workflows and activities)');
    await stack.startWorker();
    say(`API on ${stack.apiUrl}`);
    await stack.startApi();
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}
