import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/platform/http/app.types.js';
import { AppError } from '../../src/platform/http/errors.js';
import type { Platform } from '../../src/platform/platform.js';
import { captureLogs, createTestPlatform } from '../support/test-platform.js';

describe('HTTP platform', () => {
  let platform: Platform;
  let app: App;
  const logs = captureLogs('info');

  beforeAll(async () => {
    platform = await createTestPlatform({ log: logs.log });
    app = await buildApp(platform);
    // Routes standing for a module's, to exercise validation, domain errors and crashes.
    app.post(
      '/test/echo',
      {
        schema: {
          body: Type.Object({ price: Type.Number({ minimum: 0 }), contact: Type.Optional(Type.Any()) }),
        },
      },
      async (request) => {
        request.log.info({ contact: request.body.contact, price: request.body.price }, 'echo');
        return { price: request.body.price };
      },
    );
    app.get('/test/missing-lead', async () => {
      throw new AppError('LEAD_NOT_FOUND', 'Lead 42 does not exist', 404);
    });
    app.get('/test/crash', async () => {
      throw new Error('secret internals');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  it('answers /health', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('answers /ready with the database kind and migrations', async () => {
    const res = await app.inject({ url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      database: platform.db.kind,
      migrations: platform.migrations.length,
    });
  });

  it('reports 503 on /ready while migrations are pending', async () => {
    const extra = { version: 9999, name: 'future', sql: 'SELECT 1', checksum: 'f'.repeat(64) };
    platform.migrations.push(extra);
    try {
      const res = await app.inject({ url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('MIGRATIONS_PENDING');
    } finally {
      platform.migrations.pop();
    }
  });

  it('exports process metrics and request durations by route and status', async () => {
    await app.inject({ url: '/health' });
    await app.inject({ url: '/no/such/route' });
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="GET",route="\/health",status_code="200"\} \d+/,
    );
    expect(text).toMatch(/route="unmatched",status_code="404"/);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/metrics']));
    expect((await app.inject({ url: '/docs/' })).statusCode).toBe(200);
  });

  it('answers unknown routes with a 404 error body', async () => {
    const res = await app.inject({ url: '/v1/nothing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /v1/nothing' },
    });
  });

  it('names the failing field on a schema violation', async () => {
    const res = await app.inject({ method: 'POST', url: '/test/echo', payload: { price: -5 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'body.price', message: 'must be >= 0' }],
    });
    const missing = await app.inject({ method: 'POST', url: '/test/echo', payload: {} });
    expect(missing.json().error.details[0].field).toBe('body.price');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"price": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
  });

  it('maps domain errors to their status and code', async () => {
    const res = await app.inject({ url: '/test/missing-lead' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'LEAD_NOT_FOUND', message: 'Lead 42 does not exist' } });
  });

  it('hides the message of an unexpected failure', async () => {
    const res = await app.inject({ url: '/test/crash' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internals');
    expect(res.json().error.code).toBe('INTERNAL_ERROR');
  });

  it('keeps a sane caller request id, logs it on every request line, and never logs a contact', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'x-request-id': 'req-abc-123' },
      payload: {
        price: 10,
        contact: { name: 'Maria Gonzales', phone: '+15055550142', email: 'maria@example.com' },
      },
    });
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    const requestLines = logs.lines().filter((line) => line.requestId === 'req-abc-123');
    expect(requestLines.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(logs.lines());
    expect(text).not.toMatch(/5055550142|maria@example|Gonzales/);
    const forged = await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(forged.headers['x-request-id']).not.toBe('bad id with spaces');
  });
});
