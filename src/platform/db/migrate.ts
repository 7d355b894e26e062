import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger/index.js';
import type { Queryable } from './db.types.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Raised when the database and the migration files disagree in a way a human must look at. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Reads `NNNN_name.sql` files in version order. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/^\d{4}_|\.sql$/g, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

const LEDGER_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

// One lock for every process and schema: it also serialises CREATE EXTENSION, which is database-wide.
const MIGRATION_LOCK = `SELECT pg_advisory_xact_lock(7245123901)`;

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

async function appliedMigrations(db: Queryable): Promise<AppliedRow[]> {
  const exists = await db.query<{ found: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS found`,
  );
  if (!exists.rows[0]?.found) return [];
  const { rows } = await db.query<AppliedRow>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  return rows;
}

function pendingAgainst(applied: AppliedRow[], files: MigrationFile[]): MigrationFile[] {
  const byVersion = new Map(applied.map((row) => [row.version, row]));
  for (const row of applied) {
    const file = files.find((f) => f.version === row.version);
    if (!file)
      throw new MigrationError(`migration ${row.version} (${row.name}) is applied but its file is gone`);
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.version}_${row.name}.sql was edited after it was applied; add a new migration instead`,
      );
    }
  }
  return files.filter((file) => !byVersion.has(file.version));
}

/** Migration files not yet applied to this database (used by /ready). */
export async function pendingMigrations(db: Queryable, files = readMigrations()): Promise<MigrationFile[]> {
  return pendingAgainst(await appliedMigrations(db), files);
}

/** Applies every pending migration in one transaction under an advisory lock; returns what it applied. */
export async function migrate(
  db: Queryable,
  log: Logger,
  files = readMigrations(),
): Promise<MigrationFile[]> {
  return db.transaction(async (tx) => {
    await tx.exec(MIGRATION_LOCK);
    await tx.exec(LEDGER_TABLE);
    const pending = pendingAgainst(await appliedMigrations(tx), files);
    for (const file of pending) {
      const started = Date.now();
      await tx.exec(file.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        file.version,
        file.name,
        file.checksum,
      ]);
      log.info({ migration: `${file.version}_${file.name}`, ms: Date.now() - started }, 'migration applied');
    }
    return pending;
  });
}
