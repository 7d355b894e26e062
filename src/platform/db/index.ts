import path from 'node:path';
import type { Config } from '../../config.js';
import type { Logger } from '../logger/index.js';
import type { Database } from './db.types.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export { concurrentReads } from './concurrent-reads.js';
export type { Database, DatabaseKind, Queryable, QueryResult, Transaction } from './db.types.js';
export type { MigrationFile } from './migrate.js';
export { MigrationError, migrate, pendingMigrations, readMigrations } from './migrate.js';
export { Params } from './params.js';
export { pgliteDatabase, startPglite } from './pglite.js';
export { openPostgres } from './postgres.js';

/** Extensions the schema needs; on PostgreSQL they must be installable on the server. */
export const REQUIRED_EXTENSIONS = ['postgis', 'pg_trgm'] as const;

/** Raised at start when the database can't serve the app (e.g. PostGIS missing); the message says what to do. */
export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError';
}

/** Refuses a PostgreSQL server that cannot install the extensions the schema needs, saying how to fix it. */
export async function checkExtensions(db: Pick<Database, 'query'>): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT name FROM pg_available_extensions WHERE name = ANY($1::text[])',
    [REQUIRED_EXTENSIONS],
  );
  const missing = REQUIRED_EXTENSIONS.filter((name) => !rows.some((row) => row.name === name));
  if (missing.length > 0) {
    throw new DatabaseSetupError(
      `PostgreSQL server lacks the extension(s) ${missing.join(', ')}. Install them on the server ` +
        `(Debian/Ubuntu: apt-get install postgresql-<version>-postgis-3) or unset DATABASE_URL to use ` +
        'the embedded database.',
    );
  }
}

/** Opens the database the config selects: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  if (!config.DATABASE_URL) {
    return openPglite({
      dataDir: path.resolve(config.DATA_DIR, 'pglite'),
      schema: config.DATABASE_SCHEMA,
      log,
    });
  }
  const db = await openPostgres({
    connectionString: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    poolMax: config.DATABASE_POOL_MAX,
    log,
  }).catch((error: Error) => {
    throw new DatabaseSetupError(`cannot connect to PostgreSQL at DATABASE_URL: ${error.message}`);
  });
  try {
    await checkExtensions(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
