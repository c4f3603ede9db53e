import { Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { pageSchemas } from '../../../../libs/domain/src';
import { Public } from '../auth/current-user';
import { ApiController, ApiResult } from '../common/api-docs';

/** Computed once: the schemas are code, they change only with a new release. */
const SCHEMAS = pageSchemas();

@ApiController('schemas', 'api/schemas')
export class SchemasController {
  @Public()
  @Get()
  @ApiOperation({ summary: '请求格式 / every request body’s JSON Schema by shape name, and each task kind’s decision by its kind: the pages take their forms’ limits from them' })
  @ApiResult(200, { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } })
  schemas() {
    return SCHEMAS;
  }
}
