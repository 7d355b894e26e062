import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { ingestDepsFor, ingestPayload } from '../../src/workflows/ingest/index.js';
import { createTestPlatform } from '../support/test-platform.js';

const TOKEN = 'passport-admin-token-0123456789';
const CORPUS = 'fixtures/craigslist/corpus/postings';
const original = readFileSync(`${CORPUS}/sanmarcos_7492365771.html`, 'utf8');
const repost = readFileSync(`${CORPUS}/sanmarcos_7493516626.html`, 'utf8');
const urlOf = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)![1]!;

describe('lead passport', () => {
  let platform: Platform;
  let app: App;
  let leadId: string;

  beforeAll(async () => {
    platform = await createTestPlatform({ env: { ADMIN_TOKEN: TOKEN } });
    app = await buildApp(platform, createModules(platform));
    const deps = ingestDepsFor(platform);
    const robots = { allowed: true, checked_at: '2026-11-26T00:00:00.000Z' };
    const first = await ingestPayload(deps, {
      sourceId: 'craigslist',
      payload: original,
      url: urlOf(original),
      fetchMeta: { robots },
    });
    await ingestPayload(deps, {
      sourceId: 'craigslist',
      payload: repost,
      url: urlOf(repost),
      fetchMeta: { robots },
    });
    leadId = first.leads[0]!.id;
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  const get = (id: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    app.inject({ url: `/v1/admin/leads/${id}/passport`, headers });

  it('shows every source with its fetch facts and why it joined, field provenance, checks and scores', async () => {
    const response = await get(leadId);
    expect(response.statusCode).toBe(200);
    const passport = response.json();
    expect(passport.sources).toHaveLength(2);
    expect(passport.sources[0]).toMatchObject({
      source_id: 'craigslist',
      external_id: '7492365771',
      fetch: { robots: { allowed: true } },
      match: { reason: 'created' },
    });
    expect(passport.sources[1]).toMatchObject({
      external_id: '7493516626',
      match: { reason: 'duplicate', score: expect.any(Number), reasons: expect.any(Array) },
    });
    expect(passport.field_sources.title).toMatchObject({ source_id: 'craigslist' });
    const types = passport.timeline.map((entry: { type: string }) => entry.type);
    expect(types[0]).toBe('lead.created');
    expect(types).toEqual(expect.arrayContaining(['lead.duplicate_attached', 'lead.scores_changed']));
    expect(passport.scores).toMatchObject({
      quality: expect.any(Number),
      fraud: expect.any(Number),
      version: 1,
    });
  });

  it('answers 404 for an unknown lead and 401 without admin credentials', async () => {
    expect((await get('00000000-0000-4000-8000-000000000000')).json().error.code).toBe('LEAD_NOT_FOUND');
    expect((await get(leadId, {})).statusCode).toBe(401);
  });
});
