import { HttpClient } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  inject,
  input,
  signal,
  type OnInit,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { map, of, switchMap } from 'rxjs';

import { API_BASE_URL } from '../../core/api-config';
import { VnTimePipe } from '../../shared/time/vn-time-pipe';
import type { AvailableSlot, HospitalSummary } from '../kiosk/kiosk-types';

/** `hs-<hospital>-<department>@YYYYMMDDHHMM`: the slot ids the API hands out (see /api/availability). */
const SLOT_ID = /^(hs-[a-z0-9-]+)@(\d{4})(\d{2})(\d{2})\d{4}$/;

type Look =
  | { readonly state: 'loading' }
  | { readonly state: 'free'; readonly slot: AvailableSlot }
  | { readonly state: 'gone' }
  | { readonly state: 'invalid' }
  | { readonly state: 'failed' };

/**
 * `/dat-lich?slot=<slotId>`: where the booking deep links of the published free slots (SMART
 * Scheduling Links, `/fhir/$bulk-publish`) lead. Patients book with their card at a kiosk or at
 * reception, not on the web, so the page says whether the time is still free, where, and how to
 * take it. Public: it reads only availability, which carries no patient data.
 */
@Component({
  selector: 'app-slot-link-page',
  imports: [RouterLink, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 i18n="@@slotLink.title">Giờ khám còn trống</h1>
    @switch (look().state) {
      @case ('loading') {
        <p i18n="@@slotLink.loading">Đang kiểm tra giờ khám…</p>
      }
      @case ('invalid') {
        <p data-testid="slot-invalid" i18n="@@slotLink.invalid">
          Đường dẫn này không chỉ đến một giờ khám. Hãy chọn lại giờ khám từ danh sách giờ trống.
        </p>
      }
      @case ('gone') {
        <p data-testid="slot-gone" i18n="@@slotLink.gone">
          Giờ khám này đã hết chỗ hoặc không còn nhận đặt. Hãy chọn một giờ khác tại ki-ốt hoặc quầy
          tiếp đón của bệnh viện.
        </p>
      }
      @case ('failed') {
        <p data-testid="slot-failed" i18n="@@slotLink.failed">
          Chưa kiểm tra được giờ khám (không kết nối được hệ thống). Vui lòng thử lại sau ít phút.
        </p>
      }
      @case ('free') {
        @if (freeSlot(); as slot) {
          <dl data-testid="slot-free">
            <dt i18n="@@kiosk.field.hospital">Bệnh viện</dt>
            <dd>{{ slot.hospitalName }}</dd>
            <dt i18n="@@kiosk.field.department">Khoa</dt>
            <dd>{{ slot.serviceName }}</dd>
            <dt i18n="@@kiosk.field.day">Ngày</dt>
            <dd>{{ slot.start | vnTime: 'longDate' }}</dd>
            <dt i18n="@@kiosk.field.time">Giờ</dt>
            <dd>{{ slot.start | vnTime: 'hourMinute' }}</dd>
            <dt i18n="@@slotLink.seatsLeft">Còn trống</dt>
            <dd>{{ slot.seatsLeft }}</dd>
          </dl>
          <p i18n="@@slotLink.howToBook">
            Để đặt giờ này: chạm thẻ khám bệnh tại ki-ốt của bệnh viện, hoặc đến quầy tiếp đón với
            căn cước công dân. Chỗ chưa được giữ cho đến khi đặt xong.
          </p>
        }
      }
    }
    <p>
      <a routerLink="/cong-khai" i18n="@@slotLink.public">Số liệu công khai của các bệnh viện</a>
    </p>
  `,
})
export class SlotLinkPage implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  /** The `slot` query parameter (router input binding). */
  readonly slot = input<string | undefined>(undefined);

  protected readonly look = signal<Look>({ state: 'loading' });

  protected freeSlot(): AvailableSlot | null {
    const look = this.look();
    return look.state === 'free' ? look.slot : null;
  }

  ngOnInit(): void {
    const slotId = this.slot() ?? '';
    const match = SLOT_ID.exec(slotId);
    if (!match) {
      this.look.set({ state: 'invalid' });
      return;
    }
    const [, serviceId, year, month, day] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const date = `${year}-${month}-${day}`;
    this.http
      .get<HospitalSummary[]>(`${this.base}/api/directory/hospitals`)
      .pipe(
        // The service id joins hospital and department with dashes, and both contain dashes:
        // the hospital is whichever known id the service id starts with.
        map((hospitals) => hospitals.find((h) => serviceId.startsWith(`hs-${h.id}-`))),
        switchMap((hospital) =>
          hospital
            ? this.http.get<AvailableSlot[]>(`${this.base}/api/availability`, {
                params: {
                  hospital: hospital.id,
                  department: serviceId.slice(`hs-${hospital.id}-`.length),
                  from: date,
                  to: date,
                  limit: 200,
                },
              })
            : of([] as AvailableSlot[]),
        ),
      )
      .subscribe({
        next: (slots) => {
          const slot = slots.find((s) => s.slotId === slotId);
          this.look.set(slot ? { state: 'free', slot } : { state: 'gone' });
        },
        error: () => this.look.set({ state: 'failed' }),
      });
  }
}
