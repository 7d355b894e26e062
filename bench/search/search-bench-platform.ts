import { loadConfig } from '../../src/config.js';
import { pgliteDatabase, startPglite } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { createPlatform, type Platform } from '../../src/platform/platform.js';

/** A platform (migrated unless told not to) on the given schema of the configured database, with a pool for 32 connections. */
export async function openSearchBenchPlatform(
  schema: string,
  options: { dropOnClose: boolean; migrate: boolean },
): Promise<{ platform: Platform; backend: string; close(): Promise<void> }> {
  const log = createLogger({ level: 'silent' });
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    RUN_JOBS: 'false',
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_MAX: '40',
    SHUTDOWN_TIMEOUT_MS: '5000',
  });
  const db = config.DATABASE_URL
    ? undefined
    : await pgliteDatabase(await startPglite(undefined, log), schema);
  const platform = await createPlatform(config, log, { ...(db ? { db } : {}), migrate: options.migrate });
  return {
    platform,
    backend: platform.db.kind === 'postgres' ? 'PostgreSQL' : 'PGlite',
    async close() {
      await platform.jobs.stop(5000);
      if (options.dropOnClose)
        await platform.db.exec(
          `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE;`,
        );
      await platform.close();
    },
  };
}

/** Migrations whose file differs from what the schema applied, or that it has not applied: a reused
 * schema is measured as it is, and the table says when its indexes may not be today's. */
export async function staleMigrations(platform: Platform): Promise<string[]> {
  const { rows } = await platform.db.query<{ version: number; checksum: string }>(
    'SELECT version, checksum FROM schema_migrations',
  );
  const applied = new Map(rows.map((row) => [row.version, row.checksum]));
  return platform.migrations
    .filter((file) => applied.get(file.version) !== file.checksum)
    .map((file) => `${String(file.version).padStart(4, '0')}_${file.name}`);
}
