import { grantCredits, spendCredits } from '../../src/modules/billing/index.js';
import { purchasesCsv } from '../../src/modules/marketplace/index.js';
import type { Database } from '../../src/platform/db/index.js';
import { openBenchPlatform } from '../ingest/bench-platform.js';
import type { BenchTable } from '../table.js';

const PURCHASES = 10_000;

/**
 * One buyer holding 10,000 purchases, written in bulk by SQL (they share one ledger spend: this measures
 * the export, not checkout). Returns the buyer's id.
 */
async function seed(db: Database): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email) VALUES ('export-bench-' || gen_random_uuid() || '@example.com') RETURNING id`,
  );
  const buyerId = rows[0]!.id;
  await grantCredits(db, {
    userId: buyerId,
    amount: 10,
    kind: 'grant',
    description: 'bench',
    reference: 'bench:export',
  });
  const spent = await spendCredits(db, {
    userId: buyerId,
    amount: 1,
    reference: 'bench:export',
    description: 'bench',
  });
  await db.query(
    `WITH leads_made AS (
       INSERT INTO leads (listing_type, property_type, status, city, state, zip, quality_score, posted_at, title,
                          description, address_line, price, bedrooms)
       SELECT 'fsbo_sale', 'house', 'published', 'Santa Fe', 'NM', '87501', 60, now() - interval '3 days',
              'Adobe, 3 bd "as is" #' || g, E'Owner sale.\\nCall after 5, please.', g || ' Canyon Rd', 300000 + g, 3
         FROM generate_series(1, $1) AS g
       RETURNING id),
     contacts_made AS (
       INSERT INTO contacts (lead_id, name, phones, emails)
       SELECT id, 'Owner ' || left(id::text, 8), ARRAY['+15055550142', '+15055550143'], ARRAY['owner@example.com']
         FROM leads_made
       RETURNING lead_id),
     checkout AS (
       INSERT INTO checkouts (buyer_id, total_credits, item_count) VALUES ($2, $1, $1) RETURNING id)
     INSERT INTO purchases (checkout_id, buyer_id, lead_id, credits, price_version, receipt, spend_transaction_id,
                            purchased_at)
     SELECT (SELECT id FROM checkout), $2, lead_id, 10, 0, '{}', $3,
            now() - make_interval(secs => row_number() OVER ())
       FROM contacts_made`,
    [PURCHASES, buyerId, spent.transactionId],
  );
  return buyerId;
}

/**
 * The CSV export of 10,000 purchases through `purchasesCsv` (what the route streams): time, rows/s, bytes,
 * the largest chunk held at once, and the heap growth seen while it ran (sampled per chunk; GC makes it
 * an upper bound, to compare with the file's size).
 */
export async function exportBench(): Promise<BenchTable> {
  const bench = await openBenchPlatform();
  const { db } = bench.platform;
  try {
    const buyerId = await seed(db);
    const rows: (string | number)[][] = [];
    for (const pageSize of [100, 500, 2000]) {
      global.gc?.();
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      let bytes = 0;
      let largest = 0;
      let lines = 0;
      const started = performance.now();
      for await (const chunk of purchasesCsv({ db, disputeWindowDays: 7, pageSize }, buyerId)) {
        bytes += Buffer.byteLength(chunk);
        largest = Math.max(largest, chunk.length);
        lines += chunk.split('\r\n').length - 1;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      const seconds = (performance.now() - started) / 1000;
      rows.push([
        pageSize,
        lines - 1,
        seconds.toFixed(2),
        Math.round((lines - 1) / seconds),
        (bytes / 1_048_576).toFixed(1),
        (largest / 1024).toFixed(0),
        ((peak - baseline) / 1_048_576).toFixed(1),
      ]);
    }
    return {
      title: `CSV export of ${PURCHASES.toLocaleString('en-US')} purchases (${bench.backend}; shared machine: upper bounds)`,
      columns: ['page size', 'rows', 'seconds', 'rows/s', 'CSV MiB', 'largest chunk KiB', 'heap growth MiB'],
      rows,
    };
  } finally {
    await bench.close();
  }
}
