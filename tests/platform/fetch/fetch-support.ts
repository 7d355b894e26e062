import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createGuardedFetch,
  type GuardedFetch,
  type GuardedFetchOptions,
  type Resolver,
} from '../../../src/platform/fetch/index.js';

export const USER_AGENT = 'AIQLeadsBot/0.1 (+https://aiqleads.example/bot)';

export interface Arrival {
  path: string;
  method: string;
  /** performance.now() when the request reached the server. */
  at: number;
  headers: IncomingMessage['headers'];
}

export interface LocalServer {
  origin: string;
  port: number;
  url(path: string): string;
  arrivals: Arrival[];
  /** Paths requested, in order (robots.txt included). */
  paths(): string[];
  /** Most requests this server had open at once. */
  maxInFlight: number;
  inFlight: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, server: LocalServer) => void | Promise<void>;

const cleanups: (() => Promise<void>)[] = [];

/**
 * Closes the servers and clients the test made. Each file calls `afterEach(closeAll)` itself: with
 * `isolate: false` this module is loaded once per worker, so a hook registered here would run for the
 * first file only.
 */
export async function closeAll(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
}

/** An HTTP server on 127.0.0.1 that records every arrival; closed after the test. */
export async function startServer(handler: Handler): Promise<LocalServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const local: LocalServer = {
    origin: `http://127.0.0.1:${port}`,
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    arrivals: [],
    paths: () => local.arrivals.map((arrival) => arrival.path),
    maxInFlight: 0,
    inFlight: 0,
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    local.arrivals.push({
      path: req.url ?? '',
      method: req.method ?? '',
      at: performance.now(),
      headers: req.headers,
    });
    local.inFlight++;
    local.maxInFlight = Math.max(local.maxInFlight, local.inFlight);
    res.on('close', () => local.inFlight--);
    void Promise.resolve(handler(req, res, local)).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return local;
}

/** Gaps in ms between consecutive arrivals. */
export function gaps(arrivals: Arrival[]): number[] {
  return arrivals.slice(1).map((arrival, i) => arrival.at - (arrivals[i]?.at ?? 0));
}

/**
 * A resolver for invented names only: nothing a test does may reach the system resolver (and from it,
 * the internet). Unknown names fail as ENOTFOUND.
 */
export function fakeResolver(names: Record<string, string | string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const answer = names[hostname];
    if (answer === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return (Array.isArray(answer) ? answer : [answer]).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
  return Object.assign(resolve, { calls });
}

/** A client for tests: loopback allowed, small gaps and backoff; closed after the test. */
export function testClient(overrides: Partial<GuardedFetchOptions> = {}): GuardedFetch {
  const client = createGuardedFetch({
    userAgent: USER_AGENT,
    allowPrivateHosts: ['127.0.0.1'],
    minGapMs: 0,
    timeoutMs: 2_000,
    backoffBaseMs: 5,
    resolve: fakeResolver({ localhost: '127.0.0.1' }),
    ...overrides,
  });
  cleanups.push(() => client.close());
  return client;
}

/** Records every connection undici opens (host and port), to prove a refusal never connected. */
export function watchConnections(): { hosts: string[] } {
  const seen = { hosts: [] as string[] };
  const listener = (message: unknown) => {
    const { connectParams } = message as { connectParams: { hostname: string; port: string } };
    seen.hosts.push(`${connectParams.hostname}:${connectParams.port}`);
  };
  subscribe('undici:client:beforeConnect', listener);
  cleanups.push(async () => {
    unsubscribe('undici:client:beforeConnect', listener);
  });
  return seen;
}

/** Sends a small HTML page. */
export function page(
  res: ServerResponse,
  html: string,
  status = 200,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}
