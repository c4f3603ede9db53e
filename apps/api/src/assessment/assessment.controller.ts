import { Body, Controller, Get, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { assessmentStartSchema, redlistStartSchema } from '../../../../libs/domain/src';
import { ListScope } from '../access/list-scope';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { ApiErrors, ApiResult, ApiYearParam, arrayOf, PROCEDURE_LINK, PROCEDURE_STARTED_SCHEMA } from '../common/api-docs';
import { PAYMENT_SCHEMA, RANKING_ROW_SCHEMA, REDLIST_REWARD_SCHEMA, REWARD_PLAN_SCHEMA } from './assessment.responses';
import { AssessmentService } from './assessment.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input' }) as never;

function file(res: Response, name: string, buf: Buffer): StreamableFile {
  res.setHeader('content-type', XLSX);
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
  return new StreamableFile(buf);
}

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('api')
export class AssessmentController {
  constructor(private readonly assessments: AssessmentService) {}

  @Post('procedures/assessment')
  @ApiOperation({ summary: '发起考核 (R6) / start a quarterly {year, quarter} or year-end {year} assessment: town office or admin; 409 if it exists' })
  @ApiBody({ schema: schema(assessmentStartSchema) })
  @ApiResult(201, PROCEDURE_STARTED_SCHEMA, '', PROCEDURE_LINK)
  @ApiErrors(403, 409, 503)
  start(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.assessments.start(user, body);
  }

  @Post('procedures/redlist-reward')
  @ApiOperation({ summary: '登记红榜村民奖励 (R9) / record the rewards of a final quarter red list: village secretary or town office' })
  @ApiBody({ schema: schema(redlistStartSchema) })
  @ApiResult(201, PROCEDURE_STARTED_SCHEMA, '', PROCEDURE_LINK)
  @ApiErrors(403, 409, 503)
  startRedlist(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.assessments.startRedlist(user, body);
  }

  @Get('rewards/:year/redlist')
  @ApiOperation({ summary: '红榜村民奖励记录 (R9) / what each red-list villager received (town users: all; village users: their village)' })
  @ApiYearParam()
  @ApiResult(200, arrayOf(REDLIST_REWARD_SCHEMA))
  redlist(@ListScope() scope: string[] | null, @Param('year') year: string) {
    return this.assessments.redlistRewards(scope, year);
  }

  @Get('assessments/:year')
  @ApiOperation({ summary: '年度考核排名 (R6–R8) / per village: scores, total, rank, tier, village award and cadre pool in fen (a village: its own row until the ranking is confirmed)' })
  @ApiYearParam()
  @ApiResult(200, arrayOf(RANKING_ROW_SCHEMA))
  @ApiErrors(403)
  ranking(@ListScope() scope: string[] | null, @Param('year') year: string) {
    return this.assessments.ranking(scope, year);
  }

  @Get('assessments/:year/export.xlsx')
  @ApiOperation({ summary: '导出年度考核排名 / the ranking as a spreadsheet (amounts in yuan)' })
  @ApiYearParam()
  @ApiResponse({ status: 200, description: 'the spreadsheet', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  async exportRanking(@Param('year') year: string, @Res({ passthrough: true }) res: Response) {
    return file(res, `assessment-${year}.xlsx`, await this.assessments.exportRanking(year));
  }

  @Get('rewards/:year')
  @ApiOperation({ summary: '各村奖励分配方案进度 (R8) / every village plan: drafting | in_review | approved | paid' })
  @ApiYearParam()
  @ApiResult(200, arrayOf(REWARD_PLAN_SCHEMA))
  @ApiErrors(403)
  plans(@ListScope() scope: string[] | null, @Param('year') year: string) {
    return this.assessments.plans(scope, year);
  }

  @Get('rewards/:year/payments')
  @ApiOperation({ summary: '奖励发放记录 / the payments of the year (town users: all; village users: their village)' })
  @ApiYearParam()
  @ApiResult(200, arrayOf(PAYMENT_SCHEMA))
  @ApiErrors(403)
  payments(@ListScope() scope: string[] | null, @Param('year') year: string) {
    return this.assessments.payments(scope, year);
  }

  @Get('rewards/:year/payments.xlsx')
  @ApiOperation({ summary: '导出奖励发放清单 / the payments as a spreadsheet (town users)' })
  @ApiYearParam()
  @ApiResponse({ status: 200, description: 'the spreadsheet', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(403)
  async exportPayments(@Param('year') year: string, @Res({ passthrough: true }) res: Response) {
    return file(res, `payments-${year}.xlsx`, await this.assessments.exportPayments(year));
  }
}
