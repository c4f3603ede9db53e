import { Body, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { invalid, issuesText, QUERY_SCHEMAS, REQUEST_SCHEMAS, yearSchema, type QueryShape, type RequestShape } from '../../../../libs/domain/src';
import { ApiIdParam, ApiYearParam } from './api-docs';

/** Parses a request part with a zod schema; a mismatch is a 400 that names the fields. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw invalid(`请求参数有误 / invalid request: ${issuesText(r.error)}`);
}

class ZodPipe implements PipeTransform {
  constructor(private readonly schema: z.ZodType) {}

  transform(value: unknown): unknown {
    return parseOr400(this.schema, value);
  }
}

/** Applies a method decorator from inside a parameter decorator, so one decorator both parses and documents. */
function onMethod(decorator: MethodDecorator, target: object, key: string | symbol | undefined): void {
  decorator(target, key!, Object.getOwnPropertyDescriptor(target, key!)!);
}

/**
 * The request body, parsed with its shape's schema from `REQUEST_SCHEMAS` (strict: unknown fields and
 * wrong types are refused, never coerced) and documented as the OpenAPI schema of that name (openapi.ts).
 */
export const ValidBody =
  (shape: RequestShape): ParameterDecorator =>
  (target, key, index) => {
    Body(new ZodPipe(REQUEST_SCHEMAS[shape]))(target, key, index);
    onMethod(ApiBody({ schema: { $ref: `#/components/schemas/${shape}` } }), target, key);
  };

/** The query string, parsed with its schema from `QUERY_SCHEMAS` and documented parameter by parameter. */
export const ValidQuery =
  (shape: QueryShape): ParameterDecorator =>
  (target, key, index) => {
    const schema = QUERY_SCHEMAS[shape];
    Query(new ZodPipe(schema))(target, key, index);
    const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, { description, ...param }] of Object.entries(json.properties)) {
      onMethod(ApiQuery({ name, required: json.required?.includes(name) ?? false, description: description as string | undefined, schema: param }), target, key);
    }
  };

const yearInPath = z.string().regex(/^\d{4}$/, '年份须为四位数字 / the year is four digits').transform(Number).pipe(yearSchema);

/** The `:year` of the path as a number, 2000–2100 (else 400), documented as such. */
export const YearParam =
  (): ParameterDecorator =>
  (target, key, index) => {
    Param('year', new ZodPipe(yearInPath))(target, key, index);
    onMethod(ApiYearParam(), target, key);
  };

/** An id of the path (URL-encoded: a `/` inside arrives as `%2F`), documented as such. */
export const IdParam =
  (name: string, description?: string): ParameterDecorator =>
  (target, key, index) => {
    Param(name)(target, key, index);
    onMethod(ApiIdParam(name, description), target, key);
  };
