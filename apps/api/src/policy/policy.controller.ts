import { Get, Put } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { RequestBody } from '../../../../libs/domain/src';
import { PolicyStore, type PolicyVersion } from '../../../../libs/persistence/src';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { anyObject, ApiController, ApiErrors, ApiResult, int, objectOf, time } from '../common/api-docs';
import { ValidBody } from '../common/validation';

const POLICY_VERSION_SCHEMA = objectOf({ version: int, createdAt: time, policy: anyObject });
const view = (p: PolicyVersion) => ({ version: p.version, createdAt: p.createdAt.toISOString(), policy: p.policy });

@ApiController('policy', 'api/policy')
export class PolicyController {
  constructor(private readonly policies: PolicyStore) {}

  @Get()
  @ApiResult(200, POLICY_VERSION_SCHEMA)
  async current() {
    return view(await this.policies.current());
  }

  @Put()
  @ApiOperation({ summary: '修改规则 (ADMIN) / a new policy version; running procedures keep the one they started under' })
  @ApiResult(200, POLICY_VERSION_SCHEMA, 'the new version')
  @ApiErrors(403)
  async update(@CurrentUser() user: AuthUser, @ValidBody('policy') policy: RequestBody<'policy'>) {
    return view(await this.policies.save(policy, user.id));
  }
}
