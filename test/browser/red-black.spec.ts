import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { logIn, openAs, phoneSuite, taskHash } from '../support/phone-browser';
import { ApiClient, eventually, openTaskOf } from '../support/system';

const VILLAGE = 'v03';

/** R1–R5 pages in a real Chromium at phone size: the nomination form, a vote, an objection. */
describe('red/black list pages (browser)', () => {
  const suite = phoneSuite();
  const { phones, phone } = suite;
  let procedureId: string;
  const clients = new Map<string, ApiClient>();
  const as = async (u: string) => {
    if (!clients.has(u)) clients.set(u, await ApiClient.login(suite.system.apiUrl, u));
    return clients.get(u)!;
  };

  beforeAll(async () => {
    const admin = await as('admin');
    const policy = (await admin.get('/api/policy')).body.policy;
    policy.redBlack.voteDuration = 'PT600S';
    policy.redBlack.noticePeriod = 'PT600S';
    expect((await admin.put('/api/policy', policy)).status).toBe(200);
    const started = await (await as(`secretary.${VILLAGE}`)).post('/api/procedures/red-black', { villageId: VILLAGE, year: 2026, quarter: 2 });
    expect(started.status).toBe(201);
    procedureId = started.body.procedureId;
  });

  it('R1/R2: a council member fills the nomination form row by row, with categories and a poor household, and submits', async () => {
    const task = await openTaskOf(await as(`council.${VILLAGE}.1`), procedureId, 'redblack.nominate');
    const page = await phone();
    await page.goto(`${suite.system.apiUrl}/${taskHash(task.id)}`);
    await page.waitForURL((u) => u.hash.startsWith('#/login'));
    await logIn(page, `council.${VILLAGE}.1`);
    await page.locator('form.task-form[data-kind="redblack.nominate"]').waitFor();

    const people: [string, 'red' | 'black', string, boolean, string][] = [
      ['王大红', 'red', 'hardworking', false, '带头发展种养业'],
      ['李小红', 'red', 'filial_piety', true, '照顾瘫痪婆婆十年'],
      ['张和睦', 'red', 'harmonious_family', false, '家庭和睦'],
      ['赵赌博', 'black', 'gambling', false, '聚众赌博'],
      ['钱不孝', 'black', 'neglect_elders', false, '拒不赡养老人'],
      ['孙乱建', 'black', 'illegal_building', false, '乱搭乱建'],
    ];
    for (let i = 0; i < people.length; i++) {
      if (i > 0) await page.locator('[data-add-row]').click();
      const row = page.locator('.nominee-row').nth(i);
      const [name, color, category, poor, reason] = people[i];
      await row.locator('input[name="nominee-name"]').fill(name);
      await row.locator('select[name="nominee-color"]').selectOption(color);
      await row.locator('select[name="nominee-category"]').selectOption(category);
      if (poor) await row.locator('input[name="nominee-poor"]').check();
      expect(await row.locator('input[name="nominee-poor"]').isVisible()).toBe(color === 'red');
      await row.locator('textarea[name="nominee-reason"]').fill(reason);
    }
    // the black categories are the R3 list
    const blackOptions = await page.locator('.nominee-row').nth(3).locator('select[name="nominee-category"] option').allTextContents();
    expect(blackOptions).toEqual(expect.arrayContaining(['抹牌赌博', '以闹取利', '拒不配合征地搬迁']));
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('.notice.ok').filter({ hasText: '提交成功' }).waitFor();

    const discuss = await openTaskOf(await as(`committee.${VILLAGE}.1`), procedureId, 'redblack.discuss');
    expect(discuss.payload.nominees.map((n: any) => n.name)).toEqual(['李小红', '王大红', '张和睦', '赵赌博', '钱不孝', '孙乱建']);
    expect(discuss.payload.nominees[0]).toMatchObject({ poorHousehold: true, category: 'filial_piety' });
    expect(phones.problems).toEqual([]);
  });

  it('R4: a representative finds the ballot on 投票, chooses for every nominee, confirms, and the vote is recorded', async () => {
    const committee = await as(`committee.${VILLAGE}.1`);
    const discuss = await openTaskOf(committee, procedureId, 'redblack.discuss');
    const decisions = discuss.payload.nominees.map((n: any) => ({ nomineeId: n.nomineeId, approve: true }));
    expect((await committee.complete(discuss.id, { decisions, minutes: '两委讨论通过' })).status).toBe(200);
    const rep = await as(`rep.${VILLAGE}.01`);
    const ballot = await eventually(async () => (await rep.get('/api/ballots?status=open')).body.find?.((b: any) => b.procedureId === procedureId));

    const page = await phone();
    await page.goto(`${suite.system.apiUrl}/#/login`);
    await logIn(page, `rep.${VILLAGE}.01`);
    await page.getByRole('link', { name: '投票', exact: true }).click();
    await page.locator(`li[data-ballot-id=${JSON.stringify(ballot.id)}] a`).click();
    await page.locator('form.ballot-form').waitFor();
    await page.locator('[data-poor="true"]').first().waitFor();
    // an incomplete ballot is not sent
    await page.getByRole('button', { name: '下一步:确认' }).click();
    await page.locator('.notice.error').filter({ hasText: '请对每位被提名人选择' }).waitFor();
    for (const n of ballot.nominees) {
      const choice = n.nomineeId === 'n06' ? 'disagree' : n.nomineeId === 'n05' ? 'abstain' : 'agree';
      await page.locator(`input[name="choice-${n.nomineeId}"][value="${choice}"]`).check();
    }
    await page.getByRole('button', { name: '下一步:确认' }).click();
    await page.getByRole('heading', { name: '请确认您的投票' }).waitFor();
    expect(await page.locator('[data-confirm] [data-choice="disagree"]').count()).toBe(1);
    await page.getByRole('button', { name: '确认投票' }).click();
    await page.getByRole('heading', { name: '投票成功' }).waitFor();

    const mine = (await rep.get(`/api/ballots/${encodeURIComponent(ballot.id)}`)).body.myVote;
    expect(mine.choices.find((c: any) => c.nomineeId === 'n06').choice).toBe('disagree');
    expect(mine.choices.find((c: any) => c.nomineeId === 'n05').choice).toBe('abstain');
    expect(phones.problems).toEqual([]);
  });

  it('R5: anyone, without logging in, opens 公示栏 and files an objection, which opens a committee task', async () => {
    const rep = await as(`rep.${VILLAGE}.01`);
    const ballot = (await rep.get('/api/ballots?status=open')).body.find((b: any) => b.procedureId === procedureId);
    const others = Array.from({ length: 14 }, (_, i) => `rep.${VILLAGE}.${String(i + 2).padStart(2, '0')}`);
    for (const u of others) {
      const res = await (await as(u)).put(`/api/ballots/${encodeURIComponent(ballot.id)}/votes/me`, { choices: ballot.nominees.map((n: any) => ({ nomineeId: n.nomineeId, choice: 'agree' })) });
      expect(res.status).toBe(200);
    }
    const anonymous = new ApiClient(suite.system.apiUrl);
    const notice = await eventually(async () => (await anonymous.get('/api/public/notices')).body.find?.((n: any) => n.procedureId === procedureId));

    const page = await phone();
    await page.goto(`${suite.system.apiUrl}/#/notices`);
    expect(await page.locator('#appbar').isHidden()).toBe(true);
    await page.locator(`li[data-notice-id=${JSON.stringify(notice.id)}] a`).click();
    await page.locator('[data-color="red"] [data-entry]').first().waitFor();
    expect(await page.locator('[data-color="black"] [data-entry]').count()).toBe(3);
    const form = page.locator('form.objection-form');
    await form.getByRole('button', { name: '提交异议' }).click();
    await page.locator('.notice.error').filter({ hasText: '请选择对谁有异议' }).waitFor();
    await form.locator('select[name="nomineeId"]').selectOption('n02');
    await form.locator('textarea[name="reason"]').fill('王大红并未发展种养业');
    await form.locator('input[name="name"]').fill('村民甲');
    await form.locator('input[name="contact"]').fill('13800000000');
    await form.getByRole('button', { name: '提交异议' }).click();
    await page.locator('.notice.ok').filter({ hasText: '您的异议已受理' }).waitFor();

    const task = await openTaskOf(await as(`committee.${VILLAGE}.2`), procedureId, 'redblack.objection');
    expect(task.payload).toMatchObject({ nominee: { nomineeId: 'n02', name: '王大红' }, objection: { name: '村民甲', reason: '王大红并未发展种养业' } });
    expect(phones.problems).toEqual([]);
  });

  it('issue 9: the town page shows every village’s stage; the town office opens a procedure from it, the leadership sees the stages only', async () => {
    const row = (page: Page) => page.locator(`li[data-village="${VILLAGE}"]`);
    const office = await phone();
    await openAs(office, `${suite.system.apiUrl}/#/town/red-black?year=2026&quarter=2`, 'town.office');
    await row(office).locator('a.task-link').click();
    await office.waitForURL((u) => u.hash === `#/procedures/${encodeURIComponent(procedureId)}`);
    await office.locator('.stage[data-stage]').waitFor();
    const leader = await phone();
    await openAs(leader, `${suite.system.apiUrl}/#/town/red-black?year=2026&quarter=2`, 'town.leader');
    await row(leader).locator('[data-stage]').first().waitFor();
    expect(await row(leader).locator('a').count()).toBe(0);
    expect(phones.problems).toEqual([]);
  });
});
