import { ChangeDetectionStrategy, Component } from '@angular/core';

import { StaffLayout } from '../../shared/staff-layout/staff-layout';

/** Reception desk: patient search, cards, bookings, check-in (filled in by later issues). */
@Component({
  selector: 'app-reception-page',
  imports: [StaffLayout],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-staff-layout [heading]="heading">
      <p i18n="@@reception.intro">
        Tìm người bệnh theo CCCD, số thẻ BHYT, họ tên, ngày sinh hoặc số điện thoại; cấp và thay
        thẻ; đặt lịch hộ; tiếp đón người bệnh đến khám.
      </p>
      <p class="soon" i18n="@@face.comingSoon">Các chức năng này đang được xây dựng.</p>
    </app-staff-layout>
  `,
  styles: `
    .soon {
      color: var(--qn-ink-muted);
      font-style: italic;
    }
  `,
})
export class ReceptionPage {
  protected readonly heading = $localize`:@@reception.heading:Quầy lễ tân`;
}
