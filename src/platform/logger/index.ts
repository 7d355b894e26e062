import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Field names that hold an owner's or a user's contact data or a secret. Pino removes them wherever they
 * appear in a logged object (up to four levels deep), so a contact never reaches a log line.
 */
export const SENSITIVE_FIELDS = [
  'phone',
  'phones',
  'email',
  'emails',
  'contact',
  'contacts',
  'owner_name',
  'ownerName',
  'full_name',
  'password',
  'token',
  'authorization',
  'cookie',
  'set-cookie',
  'api_key',
  'secret',
];

function redactPaths(): string[] {
  const prefixes = ['', '*.', '*.*.', '*.*.*.'];
  return prefixes.flatMap((prefix) =>
    SENSITIVE_FIELDS.map((field) =>
      /^[a-z_]+$/i.test(field) ? `${prefix}${field}` : `${prefix}["${field}"]`,
    ),
  );
}

export interface LoggerOptions {
  level: string;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

/** JSON logger used by every process; one line per event, contact fields removed. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'aiqleads' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), remove: true },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
