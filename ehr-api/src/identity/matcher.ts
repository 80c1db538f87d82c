import damerauLevenshtein from 'talisman/metrics/damerau-levenshtein.js';
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import type { HospitalCode, PatientFacts } from '../ingestion/model.js';
import { COMMON_MIDDLE_NAMES, FAMILY_NAME_SHARE, RARE_FAMILY_NAME_SHARE } from './name-frequency.js';
import {
  addressUnits,
  bhytGroup,
  bhytSocialInsuranceNumber,
  normalizeCccd,
  normalizePhone,
  nameParts,
  parseBirthDate,
  type AddressUnits,
  type BirthDate,
  type NameParts,
} from './normalize.js';

/*
 * Do two hospital patient records describe one person? Deterministic rules on the citizen ID (CCCD)
 * and the BHYT social insurance number first; then a Fellegi–Sunter weighted sum: each field adds
 * log2(m/u) when it agrees (m: how often it agrees for the same person, u: by chance for two
 * different people in the same block) and log2((1-m)/(1-u)) when it disagrees. The weights below
 * are those log-ratios, rounded, from the rates stated beside them; the two thresholds were tuned on
 * the labelled set in evaluation/ (seed 1; the test checks another seed). A few rules then cover
 * what a sum of independent fields cannot: twins agree on everything but the given name.
 */

export type MatchDecision = 'match' | 'review' | 'non-match';

export interface MatchResult {
  decision: MatchDecision;
  /** Sum of the field weights (log2 likelihood ratio): above 0 favours one person. */
  score: number;
  /** Why, in words, one entry per field that counted and per rule that decided. */
  reasons: string[];
}

/** A patient record as a hospital holds it. */
export interface PatientRecord {
  hospital: HospitalCode;
  facts: PatientFacts;
}

export interface MatchThresholds {
  /** At or above: one person (when corroborated). */
  matchAt: number;
  /** Below: different people. Between the two: a person decides. */
  reviewAt: number;
}

export const DEFAULT_THRESHOLDS: Readonly<MatchThresholds> = { matchAt: 20, reviewAt: 8 };
/**
 * With an identifier equal, the person's own fields (name, birth date, sex) scoring below this are a
 * conflict worth a person's look: a newborn registered under the mother's CCCD shares her phone and
 * address, so those do not count here.
 */
const KEY_DEMOGRAPHIC_CONFLICT_BELOW = 0;

const WEIGHT = {
  // Two different people never share a CCCD; one person keeps it for life (m ≈ 0.999, u ≈ 1e-8).
  cccdEqual: 25,
  cccdDiffers: -25,
  // The social insurance number is also lifelong and personal, but older cards and typing errors
  // make disagreement a little less final.
  sinEqual: 20,
  sinDiffers: -8,
  // Given names: m = 0.95, u ≈ 0.012 for the common ones; disagreement m = 0.02 (typos beyond one edit).
  givenEqual: 6.3,
  givenMarksDiffer: 1,
  givenTypo: 2.5,
  givenSimilar: 1,
  givenDiffers: -7,
  familyDiffers: -5,
  middleEqualCommon: 1.5,
  middleEqualRare: 3,
  middleMarksDiffer: 1,
  middleTypo: 0.5,
  middleDiffers: -2,
  // Full birth date: u ≈ 1/(80 × 365); m ≈ 0.97.
  birthEqual: 14,
  birthMonthCompatible: 9,
  birthYearCompatible: 6,
  birthNear: 3,
  birthYearNear: -2,
  birthSameYearDiffers: -6,
  birthDiffers: -9,
  sexEqual: 1,
  sexDiffers: -5,
  // Phones are shared within a household and change often: u ≈ 0.001, m ≈ 0.6.
  phoneEqual: 9,
  phoneDiffers: -1.5,
  // People move: disagreement is weak evidence.
  wardEqual: 5,
  lineEqual: 2,
  districtEqual: 1.5,
  addressDiffers: -1,
} as const;

/** What the matcher compares, computed once per record. */
export interface PatientFeatures {
  name: NameParts;
  birthDate?: BirthDate;
  sex?: 'male' | 'female';
  cccd?: string;
  sin?: string;
  bhytGroup?: string;
  phone?: string;
  address?: AddressUnits;
}

export function patientFeatures(facts: PatientFacts): PatientFeatures {
  const features: PatientFeatures = { name: nameParts(facts.fullName, facts.family, facts.given) };
  const birthDate = parseBirthDate(facts.birthDate);
  if (birthDate) features.birthDate = birthDate;
  if (facts.gender === 'male' || facts.gender === 'female') features.sex = facts.gender;
  const cccd = normalizeCccd(facts.cccd);
  if (cccd) features.cccd = cccd;
  const sin = bhytSocialInsuranceNumber(facts.bhyt);
  if (sin) features.sin = sin;
  const group = bhytGroup(facts.bhyt);
  if (group) features.bhytGroup = group;
  const phone = normalizePhone(facts.phone);
  if (phone) features.phone = phone;
  const address = addressUnits(facts.address);
  if (address) features.address = address;
  return features;
}

