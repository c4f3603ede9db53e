import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppConfig } from '../../../libs/config/src';
import { AppModule } from './app.module';
import { setupOpenApi } from './openapi';
import { serveWebClient } from './web-client';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, abortOnError: false });
  const config = app.get(AppConfig);
  app.enableShutdownHooks();
  // Which peers may name the client in X-Forwarded-For (TRUST_PROXY): req.ip is what logins and rate limits count by.
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } },
    }),
  );
  app.useBodyParser('json', { limit: '100kb', strict: true });
  app.enableCors(config.cors.origins.length ? { origin: config.cors.origins } : { origin: false });
  serveWebClient(app, config);
  setupOpenApi(app);
  await app.listen(config.port, '0.0.0.0');
  console.log(`api listening on ${config.publicUrl}`);
}

bootstrap().catch((err) => {
  console.error(`api failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
