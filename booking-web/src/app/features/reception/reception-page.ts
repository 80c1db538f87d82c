import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
  viewChildren,
} from '@angular/core';
import type { PatientSearchResult } from '@qn/contracts';

import { StaffSessionBar } from '../../core/auth/staff-session-bar';
import { Autofocus } from '../../shared/autofocus';
import { StatusPanel } from '../../shared/status-panel/status-panel';
import { HospitalBadge } from '../doctor/hospital-badge';
import { fhirDateLabel } from '../doctor/record-format';
import { BookForPatient } from './book-for-patient/book-for-patient';
import { DayList } from './day-list/day-list';
import { PatientCards } from './patient-cards/patient-cards';
import { PatientBookings } from './patient-bookings/patient-bookings';
import { PatientConsent } from './patient-consent/patient-consent';
import { RegisterPatient } from './register-patient/register-patient';
import { PatientFinder } from './patient-finder/patient-finder';
import { PatientWaitlist } from './patient-waitlist/patient-waitlist';
import { WaitlistQueue } from './waitlist-queue/waitlist-queue';
import { WalkIn } from './walk-in/walk-in';

export type ReceptionTab = 'patients' | 'day-list' | 'waitlist';
const TABS: readonly ReceptionTab[] = ['patients', 'day-list', 'waitlist'];

/**
 * The reception desk (`/reception`, receptionists and admins), in three tabs. "Người bệnh": find
 * a patient, see their upcoming bookings (cancel one, or move it to another time, or print the
 * feedback slip of a visit), receive them without a booking (a walk-in: a seat today, checked in
 * at once; when today is full the booking form offers the waitlist or another day), book on their
 * behalf (or put them on a department's waitlist when nothing is free), their waitlist places,
 * and their cards. Choosing another patient starts the panel afresh, so nothing of one patient's
 * work carries over to the next. "Danh sách khám hôm nay": the day's bookings with check-in and
 * no-shows; it is built the first time it is opened and kept (with its filters) while another
 * tab is shown, but reads nothing then. "Danh sách chờ": one department's waitlist, built when
 * first opened. The live system status is folded away at the bottom.
 */
@Component({
  selector: 'app-reception-page',
  imports: [
    Autofocus,
    BookForPatient,
    DayList,
    HospitalBadge,
    PatientBookings,
    PatientCards,
    PatientConsent,
    PatientFinder,
    PatientWaitlist,
    RegisterPatient,
    StaffSessionBar,
    StatusPanel,
    WaitlistQueue,
    WalkIn,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './reception-page.html',
  styleUrl: './reception-page.scss',
  host: { '(document:keydown)': 'onKey($event)' },
})
export class ReceptionPage {
  private readonly injector = inject(Injector);
  private readonly finder = viewChild.required(PatientFinder);
  private readonly tabButtons = viewChildren<ElementRef<HTMLButtonElement>>('tabButton');

  protected readonly tabs = TABS;
  protected readonly tab = signal<ReceptionTab>('patients');
  /** The day list is built when first opened, so the desk reads nothing it does not show. */
  protected readonly dayListOpened = signal(false);
  protected readonly waitlistOpened = signal(false);

  protected readonly patient = signal<PatientSearchResult | null>(null);
  /** The chosen patient as a list of one, so the panel is rebuilt for each patient. */
  protected readonly chosen = computed(() => {
    const patient = this.patient();
    return patient ? [patient] : [];
  });
  /** Bumped after a booking so the bookings list reads the new one. */
  protected readonly bookingsVersion = signal(0);
  /** Bumped after the patient joined a waitlist, so the waitlist panel reads it. */
  protected readonly waitlistVersion = signal(0);
  protected readonly dateLabel = fhirDateLabel;

  protected choose(patient: PatientSearchResult): void {
    this.patient.set(patient);
  }

  /** The registration form is open (after a search that found nobody). */
  protected readonly registering = signal(false);

  /** A patient just registered (or found registered already) opens like a chosen one. */
  protected registered(patient: PatientSearchResult): void {
    this.registering.set(false);
    this.patient.set(patient);
  }

  protected booked(): void {
    this.bookingsVersion.update((n) => n + 1);
  }

  protected waitlisted(): void {
    this.waitlistVersion.update((n) => n + 1);
  }

  protected findAnother(): void {
    this.finder().focus();
  }

  protected select(tab: ReceptionTab): void {
    this.tab.set(tab);
    if (tab === 'day-list') this.dayListOpened.set(true);
    if (tab === 'waitlist') this.waitlistOpened.set(true);
  }

  /** Arrow keys, Home and End move between the tabs (the WAI-ARIA tabs pattern). */
  protected onTabKey(event: KeyboardEvent, index: number): void {
    const last = TABS.length - 1;
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = index === last ? 0 : index + 1;
        break;
      case 'ArrowLeft':
        next = index === 0 ? last : index - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    this.select(TABS[next]!);
    this.tabButtons()[next]?.nativeElement.focus();
  }

  /** "Xem người bệnh" in the day list: back to the patient tab, searching for that patient. */
  protected showPatient(patientId: string): void {
    this.select('patients');
    afterNextRender(() => this.finder().lookUp(patientId), { injector: this.injector });
  }

  /** "/" anywhere outside a text field goes to the search box, as in many staff tools. */
  protected onKey(event: KeyboardEvent): void {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
    event.preventDefault();
    if (this.tab() === 'patients') {
      this.finder().focus();
      return;
    }
    // The search box is in the hidden tab: show it first, then focus it.
    this.select('patients');
    afterNextRender(() => this.finder().focus(), { injector: this.injector });
  }
}
