import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { RoleBinding } from '../../../../libs/domain/src';

export interface AuthUser {
  id: string;
  username: string;
  name: string;
  roles: RoleBinding[];
}

export const IS_PUBLIC = 'isPublic';

/** A route anyone may call without logging in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user);
