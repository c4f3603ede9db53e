import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UserDirectory } from '../../../../libs/persistence/src';
import { CurrentUser, type AuthUser } from '../auth/current-user';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api')
export class DirectoryController {
  constructor(private readonly users: UserDirectory) {}

  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return { id: user.id, username: user.username, name: user.name, roles: user.roles };
  }

  @Get('villages')
  async villages() {
    return (await this.users.villages()).map((v) => ({ id: v.id, name: v.name }));
  }
}
