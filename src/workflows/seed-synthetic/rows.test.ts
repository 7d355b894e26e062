import { describe, expect, it } from 'vitest';
import { generateLead } from './generate.js';
import {
  CONTACT_COLUMNS,
  contactRow,
  copyLine,
  ewkbPoint,
  LEAD_COLUMNS,
  leadRow,
  textArray,
} from './rows.js';

describe('synthetic rows', () => {
  it.each([
    [['a', 1, null], 'a\t1\t\\N\n'],
    [['tab\there', 'line\nbreak'], 'tab\\there\tline\\nbreak\n'],
    [['back\\slash', 'cr\r'], 'back\\\\slash\tcr\\r\n'],
  ] as const)('writes COPY text lines %#', (cells, line) => {
    expect(copyLine(cells)).toBe(line);
  });

  it('writes text[] literals with quoting', () => {
    expect(textArray([])).toBe('{}');
    expect(textArray(['+12125550101', 'a"b'])).toBe('{"+12125550101","a\\"b"}');
  });

  it('encodes a point as hex EWKB with SRID 4326', () => {
    // ST_AsHEXEWKB(ST_SetSRID(ST_MakePoint(1, 2), 4326))
    expect(ewkbPoint(1, 2).toUpperCase()).toBe('0101000020E6100000000000000000F03F0000000000000040');
  });

  it('fills every column of a lead and its contact', () => {
    const lead = generateLead(1, 0, new Date('2026-01-01T00:00:00Z'));
    expect(leadRow(lead, 1)).toHaveLength(LEAD_COLUMNS.length);
    const contact = contactRow(lead);
    expect(contact).toHaveLength(CONTACT_COLUMNS.length);
    expect(contact[4] === null).toBe(lead.contact.phones.length === 0);
  });
});
