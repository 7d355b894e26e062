/**
 * Address parser accuracy on the usaddress labelled set (fixtures/addresses/training_labeled.xml):
 * `node --import tsx bench/address-accuracy.ts`. Prints Markdown tables: the parse-address library
 * baseline, the rules alone, the rules + token tagger hybrid scored out of sample (5-fold
 * cross-validation; and trained on half 0 only, scored on half 1), and the shipped parseUsAddress,
 * whose tagger trained on every labelled address (so its figure is in-sample, an upper bound, not an
 * accuracy estimate). Whole-address and per component, on each half of a fixed split (rules are
 * tuned on half 0's errors only; half 1 is held out), on the labels the output contract can express,
 * parse speed, and what was left out and why. Every figure is given against the file's labels as they
 * are (raw) and with the documented label corrections (`LABEL_CORRECTIONS`); the tagger trains on the
 * corrected labels.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  type AccuracyReport,
  type AddressComponents,
  answersOf,
  applyLabelCorrections,
  COMPONENT_KEYS,
  crossValidate,
  heldOutHalf,
  LABEL_CORRECTIONS,
  type LabeledAddress,
  labelHalf,
  parseUsAddress,
  parseWithLibrary,
  parseWithRules,
  percent,
  readLabeledAddresses,
  scoreParser,
  unexpressibleLabel,
} from '../src/modules/quality/address/index.js';
import { type BenchTable, renderTable } from './table.js';

const FIXTURE = new URL('../fixtures/addresses/training_labeled.xml', import.meta.url);

const FOLDS = 5;
const CROSS_VALIDATED = `hybrid, ${FOLDS}-fold cross-validated`;
const IN_SAMPLE = 'parseUsAddress as shipped (IN-SAMPLE)';

/** The parsers compared; the cross-validated hybrid answers only addresses it was scored on. */
function parsers(crossValidated: Parse): Record<string, Parse> {
  return {
    'parse-address (baseline)': parseWithLibrary,
    'rules alone': (text: string) => parseWithRules(text).components,
    [CROSS_VALIDATED]: crossValidated,
    [IN_SAMPLE]: (text: string) => parseUsAddress(text).components,
  };
}

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

/**
 * The accuracy tables: rules against the hybrid on addresses the tagger never trained on (the figure
 * to quote), then one table each for street addresses and PO boxes, and what is left out.
 */
export function addressAccuracy(): BenchTable[] {
  const raw = readLabeledAddresses(readFileSync(FIXTURE, 'utf8'));
  const samples = applyLabelCorrections(raw);
  const crossValidated = answersOf(crossValidate(samples, FOLDS));
  const halfTrained = answersOf(heldOutHalf(samples));
  const rules = (text: string) => parseWithRules(text).components;
  const all = parsers(crossValidated);
  const texts = samples.map((sample) => sample.text);
  const speeds = new Map(
    Object.entries(all).map(([name, parse]) => [
      name,
      name === CROSS_VALIDATED ? '(same code as shipped)' : parsesPerSecond(parse, texts),
    ]),
  );
  const tables: BenchTable[] = [
    heldOut(raw, samples, crossValidated, halfTrained, rules, [
      'parses per CPU-second (all 1,513 strings; upper bound, shared machine)',
      speeds.get('rules alone') ?? '',
      `${speeds.get(IN_SAMPLE)} (shipped parseUsAddress)`,
    ]),
  ];
  for (const kind of ['street', 'po_box'] as const) {
    const subset = samples.filter((sample) => sample.kind === kind);
    const rawSubset = raw.filter((sample) => sample.kind === kind);
    const list = Object.values(all);
    const reports = list.map((parse) => scoreParser(parse, subset));
    const half = (which: 0 | 1) => subset.filter((sample) => labelHalf(sample.text) === which);
    const expressible = subset.filter((sample) => unexpressibleLabel(sample.expected) === null);
    const rows: (string | number)[][] = [
      ['fully right, raw labels', ...list.map((parse) => fullyRight(parse, rawSubset))],
      [
        'fully right, corrected labels',
        ...reports.map((r) => `${percent(r.fullyRight, r.total)} (${r.fullyRight}/${r.total})`),
      ],
      ['fully right, tuning half (corrected)', ...list.map((parse) => fullyRight(parse, half(0)))],
      ['fully right, held-out half (corrected)', ...list.map((parse) => fullyRight(parse, half(1)))],
      [
        'fully right, corrected labels the contract can express',
        ...list.map((parse) => fullyRight(parse, expressible)),
      ],
      ...COMPONENT_KEYS.map((key) => [key, ...reports.map((r) => precisionRecall(r, key))]),
    ];
    if (kind === 'street') {
      rows.push([
        'parses per CPU-second (all 1,513 strings)',
        ...Object.keys(all).map((name) => speeds.get(name) ?? ''),
      ]);
    }
    tables.push({
      title: `Address parsing, ${kind === 'street' ? 'street addresses' : 'PO boxes'} (${subset.length} labelled; component: accuracy (precision, recall) on corrected labels; the last column is in-sample)`,
      columns: ['measure', ...Object.keys(all)],
      rows,
    });
  }
  tables.push(exclusions(samples));
  return tables;
}

