import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { defineJob } from '../../src/platform/jobs/index.js';
import type { Platform } from '../../src/platform/platform.js';
import { createTestPlatform } from '../support/test-platform.js';

const slowJob = defineJob({ name: 'test-slow', payload: Type.Object({ ms: Type.Integer() }), retryLimit: 0 });

describe('graceful shutdown', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.close());

  it('finishes an in-flight request and an in-flight job before closing the database', async () => {
    const finished: string[] = [];
    let jobStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      jobStarted = resolve;
    });
    platform.jobs.register(slowJob, async ({ ms }) => {
      jobStarted();
      await new Promise((resolve) => setTimeout(resolve, ms));
      await platform.db.query('SELECT 1');
      finished.push('job');
    });
    const app = await buildApp(platform);
    app.get('/test/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const { rows } = await platform.db.query<{ ok: number }>('SELECT 1 AS ok');
      finished.push('request');
      return rows[0];
    });
    await platform.jobs.start({ work: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    await platform.jobs.enqueue(slowJob, { ms: 600 });
    await started;
    const response = fetch(`http://127.0.0.1:${port}/test/slow`).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 100));

    // The order a SIGTERM runs: stop HTTP (waits for in-flight requests), then jobs and pools.
    await app.close();
    await platform.close();

    expect(await response).toEqual({ status: 200, body: { ok: 1 } });
    expect(finished.sort()).toEqual(['job', 'request']);
  });
});
