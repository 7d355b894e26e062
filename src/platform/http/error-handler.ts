import type { FastifyError, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App } from './app.types.js';
import { AppError } from './errors.js';

/** The body of every error response. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code, e.g. LEAD_NOT_FOUND' }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse' },
);

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `body.price`, `querystring.radius_km`: the field a client must fix. */
function fieldOf(context: string | undefined, issue: ValidationIssue): string {
  const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  const pointer = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const name = [pointer, typeof missing === 'string' ? missing : ''].filter(Boolean).join('.');
  return [context, name].filter(Boolean).join('.') || (context ?? 'request');
}

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply
    .status(status)
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** Maps every failure to `{ error: { code, message, details } }`; 5xx messages never leave the server. */
export function installErrorHandling(app: App): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      return send(reply, error.status, error.code, error.message, error.details);
    }
    if (error.validation) {
      const details = error.validation.map((issue) => ({
        field: fieldOf(error.validationContext, issue as ValidationIssue),
        message: issue.message ?? 'is invalid',
      }));
      const first = details[0];
      return send(
        reply,
        400,
        'VALIDATION_FAILED',
        first ? `${first.field} ${first.message}` : 'invalid request',
        details,
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return send(reply, status, STATUS_CODES[status] ?? 'BAD_REQUEST', error.message);
    }
    request.log.error({ err: error }, 'request failed');
    return send(reply, 500, 'INTERNAL_ERROR', 'Internal server error');
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'ROUTE_NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`),
  );
}
