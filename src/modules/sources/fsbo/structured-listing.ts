import { type CheerioAPI, load } from 'cheerio';
import { emptyListing, type ListingType, type ParsedListing, type ParseOutcome } from '../listing.types.js';
import { readPlace } from './schema-org.address.js';
import {
  buildGraph,
  firstValue,
  objectOf,
  reachable,
  type SchemaGraph,
  valuesOf,
} from './schema-org.graph.js';
import {
  AGENT_TYPES,
  absoluteUrl,
  count,
  enumName,
  floorSizeSqft,
  hasType,
  imageUrls,
  isObject,
  isoDate,
  type JsonObject,
  LISTING_TYPES,
  list,
  num,
  OFFER_TYPES,
  PRODUCT_TYPES,
  paragraphText,
  positiveInt,
  propertyTypeOf,
  RESIDENCE_TYPES,
  text,
  typesOf,
} from './schema-org.values.js';
import { applyOverride, findOverride, type SiteOverrideRegistry } from './site-overrides.js';
import { readStructuredData } from './structured-data.read.js';

export const FSBO_SOURCE = 'fsbo';

/** The nodes that make up one listing: the anchor and what it links to. */
interface ListingNodes {
  anchor: JsonObject;
  offer: JsonObject | null;
  product: JsonObject | null;
  residence: JsonObject | null;
  /** Anchor, product, residence, offer, then the rest: where property facts are looked up, in order. */
  facts: JsonObject[];
}

/** The listing anchors: each RealEstateListing, else the first offer or product, else the first residence. */
function anchorsOf(graph: SchemaGraph): JsonObject[] {
  const listings = graph.nodes.filter((n) => hasType(n, LISTING_TYPES));
  if (listings.length > 0) return listings;
  const first =
    graph.nodes.find((n) => hasType(n, OFFER_TYPES) || hasType(n, PRODUCT_TYPES)) ??
    graph.nodes.find((n) => hasType(n, RESIDENCE_TYPES));
  return first ? [first] : [];
}

function collect(anchor: JsonObject, graph: SchemaGraph, alone: boolean): ListingNodes {
  let nodes = reachable(anchor, graph);
  const find = (types: ReadonlySet<string>) => nodes.find((n) => hasType(n, types)) ?? null;
  // A @graph page may state the residence as a separate, unlinked node: take it when the page has one listing.
  if (alone && !find(RESIDENCE_TYPES)) {
    const residence = graph.nodes.find((n) => hasType(n, RESIDENCE_TYPES));
    if (residence) nodes = [...nodes, ...reachable(residence, graph).filter((n) => !nodes.includes(n))];
  }
  const offer = find(OFFER_TYPES);
  const product = find(PRODUCT_TYPES);
  const residence = find(RESIDENCE_TYPES);
  const first = [anchor, product, residence, offer].filter((n): n is JsonObject => n !== null);
  const facts = [...new Set([...first, ...nodes])];
  return { anchor, offer, product, residence, facts };
}

/** Price and rent facts of an Offer: price in USD only; monthly rent; or why no price was read. */
function readOffer(offer: JsonObject, graph: SchemaGraph) {
  const specs = valuesOf(offer, 'priceSpecification', graph).filter(isObject);
  const spec = specs.find((s) => s.price !== undefined) ?? specs[0] ?? null;
  const rawPrice = offer.price ?? spec?.price;
  const currency = text(offer.priceCurrency) ?? text(spec?.priceCurrency);
  const unit = `${text(spec?.unitText) ?? ''} ${text(spec?.unitCode) ?? ''}`.trim();
  const leaseOut = list(offer.businessFunction).some((f) => /LeaseOut/i.test(String(f)));
  const monthly = /\bMON(?:TH)?\b|monthly|per\s*month|\/\s*mo\b/i.test(unit);
  const forRent = leaseOut || monthly || /\b(?:DAY|WEE?K|ANN|YEAR)\b/i.test(unit);
  const amount = num(rawPrice);
  // A rent for another period than a month would need converting: not stated per month, so not read.
  const priceOk =
    amount !== null && amount > 0 && currency?.toUpperCase() === 'USD' && (!forRent || monthly || !unit);
  return {
    price: priceOk ? amount : null,
    forRent,
    attributes: {
      price_raw: !priceOk && rawPrice !== undefined ? text(rawPrice) : null,
      price_currency: !priceOk ? currency : null,
      rent_period: forRent && unit ? unit : null,
      availability: enumName(offer.availability),
    },
  };
}

function listingTypeOf(hasOffer: boolean, forRent: boolean, agent: boolean): ListingType | null {
  if (!hasOffer) return null;
  if (forRent) return agent ? 'agent_rental' : 'owner_rental';
  return agent ? 'agent_sale' : 'fsbo_sale';
}

