import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import type { Sql } from './sql.ts';

/** Something queries can run on: the database itself or an open transaction. */
export interface Queryable {
  rows<T = Record<string, unknown>>(q: Sql): Promise<T[]>;
  one<T = Record<string, unknown>>(q: Sql): Promise<T | undefined>;
  /** Runs a statement and returns the number of affected rows. */
  exec(q: Sql): Promise<number>;
}

export type Tx = Queryable & {
  readonly inTransaction: true;
  /** Runs a multi-statement SQL script without parameters inside the transaction (migrations). */
  script(text: string): Promise<void>;
};

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs a multi-statement SQL script without parameters (migrations). */
  script(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Raised when code calls the database handle from inside a transaction instead of the transaction. */
export class NestedDbUseError extends Error {
  constructor() {
    super('Database handle used inside a transaction: pass the transaction (tx) instead of db');
  }
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

/** A FIFO mutex: PGlite is one connection, so each transaction must own it exclusively. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    await prev;
    return release;
  }
}

type RawQuery = (text: string, values: unknown[]) => Promise<{ rows: unknown[]; affectedRows: number }>;

function queryable(run: RawQuery): Queryable {
  return {
    async rows<T>(q: Sql) {
      const { text, values } = q.toQuery();
      return (await run(text, values)).rows as T[];
    },
    async one<T>(q: Sql) {
      const { text, values } = q.toQuery();
      return (await run(text, values)).rows[0] as T | undefined;
    },
    async exec(q: Sql) {
      const { text, values } = q.toQuery();
      return (await run(text, values)).affectedRows;
    },
  };
}

const txScope = new AsyncLocalStorage<object>();

function guarded(db: Queryable, scopeOwner: object): Queryable {
  const check = () => {
    if (txScope.getStore() === scopeOwner) throw new NestedDbUseError();
  };
  return {
    rows: (q) => (check(), db.rows(q)),
    one: (q) => (check(), db.one(q)),
    exec: (q) => (check(), db.exec(q)),
  };
}

/** Embedded PostgreSQL (WASM). Serialises every statement and transaction through one mutex. */
export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob }): Promise<Db> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const pgl = await PGlite.create({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    // Extensions the migrations may create; PostgreSQL ships them in its contrib package.
    extensions: { pg_trgm },
    parsers: {
      [INT8]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
      [NUMERIC]: (v: string) => v,
    },
  });
  const mutex = new Mutex();
  const owner = {};
  const direct: RawQuery = async (text, values) => {
    const r = await pgl.query(text, values);
    return { rows: r.rows, affectedRows: r.affectedRows ?? 0 };
  };
  const locked: RawQuery = async (text, values) => {
    const release = await mutex.lock();
    try {
      return await direct(text, values);
    } finally {
      release();
    }
  };
  const base = guarded(queryable(locked), owner);
  return {
    engine: 'pglite',
    ...base,
    async transaction(fn) {
      if (txScope.getStore() === owner) throw new NestedDbUseError();
      const release = await mutex.lock();
      try {
        await pgl.exec('BEGIN');
        const tx: Tx = {
          ...queryable(direct),
          inTransaction: true as const,
          script: async (text) => void (await pgl.exec(text)),
        };
        try {
          const result = await txScope.run(owner, () => fn(tx));
          await pgl.exec('COMMIT');
          return result;
        } catch (err) {
          await pgl.exec('ROLLBACK');
          throw err;
        }
      } finally {
        release();
      }
    },
    async script(text) {
      const release = await mutex.lock();
      try {
        await pgl.exec(text);
      } finally {
        release();
      }
    },
    async close() {
      const release = await mutex.lock();
      try {
        await pgl.close();
      } finally {
        release();
      }
    },
    // exposed for the test-template dump only
    ...({ dump: () => pgl.dumpDataDir('none') } as object),
  } as Db;
}

const pgTypes = new pg.TypeOverrides();
pgTypes.setTypeParser(INT8, (v: string) => Number(v));
pgTypes.setTypeParser(DATE, (v: string) => v);
pgTypes.setTypeParser(NUMERIC, (v: string) => v);

/** PostgreSQL server through a connection pool; the production and scale-out path. */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types: pgTypes });
  pool.on('error', () => {
    /* idle client errors are reported on the next checkout */
  });
  const owner = {};
  const run: RawQuery = async (text, values) => {
    const r = await pool.query(text, values);
    return { rows: r.rows, affectedRows: r.rowCount ?? 0 };
  };
  await run('select 1', []);
  const base = guarded(queryable(run), owner);
  return {
    engine: 'postgres',
    ...base,
    async transaction(fn) {
      if (txScope.getStore() === owner) throw new NestedDbUseError();
      const client = await pool.connect();
      const clientRun: RawQuery = async (text, values) => {
        const r = await client.query(text, values);
        return { rows: r.rows, affectedRows: r.rowCount ?? 0 };
      };
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: Tx = {
          ...queryable(clientRun),
          inTransaction: true as const,
          script: async (text) => void (await client.query(text)),
        };
        try {
          const result = await txScope.run(owner, () => fn(tx));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          throw err;
        }
      } finally {
        client.release(broken);
      }
    },
    async script(text) {
      await pool.query(text);
    },
    async close() {
      await pool.end();
    },
  };
}

/** Opens the configured database: PostgreSQL when a URL is given, else PGlite in DATA_DIR/db. */
export async function openDb(cfg: { databaseUrl: string | undefined; dataDir: string }): Promise<Db> {
  if (cfg.databaseUrl) return openPostgres(cfg.databaseUrl);
  const release = lockDataDir(cfg.dataDir);
  const db = await openPglite({ dataDir: `${cfg.dataDir}/db` });
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      release();
    },
  });
}

export class DataDirLockedError extends Error {}

/** PGlite is one process's database: a second process on the same folder would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = `${dataDir}/db.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch {
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(
          `Die eingebettete Datenbank in ${dataDir} wird schon von Prozess ${pid} benutzt. Beenden Sie diesen Prozess oder nutzen Sie DATABASE_URL.`,
        );
      }
      unlinkSync(file);
    }
  }
  throw new DataDirLockedError(`Sperrdatei ${file} konnte nicht angelegt werden.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
