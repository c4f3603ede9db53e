import { join } from 'node:path';
import { loadConfig } from '../libs/config/src';
import { startStack } from './lib/stack';

/** `make start`: the whole system on the embedded default, in the foreground; Ctrl-C stops it all. */
async function main(): Promise<void> {
  // make start is the development system: startStack runs every process with NODE_ENV=development.
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
  let step = 0;
  const stack = await startStack({
    dataDir: join(process.cwd(), 'data'),
    databaseUrl: config.database.url,
    ports: { api: config.port, temporal: 7233, temporalUi: 8233, smtp: 1025, mailWeb: 8025 },
    progress: (m) => console.log(`\x1b[1m[start ${++step}/5] ${m}\x1b[0m`),
  });
  console.log(`
\x1b[1m村居社会治理 is running\x1b[0m
  pages            ${stack.apiUrl}/
  API docs         ${stack.apiUrl}/api/docs
  health           ${stack.apiUrl}/health
  Temporal UI      http://127.0.0.1:8233
  mail (dev sink)  ${stack.mailUrl}/
  data             ${join(process.cwd(), 'data')} (app.db, temporal.db, mail/)
  demo users       admin, town.office, town.leader, town.mediation, secretary.v01, mediator.v01,
                   legal.v01, council.v01.1, rep.v01.01 … (v01–v17)
  demo password    ${config.demo.password}
Press Ctrl-C to stop everything.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A dead worker or API is started again, with back-off, as the production compose file's
  // restart policies do; without the Temporal server or the mail sink nothing can go on.
  stack.superviseProcesses((m) => console.error(`\x1b[33m[start] ${m}\x1b[0m`));
  for (const name of ['temporal', 'mail']) {
    const svc = stack.services.get(name)!;
    void svc.exited.then((code) => {
      if (!stopping) {
        console.error(`${svc.name} exited unexpectedly (${code}); stopping the rest`);
        void stop().then(() => process.exit(1));
      }
    });
  }
}

main().catch((err) => {
  console.error(`start failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
