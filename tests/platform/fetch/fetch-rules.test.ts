import { describe, expect, it } from 'vitest';
import {
  adviceForStatus,
  backoffDelay,
  compileAllowList,
  createAddressGuard,
  decodeBody,
  detectBlock,
  nonPublicReason,
  parseRetryAfter,
  productToken,
} from '../../../src/platform/fetch/index.js';
import { fakeResolver } from './fetch-support.js';

describe('address classification (SSRF)', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', null],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.128.0.1', null],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['8.8.8.8', null],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1%eth0', 'link_local'],
    ['fd12:3456::1', 'unique_local'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link_local'],
    ['[::ffff:169.254.169.254]', 'link_local'],
    ['64:ff9b::a9fe:a9fe', 'link_local'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:8.8.8.8', null],
    ['2606:4700:4700::1111', null],
    ['not-an-ip', 'not_an_ip'],
  ])('%s → %s', (address, reason) => {
    expect(nonPublicReason(address)).toBe(reason);
  });

  it('allows listed hostnames, addresses and CIDRs only', () => {
    const allowed = compileAllowList(['127.0.0.1', 'Intranet.Local', '10.1.0.0/16']);
    expect(allowed('anything', '127.0.0.1')).toBe(true);
    expect(allowed('anything', '::ffff:127.0.0.1')).toBe(true);
    expect(allowed('anything', '127.0.0.2')).toBe(false);
    expect(allowed('intranet.local.', '10.9.9.9')).toBe(true);
    expect(allowed('x', '10.1.200.3')).toBe(true);
    expect(allowed('x', '10.2.0.1')).toBe(false);
  });
});

describe('connect-time lookup', () => {
  const guard = createAddressGuard({
    allowPrivateHosts: ['127.0.0.1'],
    resolve: fakeResolver({ 'metadata.test': '169.254.169.254', 'shop.test': ['127.0.0.1', '::1'] }),
    now: Date.now,
  });
  const lookup = (hostname: string, options: { all?: boolean; family?: number }) =>
    new Promise<unknown>((resolve, reject) =>
      guard.lookup(hostname, options, (error, address) => (error ? reject(error) : resolve(address))),
    );

  it('judges a name again when no fresh check pinned it', async () => {
    await expect(lookup('metadata.test', { all: true })).rejects.toMatchObject({ code: 'AIQ_SSRF_REFUSED' });
    // ::1 is not allow-listed, so the whole answer is refused.
    await expect(lookup('shop.test', {})).rejects.toMatchObject({ code: 'AIQ_SSRF_REFUSED' });
  });

  it('answers with the pinned addresses in the form asked for', async () => {
    const pinning = createAddressGuard({
      allowPrivateHosts: ['127.0.0.1'],
      resolve: fakeResolver({ 'shop.test': '127.0.0.1' }),
      now: Date.now,
    });
    expect(await pinning.check(new URL('http://shop.test/'))).toEqual({ ok: true, addresses: ['127.0.0.1'] });
    const one = await new Promise((resolve) =>
      pinning.lookup('shop.test', {}, (_e, address) => resolve(address)),
    );
    expect(one).toBe('127.0.0.1');
    const all = await new Promise((resolve) =>
      pinning.lookup('shop.test', { all: true }, (_e, address) => resolve(address)),
    );
    expect(all).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});

describe('retry rules', () => {
  it('draws full-jitter backoff from [0, min(cap, base·2^attempt))', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(0, 100, 10_000, () => 0.999)).toBe(99);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(400);
    expect(backoffDelay(10, 100, 10_000, () => 0.999)).toBe(9_990);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it.each([
    [404, undefined, 'never'],
    [403, undefined, 'never'],
    [410, undefined, 'never'],
    [408, undefined, 'backoff'],
    [429, undefined, 'backoff'],
    [429, 1000, 'later'],
    [503, 1000, 'later'],
    [503, undefined, 'backoff'],
    [500, 1000, 'backoff'],
    [502, undefined, 'backoff'],
  ] as const)('status %i with Retry-After %s → %s', (status, retryAfterMs, advice) => {
    expect(adviceForStatus(status, retryAfterMs)).toBe(advice);
  });

  it('matches robots groups on the product token of the User-Agent', () => {
    expect(productToken('AIQLeadsBot/0.1 (+https://aiqleads.example/bot)')).toBe('AIQLeadsBot');
    expect(productToken('AIQLeadsBot (+https://aiqleads.example/bot)')).toBe('AIQLeadsBot');
  });
});

describe('body decoding', () => {
  it('uses the declared charset, then a BOM or HTML meta, else UTF-8', () => {
    const latin = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    expect(decodeBody(latin, 'text/html; charset=windows-1252')).toBe('café');
    expect(decodeBody(latin, 'text/html; charset="ISO-8859-1"')).toBe('café');
    const meta = Buffer.concat([Buffer.from('<meta charset="windows-1252"><p>'), latin]);
    expect(decodeBody(meta, 'text/html')).toBe('<meta charset="windows-1252"><p>café');
    expect(decodeBody(Buffer.from('café'), 'text/html; charset=bogus-label')).toBe('café');
    expect(decodeBody(Buffer.from('\uFEFFcafé'), undefined)).toBe('café');
  });
});

describe('block page detection', () => {
  const html = { 'content-type': 'text/html' };
  const probe = (status: number, body: string, headers: Record<string, string> = html) => ({
    url: 'https://example.test/',
    status,
    headers,
    body,
  });

  it.each([
    [403, '<title>Attention Required! | Cloudflare</title>', 'cloudflare_attention'],
    [503, '<title>Just a moment...</title>', 'cloudflare_challenge'],
    [403, '<p>Press &amp; Hold to confirm you are a human</p>', 'press_and_hold'],
    [403, '<div id="px-captcha"></div>', 'perimeterx_captcha'],
    [403, "<h1>Access Denied</h1> You don't have permission", 'access_denied'],
    [403, 'This IP has been automatically blocked.', 'ip_blocked'],
    [429, '<form class="g-recaptcha">', 'captcha'],
    [200, '<p>Our reply form uses a captcha</p>', null],
    [200, '<p>Access Denied is a film</p>', null],
    [200, '<title>2br house for rent</title>', null],
  ])('status %i %s → %s', (status, body, reason) => {
    expect(detectBlock(probe(status, body))).toBe(reason);
  });

  it('skips the generic checks on JSON and lets the source detector decide first', () => {
    expect(detectBlock(probe(403, '{"error":"Access Denied"}', { 'content-type': 'application/json' }))).toBe(
      null,
    );
    const custom = (response: { body: string }) =>
      response.body.includes('verify you are human') ? 'verify' : null;
    expect(detectBlock(probe(200, 'Please verify you are human'), custom)).toBe('verify');
  });
});
