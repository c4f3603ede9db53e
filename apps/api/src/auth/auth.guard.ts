import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '../../../../libs/domain/src';
import { IS_PUBLIC, type AuthUser } from './current-user';

/** Every route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest();
    const [scheme, token] = String(req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new AppError('unauthorized', '请先登录 / log in first');
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; username: string; name: string; roles: AuthUser['roles'] }>(token);
      req.user = { id: claims.sub, username: claims.username, name: claims.name, roles: claims.roles } satisfies AuthUser;
      return true;
    } catch {
      throw new AppError('unauthorized', '登录已过期,请重新登录 / the session has expired, log in again');
    }
  }
}
