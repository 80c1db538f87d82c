import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { STATUS_POLL_INTERVAL_MS } from '../../core/api-config';
import type { ComponentHealth, SystemStatus } from '../../core/api-types';
import { StatusApi } from '../../core/status/status-api';
import { VnTimePipe } from '../time/vn-time-pipe';

/** What the big indicator says: the API's readiness, or that we cannot tell. */
export type OverallState = 'loading' | 'ready' | 'degraded' | 'unknown';

/**
 * The live status of the platform, read from `GET /api/status` every few seconds: overall
 * readiness, each backing component, the card-reader agents and the hospital directory.
 * When the API cannot be reached it says so in a banner and keeps the last good answer on
 * screen, marked with the time it was received.
 */
@Component({
  selector: 'app-status-panel',
  imports: [VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './status-panel.html',
  styleUrl: './status-panel.scss',
  host: { '[class.kiosk]': "variant() === 'kiosk'" },
})
export class StatusPanel {
  /** `kiosk`: large type and touch-sized for the public screen; `staff`: compact. */
  readonly variant = input<'kiosk' | 'staff'>('staff');

  protected readonly intervalSeconds = Math.round(inject(STATUS_POLL_INTERVAL_MS) / 1000);

  /** The last status the API returned, kept while the API is unreachable. */
  protected readonly status = signal<SystemStatus | null>(null);
  protected readonly receivedAt = signal<Date | null>(null);
  /** Set while the latest request failed; cleared by the next success. */
  protected readonly problem = signal<{ reason: string; failedAt: Date } | null>(null);

  protected readonly overall = computed<OverallState>(() => {
    if (this.problem()) return 'unknown';
    const status = this.status();
    return status ? status.readiness.status : 'loading';
  });

  protected readonly componentNames: Record<ComponentHealth['name'], string> = {
    mongodb: 'MongoDB',
    'hapi-fhir': 'HAPI FHIR',
  };

  protected readonly componentRoles: Record<ComponentHealth['name'], string> = {
    mongodb: $localize`:@@status.component.mongodb.role:Dữ liệu vận hành: lịch hẹn, thẻ, nhật ký`,
    'hapi-fhir': $localize`:@@status.component.hapi.role:Hồ sơ lâm sàng và danh mục (FHIR R4)`,
  };

  protected readonly componentDownFallback = $localize`:@@status.component.downNoDetail:Không có thông tin chi tiết.`;

  constructor() {
    inject(StatusApi)
      .poll()
      .pipe(takeUntilDestroyed())
      .subscribe((result) => {
        if (result.kind === 'ok') {
          this.status.set(result.status);
          this.receivedAt.set(result.receivedAt);
          this.problem.set(null);
        } else {
          this.problem.set({ reason: result.reason, failedAt: result.failedAt });
        }
      });
  }
}
