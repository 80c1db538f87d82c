import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { RecordHospital, SharedRecord, TimelineEntry } from '@qn/contracts';
import { catchError, map, of, startWith, switchMap, tap } from 'rxjs';

import {
  httpStatus,
  isProblemType,
  problemOf,
  problemText,
} from '../../../core/auth/problem-details';
import { LabChart } from '../../../shared/lab-chart/lab-chart';
import { hospitalStyle } from '../../../shared/lab-chart/hospital-palette';
import { labFlag } from '../../../shared/lab-chart/lab-format';
import { DoctorApi } from '../doctor-api';
import { HospitalBadge } from '../hospital-badge';
import {
  KIND_META,
  TIMELINE_KINDS,
  assuranceLabel,
  fhirDateLabel,
  genderLabel,
  groupTimeline,
  kindLabel,
  mainPatient,
  vnDay,
} from '../record-format';
import { AccessLog } from './access-log';
import { BreakGlassDialog } from './break-glass-dialog';

/** The problem type the API uses when only an emergency (break-glass) access would be allowed. */
export const BREAK_GLASS_REQUIRED = 'break-glass-required';
/** The patient withdrew consent to share and has no record at the doctor's hospital. */
export const CONSENT_WITHDRAWN = 'consent-withdrawn';

type RecordState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly record: SharedRecord }
  | {
      readonly kind: 'break-glass';
      readonly detail: string | null;
      /** Why only break-glass is left: no treatment relationship, or the patient's withdrawal. */
      readonly because: 'no-treatment' | 'consent';
    }
  | { readonly kind: 'forbidden' | 'not-found' | 'error'; readonly message: string };

/**
 * One patient's record merged across the hospitals (`/doctor/patients/:patientId`): who they
 * are at each hospital, allergies first, a timeline grouped by visit where every entry names
 * its hospital, lab trends, and who has looked at the record. Without a treatment relationship
 * the API asks for break-glass: the doctor gives a reason, and the opening is logged.
 */
@Component({
  selector: 'app-patient-record',
  imports: [RouterLink, HospitalBadge, LabChart, AccessLog, BreakGlassDialog],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-record.html',
  styleUrl: './patient-record.scss',
})
export class PatientRecord {
  private readonly api = inject(DoctorApi);
  private readonly destroyRef = inject(DestroyRef);

  /** From the route (`withComponentInputBinding`). */
  readonly patientId = input.required<string>();

  protected readonly state = signal<RecordState>({ kind: 'loading' });
  /** Bumped after each successful load, so the access log reloads and shows this look too. */
  protected readonly loads = signal(0);

  protected readonly breakGlassOpen = signal(false);
  protected readonly breakGlassSending = signal(false);
  protected readonly breakGlassError = signal<string | null>(null);

  protected readonly hiddenKinds = signal<ReadonlySet<string>>(new Set());
  protected readonly hiddenHospitals = signal<ReadonlySet<string>>(new Set());

  protected readonly kindMeta = KIND_META;
  protected readonly undated = $localize`:@@doctor.timeline.undated:Không rõ ngày`;
  protected readonly dateLabel = fhirDateLabel;
  protected readonly genderLabel = genderLabel;
  protected readonly assuranceLabel = assuranceLabel;
  protected readonly labFlag = labFlag;

