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
import type { PatientSearchResult } from '@qn/contracts';
import {
  Subject,
  catchError,
  debounceTime,
  filter,
  map,
  merge,
  of,
  startWith,
  switchMap,
  tap,
} from 'rxjs';

import { problemText } from '../../../core/auth/problem-details';
import { DoctorApi } from '../doctor-api';
import { HospitalBadge } from '../hospital-badge';
import { fhirDateLabel, genderLabel } from '../record-format';

/** How long typing must pause before the search runs. */
export const PATIENT_SEARCH_DEBOUNCE_MS = new InjectionToken<number>('PATIENT_SEARCH_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 300,
});

/** Shorter queries match too many people to be useful, and would load the API for nothing. */
export const MIN_QUERY_LENGTH = 2;

type SearchState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'searching'; readonly query: string }
  | { readonly kind: 'results'; readonly query: string; readonly results: PatientSearchResult[] }
  | { readonly kind: 'error'; readonly query: string; readonly message: string };

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
  private lastQuery: string | null = null;

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
    merge(
      // A pause in typing searches only when the text changed since the last search; Enter
      // always searches (to refresh).
      this.typed.pipe(
        debounceTime(debounceMs),
        map((query) => query.trim()),
        filter((query) => query !== this.lastQuery),
      ),
      this.submitted.pipe(map((query) => query.trim())),
    )
      .pipe(
        tap((query) => (this.lastQuery = query)),
        switchMap((query) =>
          query.length < MIN_QUERY_LENGTH
            ? of<SearchState>({ kind: 'idle' })
            : this.api.searchPatients(query).pipe(
                map((results): SearchState => ({ kind: 'results', query, results })),
                catchError((error: unknown) =>
                  of<SearchState>({ kind: 'error', query, message: problemText(error) }),
                ),
                startWith<SearchState>({ kind: 'searching', query }),
              ),
        ),
        takeUntilDestroyed(),
      )
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
    this.lastQuery = null;
    this.state.set({ kind: 'idle' });
  }
}
