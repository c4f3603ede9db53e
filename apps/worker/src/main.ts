import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { abortOnError: false });
  app.enableShutdownHooks();
}

bootstrap().catch((err) => {
  console.error(`worker failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
