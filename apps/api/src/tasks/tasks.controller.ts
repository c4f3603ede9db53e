import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { CompleteTaskDto, InboxQueryDto } from './tasks.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: '我的待办 / the inbox: overdue first, then soonest due' })
  inbox(@CurrentUser() user: AuthUser, @Query() q: InboxQueryDto) {
    return this.tasks.inbox(user, q);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.tasks.get(user, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: '办理 / complete a task with a decision; the same decision retried by its author gets the same 200, applied once; 400 if the step does not allow it, 409 naming who decided if someone else did, 429 if too many requests hit the procedure at once, 503 if no worker answers in time (then nothing was applied)' })
  complete(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: CompleteTaskDto) {
    return this.tasks.complete(user, id, body.decision, body.comment);
  }
}
