import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import ExcelJS from 'exceljs';
import {
  assessmentId,
  assessmentStartSchema,
  conflict,
  fenToYuanText,
  formatTotal,
  invalid,
  rankVillages,
  redlistRewardId,
  redlistStartSchema,
  TOTAL_DENOMINATOR,
  unavailable,
} from '../../../../libs/domain/src';
import { AssessmentStore, PolicyStore, UserDirectory } from '../../../../libs/persistence/src';
import { TemporalClient } from '../../../../libs/temporal/src';
import type { assessmentQuarter, assessmentYear } from '../../../../workflows/assessment.workflow';
import type { redlistReward } from '../../../../workflows/redlist-reward.workflow';
import type { AuthUser } from '../auth/current-user';

const PERIOD_LABEL: Record<string, string> = { Q1: '第一季度', Q2: '第二季度', Q3: '第三季度', Q4: '第四季度', Y: '年终' };
const STAGE_LABEL: Record<string, string> = { drafting: '书记拟定中', in_review: '镇审批中', approved: '已批准待发放', paid: '已发放' };

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

function parseYear(raw: string): number {
  if (!/^\d{4}$/.test(raw)) throw invalid(`年份无效 / invalid year ${raw.slice(0, 20)}`);
  const y = Number(raw);
  if (y < 2000 || y > 2100) throw invalid(`年份无效 / invalid year ${y}`);
  return y;
}

/** R6–R8: starting assessments, the year's ranking, reward plans and payments, and their spreadsheets. */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly store: AssessmentStore,
    private readonly temporal: TemporalClient,
    private readonly policies: PolicyStore,
    private readonly users: UserDirectory,
  ) {}

  async start(user: AuthUser, body: unknown): Promise<{ procedureId: string }> {
    const parsed = assessmentStartSchema.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
    const { year, quarter } = parsed.data;
    const { version, policy } = await this.policies.current();
    const procedureId = assessmentId(year, quarter);
    const common = { workflowId: procedureId, taskQueue: this.temporal.config.temporal.taskQueue, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE };
    try {
      if (quarter) await this.temporal.workflow.start<typeof assessmentQuarter>('assessmentQuarter', { ...common, args: [{ procedureId, year, quarter, policy, policyVersion: version, startedBy: user.id }] });
      else await this.temporal.workflow.start<typeof assessmentYear>('assessmentYear', { ...common, args: [{ procedureId, year, policy, policyVersion: version, startedBy: user.id }] });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict(`该考核已发起 / the assessment already exists: ${procedureId}`);
      throw unavailable();
    }
    return { procedureId };
  }

  /** R9: the secretary (or the town office) starts recording a final red list's villager rewards. */
  async startRedlist(user: AuthUser, body: unknown): Promise<{ procedureId: string }> {
    const parsed = redlistStartSchema.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
    const { villageId, year, quarter } = parsed.data;
    if (!(await this.users.villageExists(villageId))) throw invalid(`没有这个村 / unknown village ${villageId}`);
    if (!(await this.store.redEntries(villageId, year, quarter)).length) throw invalid(`${year}年第${quarter}季度红榜尚未确定或无人上榜 / the red list of ${year}Q${quarter} is not final or empty`);
    const { version, policy } = await this.policies.current();
    const procedureId = redlistRewardId(villageId, year, quarter);
    try {
      await this.temporal.workflow.start<typeof redlistReward>('redlistReward', {
        workflowId: procedureId,
        taskQueue: this.temporal.config.temporal.taskQueue,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [{ procedureId, villageId, year, quarter, policy, policyVersion: version, startedBy: user.id }],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict(`已在登记 / already started: ${procedureId}`);
      throw unavailable();
    }
    return { procedureId };
  }

  /** scope (here and below): the villages the access table lets the caller list; null for every village. */
  async redlistRewards(scope: string[] | null, rawYear: string) {
    const year = parseYear(rawYear);
    return (await this.store.redlistRewards(year))
      .filter((r) => inScope(scope, r.villageId))
      .map((r) => ({ entryId: r.entryId, villageId: r.villageId, year: r.year, quarter: r.quarter, name: r.name, form: r.form, amountFen: r.amountFen, recordedBy: r.recordedBy, recordedAt: r.recordedAt.toISOString() }));
  }

  /** A village sees its own row until the whole ranking is confirmed; then every row, as published. */
  async ranking(scope: string[] | null, rawYear: string): Promise<AssessmentRow[]> {
    const rows = await this.fullRanking(rawYear);
    if (scope === null || (rows.length > 0 && rows.every((r) => r.status === 'confirmed'))) return rows;
    return rows.filter((r) => scope.includes(r.villageId));
  }

  private async fullRanking(rawYear: string): Promise<AssessmentRow[]> {
    const year = parseYear(rawYear);
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

  async exportRanking(rawYear: string): Promise<Buffer> {
    const rows = await this.fullRanking(rawYear);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(`${rawYear}年度考核`);
    ws.addRow([`${rawYear}年度村(居)综合考核排名及奖励`]);
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

  async plans(scope: string[] | null, rawYear: string): Promise<{ villageId: string; procedureId: string; stage: string }[]> {
    const year = parseYear(rawYear);
    const procs = await this.store.rewardPlans(year);
    return procs.filter((p) => inScope(scope, p.villageId!)).map((p) => ({ villageId: p.villageId!, procedureId: p.id, stage: p.stage })).sort((a, b) => (a.villageId < b.villageId ? -1 : 1));
  }

  async payments(scope: string[] | null, rawYear: string) {
    const year = parseYear(rawYear);
    const rows = await this.store.payments(year);
    return rows
      .filter((p) => inScope(scope, p.villageId))
      .map((p) => ({ id: p.id, villageId: p.villageId, planId: p.planId, kind: p.kind, userId: p.userId, name: p.name, duty: p.duty, amountFen: p.amountFen, status: p.status, paidOn: p.paidOn, reference: p.reference }));
  }

  async exportPayments(rawYear: string): Promise<Buffer> {
    const rows = await this.payments(null, rawYear);
    const names = new Map((await this.users.villages()).map((v) => [v.id, v.name]));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(`${rawYear}年度奖励发放`);
    ws.addRow([`${rawYear}年度考核奖励发放清单`]);
    ws.addRow(['村(居)', '类别', '姓名/单位', '职务', '金额(元)', '状态', '发放日期', '凭证号']);
    ws.getRow(2).font = { bold: true };
    for (const p of rows) {
      const row = ws.addRow([names.get(p.villageId) ?? p.villageId, p.kind === 'village' ? '村集体奖励' : '村干部奖励', p.name, p.duty, Number(fenToYuanText(p.amountFen)), p.status === 'paid' ? '已发放' : '已批准', p.paidOn ?? '', p.reference ?? '']);
      row.getCell(5).numFmt = '#,##0.00';
    }
    ws.columns.forEach((c, i) => (c.width = i === 2 || i === 7 ? 18 : 12));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  static stageLabel(stage: string): string {
    return STAGE_LABEL[stage] ?? stage;
  }

  static periodLabel(period: string): string {
    return PERIOD_LABEL[period] ?? period;
  }
}
