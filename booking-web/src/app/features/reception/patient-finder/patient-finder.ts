import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  InjectionToken,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { PatientSearchResult } from '@qn/contracts';
import { Subject } from 'rxjs';

import {
  MIN_QUERY_LENGTH,
  patientSearchStates,
  type SearchState,
} from '../../../shared/patient-search/patient-search-states';
import { HospitalBadge } from '../../doctor/hospital-badge';
import { fhirDateLabel } from '../../doctor/record-format';
import { ReceptionApi } from '../reception-api';

/** How long typing must pause before the search runs. */
export const RECEPTION_SEARCH_DEBOUNCE_MS = new InjectionToken<number>(
  'RECEPTION_SEARCH_DEBOUNCE_MS',
  { providedIn: 'root', factory: () => 300 },
);

export { MIN_QUERY_LENGTH } from '../../../shared/patient-search/patient-search-states';

/**
 * The reception desk's patient search: one box for CCCD, BHYT, phone, birth date, record number
 * or name (with or without diacritics). Searches when typing pauses or at once on Enter; a
 * newer query cancels the one still running. From the box, ↓ moves into the results, ↑/↓ move
 * between them and Escape goes back to the box; Enter or a click chooses a patient.
 */
@Component({
  selector: 'app-patient-finder',
  imports: [HospitalBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-finder.html',
  styleUrl: './patient-finder.scss',
})
export class PatientFinder {
  private readonly api = inject(ReceptionApi);
  private readonly typed = new Subject<string>();
  private readonly submitted = new Subject<string>();
  /** A patient id looked up for the day list: chosen as soon as the search finds it. */
  private lookingUp: string | null = null;

  /** The patient chosen now, marked in the list. */
  readonly selectedId = input<string | null>(null);
  readonly chosen = output<PatientSearchResult>();

  private readonly input = viewChild.required<ElementRef<HTMLInputElement>>('box');
  private readonly list = viewChild<ElementRef<HTMLElement>>('list');

  protected readonly minLength = MIN_QUERY_LENGTH;
  protected readonly query = signal('');
  protected readonly state = signal<SearchState>({ kind: 'idle' });
  protected readonly resultCount = computed(() => {
    const state = this.state();
    return state.kind === 'results' ? state.results.length : null;
  });
  protected readonly dateLabel = fhirDateLabel;

  constructor() {
    const debounceMs = inject(RECEPTION_SEARCH_DEBOUNCE_MS);
    patientSearchStates(
      this.typed,
      this.submitted,
      (query) => this.api.searchPatients(query),
      debounceMs,
    )
      .pipe(takeUntilDestroyed())
      .subscribe((state) => {
        this.state.set(state);
        if (state.kind !== 'searching' && state.kind !== 'idle' && state.query === this.lookingUp) {
          this.lookingUp = null;
          const found =
            state.kind === 'results'
              ? state.results.find((r) => r.patientId === state.query)
              : null;
          if (found) this.chosen.emit(found);
        }
      });
  }

  /** Puts the cursor in the search box (the page's "find another patient"). */
  focus(): void {
    this.input().nativeElement.focus();
    this.input().nativeElement.select();
  }

  /**
   * Searches for the patient with this id (e.g. from the day list, which has ids but no names)
   * and chooses them when the search finds exactly that id; otherwise the results stay for the
   * receptionist, with the cursor in the box.
   */
  lookUp(patientId: string): void {
    this.lookingUp = patientId;
    this.query.set(patientId);
    this.submitted.next(patientId);
    this.focus();
  }

  protected onInput(value: string): void {
    this.lookingUp = null;
    this.query.set(value);
    this.typed.next(value);
  }

  protected onSubmit(event: Event): void {
    event.preventDefault();
    this.submitted.next(this.query());
  }

  protected onBoxKey(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' && this.moveTo(0)) event.preventDefault();
  }

  protected onResultKey(event: KeyboardEvent, index: number): void {
    switch (event.key) {
      case 'ArrowDown':
        this.moveTo(index + 1);
        break;
      case 'ArrowUp':
        if (index === 0) this.input().nativeElement.focus();
        else this.moveTo(index - 1);
        break;
      case 'Home':
        this.moveTo(0);
        break;
      case 'End':
        this.moveTo(this.buttons().length - 1);
        break;
      case 'Escape':
        this.input().nativeElement.focus();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private buttons(): HTMLButtonElement[] {
    return [...(this.list()?.nativeElement.querySelectorAll('button') ?? [])];
  }

  private moveTo(index: number): boolean {
    const target = this.buttons()[index];
    target?.focus();
    return !!target;
  }
}
