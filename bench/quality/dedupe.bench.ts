/**
 * `npm run bench dedupe`: incremental de-duplication of the real Craigslist corpus against a real database.
 * Each posting is parsed by the Craigslist adapter, normalised, and, in posted order, matched with
 * findDuplicate before it becomes a lead (or joins the lead it duplicates), exactly as ingest would.
 * Precision and recall are pairwise, against the labelled pairs in fixtures/dedupe/craigslist-pairs.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  attachSource,
  insertLead,
  type LeadContact,
  type LeadFacts,
  upsertContact,
} from '../../src/modules/leads/index.js';
import { type PairLabel, type PairScores, scoreClusters } from '../../src/modules/quality/dedupe/index.js';
import {
  findDuplicate,
  lookupKeysFor,
  matchEvidence,
  matchKeysFor,
  normalizeListing,
  recordFieldSources,
  recordMatchKeys,
} from '../../src/modules/quality/index.js';
import { adapterFor, defaultSourceRegistry, storeRawRecord } from '../../src/modules/sources/index.js';
import type { Database } from '../../src/platform/db/index.js';
import { listingToLead, suppliedFields } from '../../src/workflows/ingest/listing-to-lead.js';
import { openBenchPlatform } from '../ingest/bench-platform.js';
import type { BenchTable } from '../table.js';

const CORPUS = path.resolve('fixtures/craigslist/corpus/postings');
const LABELS = path.resolve('fixtures/dedupe/craigslist-pairs.json');
const GOALS = { precision: 0.98, recall: 0.95 };

interface CorpusRecord {
  file: string;
  html: string;
  url: string | null;
  externalId: string;
  facts: LeadFacts;
  contact: LeadContact;
}

/** The corpus postings that parse as listings, oldest first (the order a crawler would have met them). */
function loadRecords(): CorpusRecord[] {
  const adapter = adapterFor(defaultSourceRegistry(), 'craigslist');
  const records: CorpusRecord[] = [];
  for (const file of readdirSync(CORPUS).sort()) {
    const html = readFileSync(path.join(CORPUS, file), 'utf8');
    const outcome = adapter.parse(html);
    if (!('listings' in outcome)) continue;
    for (const listing of outcome.listings) {
      const lead = listingToLead(normalizeListing(listing));
      records.push({ file, html, url: listing.url, externalId: listing.external_id ?? file, ...lead });
    }
  }
  const time = (r: CorpusRecord) => r.facts.posted_at?.getTime() ?? 0;
  return records.sort((a, b) => time(a) - time(b) || a.externalId.localeCompare(b.externalId));
}

/** Pairs of records (files, sorted) that share at least one blocking key: what the matcher ever compares. */
function blockedPairs(records: CorpusRecord[]): Set<string> {
  const byKey = new Map<string, string[]>();
  const pairs = new Set<string>();
  for (const record of records) {
    for (const key of lookupKeysFor(record))
      for (const other of byKey.get(`${key.kind}:${key.key}`) ?? [])
        pairs.add([other, record.file].sort().join(' ~ '));
    for (const key of matchKeysFor(record)) {
      const k = `${key.kind}:${key.key}`;
      byKey.set(k, [...(byKey.get(k) ?? []), record.file]);
    }
  }
  return pairs;
}

/** Blocked pairs no label calls duplicates: the negatives of a label set. */
function negatives(blocked: Set<string>, labels: readonly PairLabel[]): number {
  const duplicates = new Set(
    labels.filter((l) => l.label === 'duplicate').map((l) => [l.a, l.b].sort().join(' ~ ')),
  );
  return [...blocked].filter((pair) => !duplicates.has(pair)).length;
}

/** Labelled duplicate pairs that share a key: the recall blocking allows. */
function duplicatesBlocked(blocked: Set<string>, labels: readonly PairLabel[]): number {
  return labels.filter((l) => l.label === 'duplicate' && blocked.has([l.a, l.b].sort().join(' ~ '))).length;
}

