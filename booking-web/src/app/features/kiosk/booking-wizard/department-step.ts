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
import { KioskApi } from '../kiosk-api';
import type { DepartmentChoice, HospitalChoice } from '../kiosk-types';
import { loadState } from '../load-state';

/** Step 2: the department, among those of the chosen hospital (or of all, by code). */
@Component({
  selector: 'app-department-step',
  imports: [Autofocus],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="kiosk-step-heading" appAutofocus i18n="@@kiosk.wizard.department.title">
      Bạn muốn khám khoa nào?
    </h2>
    @if (departments.error(); as error) {
      <div class="kiosk-alert kiosk-alert--bad" role="alert">
        <span class="kiosk-alert__icon" aria-hidden="true">✕</span>
        <p>{{ error }}</p>
      </div>
      <button type="button" class="kiosk-btn" (click)="departments.load()" i18n="@@kiosk.retry">Thử lại</button>
    } @else if (options(); as list) {
      @if (list.length === 0) {
        <p class="kiosk-empty" i18n="@@kiosk.wizard.department.none">
          Bệnh viện này chưa có khoa nào nhận đặt lịch qua ki-ốt.
        </p>
      }
      <ul class="kiosk-choices">
        @for (d of list; track d.code) {
          <li>
            <button type="button" class="kiosk-btn" data-testid="department" (click)="chosen.emit(d)">
              {{ d.name }}
            </button>
          </li>
        }
      </ul>
    } @else {
      <p class="kiosk-loading" role="status" i18n="@@kiosk.loading">Đang tải…</p>
    }
  `,
})
export class DepartmentStep implements OnInit {
  private readonly api = inject(KioskApi);

  readonly hospital = input.required<HospitalChoice>();
  readonly chosen = output<DepartmentChoice>();

  protected readonly departments = loadState(() => this.api.departments());

  /** The hospital's departments, or every department code once when any hospital will do. */
  protected readonly options = computed<DepartmentChoice[] | null>(() => {
    const all = this.departments.value();
    if (!all) return null;
    const hospitalId = this.hospital().id;
    const byCode = new Map<string, DepartmentChoice>();
    for (const d of all) {
      if (hospitalId && d.hospitalId !== hospitalId) continue;
      if (!byCode.has(d.code)) byCode.set(d.code, { code: d.code, name: d.name });
    }
    return [...byCode.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  });

  ngOnInit(): void {
    this.departments.load();
  }
}
