import { z } from 'zod';

const env = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
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
  declare auth: { jwtSecret: string; jwtTtl: string };
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
  if (!e.JWT_SECRET && e.NODE_ENV === 'production') throw new Error('invalid configuration:\n  JWT_SECRET: required outside development');
  if (!isValidTimeZone(e.TOWN_TIMEZONE)) throw new Error(`invalid configuration:\n  TOWN_TIMEZONE: unknown time zone ${e.TOWN_TIMEZONE}`);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    database: { url: e.DATABASE_URL },
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE, updateWaitMs: e.UPDATE_WAIT_MS },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, pollMs: e.MAIL_POLL_MS, retryMaxMs: e.MAIL_RETRY_MAX_MS },
    auth: { jwtSecret: e.JWT_SECRET ?? 'development-only-secret-not-for-production', jwtTtl: e.JWT_TTL },
    town: { timezone: e.TOWN_TIMEZONE },
    cors: { origins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean) },
    demo: { password: e.DEMO_PASSWORD },
  };
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
