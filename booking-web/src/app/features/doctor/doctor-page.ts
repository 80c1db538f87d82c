import { ChangeDetectionStrategy, Component } from '@angular/core';

import { StaffLayout } from '../../shared/staff-layout/staff-layout';

/** Doctor's desk: one patient's record merged across the three hospitals (later issues). */
@Component({
  selector: 'app-doctor-page',
  imports: [StaffLayout],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-staff-layout [heading]="heading">
      <p i18n="@@doctor.intro">
        Xem hồ sơ của người bệnh được hợp nhất từ ba bệnh viện: lượt khám, chẩn đoán (ICD-10), kết
        quả xét nghiệm, thuốc và dị ứng, kèm nơi cung cấp từng thông tin.
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
export class DoctorPage {
  protected readonly heading = $localize`:@@doctor.heading:Bàn làm việc của bác sĩ`;
}
