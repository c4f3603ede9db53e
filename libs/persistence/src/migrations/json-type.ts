import type { QueryRunner } from 'typeorm';

/**
 * The column type of a `simple-json` entity column, for migrations: MEDIUMTEXT (16 MB) on
 * MySQL/MariaDB, where TEXT holds 64 KB; TEXT on SQLite. `openDatabase` maps simple-json the same way.
 */
export const jsonType = (q: QueryRunner): string => (q.connection.driver.options.type === 'better-sqlite3' ? 'text' : 'mediumtext');
