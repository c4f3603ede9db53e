import { Get } from '@nestjs/common';
import { UserDirectory } from '../../../../libs/persistence/src';
import { CurrentUser, type AuthUser } from '../auth/current-user';
import { ApiController, ApiResult, arrayOf, objectOf, str, USER_SCHEMA } from '../common/api-docs';

@ApiController('directory', 'api')
export class DirectoryController {
  constructor(private readonly users: UserDirectory) {}

  @Get('me')
  @ApiResult(200, USER_SCHEMA)
  me(@CurrentUser() user: AuthUser) {
    return { id: user.id, username: user.username, name: user.name, roles: user.roles };
  }

  @Get('villages')
  @ApiResult(200, arrayOf(objectOf({ id: str, name: str })))
  async villages() {
    return (await this.users.villages()).map((v) => ({ id: v.id, name: v.name }));
  }
}
