import { condition } from '@temporalio/workflow';

/**
 * Work a workflow starts and does not wait for at once (a review, a counselling task), which it
 * must see finished before it ends. The first failure of any of it is thrown by `drained()`.
 */
export class BackgroundTasks {
  private running = 0;
  private failure: { error: unknown } | null = null;

  run(work: Promise<unknown>): void {
    this.running += 1;
    work.then(
      () => {
        this.running -= 1;
      },
      (error: unknown) => {
        this.running -= 1;
        this.failure ??= { error };
      },
    );
  }

  /** Resolves once nothing runs any more. */
  async drained(): Promise<void> {
    await condition(() => this.running === 0 || this.failure !== null);
    if (this.failure) throw this.failure.error;
  }
}
