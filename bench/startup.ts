import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchTable } from './table.js';

async function timeToReady(dataDir: string, port: number): Promise<number> {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
    },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (Date.now() - started > 300_000) throw new Error('server not ready in 300 s');
      const ok = await fetch(`http://127.0.0.1:${port}/ready`)
        .then((res) => res.status === 200)
        .catch(() => false);
      if (ok) return (Date.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** Cold start (fresh embedded database, demo data loaded) and warm restart, `npm start` to /ready = 200. */
export async function startup(): Promise<BenchTable> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiq-bench-start-'));
  try {
    const cold = await timeToReady(dataDir, 3901);
    const warm = [await timeToReady(dataDir, 3902), await timeToReady(dataDir, 3903)];
    return {
      title: 'Embedded start to /ready = 200 (PGlite + PostGIS)',
      columns: ['start', 'seconds'],
      rows: [
        ['cold (fresh ./data, migrations, demo data)', cold.toFixed(1)],
        ['warm restart (run 1)', warm[0]!.toFixed(1)],
        ['warm restart (run 2)', warm[1]!.toFixed(1)],
      ],
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
