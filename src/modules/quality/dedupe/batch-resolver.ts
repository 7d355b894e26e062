// Resolving duplicates for a batch of new records in arrival order: each record is matched against the
// stored leads (looked up once for the whole batch) and against the records before it in the batch,
// so a repost arriving in the same batch as its original still joins it.
import type { Queryable } from '../../../platform/db/index.js';
import { compareRecords } from './compare.js';
import { type DuplicateMatch, findStoredDuplicates, type StoredKeys } from './dedupe.repository.js';
import { lookupKeysFor, matchKeysFor } from './match-keys.js';
import { type MatchInput, type MatchRecord, prepareRecord } from './match-record.js';

/** Where a new record belongs: a stored lead, the lead an earlier record of the batch makes, or a new lead. */
export type Resolution =
  | { kind: 'stored'; match: DuplicateMatch }
  | { kind: 'batch'; index: number; match: Omit<DuplicateMatch, 'leadId'> }
  | { kind: 'new' };

/** The matcher's view of each record, computed once (callers reuse it to record the keys). */
export interface BatchResolution {
  records: MatchRecord[];
  resolutions: Resolution[];
  /** The leads already holding each looked-up key, so those keys need not be written again. */
  storedKeys: StoredKeys;
}

type Target = { kind: 'stored'; leadId: string } | { kind: 'batch'; index: number };

/** Resolves a batch of new records (none held by a lead yet), in order. */
export async function resolveBatchDuplicates(
  tx: Queryable,
  inputs: readonly MatchInput[],
): Promise<BatchResolution> {
  const records = inputs.map(prepareRecord);
  const { matches: stored, storedKeys } = await findStoredDuplicates(tx, records);
  const earlier = new Map<string, number[]>();
  const targets: Target[] = [];
  const resolutions: Resolution[] = [];
  records.forEach((record, index) => {
    let best: { score: number; target: Target; match: Omit<DuplicateMatch, 'leadId'> } | null = null;
    const fromStore = stored[index];
    if (fromStore)
      best = {
        score: fromStore.score,
        target: { kind: 'stored', leadId: fromStore.leadId },
        match: fromStore,
      };
    const seen = new Set<number>();
    for (const key of lookupKeysFor(record)) {
      for (const other of earlier.get(key.id) ?? []) {
        if (seen.has(other)) continue;
        seen.add(other);
        const result = compareRecords(record, records[other]!);
        if (result.decision !== 'match' || (best && result.score <= best.score)) continue;
        best = {
          score: result.score,
          target: targets[other]!,
          match: { score: result.score, decision: 'match', reasons: result.reasons },
        };
      }
    }
    const target: Target = best?.target ?? { kind: 'batch', index };
    targets.push(target);
    if (!best) resolutions.push({ kind: 'new' });
    else if (target.kind === 'stored')
      resolutions.push({ kind: 'stored', match: { ...best.match, leadId: target.leadId } as DuplicateMatch });
    else resolutions.push({ kind: 'batch', index: target.index, match: best.match });
    for (const key of matchKeysFor(record)) {
      const holders = earlier.get(key.id);
      if (holders) holders.push(index);
      else earlier.set(key.id, [index]);
    }
  });
  return { records, resolutions, storedKeys };
}
