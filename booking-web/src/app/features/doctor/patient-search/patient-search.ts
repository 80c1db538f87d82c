import {
  ChangeDetectionStrategy,
  Component,
  InjectionToken,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { Subject } from 'rxjs';

import {
  MIN_QUERY_LENGTH,
  patientSearchStates,
  type SearchState,
} from '../../../shared/patient-search/patient-search-states';
import { DoctorApi } from '../doctor-api';
import { HospitalBadge } from '../hospital-badge';
import { fhirDateLabel, genderLabel } from '../record-format';

/** How long typing must pause before the search runs. */
export const PATIENT_SEARCH_DEBOUNCE_MS = new InjectionToken<number>('PATIENT_SEARCH_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 300,
});

export { MIN_QUERY_LENGTH } from '../../../shared/patient-search/patient-search-states';

/**
 * Patient search for the doctor: one box for CCCD, BHYT number, name (with or without
 * diacritics), birth date or phone. Searches when typing pauses, or at once on Enter; a newer
 * query cancels the one still running. Each result opens the patient's shared record.
 */
@Component({
  selector: 'app-patient-search',
  imports: [RouterLink, HospitalBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-search.html',
  styleUrl: './patient-search.scss',
})
export class PatientSearch {
  private readonly api = inject(DoctorApi);
  private readonly typed = new Subject<string>();
  private readonly submitted = new Subject<string>();
  private readonly cleared = new Subject<void>();

  protected readonly minLength = MIN_QUERY_LENGTH;
  protected readonly query = signal('');
  protected readonly state = signal<SearchState>({ kind: 'idle' });

  protected readonly resultCount = computed(() => {
    const state = this.state();
    return state.kind === 'results' ? state.results.length : null;
  });

  protected readonly dateLabel = fhirDateLabel;
  protected readonly genderLabel = genderLabel;

  constructor() {
    const debounceMs = inject(PATIENT_SEARCH_DEBOUNCE_MS);
    patientSearchStates(
      this.typed,
      this.submitted,
      (query) => this.api.searchPatients(query),
      debounceMs,
      this.cleared,
    )
      .pipe(takeUntilDestroyed())
      .subscribe((state) => this.state.set(state));
  }

  protected onInput(value: string): void {
    this.query.set(value);
    this.typed.next(value);
  }

  protected onSubmit(event: Event): void {
    event.preventDefault();
    this.submitted.next(this.query());
  }

  /** A result was opened: fold the list away so the record is in view. */
  protected close(): void {
    this.cleared.next();
  }
}
