import type { ParsedListing } from '../listing.types.js';
import {
  attribute,
  childElements,
  classNames,
  type DomNode,
  firstDescendant,
  tagName,
  textOf,
} from './craigslist.html.js';
import { tagAttribute } from './craigslist.rules.js';
import { attributeKey, oneLine } from './craigslist.text.js';

/** The facts of a posting's `p.attrgroup` blocks that are listing fields rather than attributes. */
export interface AttributeGroupFacts {
  bedrooms: number | null;
  /** The bubble that states baths ("1BR / 1.5Ba", "1BR / sharedBa"), for `parseBathrooms`. */
  bathsText: string | null;
  sqft: number | null;
  /** The housing-type tag ("apartment", "duplex", …) when the page has one. */
  housingType: string | null;
}

function readBubble(text: string, facts: AttributeGroupFacts): void {
  const br = /(\d+(?:\.\d+)?)\s*BR\b/i.exec(text);
  if (br) facts.bedrooms = Number(br[1]);
  if (/Ba\b/.test(text)) facts.bathsText = text;
  const ft = /(\d[\d,]*)\s*ft/i.exec(text);
  const sqft = ft?.[1] ? Number.parseInt(ft[1].replace(/,/g, ''), 10) : 0;
  if (sqft > 0) facts.sqft = sqft;
}

/**
 * Reads the `span`s of the `p.attrgroup` elements: the bubbles (beds/baths, sqft, move-in date), the open-house dates, "key: value"
 * spans and plain tags. Everything that is not a listing field lands in `attributes`.
 */
export function readAttributeGroups(
  groups: DomNode[],
  attributes: ParsedListing['attributes'],
): AttributeGroupFacts {
  const facts: AttributeGroupFacts = { bedrooms: null, bathsText: null, sqft: null, housingType: null };
  const openHouses: string[] = [];
  for (const group of groups.filter((g) => tagName(g) === 'p')) {
    for (const span of childElements(group, 'span')) {
      const text = oneLine(textOf(span));
      const classes = classNames(span);
      if (!text) continue;
      if (classes.includes('housing_movein_now') || classes.includes('property_date')) {
        attributes.available_from = attribute(span, 'data-date') ?? text;
      } else if (classes.includes('otherpostings')) {
        const href = attribute(firstDescendant(span, 'a') ?? span, 'href') ?? '';
        openHouses.push(/sale_date=(\d{4}-\d{2}-\d{2})/.exec(href)?.[1] ?? text);
      } else if (classes.includes('shared-line-bubble')) {
        readBubble(text, facts);
      } else if (classes.length === 0 && oneLine(childElements(span, 'b').map(textOf).join(' ')) === text) {
        // A bold line of its own (the 2018 template's vehicle heading) is a heading, not a tag.
        attributes.heading = text;
      } else if (text.includes(':')) {
        const colon = text.indexOf(':');
        const value =
          oneLine(childElements(span, 'b').map(textOf).join(' ')) || oneLine(text.slice(colon + 1));
        if (colon > 0 && value) attributes[attributeKey(text.slice(0, colon))] = value;
      } else {
        const [key, value] = tagAttribute(text);
        if (key === 'housing_type' && typeof value === 'string') facts.housingType ??= value;
        const previous = attributes[key];
        // Two tags of one group (e.g. "carport" and "street parking") are both kept.
        attributes[key] =
          typeof previous === 'string' && typeof value === 'string' ? `${previous}, ${value}` : value;
      }
    }
  }
  if (openHouses.length) attributes.open_house_dates = openHouses.join(', ');
  return facts;
}
