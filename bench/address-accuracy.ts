/**
 * Address parser accuracy on the usaddress labelled set (fixtures/addresses/training_labeled.xml):
 * `node --import tsx bench/address-accuracy.ts`. Prints Markdown tables: the parse-address library
 * baseline against our parser, whole-address and per component, and what was left out and why.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  type AccuracyReport,
  COMPONENT_KEYS,
  type LabeledAddress,
  parseUsAddress,
  parseWithLibrary,
  percent,
  readLabeledAddresses,
  scoreParser,
} from '../src/modules/quality/address/index.js';
import { type BenchTable, renderTable } from './table.js';

const FIXTURE = new URL('../fixtures/addresses/training_labeled.xml', import.meta.url);

const PARSERS = {
  'parse-address (baseline)': parseWithLibrary,
  parseUsAddress: (text: string) => parseUsAddress(text).components,
};

function precisionRecall(report: AccuracyReport, key: (typeof COMPONENT_KEYS)[number]): string {
  const { tp, fp, fn, equal } = report.components[key];
  return `${percent(equal, report.total)} (P ${percent(tp, tp + fp)}, R ${percent(tp, tp + fn)})`;
}

/** The accuracy tables: one for street addresses, one for PO boxes, one for what is left out. */
export function addressAccuracy(): BenchTable[] {
  const samples = readLabeledAddresses(readFileSync(FIXTURE, 'utf8'));
  const tables: BenchTable[] = [];
  for (const kind of ['street', 'po_box'] as const) {
    const subset = samples.filter((sample) => sample.kind === kind);
    const reports = Object.values(PARSERS).map((parse) => scoreParser(parse, subset));
    tables.push({
      title: `Address parsing, ${kind === 'street' ? 'street addresses' : 'PO boxes'} (${subset.length} labelled; component: accuracy (precision, recall))`,
      columns: ['measure', ...Object.keys(PARSERS)],
      rows: [
        [
          'fully right',
          ...reports.map((r) => `${percent(r.fullyRight, r.total)} (${r.fullyRight}/${r.total})`),
        ],
        ...COMPONENT_KEYS.map((key) => [key, ...reports.map((r) => precisionRecall(r, key))]),
      ],
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
