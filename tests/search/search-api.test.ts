import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { searchModule } from '../../src/modules/search/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { createTestPlatform } from '../support/test-platform.js';
import { ATLANTA, makeSearchLead, northOf } from './search.factories.js';

let platform: Platform;
let app: App;
const ids: Record<string, string> = {};

beforeAll(async () => {
  platform = await createTestPlatform();
  app = await buildApp(platform, [searchModule(platform)]);
  await app.ready();
  ids.house = await makeSearchLead(platform.db, {
    title: 'Sunny house',
    description: 'Text 404 555 0123 after six.',
    phones: ['+14045550123'],
    name: 'Robin Hood',
  });
  ids.condo = await makeSearchLead(platform.db, { at: northOf(ATLANTA, 3), property_type: 'condo' });
  ids.land = await makeSearchLead(platform.db, { at: northOf(ATLANTA, 6), property_type: 'land' });
  ids.draft = await makeSearchLead(platform.db, { status: 'draft' });
  ids.agent = await makeSearchLead(platform.db, { listing_type: 'agent_rental' });
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

describe('GET /v1/leads', () => {
  it('searches anonymously: comma and repeated lists, radius, facets on the first page', async () => {
    const url = `/v1/leads?lat=${ATLANTA.lat}&lng=${ATLANTA.lng}&radius_km=5&property_type=house,condo&limit=1`;
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((item: { id: string }) => item.id)).toEqual([ids.house]);
    expect(body.total).toEqual({ value: 2, exact: true });
    expect(body.facets.property_type).toEqual(
      expect.arrayContaining([
        { value: 'house', count: 1 },
        { value: 'condo', count: 1 },
      ]),
    );
    const next = await app.inject({ method: 'GET', url: `${url}&cursor=${body.next_cursor}` });
    expect(next.json().items.map((item: { id: string }) => item.id)).toEqual([ids.condo]);
    expect(next.json().facets).toBeNull();
    const repeated = await app.inject({
      method: 'GET',
      url: '/v1/leads?property_type=land&property_type=condo',
    });
    expect(repeated.json().total.value).toBe(2);
  });

  it.each([
    ['radius_km=-1&lat=1&lng=1', 'querystring.radius_km'],
    ['radius_km=900&lat=1&lng=1', 'querystring.radius_km'],
    ['lat=91&lng=0', 'querystring.lat'],
    ['lat=33', 'querystring.lng'],
    ['price_min=10&price_max=5', 'querystring.price_min'],
    ['bbox=a,b,c,d', 'querystring.bbox'],
    ['cursor=bogus', 'querystring.cursor'],
    ['property_type=castle', 'querystring.property_type.0'],
    ['sort=cheapest', 'querystring.sort'],
    ['limit=101', 'querystring.limit'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const res = await app.inject({ method: 'GET', url: `/v1/leads?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field }] });
  });
});

describe('POST /v1/leads/search', () => {
  const around = (lat: number, lng: number, d: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [lng - d, lat - d],
        [lng + d, lat - d],
        [lng + d, lat + d],
        [lng - d, lat + d],
        [lng - d, lat - d],
      ],
    ],
  });

  it('searches within a drawn polygon', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/leads/search',
      payload: { polygon: around(ATLANTA.lat, ATLANTA.lng, 0.04), sort: 'price_asc' },
    });
    expect(res.statusCode).toBe(200);
    expect(new Set(res.json().items.map((item: { id: string }) => item.id))).toEqual(
      new Set([ids.house, ids.condo]),
    );
  });

  it('refuses a self-intersecting polygon naming body.polygon', async () => {
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    const res = await app.inject({ method: 'POST', url: '/v1/leads/search', payload: { polygon: bowtie } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('body.polygon');
  });
});

describe('OpenAPI', () => {
  it('documents the three search routes', async () => {
    const paths = (await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/v1/leads', '/v1/leads/search', '/v1/leads/{id}']),
    );
    expect(paths['/v1/leads'].get.parameters.map((p: { name: string }) => p.name)).toContain('radius_km');
  });
});

describe('GET /v1/leads/{id}', () => {
  it('shows a published lead with its description masked and no contact', async () => {
    const res = await app.inject({ method: 'GET', url: `/v1/leads/${ids.house}` });
    expect(res.statusCode).toBe(200);
    const lead = res.json();
    expect(lead).toMatchObject({
      id: ids.house,
      title: 'Sunny house',
      description: 'Text [phone hidden] after six.',
      sources: ['craigslist'],
      source_list: [{ source_id: 'craigslist', name: 'Craigslist (by owner)' }],
      contact: { name_initial: 'R.', phones_masked: ['••• ••• ••23'], has_phone: true },
    });
    expect(res.body).not.toMatch(/4045550123|Robin|Hood|source_url/);
  });

  it.each(['draft', 'agent'])('answers 404 LEAD_NOT_FOUND for a %s lead', async (name) => {
    const res = await app.inject({ method: 'GET', url: `/v1/leads/${ids[name]}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('LEAD_NOT_FOUND');
  });

  it('answers 404 for an id that is not a uuid', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/leads/nope' });
    expect(res.json().error.code).toBe('LEAD_NOT_FOUND');
  });
});
