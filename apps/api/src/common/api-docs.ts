import { applyDecorators, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags, type SchemaObject } from '@nestjs/swagger';

/** Building blocks for the response schemas of the OpenAPI document (OpenAPI 3.0). */
export const str: SchemaObject = { type: 'string' };
export const int: SchemaObject = { type: 'integer' };
export const bool: SchemaObject = { type: 'boolean' };
export const time: SchemaObject = { type: 'string', format: 'date-time' };
export const anyObject: SchemaObject = { type: 'object', additionalProperties: true };
export const nullable = (s: SchemaObject): SchemaObject => ({ ...s, nullable: true });
export const arrayOf = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
/** An object with these properties, all required unless listed in `optional`; more may follow. */
export const objectOf = (properties: Record<string, SchemaObject>, optional: string[] = []): SchemaObject => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});

export const ROLE_BINDING_SCHEMA = objectOf({ role: str, villageId: nullable(str) });
export const USER_SCHEMA = objectOf({ id: str, username: str, name: str, roles: arrayOf(ROLE_BINDING_SCHEMA) });

/** The one error shape (error.filter.ts), the `ErrorBody` schema: `message` is "中文 / English". */
export const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };
export const ERROR_BODY_SCHEMA: SchemaObject = objectOf({
  statusCode: { type: 'integer', minimum: 400, maximum: 599 },
  error: str,
  message: { oneOf: [str, arrayOf(str)] },
});

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '请求有误 / bad input: the body is not JSON, or a parameter, field or decision is refused',
  401: '未登录或登录已过期 / no valid bearer token',
  403: '无权操作 / the caller’s roles or village do not allow it',
  404: '不存在 / no such record',
  409: '状态冲突 / the state does not allow it (already exists, already decided, closed)',
  413: '请求内容过大 / the body is over 100 kB',
  415: '不支持的编码 / the body’s charset or encoding is not supported',
  429: '请求过于频繁 / too many requests from this address or user; try again later',
  503: '暂不可用 / the workflow engine (or, for /health, the database) did not answer in time; nothing was applied, try again',
};

/** Error responses a route answers beyond those every route may (see openapi.ts). */
export const ApiErrors = (...statuses: (401 | 403 | 404 | 409 | 503)[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], schema: ERROR_BODY })));

/** The success response and its JSON schema; `links` name the operations that take an id from it (`{operationId: {param: pointer}}`). */
export const ApiResult = (status: 200 | 201, schema: SchemaObject, description = '', links: Record<string, Record<string, string>> = {}) =>
  ApiResponse({
    status,
    description,
    schema,
    links: Object.fromEntries(Object.entries(links).map(([operationId, parameters]) => [operationId, { operationId, parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, `$response.body#${v}`])) }])),
  });

/** A path parameter holding an id (URL-encoded: a `/` inside arrives as `%2F`). */
export const ApiIdParam = (name: string, description = 'id (URL-encoded)') => ApiParam({ name, description, schema: { type: 'string', minLength: 1 } });

/** A year in the path, as the services parse it (four digits, 2000–2100; else 400). */
export const ApiYearParam = () => ApiParam({ name: 'year', schema: { type: 'integer', minimum: 2000, maximum: 2100 }, example: 2026 });

/** A route that starts a procedure: 201 with its id, which reading the procedure takes; `errors` beyond those every route may answer. */
export const StartsProcedure = (path: string, summary: string, ...errors: Parameters<typeof ApiErrors>) =>
  applyDecorators(Post(path), ApiOperation({ summary }), ApiResult(201, objectOf({ procedureId: str }), '', { ProceduresController_get: { procedureId: '/procedureId' } }), ApiErrors(...errors));

/** A controller of signed-in routes under `path`, grouped under `tag` in the OpenAPI document (`@Public()` routes drop the token: openapi.ts). */
export const ApiController = (tag: string, path: string) => applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path));