type PartLevel = 'equal' | 'marks-differ' | 'typo' | 'similar' | 'different';

function comparePart(a: string, b: string, aMarked: string, bMarked: string, bothMarked: boolean): PartLevel {
  if (a === b) return bothMarked && aMarked !== bMarked ? 'marks-differ' : 'equal';
  if (Math.min(a.length, b.length) >= 2 && damerauLevenshtein(a, b) <= 1) return 'typo';
  return jaroWinkler(a, b) >= 0.9 ? 'similar' : 'different';
}

interface NameComparison {
  family: PartLevel;
  given: PartLevel;
  middle: PartLevel | 'missing';
  reordered: boolean;
  weight: number;
}

function familyAgreementWeight(family: string): number {
  return Math.log2(0.95 / (FAMILY_NAME_SHARE[family] ?? RARE_FAMILY_NAME_SHARE));
}

function familyWeight(level: PartLevel, family: string): number {
  const agree = familyAgreementWeight(family);
  switch (level) {
    case 'equal':
      return agree;
    case 'marks-differ':
      return Math.max(0, agree - 1);
    case 'typo':
      return agree / 2;
    case 'similar':
      return agree / 4;
    case 'different':
      return WEIGHT.familyDiffers;
  }
}

function givenWeight(level: PartLevel): number {
  return { equal: WEIGHT.givenEqual, 'marks-differ': WEIGHT.givenMarksDiffer, typo: WEIGHT.givenTypo, similar: WEIGHT.givenSimilar, different: WEIGHT.givenDiffers }[level];
}

function middleWeight(level: PartLevel | 'missing', middle: string): number {
  if (level === 'equal') return middle.split(' ').every((word) => COMMON_MIDDLE_NAMES.has(word)) ? WEIGHT.middleEqualCommon : WEIGHT.middleEqualRare;
  return { missing: 0, 'marks-differ': WEIGHT.middleMarksDiffer, typo: WEIGHT.middleTypo, similar: 0, different: WEIGHT.middleDiffers }[level];
}

function rotate<T>(items: readonly T[], by: number): T[] {
  return [...items.slice(by), ...items.slice(0, by)];
}

function alignNames(a: NameParts, b: NameParts, rotation: number): NameComparison {
  const bWords = rotate(b.words, rotation);
  const bMarked = rotate(b.markedWords, rotation);
  const bothMarked = a.hasMarks && b.hasMarks;
  const last = (words: readonly string[]): string => words.at(-1) ?? '';
  const family = comparePart(a.words[0] ?? '', bWords[0] ?? '', a.markedWords[0] ?? '', bMarked[0] ?? '', bothMarked);
  const given = comparePart(last(a.words), last(bWords), last(a.markedWords), last(bMarked), bothMarked);
  const aMiddle = a.words.slice(1, -1);
  const bMiddle = bWords.slice(1, -1);
  let middle: PartLevel | 'missing';
  if (aMiddle.length === 0 || bMiddle.length === 0) middle = 'missing';
  else if (aMiddle.join(' ') !== bMiddle.join(' ') && (aMiddle.every((word) => bMiddle.includes(word)) || bMiddle.every((word) => aMiddle.includes(word)))) middle = 'missing';
  else middle = comparePart(aMiddle.join(' '), bMiddle.join(' '), a.markedWords.slice(1, -1).join(' '), bMarked.slice(1, -1).join(' '), bothMarked);
  const weight = familyWeight(family, a.words[0] ?? '') + givenWeight(given) + middleWeight(middle, aMiddle.join(' '));
  return { family, given, middle, reordered: rotation !== 0, weight };
}

function agrees(level: PartLevel): boolean {
  return level === 'equal' || level === 'marks-differ' || level === 'typo';
}

/**
 * Best alignment of the two names over the word orders a source may have used ("Lan Nguyễn Thị").
 * Another order counts only when it makes both family and given name agree: otherwise a rotation
 * would pair a twin's given name with a middle name and hide the difference that matters.
 */
function compareNames(a: NameParts, b: NameParts): NameComparison {
  let best = alignNames(a, b, 0);
  for (let rotation = 1; rotation < b.words.length; rotation++) {
    const candidate = alignNames(a, b, rotation);
    if (agrees(candidate.family) && agrees(candidate.given) && candidate.weight > best.weight) best = candidate;
  }
  return best;
}

