import { describe, expect, it, jest } from '@jest/globals';
import { AppError } from '../../libs/domain/src';
import { FREE_FAILURES, LoginAttempts, TRACKED_PAIRS } from '../../apps/api/src/auth/login-attempts';
import { PasswordHasher } from '../../apps/api/src/auth/password-hasher';

const T0 = Date.parse('2026-04-01T08:00:00Z');
const MINUTE = 60_000;

function failTimes(attempts: LoginAttempts, n: number, username: string, address: string, at = T0) {
  for (let i = 0; i < n; i++) attempts.fail(username, address, at);
}

describe('login back-off per (username, client address) (issue 9, floods and bad input)', () => {
  it(`${FREE_FAILURES} failures make that pair wait a minute; the same user from another address is not held up`, () => {
    const attempts = new LoginAttempts();
    failTimes(attempts, FREE_FAILURES - 1, 'secretary.v01', '203.0.113.5');
    expect(attempts.waitMs('secretary.v01', '203.0.113.5', T0)).toBe(0);
    attempts.fail('secretary.v01', '203.0.113.5', T0);
    expect(attempts.waitMs('secretary.v01', '203.0.113.5', T0)).toBe(MINUTE);
    expect(attempts.waitMs('secretary.v01', '198.51.100.7', T0)).toBe(0);
    expect(attempts.waitMs('mediator.v01', '203.0.113.5', T0)).toBe(0);
  });

  it('each further failure doubles the wait, up to a quarter of an hour', () => {
    const attempts = new LoginAttempts();
    failTimes(attempts, FREE_FAILURES, 'rep.v01.01', '203.0.113.5');
    const waits: number[] = [];
    let now = T0;
    for (let i = 0; i < 6; i++) {
      now += attempts.waitMs('rep.v01.01', '203.0.113.5', now);
      attempts.fail('rep.v01.01', '203.0.113.5', now);
      waits.push(attempts.waitMs('rep.v01.01', '203.0.113.5', now) / MINUTE);
    }
    expect(waits).toEqual([2, 4, 8, 15, 15, 15]);
  });

  it('a success from that address forgives it; a day without failures forgets it', () => {
    const attempts = new LoginAttempts();
    failTimes(attempts, FREE_FAILURES, 'legal.v01', '203.0.113.5');
    attempts.succeed('legal.v01', '203.0.113.5');
    expect(attempts.waitMs('legal.v01', '203.0.113.5', T0)).toBe(0);
    failTimes(attempts, FREE_FAILURES, 'legal.v01', '203.0.113.5');
    attempts.fail('legal.v01', '203.0.113.5', T0 + 24 * 60 * MINUTE);
    expect(attempts.waitMs('legal.v01', '203.0.113.5', T0 + 24 * 60 * MINUTE)).toBe(0);
  });

  it('counts a username without case, so changing case is no way around it', () => {
    const attempts = new LoginAttempts();
    for (let i = 0; i < FREE_FAILURES; i++) attempts.fail(i % 2 ? 'Admin' : 'admin', '203.0.113.5', T0);
    expect(attempts.waitMs('ADMIN', '203.0.113.5', T0)).toBe(MINUTE);
  });

  it(`remembers at most ${TRACKED_PAIRS} pairs, forgetting the least recently seen`, () => {
    const attempts = new LoginAttempts();
    failTimes(attempts, FREE_FAILURES, 'admin', '203.0.113.5');
    failTimes(attempts, FREE_FAILURES, 'town.office', '203.0.113.5');
    for (let i = 0; i < TRACKED_PAIRS - 1; i++) attempts.fail(`user${i}`, '198.51.100.7', T0);
    expect(attempts.waitMs('town.office', '203.0.113.5', T0)).toBe(MINUTE);
    expect(attempts.waitMs('admin', '203.0.113.5', T0)).toBe(0);
  });
});

describe('login: an unknown username takes the same path as a wrong password', () => {
  it('an unknown user is checked against a dummy hash of the same cost (never a match), a known one against theirs', async () => {
    const hasher = new PasswordHasher();
    const real = await hasher.hash('right-password');
    expect(await hasher.verify(null, 'wrong')).toBe(false);
    expect(await hasher.verify(null, '')).toBe(false);
    expect(await hasher.verify(real, 'wrong')).toBe(false);
    expect(await hasher.verify(real, 'right-password')).toBe(true);
  });
});

describe('login: the controller takes one path for known and unknown usernames', () => {
  // @nestjs/throttler is CommonJS requiring ESM-only @nestjs/common, which jest cannot load: the
  // route decorator is replaced here; the limits themselves are checked over HTTP (test/e2e/auth.spec.ts).
  jest.unstable_mockModule('../../apps/api/src/common/rate-limit', () => ({ RateLimit: () => () => undefined, clientAddress: (ip: string) => ip }));

  it('verifies a password hash for both, answers both 401 alike, and backs both off after the same failures', async () => {
    const { AuthController } = await import('../../apps/api/src/auth/auth.controller.js');
    const hasher = new PasswordHasher();
    const passwordHash = await hasher.hash('right-password');
    const known = { id: 'secretary.v01', username: 'secretary.v01', name: '青山村书记', email: null, disabled: false, roles: [], passwordHash };
    const users = { byUsername: async (u: string) => (u === known.username ? known : null) };
    const jwt = { signAsync: async () => 'token' };
    const controller = new AuthController(users as never, hasher, jwt as never, new LoginAttempts());
    const verify = jest.spyOn(hasher, 'verify');
    const outcome = (username: string, password: string, address: string) =>
      controller.login({ username, password }, address).then(
        () => 'ok',
        (err: unknown) => (err instanceof AppError ? `${err.kind}: ${err.message}` : String(err)),
      );
    const answers: Record<string, string[]> = {};
    for (const username of [known.username, 'no.such.user']) {
      verify.mockClear();
      answers[username] = [];
      for (let i = 0; i <= FREE_FAILURES; i++) answers[username].push(await outcome(username, 'wrong', '203.0.113.5'));
      expect(verify).toHaveBeenCalledTimes(FREE_FAILURES);
      expect(typeof verify.mock.calls[0][0]).toBe(username === known.username ? 'string' : 'object');
    }
    expect(answers['no.such.user']).toEqual(answers[known.username]);
    expect(answers[known.username].slice(-2).map((a) => a.split(':')[0])).toEqual(['unauthorized', 'too_many']);
    expect(await outcome(known.username, 'right-password', '198.51.100.7')).toBe('ok');
  }, 30_000);
});
