import type { PatientFeatures } from './matcher.js';

/*
 * Blocking: the keys under which a member is filed, so a new record is compared with the few
 * members that could be the same person instead of all of them. Each key tolerates a different
 * error: family + given initial + birth year (typos in the rest of the name, partial dates), family
 * + full birth date (given-name typos), given + full birth date (family-name typos), phone (name or
 * date badly wrong), CCCD and BHYT number. A member is filed under every word order of its name;
 * a query uses the order written, so "Lan Nguyễn Thị" and "Nguyễn Thị Lan" meet either way.
 */

function rotations(words: readonly string[]): string[][] {
  return words.map((_, by) => [...words.slice(by), ...words.slice(0, by)]);
}

function isoDate(features: PatientFeatures): string | undefined {
  const date = features.birthDate;
  if (date?.month === undefined || date.day === undefined) return undefined;
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function nameKeys(words: readonly string[], features: PatientFeatures, forQuery: boolean): string[] {
  const family = words[0];
  const given = words.at(-1);
  if (!family || !given) return [];
  const keys: string[] = [];
  const year = features.birthDate?.year;
  const date = isoDate(features);
  if (year !== undefined) keys.push(`n:${family}|${given[0]}|${year}`);
  if (date) keys.push(`fd:${family}|${date}`, `gd:${given}|${date}`);
  // Without a birth date a record is filed apart (few are), and a query without one asks by name.
  if (year === undefined) keys.push(forQuery ? `fg:${family}|${given}` : `nd:${family}|${given}`);
  if (!forQuery) keys.push(`fg:${family}|${given}`);
  else if (year !== undefined) keys.push(`nd:${family}|${given}`);
  return keys;
}

function identifierKeys(features: PatientFeatures): string[] {
  const keys: string[] = [];
  if (features.phone) keys.push(`p:${features.phone}`);
  if (features.cccd) keys.push(`c:${features.cccd}`);
  if (features.sin) keys.push(`s:${features.sin}`);
  return keys;
}

/** Keys a member is filed under. */
export function memberBlockingKeys(features: PatientFeatures): string[] {
  const keys = rotations(features.name.words).flatMap((words) => nameKeys(words, features, false));
  return [...new Set([...keys, ...identifierKeys(features)])];
}

/** Keys a new record looks its candidates up by. */
export function queryBlockingKeys(features: PatientFeatures): string[] {
  return [...new Set([...nameKeys(features.name.words, features, true), ...identifierKeys(features)])];
}
