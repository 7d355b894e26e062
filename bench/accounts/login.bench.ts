import { hash, verify } from '@node-rs/argon2';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import { openBenchPlatform } from '../ingest/bench-platform.js';
import type { BenchTable } from '../table.js';

const PASSWORD = 'correct horse battery staple';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `total` calls of `one`, `concurrency` at a time; returns each call's latency (ms) and the wall time. */
async function measure(total: number, concurrency: number, one: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await one(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), wallMs: performance.now() - started };
}

function row(label: string, total: number, concurrency: number, result: Awaited<ReturnType<typeof measure>>) {
  const { latencies, wallMs } = result;
  return [
    label,
    concurrency,
    total,
    percentile(latencies, 50).toFixed(1),
    percentile(latencies, 95).toFixed(1),
    percentile(latencies, 99).toFixed(1),
    Math.round((total / wallMs) * 1000),
  ];
}

/**
 * Login latency over HTTP, argon2id verification included, at the configured cost (OWASP minimum by
 * default): sequential and concurrent logins of real users, wrong passwords, unknown emails (which pay
 * for a dummy verification), and argon2id verification alone for reference. Limits are raised so the
 * bench measures login, not the rate limiter.
 */
export async function loginBench(): Promise<BenchTable> {
  const bench = await openBenchPlatform({
    env: { LOGIN_MAX_ATTEMPTS_PER_IP: '1000000', LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '100000' },
  });
  const { platform, schema } = bench;
  const { config } = platform;
  const app = await buildApp(platform, createModules(platform));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const rows: (string | number)[][] = [];
  try {
    const emails = Array.from({ length: 32 }, (_, i) => `bench-${i}-${schema}@example.com`);
    for (const email of emails) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/auth/register',
        payload: { email, password: PASSWORD },
      });
      if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
    }
    const login = (email: string, password: string, expected: number) => async () => {
      const res = await fetch(`${base}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      await res.arrayBuffer();
      if (res.status !== expected) throw new Error(`login answered ${res.status}, expected ${expected}`);
    };
    await measure(10, 2, (i) => login(emails[i % emails.length]!, PASSWORD, 200)());
    for (const concurrency of [1, 8, 32]) {
      const total = concurrency === 1 ? 100 : 320;
      const result = await measure(total, concurrency, (i) =>
        login(emails[i % emails.length]!, PASSWORD, 200)(),
      );
      rows.push(row('POST /v1/auth/login (good password)', total, concurrency, result));
    }
    rows.push(
      row(
        'POST /v1/auth/login (wrong password)',
        100,
        1,
        await measure(100, 1, (i) => login(emails[i % 32]!, 'wrong password!', 401)()),
      ),
      row(
        'POST /v1/auth/login (unknown email)',
        100,
        1,
        await measure(100, 1, (i) => login(`ghost-${i}@example.com`, PASSWORD, 401)()),
      ),
    );
    const params = {
      memoryCost: config.ARGON2_MEMORY_KIB,
      timeCost: config.ARGON2_ITERATIONS,
      parallelism: config.ARGON2_PARALLELISM,
    };
    const stored = await hash(PASSWORD, params);
    rows.push(
      row(
        'argon2id verify alone',
        100,
        1,
        await measure(100, 1, async () => void (await verify(stored, PASSWORD))),
      ),
    );
  } finally {
    await app.close();
    await bench.close();
  }
  return {
    title: `Login latency (${bench.backend}, argon2id m=${config.ARGON2_MEMORY_KIB} KiB t=${config.ARGON2_ITERATIONS} p=${config.ARGON2_PARALLELISM})`,
    columns: ['operation', 'concurrency', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'per s'],
    rows,
  };
}
