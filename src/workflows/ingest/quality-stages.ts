import {
  type ContactValidator,
  createDeterministicExtractor,
  type DncScrub,
  findContactValues,
  maskedScrub,
  saveContactValidations,
  type TextExtractor,
} from '../../modules/quality/index.js';
import type { Queryable } from '../../platform/db/index.js';
import type { DomainEvent } from '../../platform/events.js';

/** The lead-quality stages the ingest pipeline runs, as configured for this process. */
export interface QualityStages {
  /** Reads beds/baths/sqft and motivation signals from free text (deterministic, or an LLM). */
  extractor: TextExtractor;
  /** Checks phones and emails (cached); null skips contact validation (e.g. a bare test setup). */
  validator: ContactValidator | null;
  /** FRAUD_REVIEW_THRESHOLD: a fraud score at or above it sends the lead to the review queue. */
  fraudReviewThreshold: number;
}

/** Stages with no network and no cache: the deterministic extractor, no contact validation. */
export function offlineQualityStages(fraudReviewThreshold = 60): QualityStages {
  return { extractor: createDeterministicExtractor(), validator: null, fraudReviewThreshold };
}

/**
 * Validates the contacts of changed leads (phones and emails as stored after this batch) and records a
 * `lead.contact_checked` event with the validation and DNC results, for the lead passport.
 */
export async function checkContacts(
  tx: Queryable,
  stages: QualityStages,
  leadIds: readonly string[],
  scrubs: ReadonlyMap<string, DncScrub>,
  events: DomainEvent[],
  now: Date,
): Promise<void> {
  const { validator } = stages;
  const values = validator ? await findContactValues(tx, leadIds) : new Map();
  const validations = new Map(
    await Promise.all(
      [...values].map(
        async ([leadId, contact]) => [leadId, await validator!.validateContact(contact)] as const,
      ),
    ),
  );
  await saveContactValidations(tx, validations, now);
  for (const leadId of leadIds) {
    const validation = validations.get(leadId);
    const scrub = scrubs.get(leadId);
    if (!validation && !scrub) continue;
    events.push({
      type: 'lead.contact_checked',
      aggregateType: 'lead',
      aggregateId: leadId,
      payload: {
        checked_at: now.toISOString(),
        ...(validation ? { validation: maskValidation(validation) } : {}),
        ...(scrub ? { dnc: maskedScrub(scrub) } : {}),
      },
    });
  }
}

// Events outlive a contact's deletion, so they carry results with masked values, never the contact.
function maskPhone(e164: string | null): string {
  return `••${(e164 ?? '').slice(-2)}`;
}

type ContactValidation = Awaited<ReturnType<ContactValidator['validateContact']>>;

function maskValidation(validation: ContactValidation) {
  return {
    phones: validation.phones.map(({ e164, ...result }) => ({ ...result, phone: maskPhone(e164) })),
    emails: validation.emails.map(({ address, ...result }) => ({
      ...result,
      email: `•••@${address.split('@')[1] ?? ''}`,
    })),
  };
}