/**
 * Rules against the hybrid, the hybrid scored only on addresses its tagger did not train on; each
 * figure against the raw labels and against the corrected ones.
 */
function heldOut(
  raw: readonly LabeledAddress[],
  samples: readonly LabeledAddress[],
  crossValidated: Parse,
  halfTrained: Parse,
  rules: Parse,
  speed: string[],
): BenchTable {
  const street = (set: readonly LabeledAddress[]) => set.filter((sample) => sample.kind === 'street');
  const boxes = (set: readonly LabeledAddress[]) => set.filter((sample) => sample.kind === 'po_box');
  const expressible = (set: readonly LabeledAddress[]) =>
    street(set).filter((sample) => unexpressibleLabel(sample.expected) === null);
  const half = (subset: readonly LabeledAddress[]) => subset.filter((s) => labelHalf(s.text) === 1);
  const row = (
    label: string,
    subset: (set: readonly LabeledAddress[]) => LabeledAddress[],
    hybrid: Parse,
  ) => [
    label,
    fullyRight(rules, subset(raw)),
    fullyRight(rules, subset(samples)),
    fullyRight(hybrid, subset(raw)),
    fullyRight(hybrid, subset(samples)),
  ];
  const fixes = LABEL_CORRECTIONS.length;
  return {
    title: `Address parsing out of sample: rules alone vs rules + token tagger (fully right; raw labels, and with the ${fixes} documented label corrections)`,
    columns: [
      'measure',
      'rules, raw labels',
      'rules, corrected',
      'hybrid, raw labels',
      'hybrid, corrected (tagger never saw these addresses)',
    ],
    rows: [
      row(`street, all, ${FOLDS}-fold cross-validated`, street, crossValidated),
      row(
        `street, labels the contract can express, ${FOLDS}-fold cross-validated`,
        expressible,
        crossValidated,
      ),
      row(`PO boxes, ${FOLDS}-fold cross-validated`, boxes, crossValidated),
      row('street, held-out half (tagger trained on half 0 only)', (set) => half(street(set)), halfTrained),
      row(
        'street, expressible, held-out half (trained on half 0 only)',
        (set) => half(expressible(set)),
        halfTrained,
      ),
      row('PO boxes, held-out half (trained on half 0 only)', (set) => half(boxes(set)), halfTrained),
      [speed[0] ?? '', speed[1] ?? '', '', speed[2] ?? '', ''],
    ],
  };
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

/** The bench runner's entry point: `bench/run.ts` takes one table per benchmark (the out-of-sample one). */
export async function addressAccuracyBench(): Promise<BenchTable> {
  const [outOfSample] = addressAccuracy();
  return outOfSample as BenchTable;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const table of addressAccuracy()) console.log(renderTable(table));
}
