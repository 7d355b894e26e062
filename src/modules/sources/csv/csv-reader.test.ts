import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, readCsv } from './csv-reader.js';

describe('readCsv', () => {
  it.each([
    ['LF', 'a,b\n1,2\n3,4\n', [1, 2, 3]],
    ['CRLF', 'a,b\r\n1,2\r\n3,4\r\n', [1, 2, 3]],
    ['lone CR', 'a,b\r1,2\r3,4', [1, 2, 3]],
    ['mixed line ends', 'a,b\r\n1,2\n3,4\r5,6', [1, 2, 3, 4]],
    ['blank lines skipped but counted', 'a,b\n\n1,2\n   \n\n3,4\n\n\n', [1, 3, 6]],
    ['quoted CRLF inside a field', 'a,b\r\n1,"x\r\ny"\r\n2,z\r\n', [1, 2, 4]],
    ['three-line field then a row', 'a,b\n1,"p\nq\nr"\n2,z', [1, 2, 5]],
  ])('puts each record on the line it starts on (%s)', (_name, text, lines) => {
    const { rows, errors } = readCsv(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual(lines);
  });

  it.each([
    ['doubled quotes', '"say ""hi"""', ['say "hi"']],
    ['delimiter inside quotes', '"Stripe, Inc.",x', ['Stripe, Inc.', 'x']],
    ['empty fields', ',,', ['', '', '']],
    ['empty quoted field', '"",a', ['', 'a']],
    ['newline inside quotes becomes \\n', '"a\r\nb"', ['a\nb']],
    ['quote inside an unquoted field is literal', 'ab"c,d', ['ab"c', 'd']],
    ['trailing delimiter gives an empty last field', 'a,b,', ['a', 'b', '']],
  ])('reads fields: %s', (_name, text, fields) => {
    expect(readCsv(text, { delimiter: ',' }).rows[0]?.fields).toEqual(fields);
  });

  it('strips a UTF-8 BOM and does not count it as content', () => {
    const { rows } = readCsv('\ufeffFirst Name,Last Name\r\nAda,Example\r\n');
    expect(rows[0]).toEqual({ line: 1, fields: ['First Name', 'Last Name'] });
  });

  it('reports a never-closed quote on the line its record starts and recovers on the next line', () => {
    const { rows, errors } = readCsv('a,b\n1,"oops\n2,fine\n3,also fine\n');
    expect(errors).toEqual([{ line: 2, reason: 'quoted field opened on line 2 is never closed' }]);
    expect(rows.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['2', 'fine']],
      [4, ['3', 'also fine']],
    ]);
  });

  it('reports text after a closing quote and keeps the rows after it', () => {
    const { rows, errors } = readCsv('a,b\r\n4,"bad"x\r\n5,ok\r\n');
    expect(errors).toEqual([{ line: 2, reason: 'unexpected text after a closing quote on line 2' }]);
    expect(rows.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['5', 'ok'],
    ]);
  });

  it('round-trips any fields written by an RFC 4180 writer, with exact start lines', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', '\n', '\r\n', 'é'),
      maxLength: 8,
    });
    const row = fc.array(field, { minLength: 2, maxLength: 4 });
    const quote = (f: string): string => (/[",;\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, eol) => {
          const lines = rows.map((r) => r.map(quote).join(','));
          const text = lines.join(eol);
          const { rows: read, errors } = readCsv(text, { delimiter: ',' });
          expect(errors).toEqual([]);
          expect(read.map((r) => r.fields)).toEqual(rows.map((r) => r.map((f) => f.replace(/\r\n/g, '\n'))));
          let line = 1;
          const starts = lines.map((l) => {
            const start = line;
            line += (l.match(/\r\n|\n/g) ?? []).length + 1;
            return start;
          });
          expect(read.map((r) => r.line)).toEqual(starts);
        },
      ),
    );
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['Name,Phone,Zip\n', ','],
    ['Name;Phone;Zip\r\n', ';'],
    ['Name\tPhone\tZip\n', '\t'],
    ['"Last, First";Phone;Zip\n', ';'],
    ['\n\nName;Phone\n', ';'],
    ['Name\n', ','],
  ] as const)('%j → %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});
