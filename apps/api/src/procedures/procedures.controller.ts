import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { StartContractReviewDto } from './contract-review.dto';
import { ProceduresService } from './procedures.service';

@ApiTags('procedures')
@ApiBearerAuth()
@Controller('api/procedures')
export class ProceduresController {
  constructor(private readonly procedures: ProceduresService) {}

  @Post('contract-review')
  @ApiOperation({ summary: '提交合同审核 (R11) / submit a village contract for legal review' })
  startContractReview(@CurrentUser() user: AuthUser, @Body() body: StartContractReviewDto) {
    return this.procedures.startContractReview(user, body);
  }

  @Get(':procedureId')
  @ApiOperation({ summary: '办理过程 / a procedure: stage, history and tasks (ids URL-encoded)' })
  get(@Param('procedureId') procedureId: string) {
    return this.procedures.get(procedureId);
  }
}
