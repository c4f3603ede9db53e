import { HttpCode, Ip, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOperation } from '@nestjs/swagger';
import { AppError, tooMany, type RequestBody } from '../../../../libs/domain/src';
import { toUserView, UserDirectory } from '../../../../libs/persistence/src';
import { clientAddress, RateLimit } from '../common/rate-limit';
import { ApiController, ApiErrors, ApiResult, objectOf, str, USER_SCHEMA } from '../common/api-docs';
import { ValidBody } from '../common/validation';
import { Public, type TokenClaims } from './current-user';
import { LoginAttempts } from './login-attempts';
import { PasswordHasher } from './password-hasher';

@ApiController('auth', 'api/auth')
export class AuthController {
  constructor(
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly attempts: LoginAttempts,
  ) {}

  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录 / log in: returns a bearer token (429 with Retry-After after repeated failures from one address)' })
  @ApiResult(200, objectOf({ accessToken: str, user: USER_SCHEMA }))
  @ApiErrors(401)
  async login(@ValidBody('login') body: RequestBody<'login'>, @Ip() ip: string) {
    const address = clientAddress(ip);
    const waitMs = this.attempts.waitMs(body.username, address);
    if (waitMs > 0) {
      const minutes = Math.ceil(waitMs / 60_000);
      throw tooMany(`登录失败次数过多,请 ${minutes} 分钟后再试 / too many failed logins, try again in ${minutes} minute(s)`, waitMs / 1000);
    }
    const user = await this.users.byUsername(body.username);
    // An unknown username is checked against a dummy hash, so it takes as long as a wrong password.
    if (!(await this.hasher.verify(user?.passwordHash ?? null, body.password)) || !user) {
      this.attempts.fail(body.username, address);
      throw new AppError('unauthorized', '用户名或密码错误 / wrong username or password');
    }
    this.attempts.succeed(body.username, address);
    if (user.disabled) throw new AppError('unauthorized', '账号已停用 / this account is disabled');
    const view = toUserView(user);
    const accessToken = await this.jwt.signAsync({ sub: view.id, username: view.username, name: view.name } satisfies TokenClaims);
    return { accessToken, user: { id: view.id, username: view.username, name: view.name, roles: view.roles } };
  }
}
