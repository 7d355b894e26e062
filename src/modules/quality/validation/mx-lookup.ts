import { Resolver } from 'node:dns/promises';

/** Whether a domain accepts mail: true/false, or null when DNS could not answer (timeout, SERVFAIL). */
export type MxLookup = (domain: string) => Promise<boolean | null>;

/** Answers that mean "the name or the record does not exist", as opposed to "DNS failed". */
const ABSENT = new Set(['ENODATA', 'ENOTFOUND', 'NOTFOUND', 'ENONAME']);

function isAbsent(error: unknown): boolean {
  return ABSENT.has((error as { code?: string }).code ?? '');
}

export interface MxLookupOptions {
  /** DNS servers (`ip` or `ip:port`); the system's when empty. */
  servers?: string[];
  timeoutMs: number;
}

/**
 * An MX lookup over `node:dns`, one try per query with a timeout. Per RFC 5321 a domain without MX
 * records takes mail at its A/AAAA address (implicit MX); per RFC 7505 a lone "." MX means no mail.
 */
export function createMxLookup(options: MxLookupOptions): MxLookup {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.servers?.length) resolver.setServers(options.servers);
  const hasAddress = async (domain: string): Promise<boolean | null> => {
    for (const resolve of [resolver.resolve4.bind(resolver), resolver.resolve6.bind(resolver)]) {
      try {
        if ((await resolve(domain)).length > 0) return true;
      } catch (error) {
        if (!isAbsent(error)) return null;
      }
    }
    return false;
  };
  return async (domain) => {
    try {
      const records = await resolver.resolveMx(domain);
      if (records.length === 0) return hasAddress(domain);
      return records.some((record) => record.exchange !== '' && record.exchange !== '.');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENODATA') return hasAddress(domain);
      return isAbsent(error) ? false : null;
    }
  };
}
