import { describe, expect, it } from '@jest/globals';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { ExecutionContext } from '@nestjs/common';
import { AppError } from '../../libs/domain/src';
import type { UserDirectory, UserView } from '../../libs/persistence/src';
import { AuthGuard } from '../../apps/api/src/auth/auth.guard';

const OPTIONS = { issuer: 'https://town.example', audience: 'https://town.example/api' };
const jwt = new JwtService({ secret: 'unit-test-secret-0123456789', signOptions: { algorithm: 'HS256', expiresIn: 600, ...OPTIONS }, verifyOptions: { algorithms: ['HS256'], ...OPTIONS } });

function contextFor(token: string): { ctx: ExecutionContext; req: Record<string, any> } {
  const req: Record<string, any> = { headers: { authorization: `Bearer ${token}` } };
  const ctx = { getHandler: () => () => undefined, getClass: () => class {}, switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
  return { ctx, req };
}

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    return err instanceof AppError ? err.kind : `other: ${err}`;
  }
}

describe('the auth guard reads what the caller may do from the directory (issue 9, who may read what)', () => {
  const rep: UserView = { id: 'rep.v01.01', username: 'rep.v01.01', name: '代表', email: null, disabled: false, roles: [{ role: 'REPRESENTATIVE', villageId: 'v01' }] };
  const guard = (authority: (id: string) => Promise<UserView | null>) => new AuthGuard(jwt, new Reflector(), { authority } as unknown as UserDirectory);

  it('sets the request user from the directory, not from the token', async () => {
    const { ctx, req } = contextFor(await jwt.signAsync({ sub: rep.id, username: rep.username, name: rep.name, roles: [{ role: 'ADMIN', villageId: null }] }));
    expect(await kindOf(guard(async () => rep).canActivate(ctx))).toBe('allowed');
    expect(req.user).toEqual({ id: rep.id, username: rep.username, name: rep.name, roles: rep.roles });
  });

  it('refuses a disabled or deleted user with 401', async () => {
    const { ctx } = contextFor(await jwt.signAsync({ sub: rep.id, username: rep.username, name: rep.name }));
    expect(await kindOf(guard(async () => ({ ...rep, disabled: true })).canActivate(ctx))).toBe('unauthorized');
    expect(await kindOf(guard(async () => null).canActivate(ctx))).toBe('unauthorized');
  });

  it('answers 503, not 500, when the database cannot be read', async () => {
    const { ctx } = contextFor(await jwt.signAsync({ sub: rep.id, username: rep.username, name: rep.name }));
    expect(await kindOf(guard(async () => Promise.reject(new Error('connect ECONNREFUSED'))).canActivate(ctx))).toBe('unavailable');
  });
});
