import { Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { QueryOf, RequestBody } from '../../../../libs/domain/src';
import { ListScope } from '../access/list-scope';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { RateLimit } from '../common/rate-limit';
import { ApiController, ApiErrors, ApiResult, objectOf, str } from '../common/api-docs';
import { IdParam, ValidBody, ValidQuery } from '../common/validation';
import { CASE_DETAIL_SCHEMA, CASE_LIST_SCHEMA, RISK_RECORDED_SCHEMA, STATS_SCHEMA } from './mediation.responses';
import { MediationService } from './mediation.service';

@ApiController('disputes', 'api/disputes')
export class MediationController {
  constructor(private readonly disputes: MediationService) {}

  @Post()
  @ApiOperation({ summary: '登记矛盾纠纷 (R10) / register a dispute: village mediator or secretary, or the town office' })
  @ApiResult(201, objectOf({ caseId: str }), '', { MediationController_get: { id: '/caseId' }, MediationController_reportRisk: { id: '/caseId' } })
  @ApiErrors(403, 409, 503)
  register(@CurrentUser() user: AuthUser, @ValidBody('disputeStart') body: RequestBody<'disputeStart'>) {
    return this.disputes.register(user, body);
  }

  @Get('stats')
  @ApiOperation({ summary: '纠纷调处统计 / counts for a quarter or a year in the town time zone' })
  @ApiResult(200, STATS_SCHEMA)
  @ApiErrors(403)
  stats(@ListScope() scope: string[] | null, @ValidQuery('disputeStats') q: QueryOf<'disputeStats'>) {
    return this.disputes.stats(scope, q);
  }

  @Get()
  @ApiOperation({ summary: '纠纷案件 / the cases in the caller’s scope, overdue first' })
  @ApiResult(200, CASE_LIST_SCHEMA, '', { MediationController_get: { id: '/items/0/caseId' }, MediationController_reportRisk: { id: '/items/0/caseId' } })
  @ApiErrors(403)
  list(@ListScope() scope: string[] | null, @ValidQuery('disputes') q: QueryOf<'disputes'>) {
    return this.disputes.list(scope, q);
  }

  @Get(':id')
  @ApiOperation({ summary: '案件及调处过程 / a case and its timeline' })
  @ApiResult(200, CASE_DETAIL_SCHEMA)
  @ApiErrors(403, 404)
  get(@IdParam('id', 'case id') id: string) {
    return this.disputes.get(id);
  }

  @Post(':id/risk')
  @RateLimit('risk')
  @HttpCode(200)
  @ApiOperation({ summary: '报告风险苗头 / a risk sign: petitions jump to the town tier, revenge or distress opens counselling' })
  @ApiResult(200, RISK_RECORDED_SCHEMA)
  @ApiErrors(403, 404, 409, 503)
  reportRisk(@CurrentUser() user: AuthUser, @IdParam('id', 'case id') id: string, @ValidBody('riskReport') body: RequestBody<'riskReport'>) {
    return this.disputes.reportRisk(user, id, body);
  }
}
