import { describe, expect, it } from 'vitest';
import { findContactName, findEmails, findPhones } from './craigslist.contact.js';

describe('findPhones', () => {
  // Written as posters write them (many from the corpus), each kept verbatim.
  it.each([
    ['If interested call me at 505-555-zero142.', ['505-555-zero142']],
    ['For information call Micah at (617)555-0181', ['(617)555-0181']],
    ['Call Now    617 555 0165', ['617 555 0165']],
    ['Cell: 860.555.0111', ['860.555.0111']],
    ['Text James 7085550193', ['7085550193']],
    ['Call or text Leana*773*555*0196', ['773*555*0196']],
    ["📲 786'*'555'*'O1O6", ["786'*'555'*'O1O6"]],
    ["Text only 954'+'555'+'O1O4 Office 954'+'555 '+'O1O5", ["954'+'555'+'O1O4", "954'+'555 '+'O1O5"]],
    ['please call : (8) (3) (3) (5) (5) (5) (0) (1) (0) (9)', ['(8) (3) (3) (5) (5) (5) (0) (1) (0) (9)']],
    ['Apartment Hunters LLC (8 1 7) 5 5 5-0 1 9 1', ['(8 1 7) 5 5 5-0 1 9 1']],
    ['or text 469555011nine', ['469555011nine']],
    ['call or text today 210 5five5-0113 for showing', ['210 5five5-0113']],
    ['text Cody @ 5l2-555-0114', ['5l2-555-0114']],
    ['call or text Jay 1-773-555-0107.', ['1-773-555-0107']],
    ['Cambridge, MA 02138 617-555-0100', ['617-555-0100']],
    ['Call us today at 555-0116 or visit', ['555-0116']],
    ['Call 617-555-0100 or 617.555.0100', ['617-555-0100', '617.555.0100']],
  ])('%j', (text, expected) => {
    expect(findPhones(text)).toEqual(expected);
  });

  it.each([
    ['2x2 (989-1250 sq. ft.): 2 plans'],
    ['*1990 *1991* *91* *1992* *92*'],
    ['https://example.com/?uid=2521595912&pwcid=1'],
    ['Zip codes 11236, 11234, 11229'],
    ['Available 09/01/2022\n1/2 fee'],
    ['ID: 294075530 Rent: $1,476'],
    ['Reference #1237632 for a showing'],
    ['one two three four five six seven eight nine ten'],
  ])('finds no phone in %j', (text) => {
    expect(findPhones(text)).toEqual([]);
  });
});

describe('findEmails', () => {
  it.each([
    ['BenC @ example . com', ['BenC @ example . com']],
    ['ChrisP @ example.com          860 - 555 - 0192', ['ChrisP @ example.com']],
    ['mail owner(at)example(dot)com today', ['owner(at)example(dot)com']],
    ['jane.doe+rent@example.co today', ['jane.doe+rent@example.co']],
    ['check it out at blueash dot com', []],
    ['no address here', []],
  ])('%j', (text, expected) => {
    expect(findEmails(text)).toEqual(expected);
  });
});

describe('findContactName', () => {
  it.each([
    ['For information and details, call Micah Fakename at (617)555-0181', 'Micah Fakename'],
    ['<h3>Contact Agent: Dana Examplar</h3>', 'Dana Examplar'],
    ['Contact info: Terry Sample | The Apartment Resource', 'Terry Sample'],
    ['Call/Text Ryan 407-555-0141 !', 'Ryan'],
    ['Please email Ben with any questions', 'Ben'],
    ['Call Blake Level Now 617 555 0165', 'Blake Level'],
    ['Call Now 617 555 0165', null],
    ['Call Us Today! show contact info', null],
    ['If interested call me at 505-555-zero142.', null],
    ['Call Today! (630) 555-0144', null],
    ['Call Apartment Guys and ask for reference #1025408', null],
  ])('%j → %j', (text, expected) => {
    expect(findContactName(text)).toBe(expected);
  });
});
