import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { decisionSchemas } from '../../../libs/domain/src';

/** The OpenAPI document, with each task kind's decision shape as a `Decision_<kind>` schema. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('村居社会治理 API')
    .setDescription('Village social governance workflows: tasks, procedures, ballots, notices. Errors are {statusCode, error, message}.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas ??= {};
  for (const [kind, schema] of Object.entries(decisionSchemas)) {
    document.components.schemas[`Decision_${kind}`] = z.toJSONSchema(schema, { target: 'openapi-3.0' }) as never;
  }
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
