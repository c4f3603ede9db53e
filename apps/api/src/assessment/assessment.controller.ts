import { applyDecorators, Get, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import type { Response } from 'express';
import type { RequestBody } from '../../../../libs/domain/src';
import { ListScope } from '../access/list-scope';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { ApiController, ApiResult, arrayOf, StartsProcedure } from '../common/api-docs';
import { ValidBody, YearParam } from '../common/validation';
import { PAYMENT_SCHEMA, RANKING_ROW_SCHEMA, REDLIST_REWARD_SCHEMA, REWARD_PLAN_SCHEMA } from './assessment.responses';
import { AssessmentService } from './assessment.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A route answering a year's rows in the caller's scope (the access table's 403 is added by openapi.ts). */
const YearRows = (path: string, summary: string, row: SchemaObject) => applyDecorators(Get(path), ApiOperation({ summary }), ApiResult(200, arrayOf(row)));

/** A route answering a year's spreadsheet. */
const YearSheet = (path: string, summary: string) =>
  applyDecorators(Get(path), ApiOperation({ summary }), ApiResponse({ status: 200, description: 'the spreadsheet', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }));

function file(res: Response, name: string, buf: Buffer): StreamableFile {
  res.setHeader('content-type', XLSX);
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
  return new StreamableFile(buf);
}

@ApiController('assessments', 'api')
export class AssessmentController {
  constructor(private readonly assessments: AssessmentService) {}

  @StartsProcedure('procedures/assessment', '发起考核 (R6) / start a quarterly {year, quarter} or year-end {year} assessment: town office or admin; 409 if it exists', 403, 409, 503)
  start(@CurrentUser() user: AuthUser, @ValidBody('assessmentStart') body: RequestBody<'assessmentStart'>) {
    return this.assessments.start(user, body);
  }

  @StartsProcedure('procedures/redlist-reward', '登记红榜村民奖励 (R9) / record the rewards of a final quarter red list: village secretary or town office', 403, 409, 503)
  startRedlist(@CurrentUser() user: AuthUser, @ValidBody('redlistStart') body: RequestBody<'redlistStart'>) {
    return this.assessments.startRedlist(user, body);
  }

  @YearRows('rewards/:year/redlist', '红榜村民奖励记录 (R9) / what each red-list villager received (town users: all; village users: their village)', REDLIST_REWARD_SCHEMA)
  redlist(@ListScope() scope: string[] | null, @YearParam() year: number) {
    return this.assessments.redlistRewards(scope, year);
  }

  @YearRows('assessments/:year', '年度考核排名 (R6–R8) / per village: scores, total, rank, tier, village award and cadre pool in fen (a village: its own row until the ranking is confirmed)', RANKING_ROW_SCHEMA)
  ranking(@ListScope() scope: string[] | null, @YearParam() year: number) {
    return this.assessments.ranking(scope, year);
  }

  @YearSheet('assessments/:year/export.xlsx', '导出年度考核排名 / the ranking as a spreadsheet (amounts in yuan)')
  async exportRanking(@YearParam() year: number, @Res({ passthrough: true }) res: Response) {
    return file(res, `assessment-${year}.xlsx`, await this.assessments.exportRanking(year));
  }

  @YearRows('rewards/:year', '各村奖励分配方案进度 (R8) / every village plan: drafting | in_review | approved | paid', REWARD_PLAN_SCHEMA)
  plans(@ListScope() scope: string[] | null, @YearParam() year: number) {
    return this.assessments.plans(scope, year);
  }

  @YearRows('rewards/:year/payments', '奖励发放记录 / the payments of the year (town users: all; village users: their village)', PAYMENT_SCHEMA)
  payments(@ListScope() scope: string[] | null, @YearParam() year: number) {
    return this.assessments.payments(scope, year);
  }

  @YearSheet('rewards/:year/payments.xlsx', '导出奖励发放清单 / the payments as a spreadsheet (town users)')
  async exportPayments(@YearParam() year: number, @Res({ passthrough: true }) res: Response) {
    return file(res, `payments-${year}.xlsx`, await this.assessments.exportPayments(year));
  }
}
