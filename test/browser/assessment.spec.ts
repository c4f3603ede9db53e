import { beforeAll, describe, expect, it } from '@jest/globals';
import { completionsSent, openAs, phoneSuite, taskHash } from '../support/phone-browser';
import { ApiClient, eventually, openTaskOf } from '../support/system';

/** R6–R8 pages in a real Chromium at phone size: the secretary's split form, the leadership's review, the town dashboard. */

const YEAR = 2025;
const VILLAGES = Array.from({ length: 17 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
const scores = (base: number) => VILLAGES.map((villageId, i) => ({ villageId, score: (base * 10 - i * 25) / 10 }));
const PLAN = `reward-plan/v01/${YEAR}`;

describe('assessment and reward pages (browser, R6–R8)', () => {
  // A longer wait for completions: the machine is shared and often loaded.
  const suite = phoneSuite({ UPDATE_WAIT_MS: '30000' });
  const { phones, phone } = suite;
  let office: ApiClient;
  let leader: ApiClient;
  let secretary: ApiClient;

  beforeAll(async () => {
    [office, leader, secretary] = await Promise.all(['town.office', 'town.leader', 'secretary.v01'].map((u) => ApiClient.login(suite.system.apiUrl, u)));
    expect((await office.post('/api/procedures/assessment', { year: YEAR })).status).toBe(201);
    expect((await office.post('/api/procedures/assessment', { year: YEAR, quarter: 1 })).status).toBe(201);
  });

  /** Q2–Q4, the year-end and the confirmation through the API, after Q1 was entered on the page. */
  async function restOfTheYear() {
    for (const q of [2, 3, 4]) {
      const { procedureId } = (await office.post('/api/procedures/assessment', { year: YEAR, quarter: q })).body;
      const t = await openTaskOf(office, procedureId, 'assessment.quarterly');
      expect((await office.complete(t.id, { scores: scores(90 - q) })).status).toBe(200);
    }
    const annual = await openTaskOf(office, `assessment/${YEAR}`, 'assessment.annual', 30_000);
    expect((await office.complete(annual.id, { scores: scores(95) })).status).toBe(200);
    const confirm = await openTaskOf(leader, `assessment/${YEAR}`, 'reward.confirm');
    expect((await leader.complete(confirm.id, { approve: true, comment: '同意' })).status).toBe(200);
  }

  /** The plan's open task of that kind once it is the given round's. */
  const roundOf = (client: ApiClient, kind: string, round: number) =>
    eventually(async () => {
      const t = await openTaskOf(client, PLAN, kind);
      return t.payload.round === round && t;
    });

  it('R6 the score-entry form: 17 rows with the indicators beside them; a score of 101 is caught on the page', async () => {
    const task = await openTaskOf(office, `assessment/${YEAR}Q1`, 'assessment.quarterly');
    const page = await phone();
    const completions = completionsSent(page);
    await openAs(page, `${suite.system.apiUrl}/${taskHash(task.id)}`, 'town.office');
    const form = page.locator('form.task-form[data-kind="assessment.quarterly"]');
    await form.waitFor();
    expect(await form.locator('.score-row').count()).toBe(17);
    expect(await form.locator('.score-row[data-village="v01"] .indicators').textContent()).toMatch(/逾期待办 \d+ · 红榜 \d+ \/ 黑榜 \d+.*纠纷 \d+/);
    for (const { villageId, score } of scores(89)) await form.locator(`input[name="score-${villageId}"]`).fill(String(score));
    await form.locator('input[name="score-v05"]').fill('101');
    await form.getByRole('button', { name: '提交' }).click();
    await form.locator('.form-error .notice.error').filter({ hasText: '0–100' }).waitFor();
    expect(completions).toEqual([]);
    await form.locator('input[name="score-v05"]').fill('７９．０');
    await form.locator('input[name="note-v01"]').fill('成绩突出');
    await page.screenshot({ path: '/tmp/assessment-scores.png' });
    await form.getByRole('button', { name: '提交' }).click();
    await page.locator('.notice.ok').filter({ hasText: '提交成功' }).waitFor();
    const done = (await office.task(task.id)).body;
    expect(done.decision.scores).toHaveLength(17);
    expect(done.decision.scores[0]).toEqual({ villageId: 'v01', score: 89, note: '成绩突出' });
    expect(done.decision.scores[4]).toEqual({ villageId: 'v05', score: 79 });
    expect(phones.problems).toEqual([]);
    await restOfTheYear();
  });

  it('R8 the secretary’s split form shows the pool, the running sum and the difference as they type; a split that does not add up is not sent', async () => {
    const draft = await openTaskOf(secretary, PLAN, 'reward.draft_split');
    const page = await phone();
    const completions = completionsSent(page);
    await openAs(page, `${suite.system.apiUrl}/${taskHash(draft.id)}`, 'secretary.v01');
    const form = page.locator('form.task-form[data-kind="reward.draft_split"]');
    await form.waitFor();
    expect(await form.locator('[data-split-pool]').textContent()).toBe('6000.00');
    expect(await form.locator('[data-split-sum]').textContent()).toBe('0.00');
    expect(await form.locator('[data-split-diff]').textContent()).toBe('6000.00');
    expect(await form.locator('.split-row').count()).toBe(4); // secretary, mediator, two committee members

    await form.locator('input[name="amount-secretary.v01"]').fill('3000');
    expect(await form.locator('[data-split-sum]').textContent()).toBe('3000.00');
    expect(await form.locator('[data-split-diff]').textContent()).toBe('3000.00');
    await form.locator('input[name="amount-mediator.v01"]').fill('2000.5');
    expect(await form.locator('[data-split-sum]').textContent()).toBe('5000.50');
    expect(await form.locator('[data-split-diff]').textContent()).toBe('999.50');
    await form.locator('[data-split-status]').filter({ hasText: '还差 999.50 元' }).waitFor();

    await form.getByRole('button', { name: '提交' }).click();
    await form.locator('.form-error .notice.error').filter({ hasText: '还差 999.50' }).waitFor();
    expect(completions).toEqual([]);

    await form.locator('input[name="amount-mediator.v01"]').fill('2000');
    await form.locator('input[name="amount-committee.v01.1"]').fill('1000');
    expect(await form.locator('[data-split-diff]').textContent()).toBe('0.00');
    expect(await form.getAttribute('data-balanced')).toBe('true');
    await form.locator('textarea[name="split-note"]').fill('按职责分配');
    await page.screenshot({ path: '/tmp/assessment-split.png', fullPage: true });
    await form.getByRole('button', { name: '提交' }).click();
    await page.locator('.notice.ok').filter({ hasText: '提交成功' }).waitFor();
    expect((await secretary.task(draft.id)).body).toMatchObject({
      status: 'done',
      decision: {
        allocations: [
          { userId: 'committee.v01.1', amountFen: 100_000 },
          { userId: 'mediator.v01', amountFen: 200_000 },
          { userId: 'secretary.v01', amountFen: 300_000 },
        ],
        note: '按职责分配',
      },
    });
    expect(phones.problems).toEqual([]);
  });

  it('R8 the review form shows the split and the earlier rounds with their comments; the leadership approves it on the phone', async () => {
    // Round 1 is returned (through the API); the secretary drafts round 2.
    const review1 = await openTaskOf(leader, PLAN, 'reward.review_split');
    expect((await leader.complete(review1.id, { approve: false, comment: '书记比例过高' })).status).toBe(200);
    const draft2 = await roundOf(secretary, 'reward.draft_split', 2);
    const page = await phone();
    await openAs(page, `${suite.system.apiUrl}/${taskHash(draft2.id)}`, 'secretary.v01');
    const dform = page.locator('form.task-form[data-kind="reward.draft_split"]');
    await dform.waitFor();
    await dform.locator('[data-round="1"]').filter({ hasText: '书记比例过高' }).waitFor();
    // The previous amounts are filled in: adjusting two keeps the sum right.
    expect(await dform.locator('[data-split-diff]').textContent()).toBe('0.00');
    await phones.closePhones();
    expect((await secretary.complete(draft2.id, { allocations: [{ userId: 'secretary.v01', amountFen: 250_000, duty: '书记' }, { userId: 'mediator.v01', amountFen: 250_000, duty: '治调委员' }, { userId: 'committee.v01.1', amountFen: 100_000, duty: '两委委员' }], note: '调整' })).status).toBe(200);

    const review2 = await roundOf(leader, 'reward.review_split', 2);
    const lpage = await phone();
    await openAs(lpage, `${suite.system.apiUrl}/${taskHash(review2.id)}`, 'town.leader');
    const form = lpage.locator('form.task-form[data-kind="reward.review_split"]');
    await form.waitFor();
    expect(await form.locator('[data-current-split]').textContent()).toContain('2500.00');
    expect(await form.locator('[data-rounds]').getAttribute('data-rounds')).toBe('1');
    expect(await form.locator('[data-round="1"]').textContent()).toContain('书记比例过高');
    await form.getByRole('button', { name: '提交' }).click();
    await form.locator('.form-error .notice.error').filter({ hasText: '请选择结论' }).waitFor();
    await form.locator('input[name="approve"][value="true"]').check();
    await form.locator('textarea[name="opinion"]').fill('同意');
    await form.getByRole('button', { name: '提交' }).click();
    await lpage.locator('.notice.ok').filter({ hasText: '提交成功' }).waitFor();
    expect((await leader.task(review2.id)).body).toMatchObject({ status: 'done', decision: { approve: true, comment: '同意' } });
    await eventually(async () => (await office.get(`/api/rewards/${YEAR}`)).body.find((p: any) => p.villageId === 'v01')?.stage === 'approved');
    expect(phones.problems).toEqual([]);
  });

  it('R6 R7 the town dashboard shows the ranking, the bar chart of totals, each plan’s stage and the payments', async () => {
    const page = await phone();
    await openAs(page, `${suite.system.apiUrl}/#/town/assessment?year=${YEAR}`, 'town.office');
    await page.locator('table[data-ranking] tbody tr').first().waitFor();
    expect(await page.locator('table[data-ranking] tbody tr').count()).toBe(17);
    expect(await page.locator('[data-ranking-status]').getAttribute('data-ranking-status')).toBe('confirmed');
    expect(await page.locator('table[data-ranking] tbody tr').first().textContent()).toContain('89.00');
    await page.locator('[data-chart-ready="true"] canvas').waitFor();
    expect(await page.locator('table[data-plans] tbody tr').count()).toBe(17);
    expect(await page.locator('table[data-plans] tr[data-village="v01"]').getAttribute('data-stage')).toBe('approved');
    expect(await page.locator('table[data-payments] tbody tr').count()).toBe(4);
    await page.locator('nav a[data-nav="assessment"]:not([hidden])').waitFor();
    await page.screenshot({ path: '/tmp/assessment-dashboard.png', fullPage: true });
    expect(phones.problems).toEqual([]);
  });
});
