import { Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { RequestBody } from '../../../../libs/domain/src';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { ApiController, ApiErrors, ApiResult, StartsProcedure } from '../common/api-docs';
import { PROCEDURE_SCHEMA } from './procedure-view';
import { IdParam, ValidBody } from '../common/validation';
import { ProceduresService } from './procedures.service';

@ApiController('procedures', 'api/procedures')
export class ProceduresController {
  constructor(private readonly procedures: ProceduresService) {}

  @StartsProcedure('contract-review', '提交合同审核 (R11) / submit a village contract for legal review', 403, 503)
  startContractReview(@CurrentUser() user: AuthUser, @ValidBody('contractStart') body: RequestBody<'contractStart'>) {
    return this.procedures.startContractReview(user, body);
  }

  @Get(':procedureId')
  @ApiOperation({ summary: '办理过程 / a procedure: stage, history and tasks (ids URL-encoded)' })
  @ApiResult(200, PROCEDURE_SCHEMA)
  @ApiErrors(403, 404, 503)
  get(@IdParam('procedureId') procedureId: string) {
    return this.procedures.get(procedureId);
  }
}
