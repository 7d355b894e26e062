// Phrases in a listing's title and description that carry a signal: rental/sale scams (FTC and FBI
// IC3 warnings on rental scams list these patterns) and agent listings posing as owner listings.

/** A family of scam phrases: one reason code, whatever the number of matches. */
export interface ScamPhraseRule {
  code: string;
  points: number;
  what: string;
  patterns: RegExp[];
}

export const SCAM_PHRASE_RULES: readonly ScamPhraseRule[] = [
  {
    code: 'SCAM_PAYMENT_METHOD',
    points: 30,
    what: 'asks for an untraceable payment',
    patterns: [
      /\bwire (the )?(transfer|money|funds|deposit|payment)\b/,
      /\bwire\s+transfer\b/,
      /\bwestern\s*union\b/,
      /\bmoney\s*gram\b/,
      /\bgift\s*cards?\b/,
      /\b(itunes|google play|amazon|steam) cards?\b/,
      /\b(pay|payment|deposit)\b[^.]{0,40}\b(bitcoin|crypto|zelle|cash\s*app|venmo)\b/,
    ],
  },
  {
    code: 'SCAM_OWNER_AWAY',
    points: 25,
    what: 'owner says they are away and cannot meet',
    patterns: [
      /\b(currently|now|presently|am|i'm|we are|we're|living|work(ing)?|relocated|moved)\b[^.]{0,30}\b(overseas|abroad|out of (the )?country)\b/,
      /\bmissionary\b/,
      /\bmission (trip|work)\b/,
      /\b(deployed|deployment)\b/,
      /\btransferred (to|out of)\b[^.]{0,30}\b(overseas|abroad|africa|europe|asia|uk|london)\b/,
    ],
  },
  {
    code: 'SCAM_NO_VIEWING',
    points: 25,
    what: 'the place cannot be seen before paying',
    patterns: [
      /\b(can ?not|can't|cannot|won't be able to|unable to) (show|meet|let you in)\b/,
      /\bkeys?\b[^.]{0,40}\b(by|via|through) (mail|post|courier|fedex|ups|dhl|airbnb)\b/,
      /\b(mail|send|ship|courier) (you )?the keys?\b/,
      /\bdrive[- ]by only\b/,
      /\bdo not disturb (the )?(tenants?|occupants?)\b/,
    ],
  },
  {
    code: 'SCAM_DEPOSIT_FIRST',
    points: 25,
    what: 'wants money before a viewing or a lease',
    patterns: [
      /\b(deposit|payment|first month'?s? rent|money)\b[^.]{0,40}\bbefore\b[^.]{0,20}\b(viewing|showing|seeing|you see|we meet|tour)\b/,
      /\b(refundable )?deposit\b[^.]{0,30}\bto (hold|reserve|secure)\b[^.]{0,30}\b(keys|viewing|showing)\b/,
      /\bsend (the )?(deposit|money|payment)\b/,
    ],
  },
];

/** Words that show an agent or broker behind a listing: an MLS number, a broker line, a license. */
export const AGENT_PATTERNS: readonly RegExp[] = [
  /\bbrokered by\b/,
  /\blisting (agent|broker|office|courtesy)\b/,
  /\bcourtesy of\b[^.]{0,60}\b(realty|realtors?|brokerage|properties|real estate)\b/,
  /\bmls\s*(#|no\.?|number|id)\s*:?\s*[a-z]{0,4}\d{4,}/,
  /\bmls#\s*\S+/,
  /\b(i am|i'm|owner is) a (licensed )?(real estate )?(agent|realtor|broker)\b/,
  /\b(dre|realtor|broker|agent) (license|lic\.?) ?(#|no\.?|number)?\s*\d{5,}/,
  /\bcall (your|the) (listing )?agent\b/,
];

/** Lower-cased text of title and description, with typographic quotes made plain. */
export function listingText(title: string | null, description: string | null): string {
  return `${title ?? ''}\n${description ?? ''}`.toLowerCase().replace(/[\u2018\u2019]/g, "'");
}

/** The scam rules whose phrases occur in the text, each once. */
export function matchScamPhrases(text: string): ScamPhraseRule[] {
  return SCAM_PHRASE_RULES.filter((rule) => rule.patterns.some((pattern) => pattern.test(text)));
}

/** The first agent phrase in the text, as written there; null when none. */
export function findAgentPhrase(text: string): string | null {
  for (const pattern of AGENT_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return null;
}
