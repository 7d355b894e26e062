import type { Platform } from '../../src/platform/platform.js';

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
