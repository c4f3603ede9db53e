import type { EntityManager, FindOneOptions } from 'typeorm';

/**
 * The lock a read-modify-write takes on the rows it reads, inside its transaction: `FOR UPDATE`
 * on MySQL/MariaDB. SQLite has no row locks; its write transaction holds the whole database.
 */
export function forUpdate(m: EntityManager): Pick<FindOneOptions, 'lock'> {
  return m.connection.driver.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' } };
}
