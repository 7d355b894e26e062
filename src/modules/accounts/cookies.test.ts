import { describe, expect, it } from 'vitest';
import { readCookie, SESSION_COOKIE, sessionCookie } from './cookies.js';

describe('readCookie', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['aiq_session=abc', 'abc'],
    ['theme=dark; aiq_session=abc; other=1', 'abc'],
    ['aiq_session="quoted"', 'quoted'],
    ['aiq_session=a%20b', 'a b'],
    ['aiq_session=%E0%A4%A', undefined],
    ['xaiq_session=abc', undefined],
    ['aiq_session', undefined],
    ['aiq_session=first; aiq_session=second', 'first'],
  ])('%j → %j', (header, expected) => {
    expect(readCookie(header, SESSION_COOKIE)).toBe(expected);
  });
});

describe('sessionCookie', () => {
  it('is HttpOnly, SameSite=Lax, on every path, with a Max-Age', () => {
    expect(sessionCookie('tok', { maxAgeSeconds: 3600, secure: false })).toBe(
      'aiq_session=tok; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax',
    );
  });

  it('adds Secure when asked and clears with Max-Age=0', () => {
    expect(sessionCookie('', { maxAgeSeconds: 0, secure: true })).toBe(
      'aiq_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it('reads back what it writes', () => {
    const value = 'aiqs_AbC-_9';
    const header = sessionCookie(value, { maxAgeSeconds: 1, secure: false }).split(';')[0];
    expect(readCookie(header, SESSION_COOKIE)).toBe(value);
  });
});
