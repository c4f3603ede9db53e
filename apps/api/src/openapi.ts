import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { accessEntry, decisionSchemas, decisionShapeName, openApiRequestSchemas } from '../../../libs/domain/src';
import { PUBLIC_EXTENSION } from './auth/current-user';
import { ERROR_BODY, ERROR_BODY_SCHEMA, ERROR_DESCRIPTIONS } from './common/api-docs';

/** What any route may answer: the body parser (400, 413, 415) and the rate limits (429) run before every handler. */
const EVERY_ROUTE = [400, 413, 415, 429];

/** Whether the access table lets only some signed-in users call the route (the access guard answers 403 to the others). */
function mayRefuse(documentRoute: string): boolean {
  const kind = accessEntry(documentRoute.replace(/\{(\w+)\}/g, ':$1'))?.who.kind;
  return kind !== 'public' && kind !== 'signed-in';
}

/**
 * The OpenAPI document. Its request bodies are the zod schemas of `REQUEST_SCHEMAS`, under their shape
 * names (`@ValidBody` refers to them), and each task kind's decision shape is a `Decision_<kind>` schema.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('村居社会治理 API')
    .setDescription('Village social governance workflows: tasks, procedures, ballots, notices. Errors are {statusCode, error, message} (the ErrorBody schema), never a 500.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.ErrorBody = ERROR_BODY_SCHEMA;
  Object.assign(document.components.schemas, openApiRequestSchemas());
  // A completion's decision is checked against its task's kind: the document names the shapes it may take.
  const completion = document.components.schemas.taskCompletion as { properties: Record<string, object> };
  completion.properties.decision = { ...completion.properties.decision, anyOf: Object.keys(decisionSchemas).map((kind) => ({ $ref: `#/components/schemas/${decisionShapeName(kind)}` })) };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries({ GET: item.get, PUT: item.put, POST: item.post, DELETE: item.delete, PATCH: item.patch })) {
      if (!op) continue;
      const marks = op as unknown as Record<string, unknown>;
      if (marks[PUBLIC_EXTENSION]) {
        op.security = [];
        delete marks[PUBLIC_EXTENSION];
      }
      const statuses = op.security?.length ? [...EVERY_ROUTE, 401, ...(mayRefuse(`${method} ${path}`) ? [403] : [])] : EVERY_ROUTE;
      for (const status of statuses) op.responses[status] ??= { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: ERROR_BODY } } };
    }
  }
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
