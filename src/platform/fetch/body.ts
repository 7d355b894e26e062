import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';

/** The body grew past the cap; the read was stopped there. */
export class BodyTooLargeError extends Error {
  readonly code = 'AIQ_BODY_TOO_LARGE';
  constructor(readonly maxBytes: number) {
    super(`response body exceeds ${maxBytes} bytes`);
  }
}

/**
 * Reads a body up to `maxBytes`. Past the cap it stops reading (the socket is destroyed, so a hostile
 * server can't make us buffer more) and either throws `BodyTooLargeError` or, with `truncate`, returns
 * what it has (robots.txt: RFC 9309 lets a crawler parse only the first 500 KiB).
 */
export async function readCapped(
  body: Readable,
  maxBytes: number,
  truncate = false,
): Promise<{ buffer: Buffer; bytes: number; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    if (bytes + buffer.length > maxBytes) {
      body.destroy();
      if (!truncate) throw new BodyTooLargeError(maxBytes);
      chunks.push(buffer.subarray(0, maxBytes - bytes));
      return { buffer: Buffer.concat(chunks), bytes: maxBytes, truncated: true };
    }
    chunks.push(buffer);
    bytes += buffer.length;
  }
  return { buffer: Buffer.concat(chunks), bytes, truncated: false };
}

function charsetFromContentType(contentType: string | undefined): string | undefined {
  return contentType?.match(/charset\s*=\s*"?([\w.:-]+)"?/i)?.[1];
}

// HTML may name its charset in a <meta> within the first 1024 bytes (the HTML spec's prescan window).
function charsetFromMeta(buffer: Buffer): string | undefined {
  const head = buffer.subarray(0, 1024).toString('latin1');
  return head.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.toLowerCase());
  } catch {
    return undefined; // An unknown label: fall through to the next guess.
  }
}

/** Decodes a body with the charset the response declares (header, BOM, then HTML meta), else UTF-8. */
export function decodeBody(buffer: Buffer, contentType: string | undefined): string {
  const isHtml = !contentType || /html/i.test(contentType);
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 'utf-8' : undefined;
  const decoder =
    decoderFor(bom) ??
    decoderFor(charsetFromContentType(contentType)) ??
    (isHtml ? decoderFor(charsetFromMeta(buffer)) : undefined) ??
    new TextDecoder('utf-8');
  return decoder.decode(buffer);
}
