import { describe, expect, it } from 'vitest';
import { checkExtensions, DatabaseSetupError } from '../../src/platform/db/index.js';
import { AVAILABLE_BACKENDS, openTestDatabase } from '../support/test-platform.js';

describe('PostGIS check at start', () => {
  it('names the missing extensions and how to install them', async () => {
    // A server whose pg_available_extensions lacks PostGIS answers with only pg_trgm.
    const serverWithoutPostgis = {
      query: async <R>() => ({ rows: [{ name: 'pg_trgm' }] as R[], rowCount: 1 }),
    };
    const error = await checkExtensions(serverWithoutPostgis).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseSetupError);
    expect((error as Error).message).toMatch(/lacks the extension\(s\) postgis\. Install them .*postgis-3/);
  });

  it.each(AVAILABLE_BACKENDS)('passes on %s, which has both', async (backend) => {
    const db = await openTestDatabase(backend);
    try {
      await expect(checkExtensions(db)).resolves.toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
