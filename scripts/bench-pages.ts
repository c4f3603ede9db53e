/**
 * `make bench-pages`: page weight and time to interactive of the web client on a cheap phone.
 *
 * The whole system (as `make start` runs it) on fresh data; legal.v01 gets a contract review task.
 * Debian's Chromium at phone size, its CPU slowed BENCH_CPU times (4) and its network shaped as
 * slow 4G (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) through the DevTools protocol. Each
 * run is a fresh browser context: empty cache, the token already stored as right after login.
 *
 * - inbox: open `/#/inbox`. Weight: every byte on the wire (headers included) until the list is
 *   rendered. Time to interactive: from navigation start until the list is rendered and a tap on
 *   the 已办 tab has answered (the tab is selected).
 * - task: open `/#/tasks/:id` of the review task. Weight: until its form is rendered. Time to
 *   interactive: until the form is rendered and a tap on 提交 with nothing filled in has shown
 *   the field's error.
 * - floor (the baseline, same run, same shaping): from a blank page of the same origin, the page's
 *   HTML and the API calls the page made, fetched at once by a bare script: the bytes and the time
 *   that no client can avoid. The ratios are page / floor.
 *
 * Prints per page the median of BENCH_RUNS (5) runs, last lines
 * `bench:pages page=<inbox|task> bytes=<n> requests=<n> tti_ms=<n> floor_bytes=<n> floor_ms=<n> bytes_ratio=<n> tti_ratio=<n>`.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { ApiClient, openTaskOf, startSystem } from '../test/support/system';
import { runEntryPoint } from './lib/entry-point';

const CPU_SLOWDOWN = Number(process.env.BENCH_CPU ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };
const LAUNCH = { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const TOKEN_KEY = 'cunju.token';

interface Sample {
  bytes: number;
  requests: number;
  ttiMs: number;
  apiCalls: string[];
}

/** Bytes on the wire per finished request, as the DevTools protocol counts them. */
class Wire {
  private bytes = 0;
  private requests = 0;
  readonly apiCalls: string[] = [];

  constructor(cdp: CDPSession, origin: string) {
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.url.startsWith(origin + '/api/')) this.apiCalls.push(e.request.url.slice(origin.length));
    });
    cdp.on('Network.loadingFinished', (e) => {
      this.bytes += e.encodedDataLength;
      this.requests += 1;
    });
  }

  snapshot() {
    return { bytes: this.bytes, requests: this.requests };
  }
}

async function shapedPage(browser: Browser, token: string, origin: string): Promise<{ page: Page; wire: Wire; close: () => Promise<void> }> {
  const context = await browser.newContext(PHONE);
  await context.addInitScript({ content: `localStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(token)})` });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return { page, wire: new Wire(cdp, origin), close: () => context.close() };
}

async function inboxSample(browser: Browser, origin: string, token: string): Promise<Sample> {
  const { page, wire, close } = await shapedPage(browser, token, origin);
  const started = performance.now();
  await page.goto(`${origin}/#/inbox`, { waitUntil: 'commit' });
  await page.locator('.inbox-body[aria-busy="false"] .task-item').first().waitFor();
  const weight = wire.snapshot();
  await page.locator('.tab[data-tab="done"]').click();
  await page.locator('.tab[data-tab="done"][aria-selected="true"]').waitFor();
  const ttiMs = performance.now() - started;
  await close();
  return { ...weight, ttiMs, apiCalls: wire.apiCalls.filter((u) => !u.includes('status=done')) };
}

async function taskSample(browser: Browser, origin: string, token: string, taskId: string): Promise<Sample> {
  const { page, wire, close } = await shapedPage(browser, token, origin);
  const started = performance.now();
  await page.goto(`${origin}/#/tasks/${encodeURIComponent(taskId)}`, { waitUntil: 'commit' });
  const form = page.locator('form.task-form');
  await form.waitFor();
  const weight = wire.snapshot();
  await form.getByRole('button', { name: '提交' }).click();
  await form.locator('.field-error').first().waitFor();
  const ttiMs = performance.now() - started;
  await close();
  return { ...weight, ttiMs, apiCalls: wire.apiCalls };
}

/** The HTML and the same API calls from a bare script on the same origin: what no client can avoid. */
async function floorSample(browser: Browser, origin: string, token: string, apiCalls: string[]): Promise<Sample> {
  const { page, wire, close } = await shapedPage(browser, token, origin);
  await page.goto(`${origin}/api/health`);
  const before = wire.snapshot();
  const ms = await page.evaluate(async ([paths, bearer]) => {
    const t = performance.now();
    const auth = { Authorization: 'Bearer ' + bearer };
    await Promise.all(['/'].concat(paths).map((p) => fetch(p, { headers: p === '/' ? {} : auth }).then((r) => r.text())));
    return performance.now() - t;
  }, [apiCalls, token] as const);
  const after = wire.snapshot();
  await close();
  return { bytes: after.bytes - before.bytes, requests: after.requests - before.requests, ttiMs: ms, apiCalls };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(name: string, page: () => Promise<Sample>, floor: (calls: string[]) => Promise<Sample>): Promise<string> {
  const pages: Sample[] = [];
  const floors: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const p = await page();
    pages.push(p);
    floors.push(await floor(p.apiCalls));
    console.log(`  ${name} run ${i + 1}: ${p.bytes} B in ${p.requests} requests, interactive after ${p.ttiMs.toFixed(0)} ms; floor ${floors[i].bytes} B, ${floors[i].ttiMs.toFixed(0)} ms`);
  }
  const bytes = median(pages.map((s) => s.bytes));
  const tti = median(pages.map((s) => s.ttiMs));
  const floorBytes = median(floors.map((s) => s.bytes));
  const floorMs = median(floors.map((s) => s.ttiMs));
  return `bench:pages page=${name} bytes=${bytes} requests=${median(pages.map((s) => s.requests))} tti_ms=${tti.toFixed(0)} floor_bytes=${floorBytes} floor_ms=${floorMs.toFixed(0)} bytes_ratio=${(bytes / floorBytes).toFixed(2)} tti_ratio=${(tti / floorMs).toFixed(2)}`;
}

async function main(): Promise<void> {
  console.log('starting the system on fresh data and free ports');
  const system = await startSystem();
  const browser = await chromium.launch(LAUNCH);
  try {
    const secretary = await ApiClient.login(system.apiUrl, 'secretary.v01');
    const legal = await ApiClient.login(system.apiUrl, 'legal.v01');
    const started = await secretary.post('/api/procedures/contract-review', { villageId: 'v01', title: '鱼塘承包合同', counterparty: '青山水产合作社', amountFen: 1_250_000, summary: '承包期五年' });
    if (started.status !== 201) throw new Error(`contract review: ${started.status} ${JSON.stringify(started.body)}`);
    const review = await openTaskOf(legal, started.body.procedureId, 'contract.review');
    const token = legal.token!;
    console.log(`phone: CPU ${CPU_SLOWDOWN}× slower, slow 4G; ${RUNS} cold runs per page`);
    const floor = (calls: string[]) => floorSample(browser, system.apiUrl, token, calls);
    const lines = [
      await measure('inbox', () => inboxSample(browser, system.apiUrl, token), floor),
      await measure('task', () => taskSample(browser, system.apiUrl, token, review.id), floor),
    ];
    for (const line of lines) console.log(line);
  } finally {
    await browser.close();
    await system.stop();
  }
}

runEntryPoint('bench-pages', main);
