/**
 * Address parser accuracy on the usaddress labelled set (fixtures/addresses/training_labeled.xml):
 * `node --import tsx bench/address-accuracy.ts`. Prints Markdown tables: the parse-address library
 * baseline against our parser, whole-address and per component, on each half of a fixed split (rules
 * are tuned on half 0's errors only; half 1 is held out), on the labels the output contract can
 * express, parse speed, and what was left out and why.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  type AccuracyReport,
  type AddressComponents,
  COMPONENT_KEYS,
  type LabeledAddress,
  labelHalf,
  parseUsAddress,
  parseWithLibrary,
  percent,
  readLabeledAddresses,
  scoreParser,
  unexpressibleLabel,
} from '../src/modules/quality/address/index.js';
import { type BenchTable, renderTable } from './table.js';

const FIXTURE = new URL('../fixtures/addresses/training_labeled.xml', import.meta.url);

const PARSERS: Record<string, Parse> = {
  'parse-address (baseline)': parseWithLibrary,
  parseUsAddress: (text: string) => parseUsAddress(text).components,
};

function precisionRecall(report: AccuracyReport, key: (typeof COMPONENT_KEYS)[number]): string {
  const { tp, fp, fn, equal } = report.components[key];
  return `${percent(equal, report.total)} (P ${percent(tp, tp + fp)}, R ${percent(tp, tp + fn)})`;
}

type Parse = (text: string) => AddressComponents;

function fullyRight(parse: Parse, samples: readonly LabeledAddress[]): string {
  const report = scoreParser(parse, samples);
  return `${percent(report.fullyRight, report.total)} (${report.fullyRight}/${report.total})`;
}

/**
 * Parses per CPU-second over every labelled string, after a warm-up pass. CPU time rather than wall
 * time: the figure then does not fall when other processes share the cores.
 */
function parsesPerSecond(parse: Parse, texts: readonly string[]): string {
  for (const text of texts) parse(text);
  let parsed = 0;
  const started = process.cpuUsage();
  let used = 0;
  while (used < 500_000) {
    for (const text of texts) parse(text);
    parsed += texts.length;
    const cpu = process.cpuUsage(started);
    used = cpu.user + cpu.system;
  }
  return Math.round(parsed / (used / 1e6)).toLocaleString('en-US');
}

/** The accuracy tables: one for street addresses, one for PO boxes, one for what is left out. */
export function addressAccuracy(): BenchTable[] {
  const samples = readLabeledAddresses(readFileSync(FIXTURE, 'utf8'));
  const tables: BenchTable[] = [];
  for (const kind of ['street', 'po_box'] as const) {
    const subset = samples.filter((sample) => sample.kind === kind);
    const parsers = Object.values(PARSERS);
    const reports = parsers.map((parse) => scoreParser(parse, subset));
    const half = (which: 0 | 1) => subset.filter((sample) => labelHalf(sample.text) === which);
    const expressible = subset.filter((sample) => unexpressibleLabel(sample.expected) === null);
    const rows: (string | number)[][] = [
      [
        'fully right',
        ...reports.map((r) => `${percent(r.fullyRight, r.total)} (${r.fullyRight}/${r.total})`),
      ],
      ['fully right, tuning half', ...parsers.map((parse) => fullyRight(parse, half(0)))],
      ['fully right, held-out half', ...parsers.map((parse) => fullyRight(parse, half(1)))],
      [
        'fully right, labels the contract can express',
        ...parsers.map((parse) => fullyRight(parse, expressible)),
      ],
      ...COMPONENT_KEYS.map((key) => [key, ...reports.map((r) => precisionRecall(r, key))]),
    ];
    if (kind === 'street') {
      const texts = samples.map((sample) => sample.text);
      rows.push([
        'parses per CPU-second (all 1,513 strings)',
        ...parsers.map((parse) => parsesPerSecond(parse, texts)),
      ]);
    }
    tables.push({
      title: `Address parsing, ${kind === 'street' ? 'street addresses' : 'PO boxes'} (${subset.length} labelled; component: accuracy (precision, recall))`,
      columns: ['measure', ...Object.keys(PARSERS)],
      rows,
    });
  }
  tables.push(exclusions(samples));
  return tables;
}

function exclusions(samples: readonly LabeledAddress[]): BenchTable {
  const counts = new Map<string, number>();
  for (const sample of samples) {
    if (sample.kind === 'excluded')
      counts.set(sample.reason ?? '?', (counts.get(sample.reason ?? '?') ?? 0) + 1);
  }
  return {
    title: `Labelled addresses left out of scoring (${samples.length} in the file)`,
    columns: ['reason', 'addresses'],
    rows: [...counts.entries()].sort((a, b) => b[1] - a[1]),
  };
}

/** The bench runner's entry point: `bench/run.ts` takes one table per benchmark. */
export async function addressAccuracyBench(): Promise<BenchTable> {
  const [street] = addressAccuracy();
  return street as BenchTable;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const table of addressAccuracy()) console.log(renderTable(table));
}
