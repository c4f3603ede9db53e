import { Injectable } from '@nestjs/common';
import { TaskStore } from '../libs/persistence/src';

/** Closing a task the workflow no longer waits for (HumanTasks.askUntil): a separate class so fakes of TaskActivities stay as they are. */
@Injectable()
export class TaskCancelActivities {
  constructor(private readonly store: TaskStore) {}

  async cancelTask(input: { taskId: string; reason: string }): Promise<void> {
    await this.store.cancel(input.taskId, input.reason);
  }
}
