// NANP area codes by where they are in use, from the public NANPA assignment lists (geographic codes
// in service or announced as overlays). Keys are US state / DC / territory codes, `CA-xx` for Canadian
// provinces, and ISO country codes for the Caribbean NANP members. Toll-free and other non-geographic
// codes are listed apart: they say nothing about where the owner is.

const BY_REGION: Record<string, string> = {
  AL: '205 251 256 334 659 938',
  AK: '907',
  AZ: '480 520 602 623 928',
  AR: '327 479 501 870',
  CA: '209 213 279 310 323 341 350 357 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 837 840 858 909 916 925 949 951',
  CO: '303 719 720 970 983',
  CT: '203 475 860 959',
  DE: '302',
  DC: '202 771',
  FL: '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954',
  GA: '229 404 470 478 678 706 762 770 912 943',
  HI: '808',
  ID: '208 986',
  IL: '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872',
  IN: '219 260 317 463 574 765 812 930',
  IA: '319 515 563 641 712',
  KS: '316 620 785 913',
  KY: '270 364 502 606 859',
  LA: '225 318 337 457 504 985',
  ME: '207',
  MD: '227 240 301 410 443 667',
  MA: '339 351 413 508 617 774 781 857 978',
  MI: '231 248 269 313 517 586 616 679 734 810 906 947 989',
  MN: '218 320 507 612 651 763 924 952',
  MS: '228 601 662 769',
  MO: '235 314 417 557 573 636 660 816 975',
  MT: '406',
  NE: '308 402 531',
  NV: '702 725 775',
  NH: '603',
  NJ: '201 551 609 640 732 848 856 862 908 973',
  NM: '505 575',
  NY: '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934',
  NC: '252 336 472 704 743 828 910 919 980 984',
  ND: '701',
  OH: '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937',
  OK: '405 539 572 580 918',
  OR: '458 503 541 971',
  PA: '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878',
  RI: '401',
  SC: '803 821 839 843 854 864',
  SD: '605',
  TN: '423 615 629 731 865 901 931',
  TX: '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979',
  UT: '385 435 801',
  VT: '802',
  VA: '276 434 540 571 686 703 757 804 826 948',
  WA: '206 253 360 425 509 564',
  WV: '304 681',
  WI: '262 274 353 414 534 608 715 920',
  WY: '307',
  PR: '787 939',
  VI: '340',
  GU: '671',
  MP: '670',
  AS: '684',
  'CA-AB': '368 403 587 780 825',
  'CA-BC': '236 250 604 672 778',
  'CA-MB': '204 431 584',
  'CA-NB': '428 506',
  'CA-NL': '709 879',
  'CA-NS': '782 902',
  'CA-ON': '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942',
  'CA-QC': '263 354 367 418 438 450 468 514 579 581 819 873',
  'CA-SK': '306 474 639',
  'CA-YT': '867',
};

// Caribbean NANP members, by country name (their ISO codes would clash with state codes: KY, MS).
const CARIBBEAN: Record<string, string> = {
  Bahamas: '242',
  Barbados: '246',
  Anguilla: '264',
  'Antigua and Barbuda': '268',
  'British Virgin Islands': '284',
  'Cayman Islands': '345',
  Bermuda: '441',
  Grenada: '473',
  'Turks and Caicos': '649',
  Jamaica: '658 876',
  Montserrat: '664',
  'Sint Maarten': '721',
  'Saint Lucia': '758',
  Dominica: '767',
  'Saint Vincent and the Grenadines': '784',
  'Dominican Republic': '809 829 849',
  'Trinidad and Tobago': '868',
  'Saint Kitts and Nevis': '869',
};

/** Toll-free, premium and other non-geographic NANP codes. */
export const NON_GEOGRAPHIC_AREA_CODES: ReadonlySet<string> = new Set(
  '500 521 522 523 524 525 526 527 528 529 533 544 566 577 588 600 700 710 800 833 844 855 866 877 888 900'.split(
    ' ',
  ),
);

const TERRITORIES = new Set(['PR', 'VI', 'GU', 'MP', 'AS']);

function entries(table: Record<string, string>): [string, string][] {
  return Object.entries(table).flatMap(([region, codes]) =>
    codes.split(' ').map((code) => [code, region] as [string, string]),
  );
}

const REGION_BY_CODE: ReadonlyMap<string, string> = new Map(entries(BY_REGION));
const COUNTRY_BY_CODE: ReadonlyMap<string, string> = new Map(entries(CARIBBEAN));

export type AreaCodeRegion =
  | { kind: 'us_state'; region: string }
  | { kind: 'us_territory'; region: string }
  | { kind: 'canada'; region: string }
  | { kind: 'caribbean'; region: string }
  | { kind: 'non_geographic' }
  | { kind: 'unknown' };

/** Where a +1 number's area code is in use, from the NANPA tables above. */
export function areaCodeRegion(e164: string): AreaCodeRegion {
  const match = /^\+1([2-9]\d{2})\d{7}$/.exec(e164);
  if (!match) return { kind: 'unknown' };
  const code = match[1]!;
  if (NON_GEOGRAPHIC_AREA_CODES.has(code)) return { kind: 'non_geographic' };
  const country = COUNTRY_BY_CODE.get(code);
  if (country) return { kind: 'caribbean', region: country };
  const region = REGION_BY_CODE.get(code);
  if (!region) return { kind: 'unknown' };
  if (region.startsWith('CA-')) return { kind: 'canada', region };
  if (TERRITORIES.has(region)) return { kind: 'us_territory', region };
  return { kind: 'us_state', region };
}

/** How many codes the tables hold and how many rows they have (equal when no code is listed twice). */
export function areaCodeTableSize(): { codes: number; rows: number } {
  const rows = entries(BY_REGION).length + entries(CARIBBEAN).length;
  const codes = new Set([...REGION_BY_CODE.keys(), ...COUNTRY_BY_CODE.keys(), ...NON_GEOGRAPHIC_AREA_CODES])
    .size;
  return { codes, rows: rows + NON_GEOGRAPHIC_AREA_CODES.size };
}
