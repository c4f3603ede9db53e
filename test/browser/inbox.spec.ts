import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { completionsSent, logIn, openAs, phoneSuite, taskHash } from '../support/phone-browser';
import { ApiClient, eventually, openTaskOf } from '../support/system';

/**
 * The pages in apps/web/ driven in a real Chromium at phone size, against the whole
 * system (Temporal dev server, worker, API, mail sink, seeded database) started from dist/.
 */

/** A CSS attribute selector for an exact value (task ids contain "/" and ":"). */
const attr = (name: string, value: string) => `[${name}=${JSON.stringify(value)}]`;

describe('the phone pages against the real API (browser)', () => {
  const suite = phoneSuite();
  const { phones, phone } = suite;
  let secretary: ApiClient;
  let legal: ApiClient;
  /** Review tasks opened in beforeAll, one per test that needs one. */
  const contracts: Record<'approve' | 'mailLink' | 'invalid', { procedureId: string; review: any; title: string }> = {} as any;

  beforeAll(async () => {
    const { system } = suite;
    secretary = await ApiClient.login(system.apiUrl, 'secretary.v01');
    legal = await ApiClient.login(system.apiUrl, 'legal.v01');
    const titles = { approve: '鱼塘承包合同', mailLink: '村委会办公楼维修合同', invalid: '道路硬化施工合同' } as const;
    for (const key of Object.keys(titles) as (keyof typeof titles)[]) {
      const title = titles[key];
      const started = await secretary.post('/api/procedures/contract-review', { villageId: 'v01', title, counterparty: '青山水产合作社', amountFen: 1_250_000, summary: '承包期五年,年租金一万二千五百元' });
      expect(started.status).toBe(201);
      const { procedureId } = started.body;
      contracts[key] = { procedureId, title, review: await openTaskOf(legal, procedureId, 'contract.review') };
    }
  });

  const hashOf = (page: Page) => new URL(page.url()).hash;

  /** Waits until the inbox on screen has loaded its list (tab `status`). */
  async function inboxLoaded(page: Page, status: 'open' | 'done') {
    await page.locator(`.tab[data-tab="${status}"][aria-selected="true"]`).waitFor();
    await page.locator('.inbox-body[aria-busy="false"]').waitFor();
  }

  it('legal.v01 logs in, finds the contract in 我的待办, approves it on the phone, and then sees it under 已办', async () => {
    const { procedureId, review, title } = contracts.approve;
    const page = await phone();

    await page.goto(`${suite.system.apiUrl}/#/login`);
    await logIn(page, 'legal.v01');
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await inboxLoaded(page, 'open');
    const item = page.locator(`li${attr('data-task-id', review.id)}`);
    await item.waitFor();
    expect(await item.locator('.task-title').textContent()).toContain(title);
    expect(await item.locator('.chip').textContent()).toBe('合同审核');
    await page.locator('#user-name').filter({ hasText: '青山村法律顾问' }).waitFor();
    expect(await item.locator('.village').textContent()).toBe('青山村');
    await page.screenshot({ path: '/tmp/inbox.png' });

    await item.locator('a.task-link').click();
    await page.waitForURL((u) => u.hash === taskHash(review.id));
    await page.locator('[data-status="open"]').waitFor();
    await page.getByRole('heading', { name: title }).waitFor();
    expect(await page.locator('[data-field="amountFen"] dd').textContent()).toBe('12500.00 元');

    await page.locator('input[name="approve"][value="true"]').check();
    await page.locator('textarea[name="opinion"]').fill('合同条款完整,同意签订');
    await page.getByRole('button', { name: '提交' }).click();

    await page.locator('[data-status="done"]').waitFor();
    await page.locator('.notice.ok').filter({ hasText: '提交成功' }).waitFor();
    expect(await page.locator('form.task-form').count()).toBe(0);
    expect(await page.locator('.result').textContent()).toContain('合同条款完整,同意签订');

    // Back in the inbox it is no longer 待办 but 已办.
    await page.getByRole('link', { name: '‹ 返回我的待办' }).click();
    await inboxLoaded(page, 'open');
    expect(await page.locator(`li${attr('data-task-id', review.id)}`).count()).toBe(0);
    await page.getByRole('tab', { name: '已办' }).click();
    await page.waitForURL((u) => u.hash === '#/inbox?status=done');
    await inboxLoaded(page, 'done');
    await page.locator(`li${attr('data-task-id', review.id)}`).waitFor();

    // The API agrees: the review is done with that decision, and the secretary now has to sign.
    const after = await legal.task(review.id);
    expect(after.body).toMatchObject({ status: 'done', completedBy: 'legal.v01', decision: { approve: true, opinion: '合同条款完整,同意签订' } });
    const sign = await openTaskOf(secretary, procedureId, 'contract.sign');
    expect(sign).toMatchObject({ kind: 'contract.sign', status: 'open', procedureId });
    await eventually(async () => (await secretary.procedure(procedureId)).body.stage === 'sign');
    expect(phones.problems).toEqual([]);
  });

  it('the link in the task mail, opened while logged out, goes to the login page and after login to that task', async () => {
    const { review, title } = contracts.mailLink;
    const mail = await eventually(async () => {
      const res = await fetch(`${suite.system.mailUrl}/messages?to=${encodeURIComponent('legal.v01@town.local')}`);
      const list = (await res.json()) as { subject: string; text: string }[];
      return list.find((m) => m.text.includes(taskHash(review.id)));
    });
    expect(mail.subject).toBe(`【待办】${review.title}`);
    const link = /打开待办:(\S+)/.exec(mail.text)![1];
    expect(link).toBe(`${suite.system.apiUrl}/${taskHash(review.id)}`);

    const page = await phone();
    await page.goto(link);
    await page.waitForURL((u) => u.hash.startsWith('#/login?next='));
    expect(await page.locator('#appbar').isHidden()).toBe(true);
    await logIn(page, 'legal.v01');

    await page.waitForURL((u) => u.hash === taskHash(review.id));
    await page.getByRole('heading', { name: title }).waitFor();
    await page.locator('[data-status="open"]').waitFor();
    await page.locator('form.task-form[data-kind="contract.review"]').waitFor();
    expect(hashOf(page)).toBe(taskHash(review.id));
    expect(phones.problems).toEqual([]);
  });

  it('the secretary submits a contract on #/contracts/new (amount in yuan) and lands on its procedure page', async () => {
    const page = await phone();
    await page.goto(`${suite.system.apiUrl}/#/contracts/new`);
    await page.waitForURL((u) => u.hash.startsWith('#/login?next='));
    await logIn(page, 'secretary.v01');
    await page.waitForURL((u) => u.hash === '#/contracts/new');
    await page.getByRole('heading', { name: '提交合同审核' }).waitFor();

    const form = page.locator('form:has(input[name="amount"])');
    await form.waitFor();
    await form.locator('select[name="villageId"]').selectOption('v01');
    await form.locator('input[name="title"]').fill('集体林地流转合同');
    await form.locator('input[name="counterparty"]').fill('绿源林业有限公司');
    await form.locator('input[name="amount"]').fill('12500.50');
    await form.locator('.hint').filter({ hasText: '即 12500.50 元' }).waitFor();
    await form.locator('textarea[name="summary"]').fill('流转期十年,每年支付流转费。');
    await form.getByRole('button', { name: '提交' }).click();

    await page.waitForURL((u) => u.hash.startsWith('#/procedures/'));
    const procedureId = decodeURIComponent(hashOf(page).slice('#/procedures/'.length));
    expect(procedureId).toMatch(/^contract\/v01\//);
    await page.getByRole('heading', { name: '集体林地流转合同' }).waitFor();
    await page.locator('[data-stage="review"]').filter({ hasText: '法律顾问审核中' }).waitFor();
    await page.locator('.facts dd').filter({ hasText: '12500.50 元' }).waitFor();

    const p = await secretary.procedure(procedureId);
    expect(p.body).toMatchObject({ stage: 'review', villageId: 'v01', details: { title: '集体林地流转合同', counterparty: '绿源林业有限公司', amountFen: 1_250_050 } });
    const review = await openTaskOf(legal, procedureId, 'contract.review');
    expect(review.payload).toMatchObject({ amountFen: 1_250_050, round: 1 });
    expect(phones.problems).toEqual([]);
  });

  it('an invalid completion shows the error (the page’s, then the server’s) and the task stays open', async () => {
    const { review } = contracts.invalid;
    const page = await phone();
    const completions = completionsSent(page);
    await openAs(page, `${suite.system.apiUrl}/${taskHash(review.id)}`, 'legal.v01');
    const form = page.locator('form.task-form');
    await form.waitFor();

    // 通过 without an opinion: the page says what is missing and sends nothing.
    await form.locator('input[name="approve"][value="true"]').check();
    await form.getByRole('button', { name: '提交' }).click();
    await form.locator('.form-error .notice.error').filter({ hasText: '请填写审核意见' }).waitFor();
    await form.locator('textarea[name="opinion"][aria-invalid="true"]').waitFor();
    expect(completions).toEqual([]);
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('open');

    // A 备注 longer than the server takes (the old-browser case: no maxlength): the server's 400 is shown.
    await form.locator('textarea[name="opinion"]').fill('同意');
    await form.locator('textarea[name="opinion"][aria-invalid="true"]').waitFor({ state: 'detached' });
    const comment = form.locator('textarea[name="comment"]');
    await comment.evaluate((el) => el.removeAttribute('maxlength'));
    await comment.fill('备'.repeat(2001));
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/complete'));
    await form.getByRole('button', { name: '提交' }).click();
    expect((await answered).status()).toBe(400);
    await form.locator('.form-error .notice.error').filter({ hasText: /comment/ }).waitFor();
    await form.getByRole('button', { name: '提交' }).and(page.locator(':enabled')).waitFor();
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('open');

    const after = await legal.task(review.id);
    expect(after.body).toMatchObject({ status: 'open', decision: null, completedBy: null });
    expect(phones.problems).toEqual([]);
  });
});
