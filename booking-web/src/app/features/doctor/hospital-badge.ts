import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RecordHospital } from '@qn/contracts';

import { hospitalStyle } from '../../shared/lab-chart/hospital-palette';

/** The hospital a piece of the record came from: its name on its own colour (never colour alone). */
@Component({
  selector: 'app-hospital-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'hospital-badge',
    '[attr.data-hospital]': 'hospital().id',
    '[style.color]': 'style().ink',
    '[style.background]': 'style().tint',
    '[style.border-color]': 'style().ink',
  },
  template: `<span class="dot" aria-hidden="true"></span>{{ hospital().name }}`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      padding: 0 0.5rem;
      border: 1px solid;
      border-radius: 999px;
      font-size: 0.85rem;
      font-weight: 600;
      line-height: 1.6;
      white-space: nowrap;
    }
    .dot {
      width: 0.55rem;
      height: 0.55rem;
      border-radius: 50%;
      background: currentColor;
    }
  `,
})
export class HospitalBadge {
  readonly hospital = input.required<RecordHospital>();
  protected readonly style = computed(() => hospitalStyle(this.hospital().id));
}
