import type { AddressGuard } from './address-guard.js';
import { decodeBody } from './body.js';
import { type ExchangeDeps, exchange } from './exchange.js';
import type { RobotsFetch } from './robots.js';

const MAX_ROBOTS_REDIRECTS = 5;
// RFC 9309 §2.5: crawlers must parse at least 500 KiB; anything past that is ignored.
const ROBOTS_MAX_BYTES = 512 * 1024;

/** What fetching robots.txt needs: the SSRF guard and the host's turn, like any other request. */
export interface RobotsFetchDeps extends ExchangeDeps {
  guard: AddressGuard;
  userAgent: string;
  minGapMs: number;
}

/** Fetches one origin's robots.txt (redirects followed, each hop SSRF-checked) as RFC 9309 classes it. */
export async function fetchRobotsTxt(
  deps: RobotsFetchDeps,
  robotsUrl: URL,
  timeoutMs: number,
): Promise<RobotsFetch> {
  let url = robotsUrl;
  for (let hop = 0; hop <= MAX_ROBOTS_REDIRECTS; hop++) {
    const address = await deps.guard.check(url);
    if (!address.ok) return { kind: 'unreachable', detail: address.detail };
    const headers = { 'user-agent': deps.userAgent, accept: 'text/plain, */*;q=0.5' };
    const response = await exchange(deps, url, deps.minGapMs, {
      method: 'GET',
      headers,
      timeoutMs,
      maxBytes: ROBOTS_MAX_BYTES,
      truncate: true,
    });
    if (!response.ok) return { kind: 'unreachable', detail: `${response.kind}: ${response.detail}` };
    const { status } = response;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      // A redirect we can't follow leaves the rules unknown: assume the worst, as for 5xx.
      if (!URL.canParse(location, url.href)) return { kind: 'unreachable', status, detail: 'bad Location' };
      url = new URL(location, url);
      continue;
    }
    if (status >= 200 && status < 300)
      return {
        kind: 'robots_txt',
        status,
        body: decodeBody(response.buffer, response.headers['content-type']),
      };
    // 429 is a 4xx, but it says "too fast", not "no file": treat it like 5xx (as Google does).
    if (status === 429 || status >= 500) return { kind: 'unreachable', status, detail: `HTTP ${status}` };
    return { kind: 'unavailable', status };
  }
  return { kind: 'unavailable' }; // RFC 9309 §2.3.1.2: past five redirects, robots.txt is unavailable.
}