  protected readonly record = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.record : null;
  });
  protected readonly message = computed(() => {
    const state = this.state();
    return 'message' in state ? state.message : null;
  });
  protected readonly breakGlassDetail = computed(() => {
    const state = this.state();
    return state.kind === 'break-glass' ? state.detail : null;
  });
  protected readonly breakGlassBecauseConsent = computed(() => {
    const state = this.state();
    return state.kind === 'break-glass' && state.because === 'consent';
  });
  /** How many other hospitals' records were left out because the patient withdrew consent. */
  protected readonly withheldCount = computed(
    () => this.record()?.access.withheldHospitalCount ?? 0,
  );

  protected readonly patient = computed(() => {
    const record = this.record();
    return record ? mainPatient(record.patients, record.patientId) : null;
  });

  protected readonly groups = computed(() =>
    groupTimeline(this.record()?.timeline ?? [], {
      hiddenKinds: this.hiddenKinds(),
      hiddenHospitals: this.hiddenHospitals(),
    }),
  );

  protected readonly shownCount = computed(() =>
    this.groups().reduce((sum, group) => sum + group.entries.length + (group.visit ? 1 : 0), 0),
  );

  /** Kinds present in this record, with how many entries each. */
  protected readonly kindOptions = computed(() => {
    const timeline = this.record()?.timeline ?? [];
    return TIMELINE_KINDS.map((kind) => ({
      kind,
      ...KIND_META[kind],
      count: timeline.filter((entry) => entry.kind === kind).length,
    })).filter((option) => option.count > 0);
  });

  /** Hospitals present in the timeline, in the order they first appear. */
  protected readonly hospitalOptions = computed(() => {
    const seen = new Map<string, RecordHospital>();
    for (const entry of this.record()?.timeline ?? []) {
      if (!seen.has(entry.hospital.id)) seen.set(entry.hospital.id, entry.hospital);
    }
    return [...seen.values()];
  });

  /** Every hospital the record names, for the access log. */
  protected readonly knownHospitals = computed(() => {
    const record = this.record();
    if (!record) return [];
    return [...record.patients.map((p) => p.hospital), ...this.hospitalOptions()];
  });

  protected readonly counts = computed(() =>
    Object.entries(this.record()?.counts ?? {})
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => ({ kind, label: kindLabel(kind), count })),
  );

  protected readonly labSeries = computed(() =>
    (this.record()?.labSeries ?? []).filter((series) => series.points.length > 0),
  );

  constructor() {
    toObservable(this.patientId)
      .pipe(
        tap(() => {
          this.hiddenKinds.set(new Set());
          this.hiddenHospitals.set(new Set());
          this.breakGlassOpen.set(false);
          this.breakGlassError.set(null);
        }),
        switchMap((patientId) =>
          this.api.record(patientId).pipe(
            map((record): RecordState => ({ kind: 'ready', record })),
            catchError((error: unknown) => of(this.describe(error))),
            startWith<RecordState>({ kind: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.show(state));
  }

  protected ink(hospital: RecordHospital): string {
    return hospitalStyle(hospital.id).ink;
  }

  /** The entry's own time: the hour on the visit's day, the full date when it came another day. */
  protected entryWhen(entry: TimelineEntry, groupDate: string | undefined): string | null {
    if (!entry.date) return null;
    const sameDay = vnDay(entry.date) === vnDay(groupDate);
    if (!entry.date.includes('T')) return sameDay ? null : fhirDateLabel(entry.date);
    const label = fhirDateLabel(entry.date); // "HH:mm dd/MM/yyyy"
    return sameDay ? label.slice(0, 5) : label;
  }

  protected toggleKind(kind: string): void {
    this.hiddenKinds.update((hidden) => toggled(hidden, kind));
  }

  protected toggleHospital(id: string): void {
    this.hiddenHospitals.update((hidden) => toggled(hidden, id));
  }

  protected showAll(): void {
    this.hiddenKinds.set(new Set());
    this.hiddenHospitals.set(new Set());
  }

  protected openBreakGlass(): void {
    this.breakGlassError.set(null);
    this.breakGlassOpen.set(true);
  }

  protected cancelBreakGlass(): void {
    this.breakGlassOpen.set(false);
  }

  protected confirmBreakGlass(reason: string): void {
    const patientId = this.patientId();
    this.breakGlassSending.set(true);
    this.breakGlassError.set(null);
    this.api
      .breakGlass(patientId, reason)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (record) => {
          this.breakGlassSending.set(false);
          if (patientId !== this.patientId()) return;
          this.breakGlassOpen.set(false);
          this.show({ kind: 'ready', record });
        },
        error: (error: unknown) => {
          this.breakGlassSending.set(false);
          const problem = problemOf(error);
          const fields = problem?.errors
            ?.map((e) => e.message)
            .filter((m): m is string => !!m)
            .join('; ');
          this.breakGlassError.set(problem?.detail ?? (fields || problemText(error)));
        },
      });
  }

  private show(state: RecordState): void {
    this.state.set(state);
    if (state.kind === 'ready') this.loads.update((n) => n + 1);
    if (state.kind === 'break-glass') this.breakGlassOpen.set(true);
  }

  private describe(error: unknown): RecordState {
    const status = httpStatus(error);
    if (status === 403 && isProblemType(error, BREAK_GLASS_REQUIRED)) {
      return {
        kind: 'break-glass',
        detail: problemOf(error)?.detail ?? null,
        because: 'no-treatment',
      };
    }
    if (status === 403 && isProblemType(error, CONSENT_WITHDRAWN)) {
      return { kind: 'break-glass', detail: problemOf(error)?.detail ?? null, because: 'consent' };
    }
    if (status === 403) return { kind: 'forbidden', message: problemText(error) };
    if (status === 404) return { kind: 'not-found', message: problemText(error) };
    return { kind: 'error', message: problemText(error) };
  }
}

function toggled(set: ReadonlySet<string>, value: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}