const PART_WORDS: Record<Exclude<PartLevel, 'equal'>, string> = {
  'marks-differ': 'differs only in diacritics',
  typo: 'within one typo',
  similar: 'similar',
  different: 'differs',
};

function nameReasons(comparison: NameComparison, a: NameParts, b: NameParts): string[] {
  const reasons: string[] = [];
  const { family, given, middle } = comparison;
  const allEqual = family === 'equal' && given === 'equal' && (middle === 'equal' || (middle === 'missing' && a.words.length === b.words.length));
  if (allEqual) reasons.push(comparison.reordered ? 'same name words in another order' : 'name equal after folding');
  else {
    if (comparison.reordered) reasons.push('name words in another order');
    if (middle === 'missing') reasons.push('middle name missing on one side');
    reasons.push(family === 'equal' ? 'family name equal' : `family name ${PART_WORDS[family]}`);
    if (middle !== 'missing') reasons.push(middle === 'equal' ? 'middle name equal' : `middle name ${PART_WORDS[middle]}`);
    reasons.push(given === 'equal' ? 'given name equal' : `given name ${PART_WORDS[given]}`);
  }
  if (a.hasMarks !== b.hasMarks) reasons.push('one name written without diacritics');
  return reasons;
}

type BirthLevel = 'equal' | 'month-compatible' | 'year-compatible' | 'near' | 'year-near' | 'same-year-differs' | 'differs';

function digits(date: BirthDate): string {
  return `${date.year}${String(date.month).padStart(2, '0')}${String(date.day).padStart(2, '0')}`;
}

function compareBirthDates(a: BirthDate, b: BirthDate): BirthLevel {
  if (a.day !== undefined && b.day !== undefined) {
    if (a.year === b.year && a.month === b.month && a.day === b.day) return 'equal';
    // One mistyped digit, two swapped digits, or day and month swapped.
    const swapped = a.year === b.year && a.month === b.day && a.day === b.month;
    if (swapped || damerauLevenshtein(digits(a), digits(b)) <= 1) return 'near';
    return a.year === b.year ? 'same-year-differs' : 'differs';
  }
  if (a.year !== b.year) return Math.abs(a.year - b.year) === 1 ? 'year-near' : 'differs';
  if (a.month !== undefined && b.month !== undefined) return a.month === b.month ? 'month-compatible' : 'same-year-differs';
  return 'year-compatible';
}

const BIRTH_WEIGHT: Record<BirthLevel, number> = {
  equal: WEIGHT.birthEqual,
  'month-compatible': WEIGHT.birthMonthCompatible,
  'year-compatible': WEIGHT.birthYearCompatible,
  near: WEIGHT.birthNear,
  'year-near': WEIGHT.birthYearNear,
  'same-year-differs': WEIGHT.birthSameYearDiffers,
  differs: WEIGHT.birthDiffers,
};

const BIRTH_REASON: Record<BirthLevel, string> = {
  equal: 'birth date equal',
  'month-compatible': 'birth month compatible (partial date)',
  'year-compatible': 'birth year compatible (year-only date)',
  near: 'birth date within one typo',
  'year-near': 'birth year one apart (partial date)',
  'same-year-differs': 'birth date differs in the same year',
  differs: 'birth date differs',
};

type AddressLevel = 'ward' | 'district' | 'differs';

function compareAddresses(a: AddressUnits, b: AddressUnits): AddressLevel | undefined {
  const districtsKnown = a.district !== undefined && b.district !== undefined;
  const sameDistrict = districtsKnown && a.district === b.district;
  if (a.ward !== undefined && a.ward === b.ward && (sameDistrict || !districtsKnown)) return 'ward';
  if (sameDistrict) return 'district';
  if (districtsKnown || (a.ward !== undefined && b.ward !== undefined)) return 'differs';
  return undefined;
}

