/** Rows and count of one statement. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** How a statement is sent. */
export interface QueryOptions {
  /**
   * Keep the statement prepared on the connection (PostgreSQL): after five runs PostgreSQL may keep one
   * generic plan and stop planning it. Only for statements whose best plan does not depend on the
   * parameters' values (ids, a point and a radius), since a generic plan ignores them. PGlite ignores it.
   */
  prepare?: boolean;
}

/**
 * What repositories need: parameterised queries and multi-statement scripts. Both the database handle and
 * a transaction handle satisfy it, so every repository function can run inside a caller's transaction.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<R>>;
  /** Runs a script of one or more statements without parameters; returns the last statement's result. */
  exec<R = Record<string, unknown>>(sql: string): Promise<QueryResult<R>>;
  /** Runs `fn` atomically: a transaction on the database handle, a savepoint inside a transaction. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

/** A handle bound to one open transaction. Pass it down: on PGlite a query made outside it waits forever. */
export interface Transaction extends Queryable {
  readonly inTransaction: true;
}

export type DatabaseKind = 'pglite' | 'postgres';

/** The process-wide database: PGlite (embedded) or a pg pool (PostgreSQL), with one API. */
export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** The schema the app's tables live in (first on the search_path). */
  readonly schema: string;
  close(): Promise<void>;
}
