import { Global, Module } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '../../config/src';
import { BoundedUpdates, clientInterceptors } from './bounded-update';
import { TemporalClient } from './temporal-client';

@Global()
@Module({
  providers: [
    {
      provide: TemporalClient,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const connection = await Connection.connect({ address: config.temporal.address, connectTimeout: '10 seconds', interceptors: clientInterceptors() });
        return new TemporalClient(new Client({ connection, namespace: config.temporal.namespace }), config);
      },
    },
    BoundedUpdates,
  ],
  exports: [TemporalClient, BoundedUpdates],
})
export class TemporalClientModule {}
