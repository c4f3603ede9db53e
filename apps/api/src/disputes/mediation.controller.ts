import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { disputeStartSchema, riskReportSchema } from '../../../../libs/domain/src';
import { ListScope } from '../access/list-scope';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { RateLimit } from '../common/rate-limit';
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
  register(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.disputes.register(user, body);
  }

  @Get('stats')
  @ApiOperation({ summary: '纠纷调处统计 / counts for a quarter or a year in the town time zone' })
  @ApiQuery({ name: 'year', required: false })
  @ApiQuery({ name: 'quarter', required: false })
  @ApiQuery({ name: 'villageId', required: false })
  stats(@ListScope() scope: string[] | null, @Query() q: unknown) {
    return this.disputes.stats(scope, q);
  }

  @Get()
  @ApiOperation({ summary: '纠纷案件 / the cases in the caller’s scope, overdue first' })
  @ApiQuery({ name: 'villageId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'awaiting_followup', 'closed', 'referred_to_litigation'] })
  @ApiQuery({ name: 'tier', required: false })
  list(@ListScope() scope: string[] | null, @Query() q: unknown) {
    return this.disputes.list(scope, q);
  }

  @Get(':id')
  @ApiOperation({ summary: '案件及调处过程 / a case and its timeline' })
  get(@Param('id') id: string) {
    return this.disputes.get(id);
  }

  @Post(':id/risk')
  @RateLimit('risk')
  @HttpCode(200)
  @ApiOperation({ summary: '报告风险苗头 / a risk sign: petitions jump to the town tier, revenge or distress opens counselling' })
  @ApiBody({ schema: schema(riskReportSchema) })
  reportRisk(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown) {
    return this.disputes.reportRisk(user, id, body);
  }
}