/** Compares two records' features. Use matchPatients for facts, matchRecords for hospital records. */
export function compareFeatures(a: PatientFeatures, b: PatientFeatures, thresholds: MatchThresholds = DEFAULT_THRESHOLDS): MatchResult {
  const { matchAt, reviewAt } = thresholds;
  const reasons: string[] = [];
  let keyScore = 0;
  let score = 0;

  const cccd = a.cccd && b.cccd ? (a.cccd === b.cccd ? 'equal' : 'differs') : undefined;
  if (cccd === 'equal') {
    keyScore += WEIGHT.cccdEqual;
    reasons.push('same CCCD');
  } else if (cccd === 'differs') {
    keyScore += WEIGHT.cccdDiffers;
    reasons.push('CCCD differs');
  }
  const sin = a.sin && b.sin ? (a.sin === b.sin ? 'equal' : 'differs') : undefined;
  if (sin === 'equal') {
    keyScore += WEIGHT.sinEqual;
    reasons.push('same BHYT social insurance number');
    if (a.bhytGroup && b.bhytGroup && a.bhytGroup !== b.bhytGroup) reasons.push(`BHYT group changed (${a.bhytGroup} → ${b.bhytGroup})`);
  } else if (sin === 'differs') {
    keyScore += WEIGHT.sinDiffers;
    reasons.push('BHYT social insurance number differs');
  }

  const name = compareNames(a.name, b.name);
  score += name.weight;
  let personal = name.weight;
  reasons.push(...nameReasons(name, a.name, b.name));

  const birth = a.birthDate && b.birthDate ? compareBirthDates(a.birthDate, b.birthDate) : undefined;
  if (birth) {
    score += BIRTH_WEIGHT[birth];
    personal += BIRTH_WEIGHT[birth];
    reasons.push(BIRTH_REASON[birth]);
  }

  if (a.sex && b.sex) {
    score += a.sex === b.sex ? WEIGHT.sexEqual : WEIGHT.sexDiffers;
    personal += a.sex === b.sex ? WEIGHT.sexEqual : WEIGHT.sexDiffers;
    reasons.push(a.sex === b.sex ? 'sex equal' : 'sex differs');
  }

  const phone = a.phone && b.phone ? a.phone === b.phone : undefined;
  if (phone !== undefined) {
    score += phone ? WEIGHT.phoneEqual : WEIGHT.phoneDiffers;
    reasons.push(phone ? 'phone equal' : 'phone differs');
  }

  const address = a.address && b.address ? compareAddresses(a.address, b.address) : undefined;
  if (address === 'ward') {
    const sameLine = a.address?.line !== undefined && a.address.line === b.address?.line;
    score += WEIGHT.wardEqual + (sameLine ? WEIGHT.lineEqual : 0);
    reasons.push(sameLine ? 'same street address, ward and district' : 'same ward and district');
  } else if (address === 'district') {
    score += WEIGHT.districtEqual;
    reasons.push('same district, different ward');
  } else if (address === 'differs') {
    score += WEIGHT.addressDiffers;
    reasons.push('address differs');
  }

  const total = round(score + keyScore);
  const decide = (decision: MatchDecision, why?: string): MatchResult => ({ decision, score: total, reasons: why ? [...reasons, why] : reasons });

  if (cccd === 'differs') {
    if (sin === 'equal') return decide('review', 'identifiers conflict: CCCD differs but the BHYT social insurance number is the same');
    return decide(total >= reviewAt ? 'review' : 'non-match');
  }
  if (cccd === 'equal' || sin === 'equal') {
    if (personal < KEY_DEMOGRAPHIC_CONFLICT_BELOW) return decide('review', `same ${cccd === 'equal' ? 'CCCD' : 'BHYT social insurance number'} but name and birth date disagree`);
    return decide('match');
  }

  // Twins agree on everything a household shares; only the given
  // name tells them apart, which an independent-fields sum cannot weigh enough.
  if (agrees(name.family) && birth === 'equal') {
    const household = address === 'ward' || phone === true;
    if (name.given === 'different' || name.given === 'similar') {
      return decide('non-match', household ? 'twin: same family/birth date/address, different given name' : 'same family name and birth date, different given name');
    }
    if (name.given === 'marks-differ' || (name.given === 'typo' && household)) {
      return decide(total >= reviewAt ? 'review' : 'non-match', 'given name nearly equal with the same birth date: a typo or a twin');
    }
  }

  if (sin === 'differs' && cccd !== 'equal') {
    // Each person has one social insurance number for life; a difference is only ever a typo to check.
    return decide(total >= reviewAt ? 'review' : 'non-match', total >= matchAt ? 'BHYT social insurance number differs: not linked without a person looking' : undefined);
  }
  if (total >= matchAt) {
    const corroborated = phone === true || address === 'ward';
    if (!corroborated) return decide('review', 'only name, birth date and sex agree: not enough to link without an identifier, phone or address');
    return decide('match');
  }
  return decide(total >= reviewAt ? 'review' : 'non-match');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Do these two sets of patient facts describe one person? */
export function matchPatients(a: PatientFacts, b: PatientFacts, thresholds?: MatchThresholds): MatchResult {
  return compareFeatures(patientFeatures(a), patientFeatures(b), thresholds);
}

/** As matchPatients, knowing which hospital holds each record: one hospital's patient number is one person. */
export function matchRecords(a: PatientRecord, b: PatientRecord, thresholds?: MatchThresholds): MatchResult {
  const result = matchPatients(a.facts, b.facts, thresholds);
  if (a.hospital === b.hospital && a.facts.mrn.trim() === b.facts.mrn.trim()) {
    return { ...result, decision: 'match', reasons: ['same hospital patient number', ...result.reasons] };
  }
  return result;
}
