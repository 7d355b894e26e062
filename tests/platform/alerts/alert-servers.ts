import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a stand-in service received. */
export interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  json: unknown;
}

/** A local stand-in for Slack or PagerDuty that records each request and answers as scripted. */
export interface FakeService {
  origin: string;
  received: Received[];
  /** Bodies received, parsed as JSON. */
  bodies<T = Record<string, unknown>>(): T[];
  /** Answers for the next requests, in order; after them, the service's normal success answer. */
  script(...replies: { status: number; body: string }[]): void;
}

const servers: (() => Promise<void>)[] = [];

/** Closes every stand-in started so far; each test file calls it from its own afterEach/afterAll. */
export async function closeFakeServices(): Promise<void> {
  await Promise.all(servers.splice(0).map((close) => close()));
}

async function startFake(success: (json: unknown) => { status: number; body: string }): Promise<FakeService> {
  const queue: { status: number; body: string }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = { unparseable: text };
      }
      fake.received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        json,
      });
      const reply = queue.shift() ?? success(json);
      res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeService = {
    origin: `http://127.0.0.1:${port}`,
    received: [],
    bodies: <T>() => fake.received.map((request) => request.json as T),
    script: (...replies) => queue.push(...replies),
  };
  servers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return fake;
}

/** Slack incoming webhooks answer 200 with the body `ok`. */
export function startFakeSlack(): Promise<FakeService> {
  return startFake(() => ({ status: 200, body: 'ok' }));
}

/** PagerDuty Events API v2 answers 202 with a JSON receipt echoing the dedup_key. */
export function startFakePagerDuty(): Promise<FakeService> {
  return startFake((json) => ({
    status: 202,
    body: JSON.stringify({
      status: 'success',
      message: 'Event processed',
      dedup_key: (json as { dedup_key?: string }).dedup_key,
    }),
  }));
}

/** PagerDuty's answer to a malformed event. */
export const PAGERDUTY_INVALID_EVENT = {
  status: 400,
  body: JSON.stringify({
    status: 'invalid event',
    message: 'Event object is invalid',
    errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"],
  }),
};

/** A closed local port: connecting to it fails at once (ECONNREFUSED). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
