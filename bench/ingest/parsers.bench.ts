import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { adapterFor, defaultSourceRegistry } from '../../src/modules/sources/index.js';
import type { BenchTable } from '../table.js';

/** Mean and percentiles of a sample (nearest-rank percentiles). */
interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Summarises a sample of timings. */
function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** A duration in ms with a precision that suits its size. */
function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value < 0.1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value.toFixed(1);
}

interface Group {
  label: string;
  source: string;
  files: string[];
  /** Divide each payload's time by its listing count (CSV: cost per row). */
  perListing?: boolean;
  /** Payloads made up here instead of read from files. */
  payloads?: string[];
}

const REPEATS = 5;
const GOAL_MS = 2;

function filesIn(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** 10,000 data rows made of the real rows of leads-clean.csv, for a per-row figure free of per-file costs. */
function bigCsv(): string {
  const [header, ...rows] = readFileSync('fixtures/csv/leads-clean.csv', 'utf8').trim().split('\n');
  const body = Array.from({ length: 10_000 }, (_, i) => rows[i % rows.length]);
  return [header, ...body].join('\n');
}

function groups(): Group[] {
  const cl = 'fixtures/craigslist';
  return [
    {
      label: 'craigslist posting (real 2022 corpus)',
      source: 'craigslist',
      files: filesIn(`${cl}/corpus/postings`, /\.html$/),
    },
    {
      label: 'craigslist non-listing page (corpus)',
      source: 'craigslist',
      files: filesIn(`${cl}/corpus/not_postings`, /\.html$/),
    },
    { label: 'craigslist search page', source: 'craigslist', files: filesIn(cl, /^search_results.*\.html$/) },
    {
      label: 'craigslist posting (other fixtures)',
      source: 'craigslist',
      files: filesIn(cl, /^posting_.*\.html$/),
    },
    { label: 'craigslist sapi JSON', source: 'craigslist', files: filesIn(cl, /\.json$/) },
    { label: 'zillow page (HTML)', source: 'zillow', files: filesIn('fixtures/zillow', /\.html$/) },
    { label: 'zillow JSON', source: 'zillow', files: filesIn('fixtures/zillow', /\.json$/) },
    { label: 'fsbo page (schema.org)', source: 'fsbo', files: filesIn('fixtures/fsbo', /\.html$/) },
    {
      label: 'facebook lead (Graph JSON)',
      source: 'facebook_leadads',
      files: filesIn('fixtures/facebook_leadads', /^graph_.*\.json$/),
    },
    {
      label: 'linkedin Connections.csv, per row',
      source: 'linkedin',
      files: filesIn('fixtures/linkedin', /\.csv$/),
      perListing: true,
    },
    {
      label: 'csv upload (fixtures), per row',
      source: 'csv',
      files: filesIn('fixtures/csv', /\.csv$/),
      perListing: true,
    },
    {
      label: 'csv upload (10,000 real rows), per row',
      source: 'csv',
      files: [],
      payloads: [bigCsv()],
      perListing: true,
    },
  ];
}

/** What a parse gave: listings (count), a skip, or an error (a parser that throws is a bug to report). */
function run(parse: (payload: string) => unknown, payload: string): { listings: number; kind: string } {
  try {
    const outcome = parse(payload) as { listings?: unknown[]; skipped?: string };
    if (outcome.listings) return { listings: outcome.listings.length, kind: 'listings' };
    return { listings: 0, kind: `skipped:${outcome.skipped}` };
  } catch (error) {
    return { listings: 0, kind: `threw:${(error as Error).name}` };
  }
}

/**
 * Parser cost per payload for every source, over every fixture available: each payload is parsed once to
 * warm up, then REPEATS times; its time is the median of those, and the table summarises across payloads.
 */
export async function parsersBench(): Promise<BenchTable> {
  const registry = defaultSourceRegistry();
  const rows: (string | number)[][] = [];
  for (const group of groups()) {
    const adapter = adapterFor(registry, group.source);
    const payloads = group.payloads ?? group.files.map((file) => readFileSync(file, 'utf8'));
    const times: number[] = [];
    const outcomes = new Map<string, number>();
    let listings = 0;
    for (const payload of payloads) {
      const result = run(adapter.parse, payload);
      outcomes.set(result.kind, (outcomes.get(result.kind) ?? 0) + 1);
      listings += result.listings;
      const samples: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const started = performance.now();
        run(adapter.parse, payload);
        samples.push(performance.now() - started);
      }
      const median = summarize(samples).p50;
      times.push(group.perListing ? median / Math.max(1, result.listings) : median);
    }
    const stats = summarize(times);
    const outcome = [...outcomes].map(([kind, count]) => `${count} ${kind}`).join(', ');
    rows.push([
      group.label,
      payloads.length,
      listings,
      outcome,
      ms(stats.mean),
      ms(stats.p50),
      ms(stats.p95),
      group.label.startsWith('craigslist posting (real')
        ? stats.p95 <= GOAL_MS
          ? 'p95 ≤ 2 ms: yes'
          : 'no'
        : '',
    ]);
  }
  return {
    title: `Parser cost per payload (median of ${REPEATS} runs each after a warm-up; CSV per row)`,
    columns: ['source / payload', 'payloads', 'listings', 'outcomes', 'mean ms', 'p50 ms', 'p95 ms', 'goal'],
    rows,
  };
}
