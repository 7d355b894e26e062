import { describe, expect, it } from 'vitest';
import { maskContactText } from './mask-text.js';

describe('maskContactText', () => {
  it.each([
    [null, null],
    ['Call 505-555-0142 today', 'Call [phone hidden] today'],
    ['call (505) 555 0142', 'call [phone hidden]'],
    ['+1 505.555.0142!', '[phone hidden]!'],
    ['text 5055550142', 'text [phone hidden]'],
    ['mail jane.doe+house@example.co.uk now', 'mail [email hidden] now'],
    ['$250,000, 3 bed, 1,850 sqft, built 1998', '$250,000, 3 bed, 1,850 sqft, built 1998'],
    ['$1,250,000 asking', '$1,250,000 asking'],
  ])('%j → %j', (text, expected) => {
    expect(maskContactText(text)).toBe(expected);
  });
});
