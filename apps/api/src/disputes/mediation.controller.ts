import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { disputeStartSchema, riskReportSchema } from '../../../../libs/domain/src';
import { ListScope } from '../access/list-scope';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { RateLimit } from '../common/rate-limit';
import { ApiErrors, ApiIdParam, ApiResult, objectOf, str } from '../common/api-docs';
import { CASE_DETAIL_SCHEMA, CASE_LIST_SCHEMA, RISK_RECORDED_SCHEMA, STATS_SCHEMA } from './mediation.responses';
import { MediationService } from './mediation.service';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input' }) as never;

@ApiTags('disputes')
@ApiBearerAuth()
@Controller('api/disputes')
export class MediationController {
  constructor(private readonly disputes: MediationService) {}

  @Post()
  @ApiOperation({ summary: '登记矛盾纠纷 (R10) / register a dispute: village mediator or secretary, or the town office' })
  @ApiBody({ schema: schema(disputeStartSchema) })
  @ApiResult(201, objectOf({ caseId: str }), '', { MediationController_get: { id: '/caseId' }, MediationController_reportRisk: { id: '/caseId' } })
  @ApiErrors(403, 409, 503)
  register(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.disputes.register(user, body);
  }

  @Get('stats')
  @ApiOperation({ summary: '纠纷调处统计 / counts for a quarter or a year in the town time zone' })
  @ApiQuery({ name: 'year', required: false, schema: { type: 'integer', minimum: 2000, maximum: 2100 } })
  @ApiQuery({ name: 'quarter', required: false, description: 'needs a year', schema: { type: 'integer', minimum: 1, maximum: 4 } })
  @ApiQuery({ name: 'villageId', required: false, schema: { type: 'string', minLength: 1, maxLength: 32 } })
  @ApiResult(200, STATS_SCHEMA)
  @ApiErrors(403)
  stats(@ListScope() scope: string[] | null, @Query() q: unknown) {
    return this.disputes.stats(scope, q);
  }

  @Get()
  @ApiOperation({ summary: '纠纷案件 / the cases in the caller’s scope, overdue first' })
  @ApiQuery({ name: 'villageId', required: false, schema: { type: 'string', minLength: 1, maxLength: 32 } })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'awaiting_followup', 'closed', 'referred_to_litigation'] })
  @ApiQuery({ name: 'tier', required: false, schema: { type: 'integer', minimum: 1, maximum: 50 } })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, maximum: 100_000 } })
  @ApiQuery({ name: 'pageSize', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } })
  @ApiResult(200, CASE_LIST_SCHEMA, '', { MediationController_get: { id: '/items/0/caseId' }, MediationController_reportRisk: { id: '/items/0/caseId' } })
  @ApiErrors(403)
  list(@ListScope() scope: string[] | null, @Query() q: unknown) {
    return this.disputes.list(scope, q);
  }

  @Get(':id')
  @ApiOperation({ summary: '案件及调处过程 / a case and its timeline' })
  @ApiIdParam('id', 'case id')
  @ApiResult(200, CASE_DETAIL_SCHEMA)
  @ApiErrors(403, 404)
  get(@Param('id') id: string) {
    return this.disputes.get(id);
  }

  @Post(':id/risk')
  @RateLimit('risk')
  @HttpCode(200)
  @ApiOperation({ summary: '报告风险苗头 / a risk sign: petitions jump to the town tier, revenge or distress opens counselling' })
  @ApiBody({ schema: schema(riskReportSchema) })
  @ApiIdParam('id', 'case id')
  @ApiResult(200, RISK_RECORDED_SCHEMA)
  @ApiErrors(403, 404, 409, 503)
  reportRisk(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown) {
    return this.disputes.reportRisk(user, id, body);
  }
}
