import { describe, expect, it } from 'vitest';
import { e164ToPhone10, isDncList, parseDncFile, toPhone10 } from './dnc-file.js';

describe('toPhone10', () => {
  it.each([
    ['5055550142', '5055550142'],
    [' 5055550142 ', '5055550142'],
    ['(505) 555-0142', '5055550142'],
    ['505.555.0142', '5055550142'],
    ['+15055550142', '5055550142'],
    ['15055550142', '5055550142'],
    ['505555014', null], // nine digits
    ['50555501420', null], // eleven digits not starting with 1
    ['1055550142', null], // area code starts with 1
    ['5051550142', null], // exchange starts with 1
    ['505555014x', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(toPhone10(raw)).toBe(expected);
  });
});

describe('e164ToPhone10', () => {
  it.each([
    ['+15055550142', '5055550142'],
    ['+442071838750', null], // UK: the registry can't say anything about it
    ['5055550142', null], // not E.164
    ['+1505555014', null],
  ])('%j → %j', (phone, expected) => {
    expect(e164ToPhone10(phone)).toBe(expected);
  });
});

describe('parseDncFile', () => {
  it('counts read, rejected and unique numbers; CRLF, CR, blank lines and a BOM are fine', () => {
    const parsed = parseDncFile('\uFEFF5055550142\r\n\r\n2125550100\rbad line\n5055550142\n   \n');
    expect(parsed).toEqual({
      phones: ['5055550142', '2125550100'],
      rowsRead: 4,
      rowsRejected: 1,
      rejected: [{ line: 4, text: 'bad line' }],
      areaCodes: ['212', '505'],
    });
  });

  it('keeps only the first 20 rejected lines as samples but counts them all', () => {
    const parsed = parseDncFile(Array.from({ length: 25 }, (_, i) => `junk${i}`).join('\n'));
    expect(parsed.rowsRejected).toBe(25);
    expect(parsed.rejected).toHaveLength(20);
    expect(parsed.phones).toEqual([]);
  });

  it('reads an empty file as nothing', () => {
    expect(parseDncFile('')).toMatchObject({ rowsRead: 0, rowsRejected: 0, phones: [] });
  });
});

describe('isDncList', () => {
  it('knows the two lists', () => {
    expect(isDncList('national')).toBe(true);
    expect(isDncList('internal')).toBe(true);
    expect(isDncList('state')).toBe(false);
  });
});
