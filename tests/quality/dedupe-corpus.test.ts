// The matcher's figures on the labelled Craigslist pairs, without a database: the same incremental
// process as `npm run bench dedupe` (blocking keys in memory instead of lead_match_keys), so a weight
// change that loses precision or recall fails here before it reaches the bench.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareRecords,
  lookupKeysFor,
  type MatchRecord,
  matchKeysFor,
  type PairLabel,
  prepareRecord,
  scoreClusters,
} from '../../src/modules/quality/dedupe/index.js';
import { normalizeListing } from '../../src/modules/quality/index.js';
import { adapterFor, defaultSourceRegistry } from '../../src/modules/sources/index.js';
import { listingToLead } from '../../src/workflows/ingest/listing-to-lead.js';

const CORPUS = path.resolve('fixtures/craigslist/corpus/postings');
const labelled = JSON.parse(readFileSync(path.resolve('fixtures/dedupe/craigslist-pairs.json'), 'utf8')) as {
  pairs: (PairLabel & { basis: string })[];
};

function loadRecords(): { file: string; record: MatchRecord }[] {
  const adapter = adapterFor(defaultSourceRegistry(), 'craigslist');
  const records = readdirSync(CORPUS)
    .sort()
    .flatMap((file) => {
      const outcome = adapter.parse(readFileSync(path.join(CORPUS, file), 'utf8'));
      if (!('listings' in outcome)) return [];
      return outcome.listings.map((listing) => ({
        file,
        id: listing.external_id ?? file,
        record: prepareRecord(listingToLead(normalizeListing(listing))),
      }));
    });
  const time = (r: (typeof records)[number]) => r.record.facts.posted_at?.getTime() ?? 0;
  return records.sort((a, b) => time(a) - time(b) || a.id.localeCompare(b.id));
}

/** Incremental matching: each record joins the best-scoring earlier lead it matches, else starts one. */
function cluster(records: { file: string; record: MatchRecord }[]): Map<string, string> {
  const byKey = new Map<string, number[]>();
  const lead = new Map<string, string>();
  records.forEach(({ file, record }, index) => {
    const candidates = new Set(lookupKeysFor(record).flatMap((k) => byKey.get(`${k.kind}:${k.key}`) ?? []));
    let best: { index: number; score: number } | null = null;
    for (const other of candidates) {
      const result = compareRecords(record, records[other]!.record);
      if (result.decision === 'match' && (!best || result.score > best.score))
        best = { index: other, score: result.score };
    }
    lead.set(file, best ? lead.get(records[best.index]!.file)! : file);
    for (const key of matchKeysFor(record)) {
      const k = `${key.kind}:${key.key}`;
      byKey.set(k, [...(byKey.get(k) ?? []), index]);
    }
  });
  return lead;
}

describe('de-duplication of the labelled Craigslist corpus', () => {
  const records = loadRecords();
  const assignment = cluster(records);

  it('labels 65 repost pairs (59 direct, 6 through a shared original) and 5 hand-checked duplicates', () => {
    const count = (basis: string) =>
      labelled.pairs.filter((p) => p.basis === basis && p.label === 'duplicate').length;
    expect([count('repost_of'), count('repost_of_shared'), count('hand')]).toEqual([59, 6, 5]);
    expect(records).toHaveLength(495);
  });

  it('meets the goals on repost_of + hand-checked labels: precision ≥ 0.98, recall ≥ 0.95', () => {
    const scores = scoreClusters(assignment, labelled.pairs);
    expect(scores.precision).toBeGreaterThanOrEqual(0.98);
    expect(scores.recall).toBeGreaterThanOrEqual(0.95);
    // The two known misses (docs/QUALITY.md): a changed street address, and a repost of another unit.
    expect(scores.missed).toEqual([
      ['misc_7500444555.html', 'chicago_7513132976.html'],
      ['newyork_7516904513.html', 'newyork_7517006160.html'],
    ]);
  });

  it('on repost_of labels alone, its only "wrong" merges are the hand-checked duplicates', () => {
    const strict = scoreClusters(
      assignment,
      labelled.pairs.filter((p) => p.basis !== 'hand'),
    );
    const hand = new Set(
      labelled.pairs
        .filter((p) => p.basis === 'hand' && p.label === 'duplicate')
        .map((p) => [p.a, p.b].sort().join(' ')),
    );
    expect(strict.wronglyMerged.length).toBe(5);
    for (const pair of strict.wronglyMerged) expect(hand.has(pair.join(' '))).toBe(true);
  });
});
