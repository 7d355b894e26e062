import type { Box } from './geo.js';
import { cityName, queryArea } from './query-rules.js';
import type { SavedQuery } from './saved-searches.schemas.js';

// Interest keys: the index that lets a new lead find the saved searches it may match without running
// every search. A search listens on a few keys (its area's grid cells, or its ZIP, city, state, or
// "anywhere"); a lead has at most nine keys. Keys only narrow the candidates: every candidate is then
// checked exactly, so a key may be broader than its search but never narrower.

/** Cell sizes in degrees, finest first: 0.1° ≈ 11 km, 0.5°, 2.5°, 12.5° (a few cover the lower 48). */
export const GRID_LEVELS = [0.1, 0.5, 2.5, 12.5] as const;
/** A search's area is covered at the finest level needing at most this many cells. */
export const MAX_CELLS_PER_SEARCH = 16;
export const ANYWHERE = '*';

const cellOf = (size: number, value: number, offset: number) => Math.floor((value + offset) / size);

/** The key of the cell holding a point at one grid level. */
export function cellKey(level: number, lng: number, lat: number): string {
  const size = GRID_LEVELS[level]!;
  return `g${level}:${cellOf(size, lng, 180)}:${cellOf(size, lat, 90)}`;
}

/** The cells covering a box at the finest level that needs at most MAX_CELLS_PER_SEARCH; null if none does. */
export function boxCells(box: Box): string[] | null {
  for (const [level, size] of GRID_LEVELS.entries()) {
    const [x0, y0] = [cellOf(size, box[0], 180), cellOf(size, box[1], 90)];
    const [x1, y1] = [cellOf(size, box[2], 180), cellOf(size, box[3], 90)];
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS_PER_SEARCH) continue;
    const keys: string[] = [];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.push(`g${level}:${x}:${y}`);
    return keys;
  }
  return null;
}

/**
 * Where a saved search listens, most selective first: its ZIP, else its area's cells, else its city,
 * state, or anywhere. An area nothing can fall in (disjoint filters) still listens on its first filter's
 * cells: such a search simply never matches.
 */
export function searchInterestKeys(query: SavedQuery): string[] {
  if (query.zip !== undefined) return [`z:${query.zip}`];
  const area = queryArea(query);
  if (area !== undefined) {
    const cells = boxCells(area ?? [0, 0, 0, 0]);
    if (cells) return cells;
  }
  if (query.city !== undefined) return [`c:${query.state ?? '*'}:${cityName(query.city)}`];
  if (query.state !== undefined) return [`s:${query.state}`];
  return [ANYWHERE];
}

/** Where a lead is, as the keys searches listen on. */
export function leadInterestKeys(lead: {
  latitude: number | null;
  longitude: number | null;
  zip: string | null;
  city: string | null;
  state: string | null;
}): string[] {
  const keys = [ANYWHERE];
  if (lead.latitude !== null && lead.longitude !== null)
    for (const level of GRID_LEVELS.keys()) keys.push(cellKey(level, lead.longitude, lead.latitude));
  if (lead.zip) keys.push(`z:${lead.zip}`);
  if (lead.city) {
    keys.push(`c:*:${cityName(lead.city)}`);
    if (lead.state) keys.push(`c:${lead.state}:${cityName(lead.city)}`);
  }
  if (lead.state) keys.push(`s:${lead.state}`);
  return keys;
}
