/**
 * A failure the client can act on: a stable machine-readable `code`, an HTTP status and a human message.
 * Modules subclass it (`LeadNotFoundError`) and the error handler maps it to
 * `{ error: { code, message, details } }`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFoundError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, 404);
  }
}

export class ValidationError extends AppError {
  constructor(field: string, message: string) {
    super('VALIDATION_FAILED', `${field} ${message}`, 400, [{ field, message }]);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, 503, details);
  }
}

/** Route-schema responses for the given error statuses, each the shared `ErrorResponse` body. */
export function errorResponses<const S extends number>(
  ...statuses: S[]
): { [K in S as `${K}`]: { $ref: 'ErrorResponse' } } {
  return Object.fromEntries(statuses.map((status) => [status, { $ref: 'ErrorResponse' }])) as {
    [K in S as `${K}`]: { $ref: 'ErrorResponse' };
  };
}
