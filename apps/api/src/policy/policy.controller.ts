import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { invalid, validatePolicy } from '../../../../libs/domain/src';
import { PolicyStore, type PolicyVersion } from '../../../../libs/persistence/src';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { anyObject, ApiErrors, ApiResult, int, objectOf, time } from '../common/api-docs';

const POLICY_VERSION_SCHEMA = objectOf({ version: int, createdAt: time, policy: anyObject });
const view = (p: PolicyVersion) => ({ version: p.version, createdAt: p.createdAt.toISOString(), policy: p.policy });

@ApiTags('policy')
@ApiBearerAuth()
@Controller('api/policy')
export class PolicyController {
  constructor(private readonly policies: PolicyStore) {}

  @Get()
  @ApiResult(200, POLICY_VERSION_SCHEMA)
  async current() {
    return view(await this.policies.current());
  }

  @Put()
  @ApiOperation({ summary: '修改规则 (ADMIN) / a new policy version; running procedures keep the one they started under' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiResult(200, POLICY_VERSION_SCHEMA, 'the new version')
  @ApiErrors(403)
  async update(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    const result = validatePolicy(body);
    if (!result.ok) throw invalid(`规则有误 / invalid policy: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    return view(await this.policies.save(result.policy, user.id));
  }
}
