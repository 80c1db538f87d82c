import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { HospitalSummary, WaitlistEntry } from '@qn/contracts';
import { type Observable, catchError, forkJoin, map, of, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth-service';
import { problemText } from '../../../core/auth/problem-details';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { vnMidnight } from '../../kiosk/kiosk-time';
import type { DepartmentEntry } from '../../kiosk/kiosk-types';
import { ReceptionApi } from '../reception-api';

type Load<T> =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'error'; readonly message: string };

function load<T>(source: Observable<T>): Observable<Load<T>> {
  return source.pipe(
    map((value): Load<T> => ({ kind: 'ready', value })),
    catchError((error: unknown) => of<Load<T>>({ kind: 'error', message: problemText(error) })),
    startWith<Load<T>>({ kind: 'loading' }),
  );
}

/**
 * One department's waitlist at one hospital (`GET /api/waitlist?serviceId=`): who waits, first
 * in line first, for which days, and the seat each has been offered and until when. Starts at
 * the receptionist's own hospital; "Xem người bệnh" opens the patient in the patient tab.
 */
@Component({
  selector: 'app-waitlist-queue',
  imports: [VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './waitlist-queue.html',
  styleUrl: './waitlist-queue.scss',
})
export class WaitlistQueue {
  private readonly api = inject(ReceptionApi);
  private readonly staffHospital = inject(AuthService).user()?.hospital ?? null;

  /** The receptionist wants to see this patient. */
  readonly showPatient = output<string>();

  private readonly directoryReloads = signal(0);
  private readonly queueReloads = signal(0);

  protected readonly directory = toSignal(
    toObservable(this.directoryReloads).pipe(
      switchMap(() =>
        load(forkJoin({ hospitals: this.api.hospitals(), departments: this.api.departments() })),
      ),
    ),
    { initialValue: { kind: 'loading' } satisfies Load<never> },
  );
  protected readonly hospitals = computed<readonly HospitalSummary[]>(() => {
    const d = this.directory();
    return d.kind === 'ready' ? d.value.hospitals : [];
  });

  protected readonly hospitalId = linkedSignal<readonly HospitalSummary[], string>({
    source: this.hospitals,
    computation: (list, previous) => {
      if (previous?.value && list.some((h) => h.id === previous.value)) return previous.value;
      return list.find((h) => h.id === this.staffHospital)?.id ?? list[0]?.id ?? '';
    },
  });

  protected readonly departments = computed<readonly DepartmentEntry[]>(() => {
    const d = this.directory();
    const hospital = this.hospitalId();
    return d.kind === 'ready'
      ? d.value.departments
          .filter((x) => x.hospitalId === hospital)
          .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
      : [];
  });

  protected readonly serviceId = linkedSignal<readonly DepartmentEntry[], string>({
    source: this.departments,
    computation: (list, previous) =>
      previous?.value && list.some((d) => d.serviceId === previous.value) ? previous.value : '',
  });

  protected readonly queue = toSignal(
    toObservable(
      computed(() => ({ serviceId: this.serviceId(), reload: this.queueReloads() })),
    ).pipe(
      switchMap(({ serviceId }) =>
        serviceId
          ? load(this.api.waitlistQueue(serviceId))
          : of<Load<WaitlistEntry[]>>({ kind: 'idle' }),
      ),
    ),
    { initialValue: { kind: 'idle' } satisfies Load<never> },
  );

  protected readonly waiting = computed(() => {
    const q = this.queue();
    return q.kind === 'ready' ? q.value.filter((e) => e.status === 'waiting').length : 0;
  });
  protected readonly offered = computed(() => {
    const q = this.queue();
    return q.kind === 'ready' ? q.value.filter((e) => e.status === 'offered').length : 0;
  });

  protected readonly midnight = vnMidnight;

  protected reloadDirectory(): void {
    this.directoryReloads.update((n) => n + 1);
  }

  protected reload(): void {
    this.queueReloads.update((n) => n + 1);
  }
}
