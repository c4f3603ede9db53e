import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { ListEntryEntity, openDatabase } from '../../libs/persistence/src';
import type { Stack } from '../../scripts/lib/stack';
import { ApiClient, eventually, openTaskOf, startSystem } from '../support/system';

const YEAR = 2025;
const VILLAGES = Array.from({ length: 17 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
/** v01 leads, each next village 2.5 points lower. */
const scores = (base: number) => VILLAGES.map((villageId, i) => ({ villageId, score: (base * 10 - i * 25) / 10 }));

async function download(client: ApiClient, path: string): Promise<{ status: number; type: string | null; buf: Buffer }> {
  const res = await fetch(client.baseUrl + path, { headers: { authorization: `Bearer ${(client as any).token}` } });
  return { status: res.status, type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()) };
}

async function sheetRows(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** R6–R8 考核、排名与奖励分配, end to end over HTTP with the demo users. */
describe('assessments and the reward fund over HTTP (R6–R8)', () => {
  let system: Stack;
  let admin: ApiClient;
  let office: ApiClient;
  let leader: ApiClient;
  let secretary: ApiClient;
  let otherSecretary: ApiClient;

  beforeAll(async () => {
    // A longer wait for completions: the machine is shared and often loaded.
    system = await startSystem({ UPDATE_WAIT_MS: '30000' });
    [admin, office, leader, secretary, otherSecretary] = await Promise.all(['admin', 'town.office', 'town.leader', 'secretary.v01', 'secretary.v02'].map((u) => ApiClient.login(system.apiUrl, u)));
    // Second-scale deadlines for this run's procedures.
    const { policy } = (await admin.get('/api/policy')).body;
    for (const kind of ['assessment.quarterly', 'assessment.annual', 'assessment.correct', 'reward.confirm', 'reward.draft_split', 'reward.review_split', 'reward.disburse']) {
      policy.tasks[kind] = { due: 'PT120S', remindAt: [], onTimeout: [{ action: 'remind', extendBy: 'PT120S' }] };
    }
    expect((await admin.put('/api/policy', policy)).status).toBe(200);
  });
  afterAll(async () => system?.stop());

  it('R6 R7 R8: scores entered, ranking confirmed, a split drafted, returned, fixed, approved and paid; spreadsheets read back', async () => {
    // Starting: town office or admin only, once per period, well-formed.
    expect((await secretary.post('/api/procedures/assessment', { year: YEAR, quarter: 1 })).status).toBe(403);
    for (const bad of [{ year: 'x' }, { year: YEAR, quarter: 5 }, { year: YEAR, quarter: 1.5 }, { year: YEAR, extra: 1 }]) expect((await office.post('/api/procedures/assessment', bad)).status).toBe(400);
    const year = await admin.post('/api/procedures/assessment', { year: YEAR });
    expect(year.status).toBe(201);
    expect(year.body).toEqual({ procedureId: `assessment/${YEAR}` });
    expect((await office.post('/api/procedures/assessment', { year: YEAR })).status).toBe(409);

    for (const q of [1, 2, 3, 4]) {
      const started = await office.post('/api/procedures/assessment', { year: YEAR, quarter: q });
      expect(started.status).toBe(201);
      const { procedureId } = started.body;
      const task = await openTaskOf(office, procedureId, 'assessment.quarterly');
      expect(task.payload.villages).toHaveLength(17);
      expect(task.payload.villages[0]).toEqual(expect.objectContaining({ villageId: 'v01', overdueTasks: expect.any(Number), redEntries: expect.any(Number), disputesRegistered: expect.any(Number) }));
      if (q === 1) {
        // Bad input: a score of 101, a missing village, two decimals — 400, nothing stored.
        const over = await office.complete(task.id, { scores: [...scores(90).slice(1), { villageId: 'v01', score: 101 }] });
        expect(over.status).toBe(400);
        expect(over.body.message).toMatch(/100/);
        const missing = await office.complete(task.id, { scores: scores(90).slice(1) });
        expect(missing.status).toBe(400);
        expect(missing.body.message).toMatch(/v01/);
        expect((await office.complete(task.id, { scores: [...scores(90).slice(1), { villageId: 'v01', score: 90.25 }] })).status).toBe(400);
        expect((await office.task(task.id)).body.status).toBe('open');
        expect((await office.get(`/api/assessments/${YEAR}`)).body.every((r: any) => r.quarterlyScores.every((s: unknown) => s === null))).toBe(true);
        expect((await leader.complete(task.id, { scores: scores(90) })).status).toBe(403);
      }
      expect((await office.complete(task.id, { scores: scores(90 - q) })).status).toBe(200);
    }
    expect((await office.post('/api/procedures/assessment', { year: YEAR, quarter: 1 })).status).toBe(409);

    const annual = await openTaskOf(office, `assessment/${YEAR}`, 'assessment.annual', 30_000);
    expect((await office.complete(annual.id, { scores: scores(95) })).status).toBe(200);
    const confirm = await openTaskOf(leader, `assessment/${YEAR}`, 'reward.confirm');
    expect(confirm.payload.ranking[0]).toMatchObject({ villageId: 'v01', rank: 1, total: '89.00' });
    expect((await office.complete(confirm.id, { approve: true, comment: '' })).status).toBe(403);
    // Issue 9: until the leadership confirms, a village sees its own row only.
    expect((await secretary.get(`/api/assessments/${YEAR}`)).body.map((r: any) => r.villageId)).toEqual(['v01']);
    expect((await otherSecretary.get(`/api/assessments/${YEAR}`)).body.map((r: any) => r.villageId)).toEqual(['v02']);
    expect((await leader.complete(confirm.id, { approve: true, comment: '同意' })).status).toBe(200);

    const ranking = await eventually(async () => {
      const r = await office.get(`/api/assessments/${YEAR}`);
      return r.body[0]?.status === 'confirmed' && r.body;
    });
    expect(ranking).toHaveLength(17);
    expect(await eventually(async () => (await secretary.get(`/api/assessments/${YEAR}`)).body.length === 17)).toBe(true);
    // v01: 0.8 × mean(89, 88, 87, 86) + 0.2 × 95 = 70 + 19
    expect(ranking[0]).toMatchObject({ villageId: 'v01', quarterlyScores: [89, 88, 87, 86], annualScore: 95, total: '89.00', rank: 1, tier: 1, villageAwardFen: 4_000_000, cadrePoolFen: 600_000 });
    expect(ranking.map((r: any) => r.cadrePoolFen).reduce((a: number, b: number) => a + b, 0)).toBe(600_000 * 2 + 400_000 * 5 + 300_000 * 8 + 200_000 * 2);
    const plans = await eventually(async () => {
      const r = await office.get(`/api/rewards/${YEAR}`);
      return r.body.length === 17 && r.body;
    });
    expect(plans.every((p: any) => p.stage === 'drafting')).toBe(true);

    // The v01 secretary drafts the split; bad splits are refused with 400 and nothing is stored.
    const planId = `reward-plan/v01/${YEAR}`;
    const draft1 = await openTaskOf(secretary, planId, 'reward.draft_split');
    expect(draft1.payload).toMatchObject({ poolFen: 600_000, rounds: [] });
    const split = (sec: number, med: number, com: number) => ({
      allocations: [
        { userId: 'secretary.v01', amountFen: sec, duty: '书记' },
        { userId: 'mediator.v01', amountFen: med, duty: '治调委员' },
        { userId: 'committee.v01.1', amountFen: com, duty: '两委委员' },
      ],
      note: '按职责分配',
    });
    const notAddingUp = await secretary.complete(draft1.id, split(300_000, 200_000, 90_000));
    expect(notAddingUp.status).toBe(400);
    expect(notAddingUp.body.message).toMatch(/¥5,900\.00/);
    expect(notAddingUp.body.message).toMatch(/¥6,000\.00/);
    expect(notAddingUp.body.message).toMatch(/¥100\.00/);
    const bads: [unknown, RegExp][] = [
      [{ allocations: [{ userId: 'council.v01.1', amountFen: 600_000, duty: '理事' }], note: '' }, /not a cadre/],
      [{ allocations: [{ userId: 'secretary.v02', amountFen: 600_000, duty: '书记' }], note: '' }, /not a cadre .* of v01/],
      [split(-100, 300_100, 300_000), /positive/],
      [split(299_999.5, 200_000.5, 100_000), /whole number/],
    ];
    for (const [decision, message] of bads) {
      const res = await secretary.complete(draft1.id, decision);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    expect((await otherSecretary.complete(draft1.id, split(300_000, 200_000, 100_000))).status).toBe(403);
    expect((await secretary.task(draft1.id)).body.status).toBe('open');
    expect((await office.get(`/api/rewards/${YEAR}/payments`)).body).toEqual([]);

    expect((await secretary.complete(draft1.id, split(400_000, 100_000, 100_000))).status).toBe(200);
    const review1 = await openTaskOf(leader, planId, 'reward.review_split');
    expect(review1.payload.allocations.map((a: any) => a.amountFen)).toEqual([400_000, 100_000, 100_000]);
    expect((await office.complete(review1.id, { approve: true, comment: '' })).status).toBe(403);
    expect((await leader.complete(review1.id, { approve: false, comment: '书记比例过高' })).status).toBe(200);

    const draft2 = await openTaskOf(secretary, planId, 'reward.draft_split');
    expect(draft2.payload.round).toBe(2);
    expect(draft2.payload.rounds).toEqual([expect.objectContaining({ round: 1, approve: false, comment: '书记比例过高' })]);
    expect((await secretary.complete(draft2.id, split(300_000, 200_000, 100_000))).status).toBe(200);
    const review2 = await openTaskOf(leader, planId, 'reward.review_split');
    expect(review2.payload.rounds.map((r: any) => r.comment)).toEqual(['书记比例过高']);
    expect((await leader.complete(review2.id, { approve: true, comment: '同意' })).status).toBe(200);

    const disburse = await openTaskOf(office, planId, 'reward.disburse');
    expect((await office.get(`/api/rewards/${YEAR}`)).body.find((p: any) => p.villageId === 'v01').stage).toBe('approved');
    const approved = (await office.get(`/api/rewards/${YEAR}/payments`)).body;
    expect(approved.map((p: any) => [p.kind, p.amountFen, p.status])).toEqual([
      ['village', 4_000_000, 'approved'],
      ['cadre', 100_000, 'approved'],
      ['cadre', 200_000, 'approved'],
      ['cadre', 300_000, 'approved'],
    ]);
    expect((await office.complete(disburse.id, { paidOn: '2026-01-15', reference: 'ZZB-2026-001' })).status).toBe(200);
    await eventually(async () => (await office.get(`/api/rewards/${YEAR}`)).body.find((p: any) => p.villageId === 'v01').stage === 'paid');

    // The spreadsheets, downloaded and read back.
    const payments = await download(office, `/api/rewards/${YEAR}/payments.xlsx`);
    expect(payments.status).toBe(200);
    expect(payments.type).toMatch(/spreadsheetml/);
    const prow = await sheetRows(payments.buf);
    expect(prow[1]).toEqual(['村(居)', '类别', '姓名/单位', '职务', '金额(元)', '状态', '发放日期', '凭证号']);
    expect(prow.slice(2).map((r) => [r[1], r[4], r[5], r[7]])).toEqual([
      ['村集体奖励', 40000, '已发放', 'ZZB-2026-001'],
      ['村干部奖励', 1000, '已发放', 'ZZB-2026-001'],
      ['村干部奖励', 2000, '已发放', 'ZZB-2026-001'],
      ['村干部奖励', 3000, '已发放', 'ZZB-2026-001'],
    ]);
    expect((await download(secretary, `/api/rewards/${YEAR}/payments.xlsx`)).status).toBe(403);

    const exported = await download(office, `/api/assessments/${YEAR}/export.xlsx`);
    expect(exported.status).toBe(200);
    const arow = await sheetRows(exported.buf);
    expect(arow[1].slice(0, 11)).toEqual(['排名', '村(居)', '第一季度', '第二季度', '第三季度', '第四季度', '年终考核', '综合得分', '档次', '村集体奖励(元)', '村干部奖励(元)']);
    expect(arow).toHaveLength(2 + 17);
    expect(arow[2].slice(0, 11)).toEqual([1, ranking[0].name, 89, 88, 87, 86, 95, 89, 1, 40000, 6000]);
    expect(arow.slice(2).reduce((s, r) => s + (r[9] as number), 0)).toBe(40000 * 2 + 30000 * 5 + 20000 * 8 + 10000 * 2);
  });
  it('R9 a final red list: the secretary records each red-list villager’s reward exactly once', async () => {
    // No final red list yet: nothing to start.
    const early = await secretary.post('/api/procedures/redlist-reward', { villageId: 'v01', year: YEAR, quarter: 2 });
    expect(early.status).toBe(400);
    expect(early.body.message).toMatch(/not final or empty/);
    // The red/black procedure's final entries of v01 2025Q2, as it writes them.
    const ds = await openDatabase(system.env.DATABASE_URL!);
    try {
      await ds.getRepository(ListEntryEntity).insert(
        ['张大妈', '李大爷', '王家'].map((name, i) => ({ id: `redblack/v01/${YEAR}Q2/red-${i + 1}`, procedureId: `redblack/v01/${YEAR}Q2`, villageId: 'v01', year: YEAR, quarter: 2, nomineeId: `n${i + 1}`, name, color: 'red' as const, category: '孝老爱亲典范', poorHousehold: i === 2, reason: '事迹', createdAt: new Date() })),
      );
    } finally {
      await ds.destroy();
    }
    expect((await otherSecretary.post('/api/procedures/redlist-reward', { villageId: 'v01', year: YEAR, quarter: 2 })).status).toBe(403);
    const started = await secretary.post('/api/procedures/redlist-reward', { villageId: 'v01', year: YEAR, quarter: 2 });
    expect(started.status).toBe(201);
    expect((await office.post('/api/procedures/redlist-reward', { villageId: 'v01', year: YEAR, quarter: 2 })).status).toBe(409);
    const task = await openTaskOf(secretary, started.body.procedureId, 'redlist.reward');
    expect(task.payload.entries.map((e: any) => e.name)).toEqual(['王家', '张大妈', '李大爷']); // poor household first (R2)
    const ids = task.payload.entries.map((e: any) => e.entryId);
    const missing = await secretary.complete(task.id, { rewards: [{ entryId: ids[0], form: '荣誉证书' }] });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/without a reward/);
    expect((await otherSecretary.complete(task.id, { rewards: ids.map((entryId: string) => ({ entryId, form: '荣誉证书' })) })).status).toBe(403);
    expect((await secretary.complete(task.id, { rewards: ids.map((entryId: string, i: number) => ({ entryId, form: i ? '荣誉证书' : '慰问金', ...(i ? {} : { amountFen: 50_000 }) })) })).status).toBe(200);
    const recorded = await eventually(async () => {
      const r = await office.get(`/api/rewards/${YEAR}/redlist`);
      return r.body.length === 3 && r.body;
    });
    expect(recorded.find((r: any) => r.name === '王家')).toMatchObject({ form: '慰问金', amountFen: 50_000, quarter: 2 });
    expect((await otherSecretary.get(`/api/rewards/${YEAR}/redlist`)).body).toEqual([]);
  });
});
