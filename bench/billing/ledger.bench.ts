import {
  grantCredits,
  ledgerDiscrepancies,
  requestFingerprint,
  runIdempotent,
  spendCredits,
} from '../../src/modules/billing/index.js';
import type { Database } from '../../src/platform/db/index.js';
import { openBenchPlatform } from '../ingest/bench-platform.js';
import { drive, type LoadRun, loadCells } from '../load.js';
import type { BenchTable } from '../table.js';

const WALLETS = 200;

async function makeUsers(db: Database, count: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email) SELECT 'bench' || g || '-' || gen_random_uuid() || '@example.com'
       FROM generate_series(1, $1) AS g RETURNING id`,
    [count],
  );
  return rows.map((row) => row.id);
}

/**
 * Ledger posting throughput on the configured database: grants (wallet + system account), spends
 * (wallet row lock, balance check, two entries, the deferred zero-sum check at commit) spread over
 * 200 wallets or all on one hot wallet, and spends behind an Idempotency-Key.
 */
export async function ledgerBench(): Promise<BenchTable> {
  const bench = await openBenchPlatform();
  const { db } = bench.platform;
  try {
    const users = await makeUsers(db, WALLETS);
    const rows: (string | number)[][] = [];
    const record = (name: string, concurrency: number, total: number, run: LoadRun) =>
      rows.push([name, concurrency, total, ...loadCells(total, run, [0.5, 0.99])]);
    const grant = (i: number) =>
      grantCredits(db, {
        userId: users[i % WALLETS]!,
        amount: 1_000,
        kind: 'grant',
        reference: `bench-grant:${i}`,
        description: 'Bench grant',
      });
    record('grant (200 wallets)', 1, 1_000, await drive(1_000, 1, grant));
    record('grant (200 wallets)', 16, 4_000, await drive(4_000, 16, (i) => grant(10_000 + i)));
    const spend = (userId: string, i: number) =>
      spendCredits(db, { userId, amount: 1, reference: `bench-spend:${i}`, description: 'Bench lead' });
    record('spend (200 wallets)', 16, 4_000, await drive(4_000, 16, (i) => spend(users[i % WALLETS]!, i)));
    record('spend (1 hot wallet)', 16, 2_000, await drive(2_000, 16, (i) => spend(users[0]!, 100_000 + i)));
    const idempotentSpend = (i: number) => {
      const userId = users[i % WALLETS]!;
      return runIdempotent(
        db,
        { scope: userId, key: `bench-${i}`, fingerprint: requestFingerprint({ i }) },
        async (tx) => {
          const moved = await spendCredits(tx, {
            userId,
            amount: 1,
            reference: `bench-idem:${i}`,
            description: 'Bench lead',
          });
          return { status: 201, body: { balance: moved.balance } };
        },
      );
    };
    record('spend + Idempotency-Key (200 wallets)', 16, 4_000, await drive(4_000, 16, idempotentSpend));
    const problems = await ledgerDiscrepancies(db);
    if (problems.length > 0)
      throw new Error(`ledger discrepancies after the bench: ${JSON.stringify(problems.slice(0, 3))}`);
    return {
      title: `Ledger posting throughput (${bench.backend}, transactions/s; ledger verified sound afterwards)`,
      columns: ['operation', 'concurrency', 'transactions', 'tx/s', 'p50 ms', 'p99 ms'],
      rows,
    };
  } finally {
    await bench.close();
  }
}
