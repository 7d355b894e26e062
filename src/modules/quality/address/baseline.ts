import { createRequire } from 'node:module';
import { directionalCode, joinWords, splitZip, stateCode, suffixCode, unitTypeCode } from './normalize.js';
import { type AddressComponents, emptyComponents } from './types.js';

/** The fields parse-address (a CommonJS port of Perl's Geo::StreetAddress::US) returns. */
interface ParseAddressResult {
  number?: string;
  prefix?: string;
  street?: string;
  type?: string;
  suffix?: string;
  sec_unit_type?: string;
  sec_unit_num?: string;
  city?: string;
  state?: string;
  zip?: string;
  plus4?: string;
}

// parse-address ships no types and is CommonJS: load it through require with the shape declared above.
const parseAddress = createRequire(import.meta.url)('parse-address') as {
  parseLocation(text: string): ParseAddressResult | null;
};

/** The library baseline: parse-address's `parseLocation`, its fields mapped onto our components. */
export function parseWithLibrary(text: string): AddressComponents {
  const parts = emptyComponents();
  const found = parseAddress.parseLocation(text);
  if (!found) return parts;
  const unitType = found.sec_unit_type ? joinWords([found.sec_unit_type]) : null;
  if (unitType !== null && /^P\W*O\W*BOX$|^POBOX$/.test(unitType.replace(/\s/g, ''))) {
    // parse-address reports a PO box as a secondary unit; we keep it in `street`.
    parts.street = joinWords(['PO', 'BOX', found.sec_unit_num ?? '']);
  } else {
    parts.number = joinWords([found.number ?? '']);
    parts.street = joinWords([found.street ?? '']);
    parts.unit_type = unitType === null ? null : (unitTypeCode(unitType) ?? unitType);
    parts.unit = joinWords([found.sec_unit_num ?? '']);
  }
  parts.predirectional = found.prefix ? directionalCode(found.prefix) : null;
  parts.suffix = found.type ? (suffixCode(found.type) ?? joinWords([found.type])) : null;
  parts.postdirectional = found.suffix ? directionalCode(found.suffix) : null;
  parts.city = joinWords([found.city ?? '']);
  parts.state = found.state ? (stateCode(found.state) ?? joinWords([found.state])) : null;
  if (found.zip) {
    const zip = splitZip(found.zip);
    parts.zip = zip.zip;
    parts.zip4 = found.plus4 ?? zip.zip4;
  }
  return parts;
}
