import { Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { QueryOf, RequestBody } from '../../../../libs/domain/src';
import { ListScope } from '../access/list-scope';
import { CurrentUser, Public, type AuthUser } from '../auth/current-user';
import { RateLimit } from '../common/rate-limit';
import { ApiController, ApiErrors, ApiResult, arrayOf, StartsProcedure } from '../common/api-docs';
import { IdParam, ValidBody, ValidQuery } from '../common/validation';
import { BALLOT_SCHEMA, LIST_ENTRY_SCHEMA, NOTICE_SCHEMA, OBJECTION_RECEIVED_SCHEMA, QUARTER_STATUS_SCHEMA, RECORDED_VOTE_SCHEMA } from './red-black.responses';
import { RedBlackService } from './red-black.service';

@ApiController('red-black', 'api')
export class RedBlackController {
  constructor(private readonly service: RedBlackService) {}

  @StartsProcedure('procedures/red-black', '发起红黑榜评选 (R1) / start the quarter’s red/black list procedure (SECRETARY of the village, TOWN_OFFICE, ADMIN); 409 if it exists', 403, 409, 503)
  start(@CurrentUser() user: AuthUser, @ValidBody('redBlackStart') body: RequestBody<'redBlackStart'>) {
    return this.service.start(user, body);
  }

  @Get('red-black/quarter-status')
  @ApiOperation({ summary: '全镇各村本季度红黑榜进度 / every village’s stage in a quarter (town roles)' })
  @ApiResult(200, arrayOf(QUARTER_STATUS_SCHEMA))
  @ApiErrors(403)
  quarterStatus(@ValidQuery('quarterStatus') q: QueryOf<'quarterStatus'>) {
    return this.service.quarterStatus(q.year, q.quarter);
  }

  @Get('ballots')
  @ApiOperation({ summary: '投票 / ballots of the caller’s villages (all for town roles)' })
  @ApiResult(200, arrayOf(BALLOT_SCHEMA), '', { RedBlackController_ballot: { id: '/0/id' }, RedBlackController_vote: { id: '/0/id' } })
  @ApiErrors(403)
  ballots(@CurrentUser() user: AuthUser, @ListScope() scope: string[] | null, @ValidQuery('ballots') q: QueryOf<'ballots'>) {
    return this.service.ballots(user, scope, q.status);
  }

  @Get('ballots/:id')
  @ApiOperation({ summary: '一次投票 / a ballot: nominees, the caller’s own vote, the tally only after close (ids URL-encoded)' })
  @ApiResult(200, BALLOT_SCHEMA)
  @ApiErrors(403, 404)
  ballot(@CurrentUser() user: AuthUser, @IdParam('id', 'ballot id') id: string) {
    return this.service.ballot(user, id);
  }

  @Put('ballots/:id/votes/me')
  @RateLimit('vote')
  @ApiOperation({ summary: '投票或改票 (R4) / cast or change the caller’s vote; 403 not a representative on it, 409 closed, 400 bad choices' })
  @ApiResult(200, RECORDED_VOTE_SCHEMA, 'the vote as recorded')
  @ApiErrors(403, 404, 409, 503)
  vote(@CurrentUser() user: AuthUser, @IdParam('id', 'ballot id') id: string, @ValidBody('vote') body: RequestBody<'vote'>) {
    return this.service.vote(user, id, body);
  }

  @Public()
  @Get('public/notices')
  @ApiOperation({ summary: '公示栏 (R5, no login) / public notices' })
  @ApiResult(200, arrayOf(NOTICE_SCHEMA), '', { RedBlackController_notice: { id: '/0/id' }, RedBlackController_object: { id: '/0/id' } })
  notices() {
    return this.service.notices();
  }

  @Public()
  @Get('public/notices/:id')
  @ApiOperation({ summary: '一则公示 (R5, no login) / one public notice' })
  @ApiResult(200, NOTICE_SCHEMA)
  @ApiErrors(404)
  notice(@IdParam('id', 'notice id') id: string) {
    return this.service.notice(id);
  }

  @Public()
  @Post('public/notices/:id/objections')
  @RateLimit('objection')
  @HttpCode(201)
  @ApiOperation({ summary: '提出异议 (R5, no login, rate-limited) / object to a nominee during the notice period; 201 with the review task id; 409 after the period, or when the notice or this contact has reached its cap (policy.redBlack.objectionsPerNotice, objectionsPerContact)' })
  @ApiResult(201, OBJECTION_RECEIVED_SCHEMA)
  @ApiErrors(404, 409, 503)
  object(@IdParam('id', 'notice id') id: string, @ValidBody('objection') body: RequestBody<'objection'>) {
    return this.service.object(id, body);
  }

  @Get('lists')
  @ApiOperation({ summary: '红黑榜 (R1) / final list entries by village, quarter and colour' })
  @ApiResult(200, arrayOf(LIST_ENTRY_SCHEMA))
  lists(@ValidQuery('lists') q: QueryOf<'lists'>) {
    return this.service.lists(q);
  }
}
