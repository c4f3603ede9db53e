import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { RoleBinding } from '../../../../libs/domain/src';

export interface AuthUser {
  id: string;
  username: string;
  name: string;
  roles: RoleBinding[];
}

/** What a token carries: who the caller is and a name for the pages, never what they may do. */
export interface TokenClaims {
  sub: string;
  username: string;
  name: string;
}

export const IS_PUBLIC = 'isPublic';
export const PUBLIC_EXTENSION = 'x-public';

/** A route anyone may call without logging in (the OpenAPI document then asks for no token: openapi.ts). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user);
