import type { Clock } from './fetch.types.js';
import type { HostGate } from './host-gate.js';
import type { Hop, HopResponse, Transport } from './transport.js';

// A crashed holder's turn frees itself this long after its attempt's timeout.
const HOLD_MARGIN_MS = 5_000;

/** What taking a host's turn and sending one request needs. */
export interface ExchangeDeps {
  gate: HostGate;
  transport: Transport;
  clock: Clock;
}

/** The politeness key: one queue per hostname:port. */
export function hostKey(url: URL): string {
  return `${url.hostname.toLowerCase()}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

/**
 * One wire exchange to `url`, inside the host's turn. The next turn waits the gap from the start of this
 * one and also from when this request surely reached the host, so the server never sees a shorter gap.
 */
export async function exchange(
  deps: ExchangeDeps,
  url: URL,
  gapMs: number,
  hop: Omit<Hop, 'url'>,
): Promise<HopResponse> {
  const release = await deps.gate.acquire(hostKey(url), gapMs, hop.timeoutMs + HOLD_MARGIN_MS);
  const started = deps.clock.now();
  let response: HopResponse | undefined;
  try {
    response = await deps.transport.send({ ...hop, url });
    return response;
  } finally {
    const reachedAt = started + (response?.reachedMs ?? deps.clock.now() - started);
    // With no gap there is nothing to hold (and ms rounding must not invent a 1 ms wait).
    await release(gapMs > 0 ? Math.max(0, reachedAt + gapMs - deps.clock.now()) : 0);
  }
}
