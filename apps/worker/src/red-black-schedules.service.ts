import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '../../../libs/config/src';
import { ensureRedBlackSchedules } from '../../../libs/temporal/src/red-black-schedules';

/** R1: the quarterly red/black schedules, created (or brought up to date) idempotently when the worker starts. */
@Injectable()
export class RedBlackSchedulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RedBlackSchedulesService.name);

  constructor(private readonly config: AppConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    const { address, namespace, taskQueue } = this.config.temporal;
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: '10 seconds' });
      const result = await ensureRedBlackSchedules(new Client({ connection, namespace }), taskQueue, this.config.town.timezone);
      this.logger.log(`red/black schedules in ${this.config.town.timezone}: created [${result.created.join(', ')}], up to date [${result.updated.join(', ')}]`);
    } catch (err) {
      // The worker still runs its workflows; the next start tries again.
      this.logger.error(`could not create the red/black schedules: ${(err as Error).message}`);
    } finally {
      await connection?.close();
    }
  }
}