/** Runs one record through the pipeline's de-duplication steps; returns its lead and the match time. */
async function ingestOne(db: Database, record: CorpusRecord): Promise<{ leadId: string; matchMs: number }> {
  return db.transaction(async (tx) => {
    const raw = await storeRawRecord(tx, {
      sourceId: 'craigslist',
      externalId: record.externalId,
      sourceUrl: record.url,
      contentType: 'text/html',
      payload: record.html,
    });
    const candidate = { ...record, sourceId: 'craigslist' };
    const started = performance.now();
    const match = await findDuplicate(tx, candidate);
    const matchMs = performance.now() - started;
    const leadId = match?.leadId ?? (await insertLead(tx, record.facts));
    await upsertContact(tx, leadId, record.contact);
    const fields = suppliedFields(record.facts, record.contact);
    await attachSource(tx, {
      leadId,
      rawRecordId: raw.id,
      sourceId: 'craigslist',
      externalId: record.externalId,
      url: record.url,
      match: match ? matchEvidence(match) : { reason: 'created' },
      fields,
    });
    if (!match) await recordFieldSources(tx, leadId, raw.id, 'craigslist', fields);
    const keysStarted = performance.now();
    await recordMatchKeys(tx, leadId, record);
    return { leadId, matchMs: matchMs + (performance.now() - keysStarted) };
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const fixed = (value: number) => value.toFixed(3);

function scoreRow(name: string, scores: PairScores, negatives: number | string): (string | number)[] {
  return [
    name,
    scores.positives,
    negatives,
    scores.truePositives,
    scores.falsePositives,
    scores.falseNegatives,
    fixed(scores.precision),
    fixed(scores.recall),
    fixed(scores.f1),
    scores.precision >= GOALS.precision && scores.recall >= GOALS.recall ? 'yes' : 'no',
  ];
}

/** The de-duplication bench: figures per label set, timing, then every miss and wrong merge. */
export async function dedupeBench(): Promise<BenchTable> {
  const records = loadRecords();
  const labels = (JSON.parse(readFileSync(LABELS, 'utf8')) as { pairs: (PairLabel & { basis: string })[] })
    .pairs;
  const strict = labels.filter((l) => l.basis !== 'hand');
  const bench = await openBenchPlatform();
  try {
    const assignment = new Map<string, string>();
    const times: number[] = [];
    const started = performance.now();
    for (const record of records) {
      const { leadId, matchMs } = await ingestOne(bench.platform.db, record);
      assignment.set(record.file, leadId);
      times.push(matchMs);
    }
    const totalMs = performance.now() - started;
    times.sort((a, b) => a - b);
    const blocked = blockedPairs(records);
    const all = scoreClusters(assignment, labels);
    const notes = [
      ...all.missed.map((p) => `missed: ${p.join(' ~ ')}`),
      ...all.wronglyMerged.map((p) => `wrongly merged: ${p.join(' ~ ')}`),
    ];
    return {
      title: `De-duplication, incremental, ${records.length} real Craigslist postings in posted order (${bench.backend})`,
      columns: [
        'labels',
        'duplicate pairs',
        'distinct pairs sharing a block',
        'TP',
        'FP',
        'FN',
        'precision',
        'recall',
        'F1',
        `goal P ≥ ${GOALS.precision}, R ≥ ${GOALS.recall}`,
      ],
      rows: [
        scoreRow('repost_of only', scoreClusters(assignment, strict), negatives(blocked, strict)),
        scoreRow('repost_of + hand-checked', all, negatives(blocked, labels)),
        [
          `timing: ${records.length} records, leads ${new Set(assignment.values()).size}`,
          `ingest ${(totalMs / records.length).toFixed(2)} ms/record`,
          `match+keys p50 ${percentile(times, 0.5).toFixed(2)} ms`,
          `p95 ${percentile(times, 0.95).toFixed(2)} ms`,
          `max ${times.at(-1)!.toFixed(2)} ms`,
        ],
        [
          `blocking: ${blocked.size} pairs share a key; ${duplicatesBlocked(blocked, labels)} of ${all.positives} labelled duplicates do`,
        ],
        ...notes.map((note) => [note]),
      ],
    };
  } finally {
    await bench.close();
  }
}
