import type { Queryable } from './db.types.js';

type Results<T extends readonly (() => Promise<unknown>)[]> = { [K in keyof T]: Awaited<ReturnType<T[K]>> };

/**
 * Runs independent reads at once on the pool (each on its own connection: one round trip's latency for
 * all), and one after another inside a transaction, whose single connection must not be asked for two
 * statements at once (pg queues them with a deprecation warning that version 9 turns into an error).
 */
export async function concurrentReads<T extends readonly (() => Promise<unknown>)[]>(
  db: Queryable,
  reads: T,
): Promise<Results<T>> {
  if ('inTransaction' in db && db.inTransaction) {
    const results: unknown[] = [];
    for (const read of reads) results.push(await read());
    return results as Results<T>;
  }
  return (await Promise.all(reads.map((read) => read()))) as Results<T>;
}
