import type { Platform } from '../platform/platform.js';

/** A step that loads one kind of demo data; returns how many records it loaded. */
export type DemoSeeder = (platform: Platform) => Promise<number>;

/**
 * The demo data `npm start` shows on a fresh embedded database. Ingestion adds its seeder here (sample
 * pages in fixtures/ run through the real pipeline).
 */
export const demoSeeders: { name: string; run: DemoSeeder }[] = [];

const MARKER = 'system.demo_seeded';

/** Runs every demo seeder and records that it did, so a restart never seeds twice. */
export async function seedDemo(platform: Platform): Promise<Record<string, number>> {
  const loaded: Record<string, number> = {};
  for (const seeder of demoSeeders) loaded[seeder.name] = await seeder.run(platform);
  await platform.db.query(
    `INSERT INTO events (type, aggregate_type, aggregate_id, payload) VALUES ($1, 'system', 'demo', $2)`,
    [MARKER, JSON.stringify(loaded)],
  );
  return loaded;
}

/** On a fresh embedded database (never seeded), loads the demo data; elsewhere does nothing. */
export async function seedDemoIfFresh(platform: Platform): Promise<void> {
  const { config, db, log } = platform;
  if (!config.SEED_DEMO || db.kind !== 'pglite') return;
  const { rows } = await db.query('SELECT 1 FROM events WHERE type = $1 LIMIT 1', [MARKER]);
  if (rows.length > 0) return;
  const loaded = await seedDemo(platform);
  log.info({ loaded }, 'demo data loaded');
}
