import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { assessmentId, fenToYuanText, formatTotal, invalid, rankVillages, redlistRewardId, TOTAL_DENOMINATOR, type RequestBody } from '../../../../libs/domain/src';
import { AssessmentStore, PolicyStore, UserDirectory } from '../../../../libs/persistence/src';
import type { assessmentQuarter } from '../../../../workflows/assessment-quarter.workflow';
import type { assessmentYear } from '../../../../workflows/assessment-year.workflow';
import type { redlistReward } from '../../../../workflows/redlist-reward.workflow';
import type { AuthUser } from '../auth/current-user';
import { ProcedureStarter } from '../procedures/procedure-starter';

export interface AssessmentRow {
  villageId: string;
  name: string;
  quarterlyScores: (number | null)[];
  annualScore: number | null;
  total: string;
  totalExact: { numerator: number; denominator: number };
  missingQuarters: number[];
  rank: number | null;
  tier: number | null;
  villageAwardFen: number | null;
  cadrePoolFen: number | null;
  status: 'confirmed' | 'proposed' | 'provisional';
}

const inScope = (scope: string[] | null, villageId: string) => scope === null || scope.includes(villageId);

/** R6–R8: starting assessments, the year's ranking, reward plans and payments, and their spreadsheets. */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly store: AssessmentStore,
    private readonly starter: ProcedureStarter,
    private readonly policies: PolicyStore,
    private readonly users: UserDirectory,
  ) {}

  async start(user: AuthUser, { year, quarter }: RequestBody<'assessmentStart'>): Promise<{ procedureId: string }> {
    const procedureId = assessmentId(year, quarter);
    const alreadyExists = `该考核已发起 / the assessment already exists: ${procedureId}`;
    if (quarter) await this.starter.start<typeof assessmentQuarter>('assessmentQuarter', { workflowId: procedureId, alreadyExists, args: (starting) => [{ procedureId, year, quarter, ...starting, startedBy: user.id }] });
    else await this.starter.start<typeof assessmentYear>('assessmentYear', { workflowId: procedureId, alreadyExists, args: (starting) => [{ procedureId, year, ...starting, startedBy: user.id }] });
    return { procedureId };
  }

  /** R9: the secretary (or the town office) starts recording a final red list's villager rewards. */
  async startRedlist(user: AuthUser, { villageId, year, quarter }: RequestBody<'redlistStart'>): Promise<{ procedureId: string }> {
    await this.starter.requireVillage(villageId);
    if (!(await this.store.redEntries(villageId, year, quarter)).length) throw invalid(`${year}年第${quarter}季度红榜尚未确定或无人上榜 / the red list of ${year}Q${quarter} is not final or empty`);
    const procedureId = redlistRewardId(villageId, year, quarter);
    await this.starter.start<typeof redlistReward>('redlistReward', {
      workflowId: procedureId,
      alreadyExists: `已在登记 / already started: ${procedureId}`,
      args: (starting) => [{ procedureId, villageId, year, quarter, ...starting, startedBy: user.id }],
    });
    return { procedureId };
  }

  /** scope (here and below): the villages the access table lets the caller list; null for every village. */
  async redlistRewards(scope: string[] | null, year: number) {
    return (await this.store.redlistRewards(year))
      .filter((r) => inScope(scope, r.villageId))
      .map((r) => ({ entryId: r.entryId, villageId: r.villageId, year: r.year, quarter: r.quarter, name: r.name, form: r.form, amountFen: r.amountFen, recordedBy: r.recordedBy, recordedAt: r.recordedAt.toISOString() }));
  }

  /** A village sees its own row until the whole ranking is confirmed; then every row, as published. */
  async ranking(scope: string[] | null, year: number): Promise<AssessmentRow[]> {
    const rows = await this.fullRanking(year);
    if (scope === null || (rows.length > 0 && rows.every((r) => r.status === 'confirmed'))) return rows;
    return rows.filter((r) => scope.includes(r.villageId));
  }

  private async fullRanking(year: number): Promise<AssessmentRow[]> {
    const [villages, scores, results] = await Promise.all([this.users.villages(), this.store.scores(year), this.store.results(year)]);
    const of = (v: string, p: string) => scores.find((s) => s.villageId === v && s.period === p)?.scoreTenths ?? null;
    const byVillage = new Map(results.map((r) => [r.villageId, r]));
    const { policy } = await this.policies.current();
    const provisional = new Map(rankVillages(policy, villages.map((v) => ({ villageId: v.id, quarterlyTenths: ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => of(v.id, q)), annualTenths: of(v.id, 'Y') }))).map((r) => [r.villageId, r]));
    const rows = villages.map((v): AssessmentRow => {
      const p = provisional.get(v.id)!;
      const r = byVillage.get(v.id);
      return {
        villageId: v.id,
        name: v.name,
        quarterlyScores: p.quarterlyTenths.map((t) => (t === null ? null : t / 10)),
        annualScore: p.annualTenths === null ? null : p.annualTenths / 10,
        total: formatTotal(r?.totalUnits ?? p.totalUnits),
        totalExact: { numerator: r?.totalUnits ?? p.totalUnits, denominator: TOTAL_DENOMINATOR },
        missingQuarters: p.missingQuarters,
        rank: r ? r.rank : scores.length ? p.rank : null,
        tier: r ? r.tier : scores.length ? p.tier : null,
        villageAwardFen: r ? r.villageAwardFen : scores.length ? p.villageAwardFen : null,
        cadrePoolFen: r ? r.cadrePoolFen : scores.length ? p.cadrePoolFen : null,
        status: r ? r.status : 'provisional',
      };
    });
    return rows.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (a.villageId < b.villageId ? -1 : 1));
  }

  async exportRanking(year: number): Promise<Buffer> {
    const rows = await this.fullRanking(year);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(`${year}年度考核`);
    ws.addRow([`${year}年度村(居)综合考核排名及奖励`]);
    ws.addRow(['排名', '村(居)', '第一季度', '第二季度', '第三季度', '第四季度', '年终考核', '综合得分', '档次', '村集体奖励(元)', '村干部奖励(元)', '备注']);
    ws.getRow(2).font = { bold: true };
    for (const r of rows) {
      const row = ws.addRow([
        r.rank,
        r.name,
        ...r.quarterlyScores,
        r.annualScore,
        Number(r.total),
        r.tier,
        r.villageAwardFen === null ? null : Number(fenToYuanText(r.villageAwardFen)),
        r.cadrePoolFen === null ? null : Number(fenToYuanText(r.cadrePoolFen)),
        [r.missingQuarters.length ? `缺第${r.missingQuarters.join('、')}季度分数(按0分计)` : '', r.status === 'confirmed' ? '' : r.status === 'proposed' ? '待确认' : '暂定'].filter(Boolean).join(';'),
      ]);
      for (const c of [3, 4, 5, 6, 7]) row.getCell(c).numFmt = '0.0';
      row.getCell(8).numFmt = '0.00';
      row.getCell(10).numFmt = '#,##0.00';
      row.getCell(11).numFmt = '#,##0.00';
    }
    ws.columns.forEach((c, i) => (c.width = i === 1 ? 14 : i === 11 ? 30 : 12));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async plans(scope: string[] | null, year: number): Promise<{ villageId: string; procedureId: string; stage: string }[]> {
    const procs = await this.store.rewardPlans(year);
    return procs.filter((p) => inScope(scope, p.villageId!)).map((p) => ({ villageId: p.villageId!, procedureId: p.id, stage: p.stage })).sort((a, b) => (a.villageId < b.villageId ? -1 : 1));
  }

  async payments(scope: string[] | null, year: number) {
    const rows = await this.store.payments(year);
    return rows
      .filter((p) => inScope(scope, p.villageId))
      .map((p) => ({ id: p.id, villageId: p.villageId, planId: p.planId, kind: p.kind, userId: p.userId, name: p.name, duty: p.duty, amountFen: p.amountFen, status: p.status, paidOn: p.paidOn, reference: p.reference }));
  }

  async exportPayments(year: number): Promise<Buffer> {
    const rows = await this.payments(null, year);
    const names = new Map((await this.users.villages()).map((v) => [v.id, v.name]));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(`${year}年度奖励发放`);
    ws.addRow([`${year}年度考核奖励发放清单`]);
    ws.addRow(['村(居)', '类别', '姓名/单位', '职务', '金额(元)', '状态', '发放日期', '凭证号']);
    ws.getRow(2).font = { bold: true };
    for (const p of rows) {
      const row = ws.addRow([names.get(p.villageId) ?? p.villageId, p.kind === 'village' ? '村集体奖励' : '村干部奖励', p.name, p.duty, Number(fenToYuanText(p.amountFen)), p.status === 'paid' ? '已发放' : '已批准', p.paidOn ?? '', p.reference ?? '']);
      row.getCell(5).numFmt = '#,##0.00';
    }
    ws.columns.forEach((c, i) => (c.width = i === 2 || i === 7 ? 18 : 12));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
