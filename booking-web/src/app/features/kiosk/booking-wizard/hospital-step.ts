import { ChangeDetectionStrategy, Component, type OnInit, inject, output } from '@angular/core';

import { Autofocus } from '../../../shared/autofocus';
import { KioskApi } from '../kiosk-api';
import type { HospitalChoice } from '../kiosk-types';
import { loadState } from '../load-state';

/** Step 1: one of the hospitals, or "any hospital, earliest". */
@Component({
  selector: 'app-hospital-step',
  imports: [Autofocus],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="kiosk-step-heading" appAutofocus i18n="@@kiosk.wizard.hospital.title">
      Bạn muốn khám ở bệnh viện nào?
    </h2>
    @if (hospitals.error(); as error) {
      <div class="kiosk-alert kiosk-alert--bad" role="alert">
        <span class="kiosk-alert__icon" aria-hidden="true">✕</span>
        <p>{{ error }}</p>
      </div>
      <button type="button" class="kiosk-btn" (click)="hospitals.load()" i18n="@@kiosk.retry">Thử lại</button>
    } @else if (hospitals.value(); as list) {
      <ul class="kiosk-choices">
        @for (h of list; track h.id) {
          <li>
            <button type="button" class="kiosk-btn" data-testid="hospital" (click)="chosen.emit({ id: h.id, name: h.name })">
              {{ h.name }}
            </button>
          </li>
        }
        <li>
          <button type="button" class="kiosk-btn kiosk-btn--primary" data-testid="hospital-any" (click)="chosen.emit({ id: null, name: anyName })">
            <span i18n="@@kiosk.wizard.hospital.any">Bệnh viện nào cũng được, sớm nhất</span>
          </button>
        </li>
      </ul>
    } @else {
      <p class="kiosk-loading" role="status" i18n="@@kiosk.loading">Đang tải…</p>
    }
  `,
})
export class HospitalStep implements OnInit {
  private readonly api = inject(KioskApi);

  readonly chosen = output<HospitalChoice>();

  protected readonly hospitals = loadState(() => this.api.hospitals());
  protected readonly anyName = $localize`:@@kiosk.wizard.hospital.anyShort:Bất kỳ bệnh viện nào`;

  ngOnInit(): void {
    this.hospitals.load();
  }
}
