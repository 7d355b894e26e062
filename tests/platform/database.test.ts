import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrate, pendingMigrations, readMigrations } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { AVAILABLE_BACKENDS, openTestDatabase } from '../support/test-platform.js';

const silent = createLogger({ level: 'silent' });

// Albuquerque, NM, and points 5 km and 40 km east of it.
const CENTER = { lat: 35.0844, lng: -106.6504 };
const EAST_5KM = { lat: 35.0844, lng: -106.5954 };
const EAST_40KM = { lat: 35.0844, lng: -106.2104 };

async function insertLead(
  db: Database,
  title: string,
  description: string,
  at: { lat: number; lng: number },
) {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (listing_type, title, description, location)
     VALUES ('fsbo_sale', $1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography) RETURNING id`,
    [title, description, at.lng, at.lat],
  );
  return rows[0]!.id;
}

describe.each(AVAILABLE_BACKENDS)('database on %s', (backend) => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await migrate(db, silent);
    await insertLead(db, 'Charming adobe house', 'Owner must sell, relocating to Denver', CENTER);
    await insertLead(db, 'Downtown condo', 'Quiet building with a pool', EAST_5KM);
    await insertLead(db, 'Ranch with horses', 'Wide open land and barns', EAST_40KM);
  });
  afterAll(() => db.close());

  it('applies every migration once and reports none pending', async () => {
    expect(await pendingMigrations(db)).toEqual([]);
    expect(await migrate(db, silent)).toEqual([]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
    expect(rows[0]!.n).toBe(readMigrations().length);
  });

  it('refuses a migration file edited after it was applied', async () => {
    const edited = readMigrations().map((file) => ({ ...file, checksum: `x${file.checksum.slice(1)}` }));
    await expect(migrate(db, silent, edited)).rejects.toThrow(/edited after it was applied/);
  });

  it('finds leads within a radius with ST_DWithin on geography, nearest first', async () => {
    const { rows } = await db.query<{ title: string; km: number }>(
      `SELECT title, round((ST_Distance(location, ST_MakePoint($1, $2)::geography) / 1000)::numeric, 1) AS km
         FROM leads
        WHERE ST_DWithin(location, ST_MakePoint($1, $2)::geography, $3 * 1000)
        ORDER BY location <-> ST_MakePoint($1, $2)::geography`,
      [CENTER.lng, CENTER.lat, 10],
    );
    expect(rows).toEqual([
      { title: 'Charming adobe house', km: 0 },
      { title: 'Downtown condo', km: 5 },
    ]);
  });

  it('matches stemmed full-text queries and ranks title hits first', async () => {
    const { rows } = await db.query<{ title: string }>(
      `SELECT title FROM leads
        WHERE search_document @@ websearch_to_tsquery('english', $1)
        ORDER BY ts_rank(search_document, websearch_to_tsquery('english', $1)) DESC`,
      ['selling OR condos'],
    );
    expect(rows.map((r) => r.title)).toEqual(['Downtown condo', 'Charming adobe house']);
  });

  it('matches place names with typos through pg_trgm', async () => {
    const { rows } = await db.query<{ ok: boolean }>(
      `SELECT similarity('Albuqerque', 'Albuquerque') > 0.5 AS ok`,
    );
    expect(rows[0]!.ok).toBe(true);
  });

  it('serialises writers with SELECT … FOR UPDATE inside transactions', async () => {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM leads WHERE title = 'Downtown condo'`);
    const id = rows[0]!.id;
    const order: string[] = [];
    // Both transactions read-modify-write the same row; the lock makes the second wait and see the first.
    const bump = (name: string) =>
      db.transaction(async (tx) => {
        const locked = await tx.query<{ price: number | null }>(
          'SELECT price FROM leads WHERE id = $1 FOR UPDATE',
          [id],
        );
        order.push(`${name} locked`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await tx.query('UPDATE leads SET price = $2 WHERE id = $1', [id, (locked.rows[0]!.price ?? 0) + 100]);
        order.push(`${name} done`);
      });
    await Promise.all([bump('a'), bump('b')]);
    const after = await db.query<{ price: number }>('SELECT price FROM leads WHERE id = $1', [id]);
    expect(after.rows[0]!.price).toBe(200);
    expect(order).toEqual(['a locked', 'a done', 'b locked', 'b done']);
  });

  it('rolls back a failed transaction entirely and a failed savepoint alone', async () => {
    await expect(
      db.transaction(async (tx) => {
        await insertLead(tx as unknown as Database, 'Ghost listing', 'never committed', CENTER);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE leads SET city = 'Albuquerque' WHERE title = 'Ranch with horses'`);
      await tx
        .transaction(async (inner) => {
          await inner.query(`UPDATE leads SET city = 'Nowhere' WHERE title = 'Ranch with horses'`);
          throw new Error('inner');
        })
        .catch(() => undefined);
    });
    const { rows } = await db.query<{ title: string; city: string | null }>(
      `SELECT title, city FROM leads WHERE title IN ('Ghost listing', 'Ranch with horses')`,
    );
    expect(rows).toEqual([{ title: 'Ranch with horses', city: 'Albuquerque' }]);
  });

  it('returns bigint and numeric values as numbers on both backends', async () => {
    const { rows } = await db.query(
      'SELECT 9007199254740::bigint AS big, 12.50::numeric(6,2) AS money, now() AS at',
    );
    expect(rows[0]).toMatchObject({ big: 9007199254740, money: 12.5 });
    expect(rows[0]!.at).toBeInstanceOf(Date);
  });

  it('masks contacts in the contacts_masked view', async () => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM leads WHERE title = 'Charming adobe house'`,
    );
    await db.query(
      `INSERT INTO contacts (lead_id, name, phones, emails) VALUES ($1, 'maria gonzales', '{+15055550142}', '{maria@example.com}')`,
      [rows[0]!.id],
    );
    const masked = await db.query(
      'SELECT name_initial, phones_masked, emails_masked, has_phone FROM contacts_masked',
    );
    expect(masked.rows).toEqual([
      {
        name_initial: 'M.',
        phones_masked: ['••• ••• ••42'],
        emails_masked: ['•••@example.com'],
        has_phone: true,
      },
    ]);
  });
  it('runs a prepared statement with new values each time, in and out of a transaction', async () => {
    // PostgreSQL switches to a generic plan after five runs: the answers must still follow the values.
    const sql = `SELECT title FROM leads
       WHERE ST_DWithin(location, ST_MakePoint($1, $2)::geography, $3 * 1000) ORDER BY title`;
    for (let run = 0; run < 8; run++) {
      const km = run % 2 === 0 ? 10 : 50;
      const { rows } = await db.query<{ title: string }>(sql, [CENTER.lng, CENTER.lat, km], {
        prepare: true,
      });
      expect(rows.map((row) => row.title)).toEqual(
        km === 10
          ? ['Charming adobe house', 'Downtown condo']
          : ['Charming adobe house', 'Downtown condo', 'Ranch with horses'],
      );
    }
    const inside = await db.transaction((tx) =>
      tx.query<{ title: string }>(sql, [EAST_40KM.lng, EAST_40KM.lat, 1], { prepare: true }),
    );
    expect(inside.rows).toEqual([{ title: 'Ranch with horses' }]);
  });

  it.runIf(backend === 'postgres')('runs with JIT off on PostgreSQL connections', async () => {
    const { rows } = await db.query<{ jit: string }>("SELECT current_setting('jit') AS jit");
    expect(rows[0]!.jit).toBe('off');
  });
  it("keeps each lead's distinct sources on the lead as lead_sources rows come and go", async () => {
    const lead = await insertLead(db, 'Two-source house', 'Seen on two sites', EAST_40KM);
    const record = async (source: string) =>
      (
        await db.query<{ id: number }>(
          `INSERT INTO raw_records (source_id, external_id, content_type, payload, content_hash)
           VALUES ($1, gen_random_uuid()::text, 'text/html', 'x', repeat('a', 64)) RETURNING id`,
          [source],
        )
      ).rows[0]!.id;
    const attach = (rawId: number, source: string) =>
      db.query('INSERT INTO lead_sources (lead_id, raw_record_id, source_id) VALUES ($1, $2, $3)', [
        lead,
        rawId,
        source,
      ]);
    const sourcesOf = async () =>
      (await db.query<{ ids: string[] }>('SELECT source_ids AS ids FROM leads WHERE id = $1', [lead]))
        .rows[0]!.ids;
    expect(await sourcesOf()).toEqual([]);
    const zillow = await record('zillow');
    await attach(zillow, 'zillow');
    await attach(await record('craigslist'), 'craigslist');
    await attach(await record('craigslist'), 'craigslist');
    expect(await sourcesOf()).toEqual(['craigslist', 'zillow']);
    await db.query('DELETE FROM lead_sources WHERE lead_id = $1 AND raw_record_id = $2', [lead, zillow]);
    expect(await sourcesOf()).toEqual(['craigslist']);
    await db.query('DELETE FROM lead_sources WHERE lead_id = $1', [lead]);
    expect(await sourcesOf()).toEqual([]);
  });
});
