import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AppError, unavailable } from '../../../../libs/domain/src';
import { UserDirectory } from '../../../../libs/persistence/src';
import { IS_PUBLIC, type AuthUser, type TokenClaims } from './current-user';

/**
 * Every route needs a valid bearer token unless it is marked @Public(). The token only says who
 * the caller is; what they may do (roles, whether they are disabled) is read from the database
 * on each request (UserDirectory.authority, at most AUTHORITY_CACHE_MS old), so a role taken away
 * or a user disabled is refused from the next request on.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly users: UserDirectory,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest();
    const [scheme, token] = String(req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new AppError('unauthorized', '请先登录 / log in first');
    let claims: TokenClaims;
    try {
      // algorithms, issuer and audience are pinned in the JwtModule's verifyOptions
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new AppError('unauthorized', '登录已过期,请重新登录 / the session has expired, log in again');
    }
    const user =
      typeof claims.sub === 'string'
        ? await this.users.authority(claims.sub).catch(() => {
            throw unavailable('数据库暂不可用,请稍后重试 / the database is unavailable, try again shortly');
          })
        : null;
    if (!user) throw new AppError('unauthorized', '账号不存在,请重新登录 / no such account, log in again');
    if (user.disabled) throw new AppError('unauthorized', '账号已停用 / this account is disabled');
    req.user = { id: user.id, username: user.username, name: user.name, roles: user.roles } satisfies AuthUser;
    return true;
  }
}
