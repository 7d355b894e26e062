import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Guards the operator API with a bearer token from the config (ADMIN_TOKEN) until user accounts and
 * roles exist. Without a configured token the admin API is closed, never open.
 */
export function adminGuard(configuredToken: string | undefined) {
  const expected = configuredToken ? digest(configuredToken) : null;
  return async (request: FastifyRequest): Promise<void> => {
    if (!expected) {
      throw new AppError(
        'ADMIN_API_DISABLED',
        'The admin API is disabled: set ADMIN_TOKEN to enable it',
        403,
      );
    }
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    // Comparing fixed-length digests keeps the comparison constant-time whatever was sent.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      throw new AppError('ADMIN_AUTH_REQUIRED', 'A valid admin bearer token is required', 401);
    }
  };
}
