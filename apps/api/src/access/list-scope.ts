import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The villages a list route shows the caller, set by the AccessGuard from the access table: null for every village. */
export const ListScope = createParamDecorator((_: unknown, ctx: ExecutionContext): string[] | null => {
  const scope = ctx.switchToHttp().getRequest().accessScope;
  if (scope === undefined) throw new Error('ListScope on a route the access table does not mark as a list');
  return scope;
});
