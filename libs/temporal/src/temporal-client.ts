import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { AppConfig } from '../../config/src';

/** The Temporal client of the API; connecting fails fast at start when the server is unreachable. */
@Injectable()
export class TemporalClient implements OnApplicationShutdown {
  private readonly logger = new Logger(TemporalClient.name);

  constructor(
    readonly client: Client,
    readonly config: AppConfig,
  ) {}

  get workflow() {
    return this.client.workflow;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
    this.logger.log('Temporal connection closed');
  }
}
