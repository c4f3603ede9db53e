import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { ApiErrors, ApiIdParam, ApiResult } from '../common/api-docs';
import { INBOX_SCHEMA, TASK_DETAIL_SCHEMA } from './task-view';
import { CompleteTaskDto, InboxQueryDto } from './tasks.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: '我的待办 / the inbox: overdue first, then soonest due' })
  @ApiResult(200, INBOX_SCHEMA, '', { TasksController_get: { id: '/items/0/id' }, TasksController_complete: { id: '/items/0/id' } })
  inbox(@CurrentUser() user: AuthUser, @Query() q: InboxQueryDto) {
    return this.tasks.inbox(user, q);
  }

  @Get(':id')
  @ApiIdParam('id', 'task id `{workflowId}/{step}`, URL-encoded')
  @ApiResult(200, TASK_DETAIL_SCHEMA)
  @ApiErrors(403, 404)
  get(@Param('id') id: string) {
    return this.tasks.get(id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: '办理 / complete a task with a decision; the same decision retried by its author gets the same 200, applied once; 400 if the step does not allow it, 409 naming who decided if someone else did, 429 if too many requests hit the procedure at once, 503 if no worker answers in time (then nothing was applied)' })
  @ApiIdParam('id', 'task id `{workflowId}/{step}`, URL-encoded')
  @ApiResult(200, TASK_DETAIL_SCHEMA, 'the task as completed')
  @ApiErrors(403, 404, 409, 503)
  complete(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: CompleteTaskDto) {
    return this.tasks.complete(user, id, body.decision, body.comment);
  }
}
