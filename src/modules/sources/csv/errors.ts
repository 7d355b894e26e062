import { AppError } from '../../../platform/http/errors.js';

/**
 * Base of the typed errors of the upload and consented-channel parsers (CSV, Facebook, LinkedIn): an
 * AppError with a stable code, so a route that lets one escape answers with its 4xx status.
 */
export class SourcePayloadError extends AppError {}
