import { describe, expect, it } from '@jest/globals';
import { connect, createServer, type AddressInfo } from 'node:net';
import { TcpProxy } from '../../scripts/lib/proxy';
import { freePort, startService, supervise, type Service } from '../../scripts/lib/services';
import { eventually } from '../support/system';

/** Issue 9: `make start` restarts a worker or API that dies, with back-off, saying so; the chaos run takes servers away behind a proxy. */
describe('process supervision and the outage proxy', () => {
  it('a SIGKILLed process is started again, each time after a longer back-off, and every restart is said', async () => {
    let current: Service | undefined;
    const start = async () => (current = startService('sleeper', process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { quiet: true }));
    await start();
    const said: string[] = [];
    const supervision = supervise('sleeper', () => current, start, { say: (m) => said.push(m), minBackoffMs: 100, maxBackoffMs: 1000 });
    try {
      for (const restarts of [1, 2]) {
        const before = current!;
        before.child.kill('SIGKILL');
        await before.exited;
        await eventually(async () => supervision.restarts === restarts && current !== before && current!.child.exitCode === null);
      }
      expect(said).toEqual(['sleeper exited (SIGKILL); restarting in 0.1 s', 'sleeper restarted', 'sleeper exited (SIGKILL); restarting in 0.2 s', 'sleeper restarted']);
    } finally {
      supervision.stop();
      await current?.stop();
    }
    expect(supervision.restarts).toBe(2);
  });

  it('a process that dies after stop() is left dead', async () => {
    let current: Service | undefined = startService('once', process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { quiet: true });
    const supervision = supervise('once', () => current, async () => (current = startService('once', process.execPath, ['-e', '0'], { quiet: true })), { say: () => {}, minBackoffMs: 50 });
    supervision.stop();
    await current.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    expect(supervision.restarts).toBe(0);
  });

  it('cut drops open connections and refuses new ones; restore accepts again on the same port', async () => {
    const echo = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    const proxy = new TcpProxy(await freePort(), { host: '127.0.0.1', port: (echo.address() as AddressInfo).port });
    const roundTrip = () =>
      new Promise<string>((resolve, reject) => {
        const s = connect(proxy.port, '127.0.0.1', () => s.write('ping'));
        s.once('data', (d) => {
          s.destroy();
          resolve(String(d));
        });
        s.once('error', reject);
      });
    try {
      await proxy.restore();
      expect(await roundTrip()).toBe('ping');
      const open = connect(proxy.port, '127.0.0.1');
      await new Promise((r) => open.once('connect', r));
      const closed = new Promise((r) => open.once('close', r));
      await proxy.cut();
      await closed;
      await expect(roundTrip()).rejects.toThrow(/ECONNREFUSED/);
      await proxy.restore();
      expect(await roundTrip()).toBe('ping');
    } finally {
      await proxy.cut();
      echo.close();
    }
  });
});
