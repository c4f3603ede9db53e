import { beforeAll, describe, expect, it } from '@jest/globals';
import { openAs, phoneSuite, taskHash } from '../support/phone-browser';
import { ApiClient, eventually, openTaskOf } from '../support/system';

/** R10 mediation pages on a phone-sized Chromium against the whole system. */

describe('mediation pages (browser, R10)', () => {
  const suite = phoneSuite();
  const { phones, phone } = suite;
  let mediator: ApiClient;

  beforeAll(async () => {
    mediator = await ApiClient.login(suite.system.apiUrl, 'mediator.v01');
  });

  it('R10 the mediator registers a dispute on #/disputes/new and lands on its case timeline; the town board lists it', async () => {
    const page = await phone();
    await openAs(page, `${suite.system.apiUrl}/#/disputes/new`, 'mediator.v01');
    await page.getByRole('heading', { name: '登记矛盾纠纷' }).waitFor();
    const form = page.locator('form.dispute-form');
    await form.locator('select[name="category"]').selectOption('neighbour');
    // Submitting without a party says what is missing and sends nothing.
    await form.locator('textarea[name="summary"]').fill('两户因排水沟发生争执');
    await form.getByRole('button', { name: '登记' }).click();
    await form.locator('.form-error .notice.error').filter({ hasText: '当事人' }).waitFor();
    const names = form.locator('input[name="partyName"]');
    await names.nth(0).fill('王五');
    await form.locator('input[name="partyContact"]').nth(0).fill('13900000000');
    await names.nth(1).fill('赵六');
    await form.getByRole('button', { name: '登记' }).click();

    await page.waitForURL((u) => u.hash.startsWith('#/disputes/v01-'));
    const caseId = decodeURIComponent(new URL(page.url()).hash.slice('#/disputes/'.length));
    await page.locator('[data-case-status="open"]').waitFor();
    await page.locator('[data-tier="1"]').waitFor();
    await page.locator('.tl-item[data-event-type="registered"]').waitFor();
    expect(await page.locator('.facts').textContent()).toContain('王五(13900000000)、赵六');
    const c = await mediator.get(`/api/disputes/${encodeURIComponent(caseId)}`);
    expect(c.body).toMatchObject({ villageId: 'v01', category: 'neighbour', parties: [{ name: '王五', contact: '13900000000' }, { name: '赵六' }], tier: 1, status: 'open' });

    const town = await phone();
    await openAs(town, `${suite.system.apiUrl}/#/disputes`, 'town.office');
    await town.locator(`[data-board-tier="1"] li[data-case-id=${JSON.stringify(caseId)}]`).waitFor();
    expect(phones.problems).toEqual([]);
  });

  it('R10 the mediator records a session on the phone (调解成功 needs the agreement text) and the timeline shows it', async () => {
    const { caseId } = (await mediator.post('/api/disputes', { villageId: 'v01', parties: [{ name: '孙七' }], category: 'debt', summary: '欠款三千元' })).body;
    const task = await openTaskOf(mediator, `mediation/${caseId}`, 'mediation.session');
    const page = await phone();
    await openAs(page, `${suite.system.apiUrl}/${taskHash(task.id)}`, 'mediator.v01');
    const form = page.locator('form.task-form[data-kind="mediation.session"]');
    await form.waitFor();
    await form.locator('input[name="outcome"][value="resolved"]').check();
    await form.locator('textarea[name="notes"]').fill('双方同意分两期还款');
    await form.getByRole('button', { name: '提交' }).click();
    await form.locator('.form-error .notice.error').filter({ hasText: '调解协议' }).waitFor();
    await form.locator('textarea[name="agreement"]').fill('孙七于月底前分两期归还三千元');
    await form.getByRole('button', { name: '提交' }).click();
    await page.locator('[data-status="done"]').waitFor();
    expect(await page.locator('.result').textContent()).toContain('孙七于月底前分两期归还三千元');

    await eventually(async () => (await mediator.get(`/api/disputes/${encodeURIComponent(caseId)}`)).body.status === 'awaiting_followup');
    await page.locator('[data-procedure-link]').click();
    await page.waitForURL((u) => u.hash === `#/disputes/${encodeURIComponent(caseId)}`);
    await page.locator('.tl-item[data-event-type="session"]').filter({ hasText: '调解成功' }).waitFor();
    await page.locator('[data-case-status="awaiting_followup"]').waitFor();
    await page.screenshot({ path: '/tmp/mediation-case.png', fullPage: true });

    // One tap on a risk sign asks for confirmation before it is reported.
    await page.locator('button[data-flag="extreme_distress"]').click();
    await page.locator('.risk-confirm').filter({ hasText: '确认上报“情绪极端”' }).waitFor();
    await page.locator('button[data-confirm="extreme_distress"]').click();
    await page.locator('.notice.ok').filter({ hasText: '已上报' }).waitFor();
    await eventually(async () => (await mediator.get(`/api/disputes/${encodeURIComponent(caseId)}`)).body.timeline.some((e: any) => e.type === 'risk' && e.reason === 'extreme_distress'));
    expect(phones.problems).toEqual([]);
  });
});
