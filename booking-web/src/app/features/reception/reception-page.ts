import { ChangeDetectionStrategy, Component, computed, signal, viewChild } from '@angular/core';
import type { PatientSearchResult } from '@qn/contracts';

import { StaffSessionBar } from '../../core/auth/staff-session-bar';
import { Autofocus } from '../../shared/autofocus';
import { StatusPanel } from '../../shared/status-panel/status-panel';
import { HospitalBadge } from '../doctor/hospital-badge';
import { fhirDateLabel } from '../doctor/record-format';
import { BookForPatient } from './book-for-patient/book-for-patient';
import { PatientBookings } from './patient-bookings/patient-bookings';
import { PatientFinder } from './patient-finder/patient-finder';

/**
 * The reception desk (`/reception`, receptionists and admins): find a patient, see their
 * upcoming bookings (and cancel one), and book on their behalf. Choosing another patient starts
 * the panel afresh, so nothing of one patient's booking carries over to the next. The live
 * system status is folded away at the bottom.
 */
@Component({
  selector: 'app-reception-page',
  imports: [
    Autofocus,
    BookForPatient,
    HospitalBadge,
    PatientBookings,
    PatientFinder,
    StaffSessionBar,
    StatusPanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './reception-page.html',
  styleUrl: './reception-page.scss',
  host: { '(document:keydown)': 'onKey($event)' },
})
export class ReceptionPage {
  private readonly finder = viewChild.required(PatientFinder);

  protected readonly patient = signal<PatientSearchResult | null>(null);
  /** The chosen patient as a list of one, so the panel is rebuilt for each patient. */
  protected readonly chosen = computed(() => {
    const patient = this.patient();
    return patient ? [patient] : [];
  });
  /** Bumped after a booking so the bookings list reads the new one. */
  protected readonly bookingsVersion = signal(0);
  protected readonly dateLabel = fhirDateLabel;

  protected choose(patient: PatientSearchResult): void {
    this.patient.set(patient);
  }

  protected booked(): void {
    this.bookingsVersion.update((n) => n + 1);
  }

  protected findAnother(): void {
    this.finder().focus();
  }

  /** "/" anywhere outside a text field goes to the search box, as in many staff tools. */
  protected onKey(event: KeyboardEvent): void {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
    event.preventDefault();
    this.finder().focus();
  }
}
