import { createConnection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import * as entities from './entities';
import { MIGRATIONS } from './migrations';

/** Every entity class the entities folder exports. */
const ENTITIES = Object.values(entities).filter((e) => typeof e === 'function');

const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false } as const;

/**
 * TypeORM options for a DATABASE_URL: `sqlite:path` uses better-sqlite3; `mysql://` and
 * `mariadb://` use mysql2. A MySQL URL that reaches a MariaDB server gets TypeORM's
 * MariaDB dialect, which reads MariaDB's catalog without false schema drift.
 */
export async function dataSourceOptions(url: string): Promise<DataSourceOptions> {
  if (url.startsWith('sqlite:')) {
    return { ...common, type: 'better-sqlite3', database: url.slice('sqlite:'.length) || ':memory:', enableWAL: true, timeout: 10_000 };
  }
  const parsed = new URL(url);
  parsed.protocol = 'mysql:';
  const type = (await isMariaDb(parsed)) ? 'mariadb' : 'mysql';
  return { ...common, type, url: parsed.toString(), charset: 'utf8mb4', timezone: 'Z', poolSize: 10 };
}

async function isMariaDb(url: URL): Promise<boolean> {
  const conn = await createConnection({ uri: url.toString(), connectTimeout: 5000 });
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as { v: string }[])[0]?.v));
  } finally {
    await conn.end();
  }
}

/**
 * JSON columns are `simple-json` in the entities: TEXT on SQLite, MEDIUMTEXT on MySQL/MariaDB, where
 * TEXT holds only 64 KB (migration 1764921800000; new migrations take the type from `jsonType`).
 * TypeORM has no column type per dialect, so the MySQL driver is told that simple-json is stored as
 * mediumtext, for schema comparison and DDL alike.
 */
function wideJsonOnMySql(ds: DataSource): void {
  if (ds.options.type !== 'mysql' && ds.options.type !== 'mariadb') return;
  const driver = ds.driver;
  const normalize = driver.normalizeType.bind(driver);
  driver.normalizeType = (column) => (column.type === 'simple-json' ? 'mediumtext' : normalize(column));
}

/** Connects and brings the schema up to date. */
export async function openDatabase(url: string): Promise<DataSource> {
  const ds = new DataSource(await dataSourceOptions(url));
  wideJsonOnMySql(ds);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}
