import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import type { RecordHospital } from '@qn/contracts';
import { catchError, distinctUntilChanged, map, of, startWith, switchMap } from 'rxjs';

import { isStaffRole, roleLabel } from '../../../core/auth/auth-types';
import { httpStatus, problemText } from '../../../core/auth/problem-details';
import { accessActionLabel } from '../../../shared/audit/access-action';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { DoctorApi, type RecordAccess } from '../doctor-api';

/** How many accesses the panel shows; the audit screen (IT) has the full log. */
const SHOWN = 10;

type LogState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly accesses: RecordAccess[] }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * "Who has looked at this record": the latest accesses from the audit log. Reloaded each time
 * the record is (re)opened (`version`), so the doctor's own look shows up too.
 */
@Component({
  selector: 'app-access-log',
  imports: [VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="log" aria-labelledby="access-log-title" data-testid="access-log">
      <h3 id="access-log-title" i18n="@@doctor.access.title">Ai đã xem hồ sơ này</h3>
      @switch (state().kind) {
        @case ('loading') {
          <p class="muted" i18n="@@doctor.access.loading">Đang tải nhật ký truy cập…</p>
        }
        @case ('forbidden') {
          <p class="muted" i18n="@@doctor.access.forbidden">
            Tài khoản của bạn không được xem nhật ký truy cập của hồ sơ này.
          </p>
        }
        @case ('error') {
          <p class="error" role="alert">{{ errorMessage() }}</p>
        }
        @case ('ready') {
          @if (rows().length === 0) {
            <p class="muted" i18n="@@doctor.access.none">Chưa có lượt xem nào được ghi nhận.</p>
          } @else {
            <ol class="log__list">
              @for (row of rows(); track $index) {
                <li [attr.data-action]="row.action">
                  <span class="log__when">{{ row.at | vnTime: 'dateTime' }}</span>
                  <span class="log__who">
                    <strong>{{ row.who ?? unknownUser }}</strong>
                    @if (row.role) {
                      · {{ row.role }}
                    }
                    @if (row.hospital) {
                      · {{ row.hospital }}
                    }
                  </span>
                  <span class="log__what" [class.log__what--urgent]="row.action === 'break-glass'">
                    {{ row.label }}
                    @if (row.purpose) {
                      — “{{ row.purpose }}”
                    }
                  </span>
                </li>
              }
            </ol>
          }
        }
      }
    </section>
  `,
  styles: `
    h3 {
      font-size: 1.05rem;
    }
    .muted {
      color: var(--qn-ink-muted);
    }
    .error {
      color: var(--qn-bad-ink);
    }
    .log__list {
      margin: 0;
      padding: 0;
      list-style: none;
      display: grid;
      gap: 0.4rem;
      font-size: 0.9rem;
    }
    li {
      display: grid;
      gap: 0.05rem;
      padding-bottom: 0.4rem;
      border-bottom: 1px solid var(--qn-line);
    }
    .log__when {
      color: var(--qn-ink-muted);
    }
    .log__what--urgent {
      color: var(--qn-bad-ink);
      font-weight: 700;
    }
  `,
})
export class AccessLog {
  private readonly api = inject(DoctorApi);

  readonly patientId = input.required<string>();
  /** Bumped by the record view after each successful load. */
  readonly version = input(0);
  /** Hospitals the record knows, to name a hospital the log gives by its id. */
  readonly hospitals = input<readonly RecordHospital[]>([]);

  protected readonly unknownUser = $localize`:@@doctor.access.unknownUser:(không rõ tên)`;
  protected readonly state = signal<LogState>({ kind: 'loading' });
  protected readonly errorMessage = computed(() => {
    const state = this.state();
    return state.kind === 'error' ? state.message : '';
  });
  protected readonly rows = computed(() => {
    const state = this.state();
    if (state.kind !== 'ready') return [];
    const names = new Map(this.hospitals().map((h) => [h.id, h.name]));
    return state.accesses.slice(0, SHOWN).map((access) => ({
      ...access,
      hospital: access.hospital ? (names.get(access.hospital) ?? access.hospital) : null,
      role: access.role && isStaffRole(access.role) ? roleLabel(access.role) : access.role,
      label: accessActionLabel(access.action),
    }));
  });

  constructor() {
    const request = computed(() => ({ patientId: this.patientId(), version: this.version() }));
    toObservable(request)
      .pipe(
        distinctUntilChanged((a, b) => a.patientId === b.patientId && a.version === b.version),
        switchMap(({ patientId }) =>
          this.api.recordAccesses(patientId).pipe(
            map((accesses): LogState => ({ kind: 'ready', accesses })),
            catchError((error: unknown) =>
              of<LogState>(
                httpStatus(error) === 403
                  ? { kind: 'forbidden' }
                  : { kind: 'error', message: problemText(error) },
              ),
            ),
            startWith<LogState>({ kind: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }
}
