import type { LabSeries, RecordHospital, SharedRecord, TimelineEntry } from '@qn/contracts';

import { type LabFlag, fhirInstant, labFlag } from '../../../shared/lab-chart/lab-format';
import { groupTimeline, vnDay } from '../../doctor/record-format';

/** One recent visit, in the words a patient would use. */
export interface SummaryVisit {
  readonly key: string;
  /** `dd/mm/yyyy`, the day in Viet Nam; null when the record has no date. */
  readonly date: string | null;
  readonly hospital: RecordHospital;
  /** "Khám ngoại trú", from the visit's title; null for diagnoses recorded without a visit. */
  readonly visitType: string | null;
  /** "Nội", the part of the visit's title after " — ". */
  readonly department: string | null;
  /** Diagnoses in the source's words (no codes), the first recorded first. */
  readonly diagnoses: readonly string[];
  /** Why the patient came, when no diagnosis was recorded. */
  readonly reason: string | null;
}

export type Trend = 'up' | 'down' | 'same';

/** One test: the latest result with its flag, and the earlier values for a sparkline. */
export interface SummaryResult {
  readonly key: string;
  readonly name: string;
  readonly unit: string | null;
  readonly value: number;
  readonly date: string | null;
  readonly hospital: RecordHospital;
  readonly flag: LabFlag | null;
  /** Compared with the result before it; null for a single result. */
  readonly trend: Trend | null;
  readonly previous: number | null;
  /** Every value, oldest first. */
  readonly values: readonly number[];
  readonly referenceLow: number | null;
  readonly referenceHigh: number | null;
}

export interface SummaryAllergy {
  readonly key: string;
  readonly substance: string;
  readonly reaction: string | null;
  readonly hospital: RecordHospital;
}

export interface RecordSummary {
  readonly hospitals: readonly RecordHospital[];
  readonly visits: readonly SummaryVisit[];
  readonly results: readonly SummaryResult[];
  readonly allergies: readonly SummaryAllergy[];
}

export interface SummaryLimits {
  readonly visits: number;
  readonly results: number;
}

/** A kiosk screen is read standing up: a few of the most recent things, not the whole record. */
export const KIOSK_SUMMARY_LIMITS: SummaryLimits = { visits: 5, results: 6 };

const TITLE_SEPARATOR = ' — ';

function at(value: string | undefined): number {
  const instant = value ? fhirInstant(value) : NaN;
  return Number.isFinite(instant) ? instant : -Infinity;
}

/** `dd/mm/yyyy` of the Viet Nam calendar day of a FHIR date or dateTime. */
export function dayLabel(value: string | undefined): string | null {
  const day = vnDay(value);
  return day ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : null;
}

function toVisit(
  key: string,
  visit: TimelineEntry | null,
  date: string | undefined,
  hospital: RecordHospital,
  entries: readonly TimelineEntry[],
): SummaryVisit {
  const [visitType, ...rest] = visit ? visit.title.split(TITLE_SEPARATOR) : [];
  const diagnoses = entries
    .filter((entry) => entry.kind === 'condition' && entry.title.trim())
    .sort((a, b) => at(a.date) - at(b.date))
    .map((entry) => entry.title.trim());
  return {
    key,
    date: dayLabel(date),
    hospital,
    visitType: visitType?.trim() || null,
    department: rest.join(TITLE_SEPARATOR).trim() || null,
    diagnoses: [...new Set(diagnoses)],
    reason: diagnoses.length === 0 ? visit?.detail?.trim() || null : null,
  };
}

function toResult(series: LabSeries): SummaryResult | null {
  const points = series.points
    .filter((point) => Number.isFinite(point.value) && Number.isFinite(at(point.date)))
    .sort((a, b) => at(a.date) - at(b.date));
  const latest = points.at(-1);
  if (!latest) return null;
  const before = points.at(-2);
  const trend: Trend | null = !before
    ? null
    : latest.value > before.value
      ? 'up'
      : latest.value < before.value
        ? 'down'
        : 'same';
  return {
    key: series.key,
    name: series.name,
    unit: series.unit?.trim() || null,
    value: latest.value,
    date: dayLabel(latest.date),
    hospital: latest.hospital,
    flag: labFlag(latest.interpretation),
    trend,
    previous: before?.value ?? null,
    values: points.map((point) => point.value),
    referenceLow: series.referenceLow ?? null,
    referenceHigh: series.referenceHigh ?? null,
  };
}

/**
 * What the kiosk shows of a patient's own record: the hospitals that know them (names only: no
 * record numbers or names on a public screen), the most recent visits with their diagnoses,
 * the most recent tests with a trend, and every allergy.
 */
export function summarizeRecord(
  record: SharedRecord,
  limits: SummaryLimits = KIOSK_SUMMARY_LIMITS,
): RecordSummary {
  const hospitals = new Map<string, RecordHospital>();
  for (const patient of record.patients) hospitals.set(patient.hospital.id, patient.hospital);

  const visits = groupTimeline(
    record.timeline.filter((entry) => entry.kind === 'encounter' || entry.kind === 'condition'),
    { hiddenKinds: new Set(), hiddenHospitals: new Set() },
  )
    .slice(0, limits.visits)
    .map((group) => toVisit(group.key, group.visit, group.date, group.hospital, group.entries));

  // Newest first: the series whose latest result is the most recent leads.
  const results = record.labSeries
    .map((series) => ({
      result: toResult(series),
      latest: Math.max(-Infinity, ...series.points.map((point) => at(point.date))),
    }))
    .filter((item): item is { result: SummaryResult; latest: number } => item.result !== null)
    .sort((a, b) => b.latest - a.latest)
    .map((item) => item.result);

  const allergies = record.allergies.map((entry) => ({
    key: entry.reference,
    substance: entry.title,
    reaction: entry.detail?.trim() || null,
    hospital: entry.hospital,
  }));

  return {
    hospitals: [...hospitals.values()],
    visits,
    results: results.slice(0, limits.results),
    allergies,
  };
}
