import { describe, expect, it } from '@jest/globals';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from '../../libs/config/src';

const SECRET = 'a-secret-of-this-deployment-0123456789';

describe('configuration: tokens cannot be forged (issue 9, who may read what)', () => {
  it('refuses to start without JWT_SECRET when NODE_ENV is unset, test or production, naming the variable', () => {
    for (const NODE_ENV of [undefined, 'test', 'production']) {
      expect(() => loadConfig({ NODE_ENV })).toThrow(/JWT_SECRET: required unless NODE_ENV=development/);
    }
  });

  it('uses the public development secret only when NODE_ENV=development is set explicitly', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).auth.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: SECRET }).auth.jwtSecret).toBe(SECRET);
  });

  it('refuses the public development secret outside development', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(/JWT_SECRET: the development secret is public/);
  });

  it('treats an unset NODE_ENV as production (no demo data)', () => {
    expect(loadConfig({ JWT_SECRET: SECRET }).env).toBe('production');
  });

  it('takes the token issuer and audience from PUBLIC_URL', () => {
    const { auth } = loadConfig({ NODE_ENV: 'development', PUBLIC_URL: 'https://zhili.example.gov.cn/' });
    expect(auth).toMatchObject({ issuer: 'https://zhili.example.gov.cn', audience: 'https://zhili.example.gov.cn/api' });
  });
});

describe('configuration: JWT_TTL is a duration between a minute and a week', () => {
  const ttl = (JWT_TTL: string) => loadConfig({ NODE_ENV: 'development', JWT_TTL }).auth.jwtTtlSeconds;

  it('reads 12h (the default), 30m, 7d, 90s and ISO-8601', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).auth.jwtTtlSeconds).toBe(12 * 3600);
    expect([ttl('30m'), ttl('7d'), ttl('90s'), ttl('PT12H'), ttl('P1D')]).toEqual([1800, 7 * 86_400, 90, 12 * 3600, 86_400]);
  });

  it('refuses what is not a duration, and durations out of bounds, naming JWT_TTL', () => {
    for (const bad of ['twelve hours', '12', '-1h', '12 h x', '', '30s', '8d', 'P1M', 'PT0.5S']) {
      expect(() => ttl(bad)).toThrow(/JWT_TTL: /);
    }
  });
});

describe('configuration: TRUST_PROXY names the proxies that may say who the client is', () => {
  const trust = (TRUST_PROXY?: string) => loadConfig({ NODE_ENV: 'development', TRUST_PROXY }).trustProxy;

  it('trusts loopback by default; takes false, a hop count, addresses, CIDR ranges and the Express names', () => {
    expect(trust()).toEqual(['loopback']);
    expect(trust('false')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('loopback, 10.0.0.0/8, 192.168.1.7, fd00::/8, uniquelocal')).toEqual(['loopback', '10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'uniquelocal']);
  });

  it('refuses trusting every peer and what is not an address, naming TRUST_PROXY', () => {
    expect(() => trust('true')).toThrow(/TRUST_PROXY: trusting every peer/);
    expect(() => trust('proxy.example, 10.0.0.0/33')).toThrow(/TRUST_PROXY: .*proxy\.example, 10\.0\.0\.0\/33/);
  });
});
