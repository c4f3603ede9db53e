import type { DataSource, EntityManager, EntityTarget, FindOneOptions, ObjectLiteral } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

const isSqlite = (ds: DataSource) => ds.options.type === 'better-sqlite3';

/**
 * The lock a read-modify-write takes on the rows it reads, inside its transaction: `FOR UPDATE`
 * on MySQL/MariaDB. SQLite has no row locks; its write transaction (`writeTransaction`) holds the whole database.
 */
export function forUpdate(m: EntityManager): Pick<FindOneOptions, 'lock'> {
  return isSqlite(m.connection) ? {} : { lock: { mode: 'pessimistic_write' } };
}

/** SQLite: one connection per process, on which TypeORM would nest concurrent transactions; these run one at a time. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * A transaction that writes. On MySQL/MariaDB an ordinary one (at `isolation` if given). On SQLite the
 * process's write transactions run one at a time, and each takes the database's write lock first, as
 * `BEGIN IMMEDIATE` would: in WAL mode a transaction that reads and then writes fails at once when
 * another process (the worker, the API) wrote in between, while one that starts with a write waits
 * for the lock (the busy timeout). The work must not start another write transaction.
 */
export function writeTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
  if (!isSqlite(ds)) return isolation ? ds.transaction(isolation, work) : ds.transaction(work);
  const migrations = ds.options.migrationsTableName ?? 'migrations';
  const run = () =>
    ds.transaction(async (m) => {
      await m.query(`UPDATE "${migrations}" SET id = id WHERE 1 = 0`);
      return work(m);
    });
  const next = (sqliteQueues.get(ds) ?? Promise.resolve()).then(run, run);
  sqliteQueues.set(ds, next.catch(() => undefined));
  return next;
}

/** A write transaction that runs `work` unless `entity` holds a row with this id already: false then, so writing twice is harmless. */
export function writeOnce<E extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<E>, id: string, work: (m: EntityManager) => Promise<void>): Promise<boolean> {
  return writeTransaction(ds, async (m) => {
    if (await m.existsBy(entity, { id } as never)) return false;
    await work(m);
    return true;
  });
}
