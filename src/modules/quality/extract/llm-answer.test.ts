import { describe, expect, it } from 'vitest';
import { readChatAnswer } from './llm-extractor.js';

const GOOD = { bedrooms: 3, bathrooms: 2.5, sqft: 1850, lot_sqft: null, motivation: ['must_sell'] };
const reply = (content: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ choices: [{ message: { role: 'assistant', content, ...extra } }] });

describe('readChatAnswer', () => {
  it('accepts content matching the schema, fenced or not', () => {
    expect(readChatAnswer(reply(JSON.stringify(GOOD)))).toEqual({ ok: true, facts: GOOD });
    expect(readChatAnswer(reply(`\`\`\`json\n${JSON.stringify(GOOD)}\n\`\`\``))).toEqual({
      ok: true,
      facts: GOOD,
    });
  });

  it.each([
    ['bathrooms 2.3 (not a quarter step)', { ...GOOD, bathrooms: 2.3 }],
    ['negative bedrooms', { ...GOOD, bedrooms: -1 }],
    ['fractional bedrooms', { ...GOOD, bedrooms: 2.5 }],
    ['an unknown motivation code', { ...GOOD, motivation: ['desperate'] }],
    ['a repeated motivation code', { ...GOOD, motivation: ['must_sell', 'must_sell'] }],
    ['a missing field', { bedrooms: 3, bathrooms: 2, sqft: null, motivation: [] }],
    ['an extra field', { ...GOOD, garage: true }],
    ['a string number', { ...GOOD, sqft: '1850' }],
  ])('refuses %s as schema_mismatch', (_name, facts) => {
    expect(readChatAnswer(reply(JSON.stringify(facts)))).toMatchObject({
      ok: false,
      reason: 'schema_mismatch',
    });
  });

  it.each([
    ['not json', 'bad_response'],
    [JSON.stringify({ choices: [] }), 'bad_response'],
    [reply(null, { refusal: 'I cannot help with that.' }), 'refusal'],
    [reply('The house has three bedrooms.'), 'bad_json'],
    [reply(42), 'bad_response'],
  ])('%s → %s', (body, reason) => {
    expect(readChatAnswer(body)).toMatchObject({ ok: false, reason });
  });
});
