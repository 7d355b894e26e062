import { unitTypeCode } from './normalize.js';
import type { Token } from './tokens.js';
import type { AddressComponents } from './types.js';

/** Words that say "box", alone or after the lead words below (`P.O. Box`, `POB`, `Lockbox`, `Bx`). */
const BOX_WORDS: ReadonlySet<string> = new Set(['BOX', 'BX', 'POB', 'LOCKBOX']);
/** What may come before the box word: `PO`, `P O`, `Post Office`, `Route` (rural `Route Box`), `Lock`. */
const BOX_LEADS = /^(?:|P|P O|PO|POST OFFICE|ROUTE|LOCK)$/;

/** Whether the token at `index` ends a box keyword; returns where the keyword starts, or null. */
function boxStart(tokens: readonly Token[], index: number): number | null {
  const word = tokens[index]?.word ?? '';
  // `Post Office 20387`: the box word is sometimes left out.
  if (word === 'OFFICE' && tokens[index - 1]?.word === 'POST') return index - 1;
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
 * Reads a PO box anywhere on the line (`PO Box 123`, `P.O.Box 460`, `Box # 63`, `dept 0669 PO Box 1`).
 * USPS delivers to the box, so it becomes the street line (`PO BOX 123`) and any street before it is
 * dropped; a unit designator before it is kept. Returns the index after the box number, or null.
 */
export function readPoBox(tokens: readonly Token[], parts: AddressComponents): number | null {
  for (let index = 0; index < tokens.length - 1; index += 1) {
    const start = boxStart(tokens, index);
    if (start === null) continue;
    let at = index + 1;
    if (tokens[at]?.word === '#') at += 1;
    const id = tokens[at];
    if (!id || !/\d|^[A-Z]$/.test(id.word)) continue;
    parts.street = `PO BOX ${id.word}`;
    const lead = tokens[0];
    const code = lead && start > 0 ? unitTypeCode(lead.word) : null;
    if (code !== null) {
      const unitAt = tokens[1]?.word === '#' ? 2 : 1;
      parts.unit_type = code;
      parts.unit = unitAt < start ? (tokens[unitAt]?.word ?? null) : null;
    }
    return at + 1;
  }
  return null;
}
