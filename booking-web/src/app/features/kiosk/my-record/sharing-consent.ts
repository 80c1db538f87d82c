import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type OnInit,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { ConsentState } from '@qn/contracts';

import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { KioskApi } from '../kiosk-api';
import { loadState } from '../load-state';
import { problemMessage } from '../problem';

/**
 * "Chia sẻ hồ sơ giữa các bệnh viện" on the patient's own record: whether doctors at the other
 * hospitals may see what this hospital holds, and one button to change it, asked twice before a
 * withdrawal (a patient standing at a kiosk should not lose sharing by a stray touch). The API
 * keeps the decision as a FHIR Consent; it holds from the next read by any doctor.
 */
@Component({
  selector: 'app-sharing-consent',
  imports: [VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sharing-consent.html',
  styleUrl: './sharing-consent.scss',
})
export class SharingConsent implements OnInit {
  private readonly api = inject(KioskApi);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly decision = loadState(() => this.api.consent());
  /** The state after a change made on this screen (the loaded one until then). */
  protected readonly changed = signal<ConsentState | null>(null);
  protected readonly confirmingWithdrawal = signal(false);
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);

  ngOnInit(): void {
    this.decision.load();
  }

  protected current(): ConsentState | null {
    return this.changed() ?? this.decision.value();
  }

  protected askWithdraw(): void {
    this.saveError.set(null);
    this.confirmingWithdrawal.set(true);
  }

  protected keep(): void {
    this.confirmingWithdrawal.set(false);
  }

  protected set(share: boolean): void {
    if (this.saving()) return;
    this.saving.set(true);
    this.saveError.set(null);
    this.api
      .setConsent(share)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (state) => {
          this.saving.set(false);
          this.confirmingWithdrawal.set(false);
          this.changed.set(state);
        },
        error: (error: unknown) => {
          this.saving.set(false);
          this.saveError.set(problemMessage(error));
        },
      });
  }
}
