// The rules a buyer must follow when contacting a purchased lead's owner, derived from the contact's DNC
// scrub, its consent and its suppression. Pure, so the purchase view, the CSV export and the CRM push
// state the same rules.

/** One phone of a purchased contact with its Do-Not-Call standing at the last scrub. */
export interface PhoneDnc {
  number: string;
  /** Lists the number was on at the last scrub (empty: not listed). */
  dnc_lists: ('national' | 'internal')[];
  /** False when the last scrub did not look the number up (non-US number, or added after the scrub). */
  checked: boolean;
}

export interface ContactRuleInput {
  phones: PhoneDnc[];
  emails: string[];
  scrubbed_at: string | null;
  /** No scrub, or the last one is older than the registry's 31 days. */
  scrub_stale: boolean;
  /** Consent the owner gave on a lead form (Lead Ads, Lead Gen Forms); null when none was given. */
  consent: unknown | null;
  suppressed: boolean;
}

export interface ContactRule {
  code: string;
  rule: string;
}

/** The contact rules that apply, most restrictive first; codes are stable, the wording is for people. */
export function contactRules(input: ContactRuleInput): ContactRule[] {
  if (input.suppressed) {
    return [
      {
        code: 'CONTACT_SUPPRESSED',
        rule: 'The owner asked to be forgotten: do not contact them by any channel.',
      },
    ];
  }
  const rules: ContactRule[] = [];
  for (const phone of input.phones) {
    if (phone.dnc_lists.length > 0) {
      rules.push({
        code: 'DNC_LISTED',
        rule: `${phone.number} is on the ${phone.dnc_lists.join(' and ')} Do-Not-Call list: no cold calls or texts to this number.`,
      });
    }
  }
  if (input.phones.length > 0) {
    if (input.scrubbed_at === null) {
      rules.push({
        code: 'DNC_NOT_SCRUBBED',
        rule: 'These phones were never scrubbed against the Do-Not-Call lists: scrub them before calling or texting.',
      });
    } else if (input.scrub_stale) {
      rules.push({
        code: 'DNC_SCRUB_STALE',
        rule: `The last Do-Not-Call scrub (${input.scrubbed_at}) is more than 31 days old: re-scrub before calling or texting.`,
      });
    }
    const unchecked = input.phones.filter((phone) => !phone.checked).map((phone) => phone.number);
    if (input.scrubbed_at !== null && unchecked.length > 0) {
      rules.push({
        code: 'DNC_PHONE_UNCHECKED',
        rule: `${unchecked.join(', ')} could not be checked against the Do-Not-Call lists: check before calling or texting.`,
      });
    }
  }
  if (input.consent !== null) {
    rules.push({
      code: 'FORM_CONSENT',
      rule: 'The owner asked to be contacted through a lead form: you may contact them about that request (the consent is in the passport), not for unrelated offers.',
    });
  }
  if (input.phones.length > 0) {
    rules.push(
      {
        code: 'CALLING_HOURS',
        rule: "Call or text only between 8 a.m. and 9 p.m. in the owner's local time.",
      },
      {
        code: 'NO_AUTODIALER',
        rule: "No autodialed or prerecorded calls or texts without the owner's prior express written consent.",
      },
    );
  }
  if (input.emails.length > 0) {
    rules.push({
      code: 'EMAIL_OPT_OUT',
      rule: 'Marketing emails must say who you are and honour an opt-out request at once.',
    });
  }
  return rules;
}
