import autocannon from 'autocannon';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import type { Platform } from '../../src/platform/platform.js';
import type { BenchTable } from '../table.js';
import { mixedPaths } from './search-queries.js';

const CONNECTIONS = 32;
const DURATION_S = 10;

/** GET /v1/leads over a listening server: a mixed query set (every kind but deep pages), 32 connections. */
export async function httpRun(platform: Platform, samples: number): Promise<BenchTable> {
  const app = await buildApp(platform, createModules(platform));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const paths = mixedPaths(samples * 4);
  let next = 0;
  try {
    // Warm the route and the pool once before measuring.
    await autocannon({ url: `http://127.0.0.1:${port}${paths[0]}`, connections: 4, amount: 40 });
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            next = (next + 1) % paths.length;
            return { ...request, path: paths[next] as string };
          },
        },
      ],
    });
    return {
      title: `Search over HTTP: GET /v1/leads, mixed queries (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s, ${platform.db.kind})`,
      columns: ['requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors'],
      rows: [
        [
          result.requests.total,
          Math.round(result.requests.average),
          result.latency.p50,
          result.latency.p90,
          result.latency.p99,
          result.latency.max,
          result.non2xx,
          result.errors,
        ],
      ],
    };
  } finally {
    await app.close();
  }
}
