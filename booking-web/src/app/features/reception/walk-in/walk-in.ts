import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { AvailableSlot, Booking, HospitalSummary, PatientSearchResult } from '@qn/contracts';
import { forkJoin, of } from 'rxjs';

import { AuthService } from '../../../core/auth/auth-service';
import { problemText } from '../../../core/auth/problem-details';
import { Autofocus } from '../../../shared/autofocus';
import { printAlone } from '../../../shared/print/print-alone';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import type { DepartmentEntry } from '../../kiosk/kiosk-types';
import { qrCodeDataUrl } from '../../kiosk/ticket/qr-code';
import { checkInProblemText } from '../day-list/booking-status';
import { ReceptionApi } from '../reception-api';
import { type WalkInProblem, walkInProblem } from './walk-in-problem';

/**
 * A walk-in refused for want of a seat today, handed to the booking form: the same department,
 * the API's alternatives on the next days, and its waitlist (which starts with today).
 */
export interface WalkInFallback {
  readonly hospitalId: string;
  readonly departmentCode: string;
  readonly alternatives: readonly AvailableSlot[];
}

type Directory =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | {
      readonly kind: 'ready';
      readonly hospitals: readonly HospitalSummary[];
      readonly departments: readonly DepartmentEntry[];
    }
  | { readonly kind: 'error'; readonly message: string };

/** The seat given: a new walk-in, or the patient's own booking of today checked in instead. */
interface Received {
  readonly booking: Booking;
  readonly existing: boolean;
}

/**
 * "Tiếp nhận khám ngay (không hẹn trước)": a patient who came without a booking gets the first
 * seat still open today in a department of the receptionist's own hospital, checked in at once
 * (`POST /api/walk-ins`), and a ticket with the queue number in big type and its QR code, to
 * print. When today is full, the booking form takes over (waitlist or another day); when the
 * patient already has a booking there today, that booking is checked in instead. The form and
 * the directory it needs are read only when the receptionist opens it.
 */
@Component({
  selector: 'app-walk-in',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './walk-in.html',
  styleUrl: './walk-in.scss',
})
export class WalkIn {
  private readonly api = inject(ReceptionApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);
  /** The receptionist's own hospital; an administrator (no hospital) chooses one. */
  protected readonly staffHospital = inject(AuthService).user()?.hospital ?? null;

  readonly patient = input.required<PatientSearchResult>();
  /** The patient has a seat today and is checked in (the bookings list should read it). */
  readonly received = output<Booking>();
  /** Today is full: offer the waitlist or another day in the booking form. */
  readonly bookInstead = output<WalkInFallback>();

  private readonly ticket = viewChild<ElementRef<HTMLElement>>('ticket');
  private readonly opener = viewChild<ElementRef<HTMLButtonElement>>('opener');

  protected readonly open = signal(false);
  protected readonly directory = signal<Directory>({ kind: 'idle' });
  protected readonly hospitalId = signal(this.staffHospital ?? '');
  protected readonly serviceId = signal('');

  protected readonly hospitals = computed(() => {
    const d = this.directory();
    return d.kind === 'ready' ? d.hospitals : [];
  });
  protected readonly departments = computed<DepartmentEntry[]>(() => {
    const d = this.directory();
    const hospital = this.hospitalId();
    if (d.kind !== 'ready' || !hospital) return [];
    return d.departments
      .filter((dep) => dep.hospitalId === hospital)
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  });
  protected readonly department = computed(
    () => this.departments().find((d) => d.serviceId === this.serviceId()) ?? null,
  );

  protected readonly submitting = signal(false);
  protected readonly fieldError = signal<string | null>(null);
  protected readonly problem = signal<WalkInProblem | null>(null);
  /** The department the last refusal was about (the choice may have changed since). */
  protected readonly problemDepartment = signal<DepartmentEntry | null>(null);
  protected readonly checkingIn = signal(false);
  protected readonly result = signal<Received | null>(null);
  protected readonly qr = signal<string | null>(null);

  constructor() {
    let alive = true;
    inject(DestroyRef).onDestroy(() => (alive = false));
    effect(() => {
      const code = this.result()?.booking.ticketCode;
      this.qr.set(null);
      if (!code) return;
      qrCodeDataUrl(code).then(
        (url) => {
          if (alive && this.result()?.booking.ticketCode === code) this.qr.set(url);
        },
        () => undefined, // the code is printed in words as well
      );
    });
  }

  protected start(): void {
    this.open.set(true);
    const d = this.directory().kind;
    if (d === 'idle' || d === 'error') this.loadDirectory();
  }

  protected loadDirectory(): void {
    this.directory.set({ kind: 'loading' });
    forkJoin({
      hospitals: this.staffHospital ? of<HospitalSummary[]>([]) : this.api.hospitals(),
      departments: this.api.departments(),
    })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (d) => this.directory.set({ kind: 'ready', ...d }),
        error: (error: unknown) =>
          this.directory.set({ kind: 'error', message: problemText(error) }),
      });
  }

  protected setHospital(id: string): void {
    this.hospitalId.set(id);
    this.serviceId.set('');
    this.clearAttempt();
  }

  protected setService(id: string): void {
    this.serviceId.set(id);
    this.clearAttempt();
  }

  protected submit(event?: Event): void {
    event?.preventDefault();
    const department = this.department();
    if (this.submitting()) return;
    if (!department) {
      this.fieldError.set(
        $localize`:@@reception.walkIn.error.chooseDepartment:Chọn khoa người bệnh cần khám.`,
      );
      return;
    }
    this.clearAttempt();
    this.submitting.set(true);
    this.api
      .walkIn(this.patient().patientId, department.serviceId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (booking) => {
          this.submitting.set(false);
          this.receive({ booking, existing: false });
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          this.problemDepartment.set(department);
          this.problem.set(walkInProblem(error));
        },
      });
  }

  /** The patient already had a booking in this department today: check that one in. */
  protected checkInExisting(bookingId: string): void {
    if (this.checkingIn()) return;
    this.checkingIn.set(true);
    this.api
      .checkIn(bookingId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (booking) => {
          this.checkingIn.set(false);
          this.receive({ booking, existing: true });
        },
        error: (error: unknown) => {
          this.checkingIn.set(false);
          this.problem.set({ kind: 'other', message: checkInProblemText(error) });
        },
      });
  }

  /** Today is full: the booking form below takes the same department, its alternatives and waitlist. */
  protected offerOtherDays(alternatives: readonly AvailableSlot[]): void {
    const department = this.problemDepartment();
    if (!department) return;
    this.bookInstead.emit({
      hospitalId: department.hospitalId,
      departmentCode: department.code,
      alternatives,
    });
  }

  protected print(): void {
    const ticket = this.ticket();
    if (ticket) printAlone(ticket.nativeElement);
  }

  /** "Xong": the form closes, ready for the next walk-in; focus goes back to its button. */
  protected done(): void {
    this.result.set(null);
    this.serviceId.set('');
    this.close();
  }

  protected close(): void {
    this.clearAttempt();
    this.open.set(false);
    afterNextRender(() => this.opener()?.nativeElement.focus(), { injector: this.injector });
  }

  private receive(received: Received): void {
    this.problem.set(null);
    this.result.set(received);
    this.received.emit(received.booking);
  }

  private clearAttempt(): void {
    this.fieldError.set(null);
    this.problem.set(null);
    this.problemDepartment.set(null);
  }
}
