import { AppError, NotFoundError } from '../../platform/http/errors.js';

/** The caller has no CRM webhook configured. */
export class CrmWebhookNotFoundError extends NotFoundError {
  constructor() {
    super('CRM_WEBHOOK_NOT_FOUND', 'No CRM webhook is configured: PUT /v1/crm-webhook sets one');
  }
}

/**
 * The URL can never be delivered to: credentials in it, or a literal private/loopback address. Names are
 * judged again at every send, by the guarded client.
 */
export class CrmWebhookUrlRefusedError extends AppError {
  constructor(reason: string) {
    super('CRM_WEBHOOK_URL_REFUSED', `The CRM webhook URL is refused: ${reason}`, 422, { reason });
  }
}
