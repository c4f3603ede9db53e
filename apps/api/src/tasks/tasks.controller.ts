import { Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { QueryOf, RequestBody } from '../../../../libs/domain/src';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { ApiController, ApiErrors, ApiResult } from '../common/api-docs';
import { IdParam, ValidBody, ValidQuery } from '../common/validation';
import { INBOX_SCHEMA, TASK_DETAIL_SCHEMA } from './task-view';
import { TasksService } from './tasks.service';

@ApiController('tasks', 'api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: '我的待办 / the inbox: overdue first, then soonest due' })
  @ApiResult(200, INBOX_SCHEMA, '', { TasksController_get: { id: '/items/0/id' }, TasksController_complete: { id: '/items/0/id' } })
  inbox(@CurrentUser() user: AuthUser, @ValidQuery('inbox') q: QueryOf<'inbox'>) {
    return this.tasks.inbox(user, q);
  }

  @Get(':id')
  @ApiResult(200, TASK_DETAIL_SCHEMA)
  @ApiErrors(403, 404)
  get(@IdParam('id', 'task id `{workflowId}/{step}`, URL-encoded') id: string) {
    return this.tasks.get(id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: '办理 / complete a task with a decision; the same decision retried by its author gets the same 200, applied once; 400 if the step does not allow it, 409 naming who decided if someone else did, 429 if too many requests hit the procedure at once, 503 if no worker answers in time (then nothing was applied)' })
  @ApiResult(200, TASK_DETAIL_SCHEMA, 'the task as completed')
  @ApiErrors(403, 404, 409, 503)
  complete(@CurrentUser() user: AuthUser, @IdParam('id', 'task id `{workflowId}/{step}`, URL-encoded') id: string, @ValidBody('taskCompletion') body: RequestBody<'taskCompletion'>) {
    return this.tasks.complete(user, id, body.decision, body.comment);
  }
}
