import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDeterministicExtractor } from '../../src/modules/quality/index.js';
import { adapterFor, defaultSourceRegistry } from '../../src/modules/sources/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { parseRecords } from '../../src/workflows/ingest/ingest-payload.js';
import { ParsePool } from '../../src/workflows/ingest/parse-pool.js';

const dir = 'fixtures/craigslist/corpus';
const pages = [
  ...readdirSync(path.join(dir, 'postings'))
    .slice(0, 24)
    .map((file) => path.join(dir, 'postings', file)),
  ...readdirSync(path.join(dir, 'not_postings'))
    .slice(0, 4)
    .map((file) => path.join(dir, 'not_postings', file)),
].map((file) => readFileSync(file, 'utf8'));
// A record the parser cannot read, between good ones: it must fail or skip alone.
const records = [
  ...pages.slice(0, 10),
  '{"this is": "not a posting"',
  '<html><body>nothing</body></html>',
  ...pages.slice(10),
].map((payload, i) => ({ id: i + 1, payload, url: null }));

const adapter = adapterFor(defaultSourceRegistry(), 'craigslist');
const log = createLogger({ level: 'silent' });
const quality = {
  extractor: createDeterministicExtractor(),
  validator: null,
  fraudReviewThreshold: 60,
};

describe('parse workers', () => {
  const pool = new ParsePool(2);
  afterAll(() => pool.close());

  it('give every record the outcome the in-process parse gives, in order', async () => {
    const inline = await parseRecords({ quality, log, parsePool: null }, adapter, records);
    // Straight from the pool (parseRecords would fall back to parsing in process if the workers failed).
    const inWorkers = await pool.parse('craigslist', records, true);
    expect(inWorkers).toEqual(inline);
    expect(await parseRecords({ quality, log, parsePool: pool }, adapter, records)).toEqual(inline);
    expect(inline.map((record) => record.id)).toEqual(records.map((record) => record.id));
    expect(inline.filter((record) => record.status === 'parsed').length).toBeGreaterThan(15);
    expect(inline[10]!.status).not.toBe('parsed');
    expect(inline[10]!.reason).toBeTruthy();
    // The text rules ran in the workers too: facts read from the text are marked as such.
    expect(
      inWorkers.some((record) => record.prepared?.listings.some((l) => 'from_text' in l.facts.attributes)),
    ).toBe(true);
  }, 60_000);

  it('warm up: every worker answers before any batch, and a dead one fails the warm-up', async () => {
    const warm = new ParsePool(2);
    const dying = new ParsePool(1, new URL(`data:text/javascript,${encodeURIComponent('process.exit(4)')}`));
    try {
      await warm.warm('craigslist');
      expect(await warm.parse('craigslist', records.slice(0, 2), false)).toHaveLength(2);
      await expect(dying.warm('craigslist')).rejects.toThrow(/exited with code 4/);
    } finally {
      await Promise.all([warm.close(), dying.close()]);
    }
  }, 60_000);

  it('parse in process when a worker dies, still one outcome per record', async () => {
    const dying = new ParsePool(1, new URL(`data:text/javascript,${encodeURIComponent('process.exit(3)')}`));
    try {
      const inline = await parseRecords({ quality, log, parsePool: null }, adapter, records);
      await expect(dying.parse('craigslist', records, true)).rejects.toThrow(/exited with code 3/);
      expect(await parseRecords({ quality, log, parsePool: dying }, adapter, records)).toEqual(inline);
    } finally {
      await dying.close();
    }
  });
});
