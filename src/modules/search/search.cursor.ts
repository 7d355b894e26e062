import { SearchValidationError } from './search.errors.js';
import type { SearchSort } from './search.schemas.js';

// Keyset cursors: the last row's sort key and id, the sort they belong to, whether the page came from the
// fuzzy retry, the first page's total (so later pages need no count) and, for relevance over more matches
// than the ranking window, the window's edge (so every page ranks the same window). base64url JSON; every
// field is checked on the way back in, so a tampered cursor is a 400, never a SQL error.

export interface Cursor {
  sort: SearchSort;
  /** The last row's sort key: rank, distance in metres, price, score, or epoch microseconds. */
  key: number;
  id: string;
  fuzzy: boolean;
  total: { value: number; exact: boolean };
  /** Relevance only: the window's last lead (posted as epoch µs, or distance in m; id) when it was full. */
  window?: { key: number; id: string } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SORT_CODES = ['relevance', 'distance', 'newest', 'price_asc', 'price_desc', 'quality'] as const;

/** The opaque string handed to clients as next_cursor. */
export function encodeCursor(cursor: Cursor): string {
  const body = [
    cursor.sort,
    cursor.key,
    cursor.id,
    cursor.fuzzy ? 1 : 0,
    cursor.total.value,
    cursor.total.exact ? 1 : 0,
    ...(cursor.window ? [cursor.window.key, cursor.window.id] : []),
  ];
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function invalid(): SearchValidationError {
  return new SearchValidationError('cursor', 'is not a cursor this search returned');
}

/** Reads a cursor back; 400 (field `cursor`) when it is malformed or belongs to another sort. */
export function decodeCursor(text: string, sort: SearchSort): Cursor {
  let body: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw invalid();
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(body) || (body.length !== 6 && body.length !== 8)) throw invalid();
  const [sortCode, key, id, fuzzy, totalValue, totalExact, windowKey, windowId] = body as unknown[];
  if (!SORT_CODES.includes(sortCode as SearchSort) || sortCode !== sort) {
    throw new SearchValidationError('cursor', `belongs to another sort than ${sort}`);
  }
  if (typeof key !== 'number' || !Number.isFinite(key) || typeof id !== 'string' || !UUID.test(id))
    throw invalid();
  if ((fuzzy !== 0 && fuzzy !== 1) || (totalExact !== 0 && totalExact !== 1)) throw invalid();
  if (!Number.isSafeInteger(totalValue) || (totalValue as number) < 0) throw invalid();
  let window: Cursor['window'] = null;
  if (body.length === 8) {
    if (sort !== 'relevance' || typeof windowKey !== 'number' || !Number.isFinite(windowKey)) throw invalid();
    if (typeof windowId !== 'string' || !UUID.test(windowId)) throw invalid();
    window = { key: windowKey as number, id: windowId };
  }
  return {
    sort,
    key,
    id,
    fuzzy: fuzzy === 1,
    total: { value: totalValue as number, exact: totalExact === 1 },
    window,
  };
}
