import { isIP } from 'node:net';
import { z } from 'zod';
import { durationMs } from '../../domain/src/durations';

/** The secret anyone can read in this repository; tokens signed with it are accepted in development only. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-not-for-production';
const JWT_TTL_MIN_S = 60;
const JWT_TTL_MAX_S = 7 * 24 * 3600;
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const env = z.object({
  // Unset means production: only an explicit `development` gets the public secret and the demo data.
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|mysql:\/\/|mariadb:\/\/)/, 'DATABASE_URL must start with sqlite:, mysql:// or mariadb://')
    .default('sqlite:data/app.db'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('village-governance'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must be smtp:// or smtps://').default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('村居治理平台 <noreply@town.local>'),
  MAIL_POLL_MS: z.coerce.number().int().positive().default(1_000),
  MAIL_RETRY_MAX_MS: z.coerce.number().int().positive().default(300_000),
  JWT_SECRET: z.string().min(16, 'JWT_SECRET must have at least 16 characters').optional(),
  JWT_TTL: z.string().default('12h'),
  TRUST_PROXY: z.string().default('loopback'),
  TOWN_TIMEZONE: z.string().default('Asia/Shanghai'),
  CORS_ORIGINS: z.string().default(''),
  DEMO_PASSWORD: z.string().min(6).default('demo-pass-2026'),
  UPDATE_WAIT_MS: z.coerce.number().int().positive().default(10_000),
});

/** The validated configuration; also the Nest injection token for it. */
export abstract class AppConfig {
  declare env: 'development' | 'test' | 'production';
  declare port: number;
  declare publicUrl: string;
  declare database: { url: string };
  declare temporal: { address: string; namespace: string; taskQueue: string; updateWaitMs: number };
  declare mail: { smtpUrl: string; from: string; pollMs: number; retryMaxMs: number };
  declare auth: { jwtSecret: string; jwtTtlSeconds: number; issuer: string; audience: string };
  /** Express's `trust proxy`: which peers may name the client address in X-Forwarded-For. */
  declare trustProxy: false | number | string[];
  declare town: { timezone: string };
  declare cors: { origins: string[] };
  declare demo: { password: string };
}

/** Reads and validates the environment once; a bad value stops the process with the variable named. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`invalid configuration:\n  ${problems}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (!e.JWT_SECRET && e.NODE_ENV !== 'development') problems.push(`JWT_SECRET: required unless NODE_ENV=development (NODE_ENV is ${source.NODE_ENV ? e.NODE_ENV : 'unset'})`);
  if (e.JWT_SECRET === DEVELOPMENT_JWT_SECRET && e.NODE_ENV !== 'development') problems.push('JWT_SECRET: the development secret is public; choose your own');
  const jwtTtl = parseTtl(e.JWT_TTL);
  if ('problem' in jwtTtl) problems.push(`JWT_TTL: ${jwtTtl.problem}`);
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if ('problem' in trustProxy) problems.push(`TRUST_PROXY: ${trustProxy.problem}`);
  if (!isValidTimeZone(e.TOWN_TIMEZONE)) problems.push(`TOWN_TIMEZONE: unknown time zone ${e.TOWN_TIMEZONE}`);
  if (problems.length || 'problem' in jwtTtl || 'problem' in trustProxy) throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  const publicUrl = e.PUBLIC_URL.replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    publicUrl,
    database: { url: e.DATABASE_URL },
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE, updateWaitMs: e.UPDATE_WAIT_MS },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, pollMs: e.MAIL_POLL_MS, retryMaxMs: e.MAIL_RETRY_MAX_MS },
    auth: { jwtSecret: e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET, jwtTtlSeconds: jwtTtl.value, issuer: publicUrl, audience: `${publicUrl}/api` },
    trustProxy: trustProxy.value,
    town: { timezone: e.TOWN_TIMEZONE },
    cors: { origins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean) },
    demo: { password: e.DEMO_PASSWORD },
  };
}

type Parsed<T> = { value: T } | { problem: string };

/** Seconds in `12h`, `30m`, `7d`, `3600s` or ISO-8601 (`PT12H`), between a minute and a week. */
function parseTtl(value: string): Parsed<number> {
  const short = /^(\d+)(s|m|h|d)$/.exec(value.trim());
  let seconds: number;
  if (short) seconds = Number(short[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[short[2] as 's' | 'm' | 'h' | 'd'];
  else {
    try {
      seconds = durationMs(value.trim()) / 1000;
    } catch {
      return { problem: `not a duration: ${JSON.stringify(value)} (use e.g. 12h, 30m, 7d or PT12H)` };
    }
  }
  if (!Number.isInteger(seconds) || seconds < JWT_TTL_MIN_S || seconds > JWT_TTL_MAX_S) return { problem: `must be whole seconds between 1 minute and 7 days, got ${JSON.stringify(value)}` };
  return { value: seconds };
}

/**
 * `false` (no proxy: the peer is the client), a number of proxy hops, or a comma-separated list of
 * addresses, CIDR ranges and the names loopback, linklocal, uniquelocal. Trusting every peer
 * (`true`) is refused: any client could then choose the address its rate limits are counted under.
 */
function parseTrustProxy(value: string): Parsed<false | number | string[]> {
  const v = value.trim();
  if (v === 'false' || v === '') return { value: false };
  if (/^\d+$/.test(v)) return { value: Number(v) };
  if (v === 'true') return { problem: 'trusting every peer lets any client choose its address; list the proxies instead' };
  const entries = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = entries.filter((entry) => !isProxyEntry(entry));
  if (bad.length) return { problem: `not an address, a CIDR range or one of loopback, linklocal, uniquelocal: ${bad.join(', ')}` };
  return { value: entries };
}

function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
