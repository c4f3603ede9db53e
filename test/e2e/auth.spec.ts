import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEVELOPMENT_JWT_SECRET } from '../../libs/config/src';
import { AUTHORITY_CACHE_MS, openDatabase, UserDirectory } from '../../libs/persistence/src';
import type { Stack } from '../../scripts/lib/stack';
import { ApiClient, DEMO_PASSWORD, startSystem } from '../support/system';

const SECRET = 'this-deployments-own-secret-0123456789';

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A JWT made by hand, so the test controls every part of it (algorithm, claims, key). */
function token(claims: Record<string, unknown>, opts: { secret?: string; alg?: 'HS256' | 'HS512' | 'none' } = {}): string {
  const alg = opts.alg ?? 'HS256';
  const head = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  if (alg === 'none') return `${head}.`;
  return `${head}.${createHmac(alg === 'HS256' ? 'sha256' : 'sha512', opts.secret ?? SECRET).update(head).digest('base64url')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Issue 9, "who may read what" and "floods and bad input", over HTTP against the running system. */
describe('tokens, roles from the database, login back-off and rate limits over HTTP (issue 9)', () => {
  let system: Stack;
  let users: UserDirectory;
  let closeDb: () => Promise<void>;
  let claims: (sub: string, extra?: Record<string, unknown>) => Record<string, unknown>;

  /** A request from a client behind the trusted (loopback) proxy, which names it in X-Forwarded-For. */
  async function from(address: string, method: string, path: string, body?: unknown, bearer?: string) {
    const res = await fetch(system.apiUrl + path, {
      method,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
  }
  const login = (address: string, username: string, password: string) => from(address, 'POST', '/api/auth/login', { username, password });

  beforeAll(async () => {
    // NODE_ENV=test (not development): the API must run with its own secret, and demo data is still written.
    system = await startSystem({ NODE_ENV: 'test', JWT_SECRET: SECRET });
    const ds = await openDatabase(system.env.DATABASE_URL!);
    users = new UserDirectory(ds);
    closeDb = () => ds.destroy();
    const now = Math.floor(Date.now() / 1000);
    claims = (sub, extra = {}) => ({ sub, username: sub, name: sub, iss: system.apiUrl, aud: `${system.apiUrl}/api`, iat: now, exp: now + 600, ...extra });
  });
  afterAll(async () => {
    await closeDb?.();
    await system?.stop();
  });

  describe('tokens cannot be forged', () => {
    it('a token the API signed is accepted, and carries who, not what the user may do', async () => {
      const res = await login('192.0.2.10', 'secretary.v01', DEMO_PASSWORD);
      expect(res.status).toBe(200);
      const [header, payload] = res.body.accessToken.split('.').slice(0, 2).map((p: string) => JSON.parse(Buffer.from(p, 'base64url').toString()));
      expect(header.alg).toBe('HS256');
      expect(payload).toMatchObject({ sub: 'secretary.v01', username: 'secretary.v01', iss: system.apiUrl, aud: `${system.apiUrl}/api` });
      expect(payload.roles).toBeUndefined();
      expect((await new ApiClient(system.apiUrl, token(claims('admin'))).get('/api/me')).status).toBe(200);
    });

    it('refuses a token signed with the public development secret when the API runs with its own', async () => {
      const forged = new ApiClient(system.apiUrl, token(claims('admin'), { secret: DEVELOPMENT_JWT_SECRET }));
      expect((await forged.get('/api/me')).status).toBe(401);
      expect((await forged.put('/api/policy', {})).status).toBe(401);
    });

    it('refuses alg none, HS512, a wrong issuer, a wrong audience and an expired token with 401', async () => {
      const now = Math.floor(Date.now() / 1000);
      const bad = {
        none: token(claims('admin'), { alg: 'none' }),
        hs512: token(claims('admin'), { alg: 'HS512' }),
        issuer: token(claims('admin', { iss: 'https://elsewhere.example' })),
        audience: token(claims('admin', { aud: 'https://elsewhere.example/api' })),
        expired: token(claims('admin', { iat: now - 7200, exp: now - 3600 })),
      };
      const statuses = Object.fromEntries(await Promise.all(Object.entries(bad).map(async ([k, t]) => [k, (await new ApiClient(system.apiUrl, t).get('/api/me')).status])));
      expect(statuses).toEqual({ none: 401, hs512: 401, issuer: 401, audience: 401, expired: 401 });
    });

    it('roles written into a token are ignored: the database says what the user may do', async () => {
      const rep = new ApiClient(system.apiUrl, token(claims('rep.v01.01', { roles: [{ role: 'ADMIN', villageId: null }] })));
      expect((await rep.get('/api/me')).body.roles).toEqual([{ role: 'REPRESENTATIVE', villageId: 'v01' }]);
      expect((await rep.put('/api/policy', {})).status).toBe(403);
    });
  });

  describe('roles and the disabled flag are read from the database on each request', () => {
    it('a role removed in the database is refused (403) on the next request after the cache window', async () => {
      const admin = await ApiClient.login(system.apiUrl, 'admin');
      expect((await admin.put('/api/policy', {})).status).toBe(400);
      await users.setRoles('admin', [{ role: 'TOWN_OFFICE', villageId: null }]);
      await sleep(AUTHORITY_CACHE_MS + 200);
      const refused = await admin.put('/api/policy', {});
      expect(refused.status).toBe(403);
      expect((await admin.get('/api/me')).body.roles).toEqual([{ role: 'TOWN_OFFICE', villageId: null }]);
      await users.setRoles('admin', [{ role: 'ADMIN', villageId: null }]);
    });

    it('a disabled user is refused (401) on the next request, tokens already issued included, and cannot log in', async () => {
      const mediator = await ApiClient.login(system.apiUrl, 'mediator.v02');
      expect((await mediator.get('/api/me')).status).toBe(200);
      await users.setDisabled('mediator.v02', true);
      await sleep(AUTHORITY_CACHE_MS + 200);
      const refused = await mediator.get('/api/me');
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('disabled') });
      expect((await login('192.0.2.11', 'mediator.v02', DEMO_PASSWORD)).status).toBe(401);
      await users.setDisabled('mediator.v02', false);
      expect((await login('192.0.2.11', 'mediator.v02', DEMO_PASSWORD)).status).toBe(200);
    });
  });

  describe('login back-off per (username, client address)', () => {
    it('five bad passwords for a user from one address make that address wait; the user still logs in from another', async () => {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push(await login('203.0.113.5', 'secretary.v03', 'wrong-password'));
      expect(statuses.map((s) => s.status)).toEqual([401, 401, 401, 401, 401, 429]);
      expect(statuses[5].body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/登录失败次数过多.*too many failed logins/) });
      expect(Number(statuses[5].retryAfter)).toBeGreaterThan(0);
      expect((await login('203.0.113.5', 'secretary.v03', DEMO_PASSWORD)).status).toBe(429);
      expect((await login('198.51.100.7', 'secretary.v03', DEMO_PASSWORD)).status).toBe(200);
    });

    it('an unknown username gets the same answers as a known one with a wrong password', async () => {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await login('203.0.113.6', 'no.such.user', 'wrong-password')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    });
  });

  describe('rate limits (429 in the house error shape, with Retry-After)', () => {
    function expectThrottled(res: { status: number; retryAfter: string | null; body: any }) {
      expect(res.status).toBe(429);
      expect(res.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/请求过于频繁.*too many requests/) });
      expect(Number(res.retryAfter)).toBeGreaterThan(0);
    }

    it('logins: 100 a minute from one address', async () => {
      const results = [];
      for (let i = 0; i < 100; i++) results.push((await login('192.0.2.50', `sprayed.${i}`, 'guess')).status);
      expect(new Set(results)).toEqual(new Set([401]));
      expectThrottled(await login('192.0.2.50', 'secretary.v04', DEMO_PASSWORD));
      expect((await login('192.0.2.51', 'secretary.v04', DEMO_PASSWORD)).status).toBe(200);
    });

    it('votes: 30 a minute per user, each user counted alone', async () => {
      const rep = await ApiClient.login(system.apiUrl, 'rep.v05.01');
      const other = await ApiClient.login(system.apiUrl, 'rep.v05.02');
      const vote = (c: ApiClient) => c.put('/api/ballots/no-such-ballot/votes/me', { choices: [{ nomineeId: 'n01', choice: 'agree' }] });
      const results = [];
      for (let i = 0; i < 30; i++) results.push((await vote(rep)).status);
      expect(results).not.toContain(429);
      const limited = await rep.put('/api/ballots/no-such-ballot/votes/me', { choices: [] });
      expect(limited.status).toBe(429);
      expect((await vote(other)).status).not.toBe(429);
    });

    it('risk reports: 20 a minute per user', async () => {
      const mediator = await ApiClient.login(system.apiUrl, 'mediator.v06');
      const results = [];
      for (let i = 0; i < 20; i++) results.push((await mediator.post('/api/disputes/no-such-case/risk', { flag: 'skip_level_petition', note: '扬言越级上访' })).status);
      expect(results).not.toContain(429);
      const limited = await mediator.post('/api/disputes/no-such-case/risk', { flag: 'skip_level_petition', note: '扬言越级上访' });
      expect(limited.status).toBe(429);
      expect(limited.body.message).toMatch(/请求过于频繁.*too many requests/);
    });

    it('public objections: 20 an hour from one address', async () => {
      const objection = { name: '村民甲', contact: '13800000000', nomineeId: 'n01', reason: '有异议' };
      const results = [];
      for (let i = 0; i < 20; i++) results.push((await from('192.0.2.60', 'POST', '/api/public/notices/no-such-notice/objections', objection)).status);
      expect(results).not.toContain(429);
      expectThrottled(await from('192.0.2.60', 'POST', '/api/public/notices/no-such-notice/objections', objection));
      expect((await from('192.0.2.61', 'POST', '/api/public/notices/no-such-notice/objections', objection)).status).not.toBe(429);
    });
  });
});
