import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable, Transaction } from '../../platform/db/index.js';
import {
  type IdempotentResponse,
  idempotencyKeyFrom,
  requestFingerprint,
  runIdempotent,
} from './idempotency.js';

/**
 * Answers a credit-moving command through its Idempotency-Key: the fingerprint covers the route, its
 * parameters and body, so the same key with other parameters is refused. Replays carry
 * `Idempotent-Replayed: true`.
 */
export async function replyIdempotent(
  db: Queryable,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  command: (tx: Transaction) => Promise<IdempotentResponse>,
): Promise<FastifyReply> {
  const key = idempotencyKeyFrom(request.headers);
  const fingerprint = requestFingerprint({
    method: request.method,
    route: request.routeOptions.url,
    params: request.params,
    body: request.body,
  });
  const result = await runIdempotent(db, { scope, key, fingerprint }, command);
  return reply.status(result.status).header('idempotent-replayed', String(result.replayed)).send(result.body);
}
