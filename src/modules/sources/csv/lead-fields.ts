/** The ParsedListing fields an upload column (or a lead-form question) can fill. */
export const LEAD_FIELDS = [
  'title',
  'description',
  'price',
  'bedrooms',
  'bathrooms',
  'sqft',
  'lot_sqft',
  'year_built',
  'property_type',
  'listing_type',
  'address_line',
  'city',
  'state',
  'zip',
  'latitude',
  'longitude',
  'posted_at',
  'contact_name',
  'phone',
  'email',
  'url',
  'external_id',
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/** Fields that may take several columns: text is joined, phones and emails are collected. */
export const MULTI_COLUMN_FIELDS = ['contact_name', 'address_line', 'description', 'phone', 'email'] as const;

/**
 * Header names (in `headerKey` form) recognised for each field. Deliberately exact: "Mailing Address" is the
 * owner's address, not the property's, so a fuzzy "contains address" rule would put wrong data in a lead.
 */
const ALIASES: Record<LeadField, readonly string[]> = {
  title: ['title', 'headline', 'listing_title'],
  description: ['description', 'notes', 'note', 'comments', 'remarks', 'details', 'property_description'],
  price: [
    'price',
    'asking_price',
    'asking',
    'list_price',
    'listing_price',
    'sale_price',
    'rent',
    'monthly_rent',
  ],
  bedrooms: ['bedrooms', 'beds', 'bed', 'br', 'bdrms', 'number_of_bedrooms', 'bedroom_count'],
  bathrooms: ['bathrooms', 'baths', 'bath', 'ba', 'number_of_bathrooms', 'bathroom_count'],
  sqft: ['sqft', 'sq_ft', 'square_feet', 'square_footage', 'living_area', 'living_sqft', 'building_sqft'],
  lot_sqft: ['lot_sqft', 'lot_sq_ft', 'lot_size', 'lot_size_sqft', 'lot_area'],
  year_built: ['year_built', 'yr_built', 'built'],
  property_type: ['property_type', 'home_type', 'type_of_property', 'property_kind'],
  listing_type: ['listing_type', 'lead_type'],
  address_line: [
    'address',
    'property_address',
    'street_address',
    'street',
    'address_line',
    'address_line_1',
    'address_1',
    'site_address',
    'property_street',
  ],
  city: ['city', 'property_city', 'town'],
  state: ['state', 'st', 'property_state', 'province', 'state_province'],
  zip: [
    'zip',
    'zip_code',
    'zipcode',
    'postal_code',
    'post_code',
    'postcode',
    'property_zip',
    'property_zip_code',
  ],
  latitude: ['latitude', 'lat'],
  longitude: ['longitude', 'lng', 'lon', 'long'],
  posted_at: ['posted_at', 'date_posted', 'posted', 'listed_date', 'list_date', 'date_listed', 'created_at'],
  contact_name: ['owner_name', 'name', 'full_name', 'contact_name', 'seller_name', 'owner', 'contact'],
  phone: [
    'phone',
    'phone_number',
    'phone_1',
    'phone_2',
    'phone_3',
    'owner_phone',
    'contact_phone',
    'cell',
    'cell_phone',
    'mobile',
    'mobile_phone',
    'telephone',
    'tel',
    'home_phone',
    'primary_phone',
  ],
  email: ['email', 'e_mail', 'email_address', 'owner_email', 'contact_email', 'email_1', 'email_2'],
  url: ['url', 'link', 'listing_url', 'listing_link'],
  external_id: ['external_id', 'id', 'lead_id', 'listing_id', 'record_id'],
};

const BY_KEY = new Map<string, LeadField>();
for (const field of LEAD_FIELDS) for (const alias of ALIASES[field]) BY_KEY.set(alias, field);

/** A header or question label as a snake_case key: "Sq. Ft" → `sq_ft`, "firstName" → `first_name`. */
export function headerKey(label: string): string {
  return label
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The field a CSV header names, by exact alias; null when the header is not one we know. */
export function recogniseHeader(header: string): LeadField | null {
  return BY_KEY.get(headerKey(header)) ?? null;
}

/** A form answer the listing has no field for but buyers ask about; kept under one attribute key. */
export type FormAttribute = 'timeline';

// Question phrasing around the noun: "What is your asking price?" → `asking_price`.
const QUESTION_PREFIX =
  /^(what_is_|what_s_|whats_|what_are_|what_|how_many_|please_enter_|enter_)?(your_|the_)?/;

/**
 * The field a lead-form question fills, by its key or label (Facebook `asking_price`, LinkedIn
 * "What is your asking price?"), or `timeline` for "when do you want to sell"-style questions.
 */
export function recogniseQuestion(label: string): LeadField | FormAttribute | null {
  const key = headerKey(label);
  const direct = BY_KEY.get(key);
  if (direct) return direct;
  const bare = key.replace(QUESTION_PREFIX, '').replace(/_(is_it|are_there|does_it_have|do_you_have)$/, '');
  const stripped = BY_KEY.get(bare);
  if (stripped) return stripped;
  if (/^(timeline|selling_timeline|time_frame|timeframe)$/.test(bare)) return 'timeline';
  if (/^(when|how_soon)_.*(sell|move|list)/.test(key)) return 'timeline';
  if (/^(type_of|kind_of)_(home|property|house)/.test(bare)) return 'property_type';
  if (/^bedrooms?_|_bedrooms?$/.test(bare)) return 'bedrooms';
  if (/^bathrooms?_|_bathrooms?$/.test(bare)) return 'bathrooms';
  return null;
}
