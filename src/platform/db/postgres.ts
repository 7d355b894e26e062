import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger/index.js';
import type { Database, QueryOptions, QueryResult } from './db.types.js';
import { transactionHandle } from './savepoint.js';
import { INT8_OID, NUMERIC_OID, parseNumber } from './type-parsers.js';

export interface PostgresOptions {
  connectionString: string;
  schema: string;
  poolMax: number;
  log: Logger;
}

type PgRunner = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

const typeParsers = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return parseNumber;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** A prepared statement's name: the same text always gets the same name, on every connection. */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `aiq_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

function runnerFor(target: PgRunner) {
  return {
    query: async <R>(
      sql: string,
      params?: readonly unknown[],
      options?: QueryOptions,
    ): Promise<QueryResult<R>> => {
      const values = params as unknown[] | undefined;
      // pg parses a named statement once per connection and then only binds and executes it.
      const result = options?.prepare
        ? await target.query({ name: statementName(sql), text: sql, ...(values ? { values } : {}) })
        : await target.query(sql, values);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    },
    exec: async <R>(sql: string): Promise<QueryResult<R>> => {
      // A script of several statements returns one result per statement; the last one is the answer.
      const raw = (await target.query(sql)) as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(raw) ? raw.at(-1) : raw;
      return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
    },
  };
}

/** Opens a pg pool whose every connection has the app schema first on its search_path and JIT off. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const { log, schema } = options;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolMax,
    // JIT off for the app's statements: they are short, and a plan above jit_above_cost (a nationwide
    // search with facets) spent ~0.5 s compiling to save a few ms (docs/SEARCH.md).
    options: `-c search_path=${schema},public -c jit=off`,
    types: typeParsers,
    connectionTimeoutMillis: 10_000,
    // A new connection plans every statement from scratch (55–75 ms for a search page at 1M leads):
    // keep connections for ten minutes between bursts instead of pg's default of ten seconds.
    idleTimeoutMillis: 600_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => log.warn({ err: error }, 'idle PostgreSQL connection failed'));
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);

  return {
    kind: 'postgres',
    schema,
    ...runnerFor(pool),
    async transaction<T>(fn: (tx: import('./db.types.js').Transaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(transactionHandle(runnerFor(client)));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
