import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Stack } from '../../scripts/lib/stack';
import { DEMO_PASSWORD, startSystem } from './system';

const LAUNCH = { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] };
const PHONE = { width: 390, height: 844 };
const WAIT_MS = 20_000;

/** Debian's Chromium at phone size, as a cadre sees the pages; script errors are collected in `problems`. */
export class PhoneBrowser {
  problems: string[] = [];
  private browser?: Browser;
  private contexts: BrowserContext[] = [];

  async launch(): Promise<void> {
    this.browser = await chromium.launch(LAUNCH);
  }

  /** A fresh phone-sized browser (no token in its storage). */
  async open(): Promise<Page> {
    const context = await this.browser!.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(WAIT_MS);
    this.contexts.push(context);
    const page = await context.newPage();
    this.problems = [];
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      // A 4xx the page asked for and then shows is expected; a script error is not.
      if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) this.problems.push(`console: ${msg.text()}`);
    });
    return page;
  }

  async closePhones(): Promise<void> {
    await Promise.all(this.contexts.map((c) => c.close()));
    this.contexts = [];
  }

  async close(): Promise<void> {
    await this.closePhones();
    await this.browser?.close();
  }
}

/**
 * A browser spec's whole system and phone browser: started before its tests (before the spec's own
 * `beforeAll`, if called first), the phones closed after each test, everything stopped after the last.
 */
export function phoneSuite(env: NodeJS.ProcessEnv = {}): { readonly system: Stack; phones: PhoneBrowser; phone: () => Promise<Page> } {
  const phones = new PhoneBrowser();
  let system: Stack | undefined;
  beforeAll(async () => {
    system = await startSystem(env);
    await phones.launch();
  });
  afterEach(() => phones.closePhones());
  afterAll(async () => {
    await phones.close();
    await system?.stop();
  });
  return {
    get system() {
      if (!system) throw new Error('the system is not started (use it from a test or a later beforeAll)');
      return system;
    },
    phones,
    phone: () => phones.open(),
  };
}

export const taskHash = (id: string) => `#/tasks/${encodeURIComponent(id)}`;

/** Fills the login form that is on screen and submits it with 登录. */
export async function logIn(page: Page, username: string): Promise<void> {
  const form = page.locator('form:has(input[name="username"])');
  await form.waitFor();
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: '登录' }).click();
  await page.locator('#appbar').waitFor({ state: 'visible' });
}

/** Opens a page that asks for a login first, logs in as `username` and waits to be back on that page. */
export async function openAs(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await logIn(page, username);
  await page.waitForURL((u) => u.hash === new URL(url).hash);
}

/** The URLs of the task completions the page posts from now on. */
export function completionsSent(page: Page): string[] {
  const completions: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/complete')) completions.push(r.url());
  });
  return completions;
}
