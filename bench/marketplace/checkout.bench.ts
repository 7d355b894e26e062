import {
  grantCredits,
  ledgerDiscrepancies,
  requestFingerprint,
  runIdempotent,
} from '../../src/modules/billing/index.js';
import {
  type CheckoutService,
  createCartService,
  createCheckoutService,
  type MarketplaceDeps,
} from '../../src/modules/marketplace/index.js';
import { defaultPricingRules } from '../../src/modules/pricing/index.js';
import type { Database } from '../../src/platform/db/index.js';
import { openBenchPlatform } from '../ingest/bench-platform.js';
import { percentile } from '../load.js';
import type { BenchTable } from '../table.js';

const BUYERS = 50;
const ROUNDS = 20;
const RACE_REPETITIONS = 100;
const RACERS = 10;

async function makeBuyers(db: Database, count: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email) SELECT 'checkout-bench' || g || '-' || gen_random_uuid() || '@example.com'
       FROM generate_series(1, $1) AS g RETURNING id`,
    [count],
  );
  for (const { id } of rows) {
    await grantCredits(db, {
      userId: id,
      amount: 1_000_000,
      kind: 'grant',
      reference: `bench:${id}`,
      description: 'Bench',
    });
  }
  return rows.map((row) => row.id);
}

/** Published FSBO leads spread over 40 ZIPs (so demand rows are not all one market). */
async function makeLeads(db: Database, count: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (status, listing_type, property_type, state, zip, city, quality_score, posted_at)
     SELECT 'published', 'fsbo_sale', 'house', 'NM', (87500 + g % 40)::text, 'Santa Fe', 40 + g % 50,
            now() - (g % 30) * interval '1 day'
       FROM generate_series(1, $1) AS g RETURNING id`,
    [count],
  );
  return rows.map((row) => row.id);
}

/** One checkout the way the route runs it: under an Idempotency-Key, post-commit steps after. */
async function checkoutOnce(db: Database, service: CheckoutService, buyerId: string, key: string) {
  let outcome: Awaited<ReturnType<CheckoutService['run']>> | undefined;
  const result = await runIdempotent(
    db,
    { scope: `checkout:${buyerId}`, key, fingerprint: requestFingerprint({ route: '/v1/checkout' }) },
    async (tx) => {
      outcome = await service.run(tx, buyerId);
      return outcome.response;
    },
  );
  if (!result.replayed && outcome) await service.afterCommit(outcome);
  return result;
}

/**
 * Checkout on the configured database with 50 buyers checking out at once (each round: every buyer
 * carts one lead, untimed, then all 50 check out together, timed), once on distinct leads and once with
 * three buyers per lead (they queue on the lead's slot row); then the last-slot race, 100 times.
 */
export async function checkoutBench(): Promise<BenchTable> {
  const bench = await openBenchPlatform();
  const { db, config, log } = bench.platform;
  try {
    const deps: MarketplaceDeps = {
      db,
      rules: defaultPricingRules(config),
      now: () => new Date(),
      log,
      lockMinutes: 15,
      maxItems: 100,
      maxBuyers: 3,
    };
    const cart = createCartService(deps);
    const checkout = createCheckoutService(deps);
    const buyers = await makeBuyers(db, Math.max(BUYERS, RACERS));
    const rows: (string | number)[][] = [];

    const scenario = async (name: string, leadsPerRound: number) => {
      const latencies: number[] = [];
      let seconds = 0;
      let failed = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const leads = await makeLeads(db, leadsPerRound);
        await Promise.all(
          buyers
            .slice(0, BUYERS)
            .map((buyerId, i) => cart.add(buyerId, { lead_id: leads[i % leads.length]! })),
        );
        const started = performance.now();
        await Promise.all(
          buyers.slice(0, BUYERS).map(async (buyerId) => {
            const t0 = performance.now();
            const result = await checkoutOnce(db, checkout, buyerId, `${name}-${round}`);
            latencies.push(performance.now() - t0);
            if (result.status !== 201) failed++;
          }),
        );
        seconds += (performance.now() - started) / 1000;
      }
      latencies.sort((a, b) => a - b);
      const total = latencies.length;
      rows.push([
        name,
        BUYERS,
        `${total - failed}/${total}`,
        Math.round(total / seconds),
        percentile(latencies, 0.5).toFixed(1),
        percentile(latencies, 0.95).toFixed(1),
        percentile(latencies, 0.99).toFixed(1),
      ]);
    };
    await scenario('checkout of 1 lead, distinct leads', BUYERS);
    await scenario('checkout of 1 lead, 3 buyers per lead', Math.ceil(BUYERS / 3));

    // The last slot: RACERS buyers cart the same lead (one slot left) and check out at once.
    let wonByOne = 0;
    const raceLatencies: number[] = [];
    for (let repetition = 0; repetition < RACE_REPETITIONS; repetition++) {
      const [leadId] = await makeLeads(db, 1);
      await db.query('INSERT INTO lead_inventory (lead_id, max_buyers, holders) VALUES ($1, 1, 0)', [leadId]);
      const racers = buyers.slice(0, RACERS);
      await Promise.all(racers.map((buyerId) => cart.add(buyerId, { lead_id: leadId! })));
      const results = await Promise.all(
        racers.map(async (buyerId) => {
          const t0 = performance.now();
          const result = await checkoutOnce(db, checkout, buyerId, `race-${repetition}`);
          raceLatencies.push(performance.now() - t0);
          return result;
        }),
      );
      const wins = results.filter((r) => r.status === 201).length;
      const soldOut = results.filter(
        (r) => r.status === 409 && (r.body as { error: { code: string } }).error.code === 'SOLD_OUT',
      ).length;
      if (wins === 1 && soldOut === RACERS - 1) wonByOne++;
      await db.query('DELETE FROM cart_items WHERE lead_id = $1', [leadId]);
    }
    raceLatencies.sort((a, b) => a - b);
    rows.push([
      `last-slot race: won by exactly one in ${wonByOne}/${RACE_REPETITIONS} repetitions`,
      RACERS,
      `${RACE_REPETITIONS}/${RACE_REPETITIONS * RACERS}`,
      '–',
      percentile(raceLatencies, 0.5).toFixed(1),
      percentile(raceLatencies, 0.95).toFixed(1),
      percentile(raceLatencies, 0.99).toFixed(1),
    ]);

    const problems = await ledgerDiscrepancies(db);
    if (problems.length > 0)
      throw new Error(`ledger discrepancies after the bench: ${JSON.stringify(problems.slice(0, 3))}`);
    return {
      title: `Checkout (${bench.backend}, pool of ${config.DATABASE_POOL_MAX}; shared 2-core machine: latencies are upper bounds, rates lower bounds; ledger verified sound afterwards)`,
      columns: ['scenario', 'concurrent buyers', 'bought', 'checkouts/s', 'p50 ms', 'p95 ms', 'p99 ms'],
      rows,
    };
  } finally {
    await bench.close();
  }
}
