import {
  ChangeDetectionStrategy,
  Component,
  type OnInit,
  computed,
  inject,
  input,
  output,
} from '@angular/core';

import { Autofocus } from '../../../shared/autofocus';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { KioskApi } from '../kiosk-api';
import { vnMidnight } from '../kiosk-time';
import type { AvailableSlot, DepartmentChoice, HospitalChoice } from '../kiosk-types';
import { loadState } from '../load-state';

/** Step 4: the free times of the chosen day, with the places left. */
@Component({
  selector: 'app-time-step',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="kiosk-step-heading" appAutofocus i18n="@@kiosk.wizard.time.title">
      Chọn giờ khám, {{ midnight() | vnTime: 'longDate' // i18n(ph="DAY") }}
    </h2>
    @if (slots.error(); as error) {
      <div class="kiosk-alert kiosk-alert--bad" role="alert">
        <span class="kiosk-alert__icon" aria-hidden="true">✕</span>
        <p>{{ error }}</p>
      </div>
      <button type="button" class="kiosk-btn" (click)="slots.load()" i18n="@@kiosk.retry">Thử lại</button>
    } @else if (free(); as list) {
      @if (list.length === 0) {
        <p class="kiosk-empty" role="status" i18n="@@kiosk.wizard.time.none">
          Ngày này đã hết chỗ. Vui lòng chọn ngày khác.
        </p>
      }
      <ul class="kiosk-choices kiosk-choices--times">
        @for (s of list; track s.slotId) {
          <li>
            <button type="button" class="kiosk-btn" data-testid="slot" (click)="chosen.emit(s)">
              <span class="kiosk-btn__main">{{ s.start | vnTime: 'hourMinute' }}</span>
              @if (!hospital().id) {
                <span class="kiosk-btn__note">{{ s.hospitalName }}</span>
              }
              <span class="kiosk-btn__note" i18n="@@kiosk.wizard.time.seats">
                Còn {{ s.seatsLeft // i18n(ph="SEATS") }} chỗ
              </span>
            </button>
          </li>
        }
      </ul>
    } @else {
      <p class="kiosk-loading" role="status" i18n="@@kiosk.loading">Đang tải…</p>
    }
  `,
})
export class TimeStep implements OnInit {
  private readonly api = inject(KioskApi);

  readonly hospital = input.required<HospitalChoice>();
  readonly department = input.required<DepartmentChoice>();
  /** `YYYY-MM-DD`, Viet Nam time. */
  readonly day = input.required<string>();
  readonly chosen = output<AvailableSlot>();

  protected readonly midnight = computed(() => vnMidnight(this.day()));

  protected readonly slots = loadState(() =>
    this.api.availability({
      department: this.department().code,
      hospital: this.hospital().id,
      from: this.day(),
      to: this.day(),
      limit: 100,
    }),
  );

  protected readonly free = computed(
    () => this.slots.value()?.filter((s) => s.seatsLeft > 0) ?? null,
  );

  ngOnInit(): void {
    this.slots.load();
  }
}