/** Maps one listing's nodes to a ParsedListing; null when nothing in them is about a property. */
function toListing(n: ListingNodes, graph: SchemaGraph, pageUrl: string | null): ParsedListing | null {
  const listing = emptyListing(FSBO_SOURCE);
  const { anchor, offer, product, residence, facts } = n;
  const textNodes = [anchor, product, residence].filter((x): x is JsonObject => x !== null);

  listing.url = absoluteUrl(firstValue(textNodes, 'url', graph), pageUrl) ?? pageUrl;
  const identifier = firstValue([anchor, ...(product ? [product] : [])], 'identifier', graph);
  listing.external_id =
    text(identifier && typeof identifier === 'object' ? (identifier as JsonObject).value : identifier) ??
    text(firstValue(textNodes, 'sku', graph)) ??
    text(firstValue(textNodes, 'productID', graph));
  listing.title = text(firstValue(textNodes, 'name', graph));
  listing.description = paragraphText(
    firstValue([...textNodes, ...(offer ? [offer] : [])], 'description', graph),
  );
  listing.bedrooms = count(firstValue(facts, 'numberOfBedrooms', graph));
  listing.bathrooms = num(firstValue(facts, 'numberOfBathroomsTotal', graph));
  if (listing.bathrooms !== null && listing.bathrooms < 0) listing.bathrooms = null;
  listing.sqft = floorSizeSqft(firstValue(facts, 'floorSize', graph));
  listing.year_built = positiveInt(firstValue(facts, 'yearBuilt', graph));
  listing.property_type = propertyTypeOf(residence) ?? propertyTypeOf(product);
  const { place, extra } = readPlace(facts, graph);
  Object.assign(listing, place);
  listing.posted_at = isoDate(firstValue(textNodes, 'datePosted', graph));
  listing.updated_at = isoDate(firstValue(textNodes, 'dateModified', graph));
  listing.images = [
    ...new Set(textNodes.flatMap((node) => imageUrls(valuesOf(node, 'image', graph), pageUrl))),
  ];

  const offerFacts = offer ? readOffer(offer, graph) : null;
  listing.price = offerFacts?.price ?? null;
  const seller = objectOf(offer, 'seller', graph) ?? objectOf(offer, 'offeredBy', graph);
  const agent = seller !== null && hasType(seller, AGENT_TYPES);
  listing.listing_type = listingTypeOf(offer !== null, offerFacts?.forRent ?? false, agent);

  const sellerName = text(seller?.name);
  const contactPoint = objectOf(seller, 'contactPoint', graph);
  if (seller && !agent) {
    listing.contact = {
      name: sellerName,
      phones: distinct(seller.telephone ?? contactPoint?.telephone, /^tel:/i),
      emails: distinct(seller.email ?? contactPoint?.email, /^mailto:/i),
    };
  }
  const rooms = num(firstValue(facts, 'numberOfRooms', graph));
  for (const [key, value] of Object.entries({
    ...(offerFacts?.attributes ?? {}),
    ...extra,
    schema_type: [...new Set([anchor, residence].flatMap((x) => (x ? typesOf(x) : [])))].join(', ') || null,
    number_of_rooms: rooms,
    full_bathrooms: num(firstValue(facts, 'numberOfFullBathrooms', graph)),
    partial_bathrooms: num(firstValue(facts, 'numberOfPartialBathrooms', graph)),
    // Agent contacts are never sold: the agent's name is kept for comps, nothing else.
    agent_name: agent ? sellerName : null,
  })) {
    if (value !== null && value !== undefined) listing.attributes[key] = value;
  }

  const isListingLike =
    hasType(anchor, LISTING_TYPES) ||
    residence !== null ||
    [listing.address_line, listing.zip, listing.latitude, listing.bedrooms, listing.sqft].some(
      (v) => v !== null,
    );
  return isListingLike ? listing : null;
}

/** Distinct non-empty strings of a value or list, with a URL scheme prefix (tel:, mailto:) removed. */
function distinct(value: unknown, prefix: RegExp): string[] {
  const out = list(value)
    .map((v) => text(v)?.replace(prefix, '') ?? null)
    .filter((v): v is string => v !== null && v !== '');
  return [...new Set(out)];
}

const BLOCK_MARKERS: readonly [RegExp, string][] = [
  [
    /<title>\s*(?:Just a moment|Attention Required|Access denied|Access to this page has been denied)/i,
    'block title',
  ],
  [/id=["']?(?:challenge-form|px-captcha|cf-challenge)/i, 'challenge form'],
  [/captcha-delivery\.com/i, 'DataDome captcha'],
];

function pageUrlOf($: CheerioAPI, url?: string): string | null {
  return (
    absoluteUrl(url) ??
    absoluteUrl($('link[rel="canonical"]').attr('href')) ??
    absoluteUrl($('meta[property="og:url"]').attr('content'))
  );
}

/**
 * Reads a listing from a page's schema.org data (JSON-LD, `@graph`, microdata), then fills what it lacks from
 * the site's override. Works for any site that embeds such data; `not_a_listing` when it has none.
 */
export function parseStructuredListingPage(
  html: string,
  url?: string,
  overrides: SiteOverrideRegistry = [],
): ParseOutcome {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const pageUrl = pageUrlOf($, url);
  const data = readStructuredData($, pageUrl);
  const graph = buildGraph([...data.jsonLd, ...data.microdata]);
  const anchors = anchorsOf(graph);
  let listings = anchors
    .map((a) => toListing(collect(a, graph, anchors.length === 1), graph, pageUrl))
    .filter((l): l is ParsedListing => l !== null);

  const override = findOverride(overrides, pageUrl);
  if (override && listings.length === 0 && override.listing_marker && $(override.listing_marker).length > 0) {
    listings = [{ ...emptyListing(FSBO_SOURCE), url: pageUrl }];
  }
  // Selectors describe the page's one listing; on a page listing several they would be misattributed.
  if (override && listings.length === 1) listings = [applyOverride(listings[0]!, override, $, pageUrl)];
  if (listings.length > 0) return { listings };

  for (const [re, detail] of BLOCK_MARKERS) if (re.test(html)) return { skipped: 'blocked', detail };
  const detail =
    data.unreadableJsonLd > 0
      ? `no listing-like schema.org data (${data.unreadableJsonLd} unreadable JSON-LD block(s))`
      : 'no listing-like schema.org data';
  return { skipped: 'not_a_listing', detail };
}
