import { createRequire } from 'node:module';
import { domainToASCII } from 'node:url';
import type { EmailValidation } from './validation.schemas.js';

/** Stable reason codes of email validation, first match wins. */
export const EMAIL_REASONS = {
  syntax: 'syntax',
  disposable: 'disposable_domain',
  noMx: 'no_mx',
  mxUnknown: 'mx_lookup_failed',
} as const;

// RFC 5322 dot-atom local part; quoted local parts and IP-literal domains are refused on purpose: no real
// seller writes them, and spam tools do.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Trims and lower-cases an address (the normalised form that keys the cache). */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** The ASCII domain of a syntactically valid address, or null when the address is not one. */
export function emailDomain(address: string): string | null {
  if (address.length > 254) return null;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return null;
  const local = address.slice(0, at);
  if (local.length > 64 || !LOCAL_PART.test(local)) return null;
  const domain = domainToASCII(address.slice(at + 1));
  if (!domain || domain.length > 253) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  return TLD.test(labels.at(-1)!) ? domain : null;
}

interface DisposableLists {
  exact: Set<string>;
  /** Domains whose every subdomain is disposable too. */
  wildcard: Set<string>;
}
let lists: DisposableLists | undefined;

// ~120k domains: loaded on first use, once per process, into Sets (a lookup is a few hash probes).
function disposableLists(): DisposableLists {
  if (!lists) {
    const require = createRequire(import.meta.url);
    lists = {
      exact: new Set(require('disposable-email-domains') as string[]),
      wildcard: new Set(require('disposable-email-domains/wildcard.json') as string[]),
    };
  }
  return lists;
}

/** True when the domain, or a parent of it on the wildcard list, is a disposable-mail provider. */
export function isDisposableDomain(domain: string): boolean {
  const { exact, wildcard } = disposableLists();
  if (exact.has(domain) || wildcard.has(domain)) return true;
  const labels = domain.split('.');
  for (let i = 1; i < labels.length - 1; i += 1) {
    const parent = labels.slice(i).join('.');
    if (wildcard.has(parent) || exact.has(parent)) return true;
  }
  return false;
}

/** The checks that need no network: syntax and disposable domain (`mx` is null: not looked up). */
export function validateEmailOffline(raw: string): EmailValidation {
  const address = normalizeEmail(raw);
  const domain = emailDomain(address);
  if (!domain)
    return { address, syntax_ok: false, disposable: false, mx: null, reason: EMAIL_REASONS.syntax };
  const disposable = isDisposableDomain(domain);
  return {
    address,
    syntax_ok: true,
    disposable,
    mx: null,
    reason: disposable ? EMAIL_REASONS.disposable : null,
  };
}
