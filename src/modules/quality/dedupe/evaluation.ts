// Pairwise precision and recall of a clustering (record → lead) against labelled duplicate pairs: the
// measure the de-duplication bench reports.

export interface PairLabel {
  a: string;
  b: string;
  label: 'duplicate' | 'distinct';
}

export interface PairScores {
  /** Labelled duplicate pairs. */
  positives: number;
  truePositives: number;
  /** Record pairs put in one lead that no label calls duplicates. */
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  missed: [string, string][];
  wronglyMerged: [string, string][];
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Scores a record → cluster assignment: every pair of records in one cluster is a predicted duplicate. */
export function scoreClusters(
  assignment: ReadonlyMap<string, string>,
  allLabels: readonly PairLabel[],
): PairScores {
  // A label naming a record that was not assigned (e.g. a page that did not parse) cannot be scored.
  const labels = allLabels.filter((l) => assignment.has(l.a) && assignment.has(l.b));
  const positive = new Set(labels.filter((l) => l.label === 'duplicate').map((l) => pairKey(l.a, l.b)));
  const members = new Map<string, string[]>();
  for (const [record, cluster] of assignment) members.set(cluster, [...(members.get(cluster) ?? []), record]);
  let truePositives = 0;
  const wronglyMerged: [string, string][] = [];
  for (const group of members.values())
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i]!, group[j]!].sort() as [string, string];
        if (positive.has(pairKey(a, b))) truePositives += 1;
        else wronglyMerged.push([a, b]);
      }
  const missed = labels
    .filter((l) => l.label === 'duplicate' && assignment.get(l.a) !== assignment.get(l.b))
    .map((l): [string, string] => [l.a, l.b]);
  const predicted = truePositives + wronglyMerged.length;
  const precision = predicted === 0 ? 1 : truePositives / predicted;
  const recall = positive.size === 0 ? 1 : truePositives / positive.size;
  return {
    positives: positive.size,
    truePositives,
    falsePositives: wronglyMerged.length,
    falseNegatives: missed.length,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    missed,
    wronglyMerged,
  };
}
