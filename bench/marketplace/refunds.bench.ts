import { randomUUID } from 'node:crypto';
import { grantCredits, ledgerDiscrepancies, spendCredits } from '../../src/modules/billing/index.js';
import { refundBadLeads, refundPurchase } from '../../src/modules/marketplace/index.js';
import type { Database } from '../../src/platform/db/index.js';
import { openBenchPlatform } from '../ingest/bench-platform.js';
import { drive, type LoadRun, loadCells } from '../load.js';
import type { BenchTable } from '../table.js';

const BUYERS = 100;
const LEADS = 400;
const RACES = 100;

/** Buyers with credits and published leads with a contact, by SQL and the ledger. */
async function seed(db: Database): Promise<{ buyers: string[]; leads: string[] }> {
  const users = await db.query<{ id: string }>(
    `INSERT INTO users (email) SELECT 'refund-bench-' || g || '-' || gen_random_uuid() || '@example.com'
       FROM generate_series(1, $1) AS g RETURNING id`,
    [BUYERS],
  );
  const buyers = users.rows.map((row) => row.id);
  for (const userId of buyers) {
    await grantCredits(db, {
      userId,
      amount: 100_000,
      kind: 'grant',
      description: 'bench',
      reference: `b:${userId}`,
    });
  }
  const leads = await db.query<{ id: string }>(
    `WITH made AS (
       INSERT INTO leads (listing_type, property_type, status, city, state, zip, quality_score, posted_at)
       SELECT 'fsbo_sale', 'house', 'published', 'Santa Fe', 'NM', '87501', 60, now() FROM generate_series(1, $1)
       RETURNING id)
     INSERT INTO contacts (lead_id, name, phones, emails)
     SELECT id, 'Owner', ARRAY['+15058421937'], ARRAY['owner@example.com'] FROM made RETURNING lead_id AS id`,
    [LEADS],
  );
  return { buyers, leads: leads.rows.map((row) => row.id) };
}

/** A purchase as checkout writes one: its own ledger spend, a checkout row, the purchase. */
async function buy(db: Database, buyerId: string, leadId: string): Promise<{ id: string; spend: number }> {
  const purchaseId = randomUUID();
  return db.transaction(async (tx) => {
    const checkout = await tx.query<{ id: string }>(
      'INSERT INTO checkouts (buyer_id, total_credits, item_count) VALUES ($1, 10, 1) RETURNING id',
      [buyerId],
    );
    const spent = await spendCredits(tx, {
      userId: buyerId,
      amount: 10,
      reference: `purchase:${purchaseId}`,
      description: 'bench purchase',
    });
    await tx.query(
      `INSERT INTO purchases (id, checkout_id, buyer_id, lead_id, credits, price_version, receipt, spend_transaction_id)
       VALUES ($1, $2, $3, $4, 10, 0, '{}', $5)`,
      [purchaseId, checkout.rows[0]!.id, buyerId, leadId, spent.transactionId],
    );
    return { id: purchaseId, spend: spent.transactionId };
  });
}

/**
 * Refunds on the configured database: one refund (row lock, ledger reversal, purchase update, dispute
 * close, in-app notice) alone and with 16 concurrent callers on different purchases; 100 races of 8
 * concurrent refunds of one purchase (how many reversals each race posted); and the bad-lead sweep,
 * idle and with 300 purchases to refund.
 */
export async function refundsBench(): Promise<BenchTable> {
  const bench = await openBenchPlatform();
  const { db } = bench.platform;
  try {
    const { buyers, leads } = await seed(db);
    // Three buyers per lead: 1,200 purchases.
    const purchases: { id: string; spend: number; leadId: string }[] = [];
    await drive(LEADS * 3, 8, async (i) => {
      const leadId = leads[i % LEADS]!;
      const bought = await buy(db, buyers[(i * 7 + Math.floor(i / LEADS)) % BUYERS]!, leadId);
      purchases.push({ ...bought, leadId });
    });
    purchases.sort((a, b) => a.id.localeCompare(b.id));
    const rows: (string | number)[][] = [];
    const record = (name: string, concurrency: number, total: number, run: LoadRun) =>
      rows.push([name, concurrency, total, ...loadCells(total, run, [0.5, 0.95, 0.99])]);
    const refund = (id: string) => refundPurchase(db, id, { reason: 'bench', actor: { kind: 'system' } });

    // Leads 0..99 are left for the sweep; refunds below take purchases of the other leads only.
    const sweepLeads = new Set(leads.slice(0, 100));
    const pool = purchases.filter((purchase) => !sweepLeads.has(purchase.leadId));
    record('refundPurchase', 1, 200, await drive(200, 1, (i) => refund(pool[i]!.id)));
    record('refundPurchase', 16, 400, await drive(400, 16, (i) => refund(pool[200 + i]!.id)));

    const raced = pool.slice(600, 600 + RACES);
    const race = await drive(RACES, 1, (i) =>
      Promise.all(Array.from({ length: 8 }, () => refund(raced[i]!.id))),
    );
    const reversals = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM credit_transactions WHERE reverses_id = ANY($1::bigint[]) GROUP BY reverses_id',
      [raced.map((purchase) => purchase.spend)],
    );
    const exactlyOnce = reversals.rows.filter((row) => row.n === 1).length;
    record(`race: 8 refunds of one purchase (${exactlyOnce}/${RACES} reversed exactly once)`, 8, RACES, race);

    record('refundBadLeads, nothing to do', 1, 20, await drive(20, 1, () => refundBadLeads({ db })));
    await db.query(`UPDATE leads SET status = 'withdrawn' WHERE id = ANY($1::uuid[])`, [[...sweepLeads]]);
    let swept = 0;
    const sweep = await drive(1, 1, async () => {
      swept = (await refundBadLeads({ db })).length;
    });
    rows.push([
      `refundBadLeads, ${swept} purchases of 100 withdrawn leads`,
      1,
      swept,
      Math.round(swept / sweep.seconds),
      sweep.latencies[0]!.toFixed(1),
      '',
      '',
    ]);
    const problems = await ledgerDiscrepancies(db);
    if (problems.length > 0) throw new Error(`ledger discrepancies after the bench: ${problems.length}`);
    return {
      title: `Refunds (${bench.backend}; 1,200 purchases of ${BUYERS} buyers; upper bounds on a shared machine)`,
      columns: ['operation', 'concurrency', 'ops', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms'],
      rows,
    };
  } finally {
    await bench.close();
  }
}
