import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { ModuleRef } from '@nestjs/core';
import { activityFunctions } from '../../../activities';
import { AppConfig } from '../../../libs/config/src';
import { prebuiltBundle, workflowPaths } from '../../../libs/temporal/src';

/** Hosts the Temporal Worker: created on init (failing fast), run on bootstrap, drained on shutdown. */
@Injectable()
export class TemporalWorkerService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    const { address, namespace, taskQueue } = this.config.temporal;
    this.connection = await NativeConnection.connect({ address });
    const bundle = prebuiltBundle();
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      ...(bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath: workflowPaths().workflowsPath }),
      activities: activityFunctions((cls) => this.moduleRef.get(cls)),
      // After a crash, work held for this worker's sticky queue moves to the shared queue soon,
      // so a restarted worker takes over within seconds rather than the default 10 s.
      stickyQueueScheduleToStartTimeout: '3 seconds',
    });
    this.logger.log(`worker ready on task queue ${taskQueue} at ${address}`);
  }

  onApplicationBootstrap(): void {
    this.running = this.worker!.run().catch((err) => {
      this.logger.error(`worker stopped: ${err}`);
      process.exitCode = 1;
    });
  }

  // Drains before the database and mail connections close in onApplicationShutdown.
  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}
