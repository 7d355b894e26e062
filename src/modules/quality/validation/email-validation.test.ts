import { describe, expect, it } from 'vitest';
import { emailDomain, isDisposableDomain, validateEmailOffline } from './email-validation.js';

describe('validateEmailOffline', () => {
  it.each([
    // input, address, syntax_ok, disposable, reason
    ['Pat.Example@Gmail.com ', 'pat.example@gmail.com', true, false, null],
    ['owner+house@example-realty.co.uk', 'owner+house@example-realty.co.uk', true, false, null],
    ["o'brien@example.org", "o'brien@example.org", true, false, null],
    ['seller@mailinator.com', 'seller@mailinator.com', true, true, 'disposable_domain'],
    ['x@guerrillamail.com', 'x@guerrillamail.com', true, true, 'disposable_domain'],
    // 33mail.com is on the wildcard list: every subdomain is a disposable alias.
    ['me@anything.33mail.com', 'me@anything.33mail.com', true, true, 'disposable_domain'],
    ['plainaddress', 'plainaddress', false, false, 'syntax'],
    ['@example.com', '@example.com', false, false, 'syntax'],
    ['a@b@example.com', 'a@b@example.com', false, false, 'syntax'],
    ['a..b@example.com', 'a..b@example.com', false, false, 'syntax'],
    ['.ab@example.com', '.ab@example.com', false, false, 'syntax'],
    ['ab@example', 'ab@example', false, false, 'syntax'],
    ['ab@-example.com', 'ab@-example.com', false, false, 'syntax'],
    ['ab@example.c', 'ab@example.c', false, false, 'syntax'],
    ['ab@example.123', 'ab@example.123', false, false, 'syntax'],
    ['a b@example.com', 'a b@example.com', false, false, 'syntax'],
    ['"quoted"@example.com', '"quoted"@example.com', false, false, 'syntax'],
    ['ab@[127.0.0.1]', 'ab@[127.0.0.1]', false, false, 'syntax'],
    [`${'a'.repeat(65)}@example.com`, `${'a'.repeat(65)}@example.com`, false, false, 'syntax'],
  ])('%j → syntax %s, disposable %s', (input, address, syntaxOk, disposable, reason) => {
    expect(validateEmailOffline(input)).toEqual({
      address,
      syntax_ok: syntaxOk,
      disposable,
      mx: null,
      reason,
    });
  });

  it('accepts an internationalised domain by its ASCII form', () => {
    expect(emailDomain('owner@bücher.de')).toBe('xn--bcher-kva.de');
  });

  it('does not call a domain disposable just because it ends like one', () => {
    expect(isDisposableDomain('mymailinator.com')).toBe(false);
    expect(isDisposableDomain('mail.mailinator.com')).toBe(true);
  });
});
