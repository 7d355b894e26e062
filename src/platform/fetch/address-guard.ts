import { promises as dns, type LookupAddress } from 'node:dns';
import type { Resolver, RetryAdvice } from './fetch.types.js';
import { compileAllowList, nonPublicReason, parseIp } from './ip-ranges.js';
import { classifyError } from './retry-policy.js';

/** Thrown from the connect-time lookup when an address turned private; surfaces as kind `ssrf`. */
export class SsrfRefusal extends Error {
  readonly code = 'AIQ_SSRF_REFUSED';
}

export type AddressCheck =
  | { ok: true; addresses: string[] }
  | { ok: false; kind: 'ssrf' | 'network'; retry: RetryAdvice; detail: string };

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

export interface AddressGuard {
  /** Checks a URL before any connection: scheme, then every address its host resolves to. */
  check(url: URL): Promise<AddressCheck>;
  /** For undici's connect options: connects only to addresses `check` just approved (DNS pinning). */
  lookup(
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: LookupCallback,
  ): void;
}

/** Resolves with the system resolver, every address, in the order it returns them. */
export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

// A pinned answer is used by the connection made right after the check; older ones are re-resolved.
const PIN_TTL_MS = 30_000;

/** The SSRF guard: public addresses only, unless allow-listed, checked before connecting and at connect. */
export function createAddressGuard(options: {
  allowPrivateHosts: string[];
  resolve?: Resolver;
  now: () => number;
}): AddressGuard {
  const allowed = compileAllowList(options.allowPrivateHosts);
  const resolve = options.resolve ?? systemResolver;
  const pinned = new Map<string, { addresses: LookupAddress[]; at: number }>();

  function judge(hostname: string, addresses: string[]): string | null {
    for (const address of addresses) {
      const reason = nonPublicReason(address);
      if (!reason || allowed(hostname, address)) continue;
      return hostname === address
        ? `${address} is ${reason}`
        : `${hostname} resolves to ${address} (${reason})`;
    }
    return null;
  }

  async function resolveChecked(hostname: string): Promise<AddressCheck & { found?: LookupAddress[] }> {
    let found: LookupAddress[];
    try {
      found = (await resolve(hostname)).map((a) => ({ address: a.address, family: a.family }));
    } catch (error) {
      const { retry, detail } = classifyError(error, false);
      return { ok: false, kind: 'network', retry, detail: `DNS lookup of ${hostname} failed: ${detail}` };
    }
    if (found.length === 0)
      return { ok: false, kind: 'network', retry: 'never', detail: `${hostname} has no address` };
    // Every address must pass: a mixed answer would let the connection pick the private one.
    const refusal = judge(
      hostname,
      found.map((a) => a.address),
    );
    if (refusal) return { ok: false, kind: 'ssrf', retry: 'never', detail: refusal };
    return { ok: true, addresses: found.map((a) => a.address), found };
  }

  return {
    async check(url) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return { ok: false, kind: 'ssrf', retry: 'never', detail: `scheme ${url.protocol} is not allowed` };
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      if (parseIp(hostname)) {
        const refusal = judge(hostname, [hostname]);
        if (refusal) return { ok: false, kind: 'ssrf', retry: 'never', detail: refusal };
        return { ok: true, addresses: [hostname] };
      }
      const result = await resolveChecked(hostname);
      if (!result.ok || !result.found) return result;
      if (pinned.size > 1000) {
        for (const [key, entry] of pinned) if (options.now() - entry.at > PIN_TTL_MS) pinned.delete(key);
      }
      pinned.set(hostname.toLowerCase(), { addresses: result.found, at: options.now() });
      return { ok: true, addresses: result.addresses };
    },

    lookup(hostname, lookupOptions, callback) {
      const answer = (addresses: LookupAddress[]) => {
        const wanted = lookupOptions.family;
        const family = wanted === 4 || wanted === 'IPv4' ? 4 : wanted === 6 || wanted === 'IPv6' ? 6 : 0;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        const first = usable[0];
        if (!first) return callback(new SsrfRefusal(`${hostname}: no approved address`), '');
        if (lookupOptions.all) callback(null, usable);
        else callback(null, first.address, first.family);
      };
      const entry = pinned.get(hostname.toLowerCase());
      if (entry && options.now() - entry.at <= PIN_TTL_MS) return answer(entry.addresses);
      // No fresh check (a pooled origin reconnecting later): resolve and judge again right here.
      resolveChecked(hostname).then(
        (result) => {
          if (result.ok && result.found) answer(result.found);
          else callback(new SsrfRefusal(result.ok ? hostname : result.detail), '');
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ''),
      );
    },
  };
}
