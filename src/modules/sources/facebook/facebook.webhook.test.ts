import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  answerVerificationChallenge,
  FacebookWebhookError,
  parseLeadgenWebhook,
  verifyFacebookSignature,
} from './facebook.webhook.js';
import { parseJsonKeepingLongIntegers } from './facebook-json.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../../fixtures/facebook_leadads/${name}`, import.meta.url));

const SECRET = 'test-app-secret';
const body = fixture('webhook_leadgen_page_change.json');
const sign = (raw: Buffer | string, secret = SECRET): string =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('verifyFacebookSignature', () => {
  const good = sign(body);
  it.each([
    ['the right signature', body, good, SECRET, true],
    ['the same body as a string', body.toString('utf8'), good, SECRET, true],
    ['upper-case hex', body, good.toUpperCase().replace('SHA256=', 'sha256='), SECRET, true],
    [
      'a forged body (one byte changed)',
      Buffer.from(body.toString('utf8').replace('123123123123', '123123123125')),
      good,
      SECRET,
      false,
    ],
    ['the wrong app secret', body, good, 'another-secret', false],
    ['no header (unsigned request)', body, undefined, SECRET, false],
    ['an empty header', body, '', SECRET, false],
    ['a truncated header', body, good.slice(0, -2), SECRET, false],
    ['the legacy sha1 header format', body, `sha1=${'a'.repeat(40)}`, SECRET, false],
    ['no sha256= prefix', body, good.slice('sha256='.length), SECRET, false],
    ['non-hex digits', body, `sha256=${'z'.repeat(64)}`, SECRET, false],
    ['an empty app secret, even if the body was signed with it', body, sign(body, ''), '', false],
  ])('%s → %s', (_name, raw, header, secret, expected) => {
    expect(verifyFacebookSignature(raw, header, secret)).toBe(expected);
  });
});

describe('answerVerificationChallenge', () => {
  it.each([
    [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' },
      { ok: true, challenge: '1158201444' },
    ],
    [
      { 'hub.mode': ['subscribe'], 'hub.verify_token': ['tok'], 'hub.challenge': ['42'] },
      { ok: true, challenge: '42' },
    ],
    [
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1' },
      { ok: false, reason: 'not_subscribe' },
    ],
    [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' },
      { ok: false, reason: 'token_mismatch' },
    ],
    [
      { 'hub.mode': 'subscribe', 'hub.challenge': '1' },
      { ok: false, reason: 'token_mismatch' },
    ],
    [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok' },
      { ok: false, reason: 'missing_challenge' },
    ],
    [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '<script>' },
      { ok: false, reason: 'missing_challenge' },
    ],
  ])('%j → %j', (query, answer) => {
    expect(answerVerificationChallenge(query, 'tok')).toEqual(answer);
  });

  it('never accepts when no verify token is configured', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' };
    expect(answerVerificationChallenge(query, '')).toEqual({ ok: false, reason: 'token_mismatch' });
  });
});

describe('parseLeadgenWebhook', () => {
  it("reads the docs' sample: two leads, every id a string", () => {
    expect(parseLeadgenWebhook(body)).toEqual([
      {
        leadgen_id: '123123123123',
        page_id: '123123123',
        form_id: '12312312312',
        ad_id: '12312312312',
        adgroup_id: '12312312312',
        created_time: '2015-08-21T01:26:24.000Z',
      },
      expect.objectContaining({ leadgen_id: '123123123124' }),
    ]);
  });

  it('keeps ids beyond 2^53 exact and ignores non-leadgen changes', () => {
    const events = parseLeadgenWebhook(fixture('webhook_leadgen_long_ids.json'));
    expect(events).toEqual([
      {
        leadgen_id: '120226863088130609',
        page_id: '108843123456789012',
        form_id: '9007199254740993',
        ad_id: '120226863088130611',
        adgroup_id: '120226863088130611',
        created_time: '2024-06-10T15:59:50.000Z',
      },
    ]);
    // What a plain JSON.parse would have produced: the digits change.
    expect(String(JSON.parse('120226863088130609'))).not.toBe('120226863088130609');
  });

  it('takes page_id from the entry and time from entry.time when the change lacks them', () => {
    const raw =
      '{"object":"page","entry":[{"id":"55","time":1700000000,"changes":[{"field":"leadgen","value":{"leadgen_id":"1","form_id":"2"}}]}]}';
    expect(parseLeadgenWebhook(raw)).toEqual([
      {
        leadgen_id: '1',
        page_id: '55',
        form_id: '2',
        ad_id: null,
        adgroup_id: null,
        created_time: '2023-11-14T22:13:20.000Z',
      },
    ]);
  });

  it('drops a lead repeated within one body', () => {
    const change = '{"field":"leadgen","value":{"leadgen_id":7,"page_id":1,"form_id":2}}';
    const raw = `{"object":"page","entry":[{"id":1,"changes":[${change},${change}]}]}`;
    expect(parseLeadgenWebhook(raw)).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{"object":', 'invalid_json'],
    ['another object type', '{"object":"user","entry":[]}', 'not_a_page_event'],
    ['a JSON array', '[1,2]', 'not_a_page_event'],
    ['no entry list', '{"object":"page"}', 'missing_entries'],
    ['an entry without changes', '{"object":"page","entry":[{"id":1}]}', 'missing_entries'],
    [
      'a leadgen change without value',
      '{"object":"page","entry":[{"id":1,"changes":[{"field":"leadgen"}]}]}',
      'invalid_change',
    ],
    [
      'a leadgen_id that is not an id',
      '{"object":"page","entry":[{"id":1,"changes":[{"field":"leadgen","value":{"leadgen_id":"abc","form_id":2}}]}]}',
      'invalid_change',
    ],
    [
      'a fractional form_id',
      '{"object":"page","entry":[{"id":1,"changes":[{"field":"leadgen","value":{"leadgen_id":1,"form_id":2.5}}]}]}',
      'invalid_change',
    ],
  ])('rejects %s with a typed error', (_name, raw, reason) => {
    let caught: unknown;
    try {
      parseLeadgenWebhook(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FacebookWebhookError);
    expect(caught).toMatchObject({ reason, code: 'FACEBOOK_WEBHOOK_INVALID', status: 400 });
  });

  it('refuses an already-parsed body whose ids were rounded', () => {
    const parsed = {
      object: 'page',
      entry: [
        {
          id: 1,
          changes: [{ field: 'leadgen', value: { leadgen_id: Number('120226863088130609'), form_id: 2 } }],
        },
      ],
    };
    expect(() => parseLeadgenWebhook(parsed)).toThrow(/leadgen_id is not an id/);
  });
});

describe('parseJsonKeepingLongIntegers', () => {
  it.each([
    ['{"a":120226863088130609}', { a: '120226863088130609' }],
    ['{"a":-9007199254740993}', { a: '-9007199254740993' }],
    ['{"a":9007199254740991}', { a: 9007199254740991 }],
    ['{"a":1.5e300,"b":12345678901234567.5}', { a: 1.5e300, b: Number('12345678901234567.5') }],
    [
      '{"s":"120226863088130609 \\" 99999999999999999999","n":[1,99999999999999999999]}',
      { s: '120226863088130609 " 99999999999999999999', n: [1, '99999999999999999999'] },
    ],
  ])('%s', (raw, expected) => {
    expect(parseJsonKeepingLongIntegers(raw)).toEqual(expected);
  });
});
