// Near-duplicate text: word shingles, their Jaccard similarity, and a MinHash signature cut into LSH bands
// so that similar descriptions share a blocking key without comparing every pair.

/** Words of a text, lower case, letters and digits only (punctuation and emoji vary between reposts). */
export function words(text: string | null): string[] {
  if (!text) return [];
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The set of k-word shingles of a text; a text shorter than k words is one shingle. */
export function shingles(text: string | null, k = 3): Set<string> {
  const list = words(text);
  const out = new Set<string>();
  if (list.length === 0) return out;
  if (list.length < k) {
    out.add(list.join(' '));
    return out;
  }
  for (let i = 0; i + k <= list.length; i++) out.add(list.slice(i, i + k).join(' '));
  return out;
}

/** Jaccard similarity of two sets: |A ∩ B| / |A ∪ B|; 0 when both are empty. */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  // Reposts share one cached shingle set (match-record.ts): the same set is its own exact match.
  if (a === b) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const item of small) if (large.has(item)) common += 1;
  return common / (a.size + b.size - common);
}

/** FNV-1a, 32 bits: a stable string hash (keys must be the same in every process and release). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Murmur3's finaliser: turns (value, seed) into a well-mixed 32-bit hash, one per MinHash function. */
function mix(value: number, seed: number): number {
  let h = (value ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** LSH layout: 20 bands of 3 rows put pairs with Jaccard ≥ 0.5 in a shared band 93% of the time, ≥ 0.7 ~100%. */
export const LSH_BANDS = 20;
export const LSH_ROWS = 3;

/** MinHash signature of a shingle set (LSH_BANDS × LSH_ROWS values); empty for an empty set. */
export function minHash(set: ReadonlySet<string>): number[] {
  if (set.size === 0) return [];
  const base = [...set].map(fnv1a);
  const signature: number[] = [];
  for (let fn = 0; fn < LSH_BANDS * LSH_ROWS; fn++) {
    let min = 0xffffffff;
    for (const value of base) {
      const h = mix(value, fn + 1);
      if (h < min) min = h;
    }
    signature.push(min);
  }
  return signature;
}

/** One key per LSH band (`<band>:<hex>`): texts that agree on all rows of any band share that key. */
export function lshBandKeys(signature: readonly number[]): string[] {
  if (signature.length === 0) return [];
  const keys: string[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    const rows = signature.slice(band * LSH_ROWS, (band + 1) * LSH_ROWS).join(',');
    keys.push(`${band}:${fnv1a(rows).toString(16).padStart(8, '0')}`);
  }
  return keys;
}
