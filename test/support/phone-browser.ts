import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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
