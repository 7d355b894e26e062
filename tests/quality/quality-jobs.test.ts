import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescoreDueLeads, rescrubStaleContacts } from '../../src/modules/quality/index.js';
import type { Platform } from '../../src/platform/platform.js';
import { importCsv, ingestDepsFor } from '../../src/workflows/ingest/index.js';
import { createTestPlatform } from '../support/test-platform.js';

const CSV = [
  'name,phone,title,description,city,state,zip,price',
  'Pat Owner,505-555-0142,Adobe home,"Owner sale, 3 bed 2 bath",Santa Fe,NM,87501,350000',
  'Sam Seller,505-555-0188,Ranch house,"Quiet lot, 2 bed",Santa Fe,NM,87505,290000',
].join('\n');

describe('quality upkeep jobs', () => {
  let platform: Platform;
  const deps = () => ({ db: platform.db, log: platform.log, fraudReviewThreshold: 60 });

  beforeAll(async () => {
    platform = await createTestPlatform();
    await importCsv(ingestDepsFor(platform), { csv: CSV, filename: 'owners.csv' });
  });
  afterAll(() => platform.close());

  it('rescores leads whose scores are more than a day old, and leaves fresh ones', async () => {
    expect(await rescoreDueLeads(deps())).toBe(0);
    await platform.db.query(
      `UPDATE leads SET scored_at = now() - interval '2 days' WHERE title = 'Adobe home'`,
    );
    expect(await rescoreDueLeads(deps())).toBe(1);
    const { rows } = await platform.db.query<{ fresh: boolean }>(
      `SELECT scored_at > now() - interval '1 minute' AS fresh FROM leads WHERE title = 'Adobe home'`,
    );
    expect(rows[0]!.fresh).toBe(true);
  });

  it('re-scrubs DNC results older than 31 days, with a masked passport event', async () => {
    expect(await rescrubStaleContacts(deps())).toBe(0);
    await platform.db.query(
      `UPDATE contacts SET dnc = jsonb_set(dnc, '{scrubbed_at}', to_jsonb((now() - interval '40 days')::text))
        WHERE name = 'Pat Owner'`,
    );
    expect(await rescrubStaleContacts(deps())).toBe(1);
    const { rows } = await platform.db.query<{ payload: { checked: number } }>(
      `SELECT payload FROM events WHERE type = 'lead.dnc_rescrubbed'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload.checked).toBe(1);
    expect(JSON.stringify(rows[0])).not.toContain('5550142');
  });
});
