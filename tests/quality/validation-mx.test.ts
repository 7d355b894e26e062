import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMxLookup, type MxLookup } from '../../src/modules/quality/index.js';

// The real node:dns lookup against a tiny DNS server on 127.0.0.1 (UDP, RFC 1035 wire format), so the
// resolver settings (custom server, timeout, one try) and every answer kind are exercised for real.
const TYPE = { A: 1, MX: 15, AAAA: 28 } as const;
type Zone = Record<string, { rcode?: number; mx?: [number, string][]; a?: string[]; silent?: boolean }>;
const ZONE: Zone = {
  'mail.example': { mx: [[10, 'mx1.mail.example']] },
  'nullmx.example': { mx: [[0, '']] }, // RFC 7505: "this domain takes no mail"
  'nomx.example': { a: ['192.0.2.1'] }, // RFC 5321 implicit MX
  'nothing.example': {},
  'broken.example': { rcode: 2 }, // SERVFAIL
  'slow.example': { silent: true },
};

function encodeName(name: string): Buffer {
  const labels = name === '' ? [] : name.split('.');
  return Buffer.concat([
    ...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
}

function record(type: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // pointer to the question name
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4); // IN
  head.writeUInt32BE(60, 6);
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

function answer(query: Buffer): Buffer | null {
  let offset = 12;
  const labels: string[] = [];
  while (query[offset]! > 0) {
    labels.push(query.subarray(offset + 1, offset + 1 + query[offset]!).toString());
    offset += query[offset]! + 1;
  }
  const qtype = query.readUInt16BE(offset + 1);
  const question = query.subarray(12, offset + 5);
  const entry = ZONE[labels.join('.').toLowerCase()];
  if (entry?.silent) return null;
  const records: Buffer[] = [];
  if (qtype === TYPE.MX)
    for (const [preference, exchange] of entry?.mx ?? []) {
      const pref = Buffer.alloc(2);
      pref.writeUInt16BE(preference);
      records.push(record(TYPE.MX, Buffer.concat([pref, encodeName(exchange)])));
    }
  if (qtype === TYPE.A)
    for (const address of entry?.a ?? [])
      records.push(record(TYPE.A, Buffer.from(address.split('.').map(Number))));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8180 | (entry ? (entry.rcode ?? 0) : 3), 2); // unknown names: NXDOMAIN
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  return Buffer.concat([header, question, ...records]);
}

let server: Socket;
let lookup: MxLookup;
const queries: string[] = [];

beforeAll(async () => {
  server = createSocket('udp4');
  server.on('message', (message, remote) => {
    queries.push(message.toString('latin1'));
    const reply = answer(message);
    if (reply) server.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  lookup = createMxLookup({ servers: [`127.0.0.1:${port}`], timeoutMs: 300 });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('MX lookup through a configured DNS server', () => {
  it.each([
    ['mail.example', true, 'an MX record'],
    ['nullmx.example', false, 'a null MX'],
    ['nomx.example', true, 'no MX but an A record (implicit MX)'],
    ['nothing.example', false, 'neither MX nor address records'],
    ['gone.example', false, 'NXDOMAIN'],
    ['broken.example', null, 'SERVFAIL: unknown, not false'],
  ] as [string, boolean | null, string][])('%s → %s (%s)', async (domain, expected) => {
    expect(await lookup(domain)).toBe(expected);
  });

  it('gives up after the timeout and answers null when the server is silent', async () => {
    const started = Date.now();
    expect(await lookup('slow.example')).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('asked the configured server, not the system resolver', () => {
    expect(queries.some((query) => query.includes('mail'))).toBe(true);
  });
});
