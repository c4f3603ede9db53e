import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AppError } from '../../../../libs/domain/src';
import { toUserView, UserDirectory } from '../../../../libs/persistence/src';
import { ApiErrors, ApiResult, objectOf, str, USER_SCHEMA } from '../common/api-docs';
import { Public } from './current-user';
import { LoginAttempts } from './login-attempts';
import { PasswordHasher } from './password-hasher';

export class LoginDto {
  @ApiProperty({ example: 'secretary.v01' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'demo-pass-2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly attempts: LoginAttempts,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录 / log in: returns a bearer token; 429 after repeated failures' })
  @ApiResult(200, objectOf({ accessToken: str, user: USER_SCHEMA }))
  @ApiErrors(401)
  async login(@Body() body: LoginDto, @Ip() ip: string) {
    if (this.attempts.isBlocked(body.username, ip)) {
      throw new AppError('too_many', '登录失败次数过多,请10分钟后再试 / too many failed logins, try again in 10 minutes');
    }
    const user = await this.users.byUsername(body.username);
    if (!user || !(await this.hasher.verify(user.passwordHash, body.password))) {
      this.attempts.fail(body.username, ip);
      throw new AppError('unauthorized', '用户名或密码错误 / wrong username or password');
    }
    this.attempts.succeed(body.username);
    const view = toUserView(user);
    const accessToken = await this.jwt.signAsync({ sub: view.id, username: view.username, name: view.name, roles: view.roles });
    return { accessToken, user: { id: view.id, username: view.username, name: view.name, roles: view.roles } };
  }
}
