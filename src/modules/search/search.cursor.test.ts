import { describe, expect, it } from 'vitest';
import { type Cursor, decodeCursor, encodeCursor } from './search.cursor.js';

const cursor: Cursor = {
  sort: 'price_asc',
  key: 123456.78,
  id: '0195f0b2-7c1e-7d6a-9c1b-2f3e4d5c6b7a',
  fuzzy: true,
  total: { value: 42, exact: false },
  window: null,
};
const raw = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');

describe('cursors', () => {
  it('round-trip', () => {
    expect(decodeCursor(encodeCursor(cursor), 'price_asc')).toEqual(cursor);
    const micros = { ...cursor, sort: 'newest' as const, key: 1_781_524_800_123_456 };
    expect(decodeCursor(encodeCursor(micros), 'newest')).toEqual(micros);
    const windowed = {
      ...cursor,
      sort: 'relevance' as const,
      key: 0.25,
      window: { key: 1_781_524_800_123_456, id: cursor.id },
    };
    expect(decodeCursor(encodeCursor(windowed), 'relevance')).toEqual(windowed);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{').toString('base64url')],
    ['an object', raw({ sort: 'price_asc' })],
    ['a short array', raw(['price_asc', 1, cursor.id])],
    ['a key that is text', raw(['price_asc', '1', cursor.id, 0, 1, 1])],
    ['a null key', raw(['price_asc', null, cursor.id, 0, 1, 1])],
    ['an id that is not a uuid', raw(['price_asc', 1, "1' OR 1=1", 0, 1, 1])],
    ['a fuzzy flag of 2', raw(['price_asc', 1, cursor.id, 2, 1, 1])],
    ['a negative total', raw(['price_asc', 1, cursor.id, 0, -1, 1])],
    ['another sort', encodeCursor({ ...cursor, sort: 'newest' })],
    ['a window on a sort without one', raw(['price_asc', 1, cursor.id, 0, 1, 1, 5, cursor.id])],
  ])('refuse %s with field cursor', (_name, text) => {
    expect(() => decodeCursor(text, 'price_asc')).toThrow(
      expect.objectContaining({ field: 'cursor', status: 400 }),
    );
  });
});
