import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

export type DatabaseKind = 'sqlite' | 'mysql';

/** The databases the database suites run on: SQLite always, MySQL/MariaDB when MYSQL_URL is set. */
export function databaseUrls(): DatabaseKind[] {
  return process.env.MYSQL_URL ? ['sqlite', 'mysql'] : ['sqlite'];
}

export const TMP_DIR = join(process.cwd(), 'test', '.tmp');

/** A new empty database of that kind, as a DATABASE_URL. */
export async function freshDatabase(kind: DatabaseKind): Promise<string> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (kind === 'sqlite') {
    mkdirSync(TMP_DIR, { recursive: true });
    return `sqlite:${join(TMP_DIR, `${name}.db`)}`;
  }
  const base = new URL(process.env.MYSQL_URL!);
  const conn = await createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  base.pathname = `/${name}`;
  return base.toString();
}
