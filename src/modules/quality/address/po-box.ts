import { unitTypeCode } from './normalize.js';
import type { Token } from './tokens.js';
import type { AddressComponents } from './types.js';

/** Words that say "box", alone or after the lead words below (`P.O. Box`, `POB`, `Lockbox`, `LB`, `Bx`). */
const BOX_WORDS: ReadonlySet<string> = new Set(['BOX', 'BX', 'POB', 'LOCKBOX', 'LB']);
/** What may come before the box word: `PO`, `P O`, `Post Office`, `Route` (rural `Route Box`), `Lock`. */
const BOX_LEADS = /^(?:|P|P O|PO|POST OFFICE|ROUTE|LOCK)$/;

/** Whether the token at `index` ends a box keyword; returns where the keyword starts, or null. */
function boxStart(tokens: readonly Token[], index: number): number | null {
  const word = tokens[index]?.word ?? '';
  // `Post Office 20387`: the box word is sometimes left out.
  if (word === 'OFFICE' && tokens[index - 1]?.word === 'POST') return index - 1;
  // `Main, PO 123`: `PO` straight before a number.
  if (word === 'PO' && /^\d+$/.test(tokens[index + 1]?.word ?? '')) return index;
  if (!BOX_WORDS.has(word)) return null;
  if (word !== 'BOX' && word !== 'BX') return index;
  for (let lead = Math.min(2, index); lead >= 0; lead -= 1) {
    const words = tokens.slice(index - lead, index).map((token) => token.word);
    if (BOX_LEADS.test(words.join(' ')) && !tokens[index - lead - 1]?.word.match(/^(?:P|PO|POST)$/)) {
      return index - lead;
    }
  }
  return null;
}

/**
 * Rural route, highway contract and military box words (Publication 28, sections 24, 25 and 225) →
 * `RR`, `HC`, `CMR` or `PSC`.
 */
const BOX_GROUPS: Readonly<Record<string, BoxGroup>> = {
  CMR: 'CMR',
  PSC: 'PSC',
  RR: 'RR',
  'R R': 'RR',
  'RURAL ROUTE': 'RR',
  'RURAL RTE': 'RR',
  ROUTE: 'RR',
  RTE: 'RR',
  RT: 'RR',
  HC: 'HC',
  'H C': 'HC',
  'HIGHWAY CONTRACT': 'HC',
  'HC ROUTE': 'HC',
  'HC RTE': 'HC',
  'STAR ROUTE': 'HC',
  'STAR RTE': 'HC',
};

type BoxGroup = 'RR' | 'HC' | 'CMR' | 'PSC';

/** `RR 2 Box 45`, `HC 68 Box 23A`, `CMR 411 Box 3568`: the group written just before the box word, or null. */
function routeBefore(
  tokens: readonly Token[],
  start: number,
): { type: BoxGroup; id: string; start: number } | null {
  const id = tokens[start - 1];
  if (!id || !/^\d+[A-Z]?$/.test(id.word)) return null;
  // The two-word names first, so `HC Route 68` is a highway contract, not a rural route.
  for (const size of [2, 1]) {
    const from = start - 1 - size;
    if (from < 0) continue;
    const words = tokens.slice(from, start - 1);
    if (words.slice(0, -1).some((token) => token.comma)) continue;
    const type = BOX_GROUPS[words.map((token) => token.word).join(' ')];
    if (type) return { type, id: id.word, start: from };
  }
  return null;
}

/**
 * A unit designator before the box (`Dept 0669 PO Box 1`, `… Freeway, Ste 5010 Lockbox 848104`,
 * `Ref No 243 PO Box 41602`): the last one written before the box, with the identifier after it when
 * there is one.
 */
function readUnitBefore(tokens: readonly Token[], start: number, parts: AddressComponents): void {
  for (let index = start - 1; index >= 0; index -= 1) {
    const pair = index + 1 < start ? unitTypeCode(`${tokens[index]?.word} ${tokens[index + 1]?.word}`) : null;
    const code = pair ?? unitTypeCode(tokens[index]?.word ?? '');
    if (code === null || (code === '#' && index > 0)) continue;
    const after = index + (pair === null ? 1 : 2);
    const unitAt = tokens[after]?.word === '#' ? after + 1 : after;
    parts.unit_type = code;
    parts.unit = unitAt < start ? (tokens[unitAt]?.word ?? null) : null;
    return;
  }
}

/**
 * Reads a PO box anywhere on the line (`PO Box 123`, `P.O.Box 460`, `Box # 63`, `dept 0669 PO Box 1`).
 * USPS delivers to the box, so it becomes the street line (`PO BOX 123`) and any street before it is
 * dropped; a unit designator before it is kept. Returns the index after the box number, or null.
 */
export function readPoBox(tokens: readonly Token[], parts: AddressComponents): number | null {
  const boxes: { start: number; index: number; at: number }[] = [];
  for (let index = 0; index < tokens.length - 1; index += 1) {
    const start = boxStart(tokens, index);
    if (start === null) continue;
    let at = index + 1;
    // `Box # 63`, `Lockbox No 774193`: "number" before the box number.
    if (tokens[at]?.word === '#' || (tokens[at]?.word === 'NO' && /\d/.test(tokens[at + 1]?.word ?? '')))
      at += 1;
    const id = tokens[at];
    if (id && /\d|^[A-Z]$/.test(id.word)) boxes.push({ start, index, at });
  }
  // `Lockbox 9351 PO Box 8500`, `Box # 2806 PO Box 8500`: of two boxes the post office's (`PO`, `POB`,
  // `Post Office`) is the delivery line and the other a unit.
  const box = boxes.find((one) => one.start < one.index || tokens[one.index]?.word === 'POB') ?? boxes[0];
  if (box === undefined) return null;
  const { start, at } = box;
  const id = tokens[at] as Token;
  const route = routeBefore(tokens, start);
  parts.street = route === null ? `PO BOX ${id.word}` : `${route.type} ${route.id} BOX ${id.word}`;
  readUnitBefore(tokens, route?.start ?? start, parts);
  return at + 1;
}
