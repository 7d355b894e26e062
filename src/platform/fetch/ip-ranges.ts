import { isIP } from 'node:net';

/** An address as 4 or 16 bytes. */
interface ParsedIp {
  family: 4 | 6;
  bytes: number[];
}

interface Cidr extends ParsedIp {
  prefix: number;
}

/** Parses an IPv4 or IPv6 literal (brackets and zone ids tolerated) into bytes; null if it is not one. */
export function parseIp(text: string): ParsedIp | null {
  const bare = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return { family: 4, bytes: bare.split('.').map(Number) };
  if (family !== 6) return null;
  let tail: number[] = [];
  let head = bare;
  const dotted = bare.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1]) {
    tail = dotted[1].split('.').map(Number);
    head = bare.slice(0, -dotted[1].length);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left = '', right] = head.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const leftGroups = groups(left);
  const rightGroups = right === undefined ? [] : groups(right);
  const missing = 8 - tail.length / 2 - leftGroups.length - rightGroups.length;
  const all = [...leftGroups, ...new Array<number>(Math.max(0, missing)).fill(0), ...rightGroups];
  const bytes = all.flatMap((g) => [(g >> 8) & 0xff, g & 0xff]).slice(0, 16 - tail.length);
  return { family: 6, bytes: [...bytes, ...tail] };
}

/** Parses `10.0.0.0/8`, `fc00::/7` or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | null {
  const [address = '', prefixText] = text.split('/');
  const ip = parseIp(address);
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { ...ip, prefix };
}

function inCidr(ip: ParsedIp, cidr: Cidr): boolean {
  if (ip.family !== cidr.family) return false;
  for (let bit = 0; bit < cidr.prefix; bit++) {
    const mask = 0x80 >> (bit % 8);
    const byte = Math.floor(bit / 8);
    if (((ip.bytes[byte] ?? 0) & mask) !== ((cidr.bytes[byte] ?? 0) & mask)) return false;
  }
  return true;
}

// Everything that is not the public internet: where an SSRF would reach internal services or metadata.
const NON_PUBLIC: [string, string][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmark'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['100::/64', 'discard'],
  ['2001:db8::/32', 'documentation'],
  ['fc00::/7', 'unique_local'],
  ['fe80::/10', 'link_local'],
  ['fec0::/10', 'site_local'],
  ['ff00::/8', 'multicast'],
];
const NON_PUBLIC_CIDRS = NON_PUBLIC.map(([cidr, label]) => ({ cidr: parseCidr(cidr)!, label }));

// IPv6 forms that carry an IPv4 address in their last 4 bytes: mapped, NAT64, deprecated compatible.
const EMBEDDING_V4 = ['::ffff:0:0/96', '64:ff9b::/96', '::/96'].map((cidr) => parseCidr(cidr)!);

/** The IPv4 address an IPv6 one embeds (mapped, NAT64, compatible), so it is judged as that address. */
function unwrapV4(ip: ParsedIp): ParsedIp {
  if (ip.family !== 6) return ip;
  const embedding = EMBEDDING_V4.find((cidr) => inCidr(ip, cidr));
  const v4 = ip.bytes.slice(12);
  // `::` and `::1` sit inside ::/96 but are IPv6's own unspecified and loopback addresses.
  if (!embedding || (embedding.prefix === 96 && v4.every((b, i) => b === 0 || (i === 3 && b === 1))))
    return ip;
  return { family: 4, bytes: v4 };
}

/** Why an address is not public (`loopback`, `private`, …), or null for a public address. */
export function nonPublicReason(address: string): string | null {
  const parsed = parseIp(address);
  if (!parsed) return 'not_an_ip';
  const ip = unwrapV4(parsed);
  return NON_PUBLIC_CIDRS.find(({ cidr }) => inCidr(ip, cidr))?.label ?? null;
}

/** Compiles an allow list of hostnames, IPs and CIDRs into a matcher over (hostname, address). */
export function compileAllowList(entries: string[]): (hostname: string, address: string) => boolean {
  const names = new Set<string>();
  const cidrs: Cidr[] = [];
  for (const entry of entries) {
    const cidr = parseCidr(entry.trim());
    if (cidr) cidrs.push(cidr);
    else names.add(entry.trim().toLowerCase().replace(/\.$/, ''));
  }
  return (hostname, address) => {
    if (names.has(hostname.toLowerCase().replace(/\.$/, ''))) return true;
    const parsed = parseIp(address);
    if (!parsed) return false;
    const ip = unwrapV4(parsed);
    return cidrs.some((cidr) => inCidr(ip, cidr) || inCidr(parsed, cidr));
  };
}
