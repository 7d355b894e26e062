import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, request } from 'undici';
import type { AddressGuard } from './address-guard.js';
import { BodyTooLargeError, readCapped } from './body.js';
import type { RetryAdvice } from './fetch.types.js';
import { classifyError } from './retry-policy.js';

export interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  maxBytes: number;
  /** Keep the first `maxBytes` instead of failing (robots.txt); always so for non-2xx bodies. */
  truncate?: boolean;
}

// `reachedMs`: by then the request had surely reached the host (response headers, or the failure).
export type HopResponse =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      buffer: Buffer;
      bytes: number;
      ms: number;
      reachedMs: number;
    }
  | {
      ok: false;
      kind: 'timeout' | 'network' | 'ssrf' | 'too_large';
      retry: RetryAdvice;
      detail: string;
      status?: number;
      ms: number;
      reachedMs: number;
    };

export interface Transport {
  /** One HTTP exchange, no redirects followed; failures come back as values. */
  send(hop: Hop): Promise<HopResponse>;
  close(): Promise<void>;
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

// The cap applies to decoded bytes, so a small gzip bomb can't expand past it.
function decoded(body: Readable, encoding: string | undefined): Readable {
  const codec = encoding?.trim().toLowerCase();
  const decoder =
    codec === 'gzip' || codec === 'x-gzip'
      ? createGunzip()
      : codec === 'br'
        ? createBrotliDecompress()
        : codec === 'deflate'
          ? createInflate()
          : undefined;
  if (!decoder) return body;
  return pipeline(body, decoder, () => {
    // Errors reach the reader through `decoder`; nothing else to do here.
  });
}

/** The undici transport: one keep-alive agent whose connections go only to guard-approved addresses. */
export function createTransport(guard: AddressGuard, connectTimeoutMs: number): Transport {
  const agent = new Agent({
    connect: { lookup: guard.lookup, timeout: connectTimeoutMs },
    keepAliveTimeout: 4_000,
  });
  return {
    async send(hop) {
      const started = performance.now();
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, hop.timeoutMs);
      const ms = () => Math.round(performance.now() - started);
      let status: number | undefined;
      let reachedMs: number | undefined;
      try {
        const response = await request(hop.url, {
          dispatcher: agent,
          method: hop.method as 'GET',
          headers: hop.headers,
          body: hop.body,
          signal: controller.signal,
          headersTimeout: hop.timeoutMs,
          bodyTimeout: hop.timeoutMs,
        });
        status = response.statusCode;
        reachedMs = ms();
        const headers = flatten(response.headers);
        const declared = Number(headers['content-length']);
        // Only a successful body must be whole; error, redirect and block pages are kept truncated.
        const truncate = hop.truncate || status < 200 || status >= 300;
        if (!truncate && !headers['content-encoding'] && declared > hop.maxBytes) {
          response.body.destroy();
          const detail = `content-length ${declared} exceeds ${hop.maxBytes} bytes`;
          return {
            ok: false,
            kind: 'too_large',
            retry: 'never',
            detail,
            status,
            ms: ms(),
            reachedMs,
          };
        }
        const body = decoded(response.body, headers['content-encoding']);
        const { buffer, bytes } = await readCapped(body, hop.maxBytes, truncate);
        return { ok: true, status, headers, buffer, bytes, ms: ms(), reachedMs };
      } catch (error) {
        if (error instanceof BodyTooLargeError)
          return {
            ok: false,
            kind: 'too_large',
            retry: 'never',
            detail: error.message,
            status,
            ms: ms(),
            reachedMs: reachedMs ?? ms(),
          };
        return { ok: false, ...classifyError(error, timedOut), ms: ms(), reachedMs: reachedMs ?? ms() };
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await agent.close();
    },
  };
}
