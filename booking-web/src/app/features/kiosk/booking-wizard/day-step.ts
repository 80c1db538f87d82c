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
import { KIOSK_BOOKING_DAYS } from '../kiosk-config';
import { nextVnDays, vnDay, vnMidnight } from '../kiosk-time';
import type { DepartmentChoice, HospitalChoice } from '../kiosk-types';
import { loadState } from '../load-state';

/** The most slots one availability request asks for (the API's maximum). */
const RANGE_LIMIT = 200;

interface DayOption {
  readonly day: string;
  readonly midnight: string;
  /** `open`: has free slots; `full`: none; `unknown`: past the end of a truncated answer. */
  readonly state: 'open' | 'full' | 'unknown';
}

/**
 * Step 3: the next days as buttons, marking which have free places. Full days are disabled,
 * unless `allowFull` lets the patient choose one to join its waitlist.
 */
@Component({
  selector: 'app-day-step',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="kiosk-step-heading" appAutofocus i18n="@@kiosk.wizard.day.title">
      Bạn muốn khám ngày nào?
    </h2>
    @if (slots.error(); as error) {
      <div class="kiosk-alert kiosk-alert--bad" role="alert">
        <span class="kiosk-alert__icon" aria-hidden="true">✕</span>
        <p>{{ error }}</p>
      </div>
      <button type="button" class="kiosk-btn" (click)="slots.load()" i18n="@@kiosk.retry">Thử lại</button>
    } @else if (days(); as list) {
      @if (!anyOpen()) {
        <p class="kiosk-empty" role="status" i18n="@@kiosk.wizard.day.none">
          Không còn chỗ trống trong những ngày tới. Bạn có thể chọn khoa hoặc bệnh viện khác.
        </p>
        @if (allowFull()) {
          <p class="kiosk-empty" i18n="@@kiosk.wizard.day.noneWaitlist">
            Hoặc chọn một ngày để đăng ký danh sách chờ: khi có người hủy lịch, chỗ sẽ được giữ cho
            bạn.
          </p>
        }
      }
      <ul class="kiosk-choices kiosk-choices--days">
        @for (d of list; track d.day) {
          <li>
            <button
              type="button"
              class="kiosk-btn"
              data-testid="day"
              [attr.data-day]="d.day"
              [disabled]="d.state === 'full' && !allowFull()"
              (click)="chosen.emit(d.day)"
            >
              <span class="kiosk-btn__main">{{ d.midnight | vnTime: 'weekday' }}</span>
              <span>{{ d.midnight | vnTime: 'dayMonth' }}</span>
              <span class="kiosk-btn__note">
                @switch (d.state) {
                  @case ('open') {
                    <span i18n="@@kiosk.wizard.day.open">✓ Còn chỗ</span>
                  }
                  @case ('full') {
                    <span i18n="@@kiosk.wizard.day.full">✕ Hết chỗ</span>
                    @if (allowFull()) {
                      <span i18n="@@kiosk.wizard.day.fullWaitlist">· Đăng ký chờ</span>
                    }
                  }
                  @default {
                    <span i18n="@@kiosk.wizard.day.unknown">Xem giờ trống</span>
                  }
                }
              </span>
            </button>
          </li>
        }
      </ul>
    } @else {
      <p class="kiosk-loading" role="status" i18n="@@kiosk.wizard.day.loading">
        Đang tìm ngày còn chỗ…
      </p>
    }
  `,
})
export class DayStep implements OnInit {
  private readonly api = inject(KioskApi);
  private readonly dayCount = inject(KIOSK_BOOKING_DAYS);

  readonly hospital = input.required<HospitalChoice>();
  readonly department = input.required<DepartmentChoice>();
  /** Full days can be chosen too, to join the waitlist for them (one hospital chosen). */
  readonly allowFull = input(false);
  readonly chosen = output<string>();

  private readonly range = nextVnDays(this.dayCount);

  protected readonly slots = loadState(() =>
    this.api.availability({
      department: this.department().code,
      hospital: this.hospital().id,
      from: this.range[0]!,
      to: this.range[this.range.length - 1]!,
      limit: RANGE_LIMIT,
    }),
  );

  protected readonly days = computed<DayOption[] | null>(() => {
    const slots = this.slots.value();
    if (!slots) return null;
    const open = new Set(slots.filter((s) => s.seatsLeft > 0).map((s) => vnDay(s.start)));
    // Earliest first: a full page may have cut off later days, which we cannot judge.
    const lastKnown = slots.length >= RANGE_LIMIT ? vnDay(slots[slots.length - 1]!.start) : null;
    return this.range.map((day) => ({
      day,
      midnight: vnMidnight(day),
      state: open.has(day) ? 'open' : lastKnown && day > lastKnown ? 'unknown' : 'full',
    }));
  });

  protected readonly anyOpen = computed(() => this.days()?.some((d) => d.state !== 'full'));

  ngOnInit(): void {
    this.slots.load();
  }
}
