import type { Queryable, QueryOptions, QueryResult, Transaction } from './db.types.js';

type RawRunner = Pick<Queryable, 'query' | 'exec'>;

let savepointCounter = 0;

/** Wraps a backend's transaction handle; nested `transaction` calls become savepoints. */
export function transactionHandle(raw: RawRunner): Transaction {
  const handle: Transaction = {
    inTransaction: true,
    query: <R>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<R>> =>
      raw.query<R>(sql, params, options),
    exec: <R>(sql: string): Promise<QueryResult<R>> => raw.exec<R>(sql),
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      savepointCounter += 1;
      const name = `sp_${savepointCounter}`;
      await raw.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(handle);
        await raw.exec(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await raw.exec(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    },
  };
  return handle;
}
