import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/platform/logger/index.js';
import { createPlatform } from '../src/platform/platform.js';
import type { BenchTable } from './table.js';

/** Framework baseline: autocannon against /health (no database) and /ready (one database round trip). */
export async function httpBaseline(): Promise<BenchTable> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SEED_DEMO: 'false', RUN_JOBS: 'false' });
  const platform = await createPlatform(config, createLogger({ level: 'silent' }));
  const app = await buildApp(platform);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const rows: (string | number)[][] = [];
  try {
    for (const path of ['/health', '/ready']) {
      const result = await autocannon({
        url: `http://127.0.0.1:${port}${path}`,
        connections: 32,
        duration: 8,
      });
      rows.push([
        `GET ${path}`,
        platform.db.kind,
        Math.round(result.requests.average),
        result.latency.p50,
        result.latency.p99,
        result.non2xx,
      ]);
    }
  } finally {
    await app.close();
    await platform.close();
  }
  return {
    title: 'HTTP baseline (autocannon, 32 connections, 8 s)',
    columns: ['route', 'database', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx'],
    rows,
  };
}
