import type { LinkedPatient, RecordHospital, TimelineEntry, TimelineKind } from '@qn/contracts';

import { VN_OFFSET_MS, fhirDateLabel, fhirInstant } from '../../shared/lab-chart/lab-format';

export { fhirDateLabel };

/** How each kind of timeline entry is shown: a word and a symbol (the symbol is decoration only). */
export interface KindMeta {
  readonly label: string;
  readonly icon: string;
}

export const TIMELINE_KINDS: readonly TimelineKind[] = [
  'encounter',
  'condition',
  'lab',
  'medication',
  'procedure',
  'allergy',
  'report',
  'note',
];

export const KIND_META: Record<TimelineKind, KindMeta> = {
  encounter: { label: $localize`:@@doctor.kind.encounter:Khám`, icon: '⚕' },
  condition: { label: $localize`:@@doctor.kind.condition:Chẩn đoán`, icon: '◆' },
  lab: { label: $localize`:@@doctor.kind.lab:Xét nghiệm`, icon: '⚗' },
  medication: { label: $localize`:@@doctor.kind.medication:Thuốc`, icon: '℞' },
  procedure: { label: $localize`:@@doctor.kind.procedure:Thủ thuật`, icon: '✂' },
  allergy: { label: $localize`:@@doctor.kind.allergy:Dị ứng`, icon: '⚠' },
  report: { label: $localize`:@@doctor.kind.report:Phiếu kết quả`, icon: '▤' },
  note: { label: $localize`:@@doctor.kind.note:Ghi chú`, icon: '✎' },
};

export function kindLabel(kind: string): string {
  return (KIND_META as Record<string, KindMeta | undefined>)[kind]?.label ?? kind;
}

/** FHIR Person.link.assurance in words: how sure the platform is that two records are one person. */
export function assuranceLabel(assurance: string | undefined): string | null {
  switch (assurance) {
    case 'level4':
      return $localize`:@@doctor.assurance.level4:Chắc chắn (trùng CCCD hoặc BHYT)`;
    case 'level3':
      return $localize`:@@doctor.assurance.level3:Rất có thể (khớp họ tên, ngày sinh, địa chỉ)`;
    case 'level2':
      return $localize`:@@doctor.assurance.level2:Có thể, cần kiểm tra`;
    case 'level1':
      return $localize`:@@doctor.assurance.level1:Chưa chắc chắn`;
    default:
      return null;
  }
}

export function genderLabel(gender: string | undefined): string | null {
  switch (gender) {
    case 'male':
      return $localize`:@@doctor.gender.male:Nam`;
    case 'female':
      return $localize`:@@doctor.gender.female:Nữ`;
    case 'other':
      return $localize`:@@doctor.gender.other:Khác`;
    default:
      return null;
  }
}

/** The calendar day in Viet Nam (UTC+7, no daylight saving) of a FHIR date or dateTime. */
export function vnDay(value: string | undefined): string | null {
  if (!value) return null;
  const at = fhirInstant(value);
  return Number.isFinite(at) ? new Date(at + VN_OFFSET_MS).toISOString().slice(0, 10) : null;
}

/** Entries of one visit (entries that name the same Encounter), or of one day at one hospital. */
export interface VisitGroup {
  readonly key: string;
  /** The Encounter entry, when the group is a visit the record knows. */
  readonly visit: TimelineEntry | null;
  /** Shown in the group's heading: the visit's date, else the day of its entries. */
  readonly date: string | undefined;
  readonly hospital: RecordHospital;
  /** Everything else of the group, newest first (the visit itself is the heading). */
  readonly entries: readonly TimelineEntry[];
}

export interface TimelineFilter {
  /** Kinds to hide; empty shows all. */
  readonly hiddenKinds: ReadonlySet<string>;
  /** Hospital ids to hide; empty shows all. */
  readonly hiddenHospitals: ReadonlySet<string>;
}

function sortKey(value: string | undefined): number {
  const at = value ? fhirInstant(value) : NaN;
  return Number.isFinite(at) ? at : -Infinity;
}

/**
 * Groups a timeline by visit, newest first. An entry that names its Encounter joins that
 * visit; one that does not joins the other entries of the same day and hospital. Filters
 * hide entries (a visit whose entries are all hidden disappears, unless its own "Khám" line
 * is shown); entries without a date come last.
 */
export function groupTimeline(
  timeline: readonly TimelineEntry[],
  filter: TimelineFilter,
): VisitGroup[] {
  const visits = new Map<string, TimelineEntry>();
  for (const entry of timeline) {
    if (entry.kind === 'encounter') visits.set(entry.reference, entry);
  }
  const shown = (entry: TimelineEntry): boolean =>
    !filter.hiddenKinds.has(entry.kind) && !filter.hiddenHospitals.has(entry.hospital.id);

  const groups = new Map<
    string,
    {
      visit: TimelineEntry | null;
      visible: boolean;
      entries: TimelineEntry[];
      first: TimelineEntry;
    }
  >();
  for (const entry of timeline) {
    let key: string;
    if (entry.kind === 'encounter') key = entry.reference;
    else if (entry.encounter && visits.has(entry.encounter)) key = entry.encounter;
    else key = `day:${vnDay(entry.date) ?? 'undated'}:${entry.hospital.id}`;

    let group = groups.get(key);
    if (!group) {
      group = { visit: visits.get(key) ?? null, visible: false, entries: [], first: entry };
      groups.set(key, group);
    }
    if (!shown(entry)) continue;
    if (entry.kind === 'encounter') group.visible = true;
    else group.entries.push(entry);
  }

  const result: (VisitGroup & { at: number })[] = [];
  for (const [key, group] of groups) {
    if (!group.visible && group.entries.length === 0) continue;
    const entries = [...group.entries].sort((a, b) => sortKey(b.date) - sortKey(a.date));
    const date = group.visit?.date ?? entries[0]?.date;
    result.push({
      key,
      visit: group.visit,
      date,
      hospital: (group.visit ?? group.first).hospital,
      entries,
      at: sortKey(date),
    });
  }
  return result.sort((a, b) => b.at - a.at).map(({ at: _at, ...group }) => group);
}

/** The linked record the doctor asked for (or the first), for the record's heading. */
export function mainPatient(
  patients: readonly LinkedPatient[],
  patientId: string,
): LinkedPatient | null {
  return patients.find((p) => p.patientId === patientId) ?? patients[0] ?? null;
}
