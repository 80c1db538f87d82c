import type { AddressFacts, BhytFacts } from '../ingestion/model.js';

/*
 * Turning what hospitals write into values that can be compared. Everything here is small,
 * Vietnamese-specific folding that no general library does for us (Unicode NFD is the library part).
 */

import { foldVietnamese } from '@qn/contracts/text';

export { foldVietnamese };

/** Lower-case NFC with marks kept, spaces collapsed: tells "Hùng" from "Hưng", which folding cannot. */
export function markedLowercase(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}0-9]+/gu, ' ')
    .trim();
}

/** Whether the text carries any Vietnamese mark at all (sources without diacritics carry none). */
export function hasVietnameseMarks(text: string): boolean {
  return /[\u0300-\u036f\u0111\u0110]/.test(text.normalize('NFD'));
}

/** A name split the Vietnamese way: family first, given last, middle in between. */
export interface NameParts {
  /** Folded words in the order written (after putting the family name first when the source said which it is). */
  words: string[];
  /** The same words lower-cased with their marks. */
  markedWords: string[];
  /** Whether the source wrote diacritics, so a difference in marks means something. */
  hasMarks: boolean;
}

export function nameParts(fullName: string, family?: string, given?: readonly string[]): NameParts {
  let text = fullName.trim();
  if (!text && (family || given?.length)) text = [family ?? '', ...(given ?? [])].join(' ');
  let marked = markedLowercase(text).split(' ').filter(Boolean);
  // A source that names the family part but wrote it last ("Lan Nguyễn Thị") gets family first.
  const familyFolded = family ? foldVietnamese(family) : '';
  if (familyFolded && !familyFolded.includes(' ')) {
    const at = marked.findIndex((word) => foldVietnamese(word) === familyFolded);
    if (at > 0) marked = [...marked.slice(at), ...marked.slice(0, at)];
  }
  return {
    words: marked.map(foldVietnamese),
    markedWords: marked,
    hasMarks: hasVietnameseMarks(text),
  };
}

/** A birth date with its known precision, from "1948", "1948-03" or "1948-03-07". */
export interface BirthDate {
  year: number;
  month?: number;
  day?: number;
}

export function parseBirthDate(value: string | undefined): BirthDate | undefined {
  const match = value ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value.trim()) : null;
  if (!match) return undefined;
  const date: BirthDate = { year: Number(match[1]) };
  if (match[2]) date.month = Number(match[2]);
  if (match[3]) date.day = Number(match[3]);
  return date;
}

/*
 * Vietnam moved 11-digit mobile numbers to 10 digits in 2018 (0168 → 038 and so on); records
 * written before then still carry the old form. Prefix table from the Ministry of Information and
 * Communications' conversion plan.
 */
const OLD_MOBILE_PREFIXES: Record<string, string> = {
  '0162': '032',
  '0163': '033',
  '0164': '034',
  '0165': '035',
  '0166': '036',
  '0167': '037',
  '0168': '038',
  '0169': '039',
  '0120': '070',
  '0121': '079',
  '0122': '077',
  '0126': '076',
  '0128': '078',
  '0123': '083',
  '0124': '084',
  '0125': '085',
  '0127': '081',
  '0129': '082',
  '0186': '056',
  '0188': '058',
  '0199': '059',
};

/**
 * A phone number in national form ("0912345678"), whatever the source wrote: "+84 912 345 678",
 * "84912345678", "0912.345.678", the pre-2018 11-digit mobile form. Undefined when it is not a
 * plausible Vietnamese number.
 */
export function normalizePhone(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let digits = value.replace(/\D/g, '');
  if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12))
    digits = `0${digits.slice(2)}`;
  else if (!digits.startsWith('0') && digits.length === 9) digits = `0${digits}`;
  if (digits.length === 11) {
    const newPrefix = OLD_MOBILE_PREFIXES[digits.slice(0, 4)];
    if (newPrefix) digits = newPrefix + digits.slice(4);
  }
  return /^0\d{9,10}$/.test(digits) ? digits : undefined;
}

/** A 12-digit citizen ID (CCCD), or undefined when the value is not one. */
export function normalizeCccd(value: string | undefined): string | undefined {
  const digits = value?.replace(/[\s.-]/g, '');
  return digits && /^\d{12}$/.test(digits) ? digits : undefined;
}

/**
 * The stable part of a BHYT card number: its last 10 digits, the person's social insurance number.
 * The first three characters (beneficiary group and benefit level) and the province code change
 * over a life; these ten do not.
 */
export function bhytSocialInsuranceNumber(bhyt: BhytFacts | undefined): string | undefined {
  const compact = bhyt?.number.replace(/\s/g, '').toUpperCase();
  if (!compact) return undefined;
  const match = /^[A-Z]{2}\d(\d{2})?(\d{10})$/.exec(compact);
  return match?.[2];
}

/** The group and level prefix of a BHYT number ("HT3"), to say when it changed. */
export function bhytGroup(bhyt: BhytFacts | undefined): string | undefined {
  const compact = bhyt?.number.replace(/\s/g, '').toUpperCase();
  return compact && /^[A-Z]{2}\d/.test(compact) ? compact.slice(0, 3) : undefined;
}

/** Address reduced to its administrative units and street line, each folded and without its unit word. */
export interface AddressUnits {
  line?: string;
  ward?: string;
  district?: string;
  province?: string;
}

// Unit words as written in full or abbreviated; longest first so "thanh pho" wins over "pho".
const UNIT_WORDS = [
  'thanh pho',
  'thi tran',
  'thi xa',
  'phuong',
  'quan',
  'huyen',
  'tinh',
  'tp',
  'tx',
  'tt',
  'xa',
  'p',
  'q',
  'h',
];
const UNIT_PREFIX = new RegExp(`^(?:${UNIT_WORDS.join('|')})\\s+`);

function unitName(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const folded = foldVietnamese(value).replace(UNIT_PREFIX, '').trim();
  return folded || undefined;
}

/**
 * Ward, district and province from the structured fields when the source gave them, otherwise from
 * the comma-separated text read from the end ("…, phường Bãi Cháy, TP Hạ Long, Quảng Ninh").
 */
export function addressUnits(address: AddressFacts | undefined): AddressUnits | undefined {
  if (!address) return undefined;
  const parts = address.text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean);
  const fromText =
    parts.length >= 3
      ? {
          province: parts.at(-1),
          district: parts.at(-2),
          ward: parts.at(-3),
          line: parts.slice(0, -3).join(', '),
        }
      : {};
  const units: AddressUnits = {};
  const ward = unitName(address.ward ?? fromText.ward);
  const district = unitName(address.district ?? address.city ?? fromText.district);
  const province = unitName(address.province ?? fromText.province);
  const line = address.line ?? fromText.line;
  if (ward) units.ward = ward;
  if (district) units.district = district;
  if (province) units.province = province;
  if (line && foldVietnamese(line)) units.line = foldVietnamese(line);
  return Object.keys(units).length ? units : undefined;
}
