import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type Results } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Logger } from '../logger/index.js';
import type { Database, QueryResult } from './db.types.js';
import { transactionHandle } from './savepoint.js';
import { INT8_OID, NUMERIC_OID, parseNumber } from './type-parsers.js';

export interface PgliteOptions {
  /** Folder for the data files; `undefined` keeps the database in memory (tests). */
  dataDir?: string;
  schema: string;
  log: Logger;
}

function toResult<R>(result: Results<R>): QueryResult<R> {
  // PGlite reports affectedRows = 0 for a SELECT; pg counts the rows a SELECT returned.
  return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
}

/** Query and script runners over PGlite or one of its transactions. */
function runnerFor(target: Pick<PGlite, 'query' | 'exec'>) {
  return {
    query: async <R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> =>
      toResult(await target.query<R>(sql, params as unknown[] | undefined)),
    exec: async <R>(sql: string): Promise<QueryResult<R>> => {
      const last = (await target.exec(sql)).at(-1) as Results<R> | undefined;
      return last ? toResult(last) : { rows: [], rowCount: 0 };
    },
  };
}

/** Starts a PGlite instance with the extensions the schema needs, logging progress while it initialises. */
export async function startPglite(dataDir: string | undefined, log: Logger): Promise<PGlite> {
  const firstStart = dataDir !== undefined && !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  log.info(
    { dataDir: dataDir ?? 'memory', firstStart },
    firstStart
      ? 'creating the embedded PostgreSQL database (first start takes about 15 s)'
      : 'opening the embedded PostgreSQL database',
  );
  const started = Date.now();
  const ticker = setInterval(
    () => log.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'still initialising PGlite…'),
    5000,
  );
  try {
    const pg = await PGlite.create(dataDir ?? 'memory://', {
      extensions: { postgis, pg_trgm },
      parsers: { [INT8_OID]: parseNumber, [NUMERIC_OID]: parseNumber },
    });
    log.info({ ms: Date.now() - started }, 'embedded PostgreSQL ready');
    return pg;
  } finally {
    clearInterval(ticker);
  }
}

/**
 * A Database over a PGlite instance with `schema` first on the search_path. PGlite is a single session:
 * everything is serialised through it, and a query issued outside an open transaction's handle waits for
 * that transaction, so callers must pass the handle they were given. `ownsInstance: false` leaves the
 * instance open on close (tests share one per worker).
 */
export async function pgliteDatabase(pg: PGlite, schema: string, ownsInstance = true): Promise<Database> {
  await pg.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}, public;`);
  return {
    kind: 'pglite',
    schema,
    ...runnerFor(pg),
    transaction: (fn) => pg.transaction((tx) => fn(transactionHandle(runnerFor(tx)))),
    close: async () => {
      if (ownsInstance) await pg.close();
    },
  };
}

/** Opens the embedded PostgreSQL (PGlite + PostGIS + pg_trgm) stored in `dataDir`. */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  return pgliteDatabase(await startPglite(options.dataDir, options.log), options.schema);
}
