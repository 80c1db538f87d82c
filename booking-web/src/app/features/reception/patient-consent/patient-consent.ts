import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import type { ConsentState } from '@qn/contracts';
import { catchError, map, of, switchMap } from 'rxjs';

import { problemText } from '../../../core/auth/problem-details';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { ReceptionApi } from '../reception-api';

type Load =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly state: ConsentState }
  | { readonly kind: 'error'; readonly message: string };

/**
 * The patient's decision on sharing their record between the three hospitals, in the reception
 * panel: what is recorded (nothing: shared for treatment, the province's default), and the two
 * decisions reception may take down from a form the patient signed. A withdrawal holds from the
 * next read of any doctor elsewhere; the patient can also change it at a kiosk after a tap.
 */
@Component({
  selector: 'app-patient-consent',
  imports: [VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient-consent.html',
  styleUrl: './patient-consent.scss',
})
export class PatientConsent {
  private readonly api = inject(ReceptionApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly patientId = input.required<string>();

  protected readonly load = signal<Load>({ kind: 'loading' });
  /** The decision being confirmed ("the patient signed the form"), before it is sent. */
  protected readonly confirming = signal<boolean | null>(null);
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);
  protected readonly state = computed(() => {
    const load = this.load();
    return load.kind === 'ready' ? load.state : null;
  });

  constructor() {
    toObservable(this.patientId)
      .pipe(
        switchMap((id) =>
          this.api.consent(id).pipe(
            map((state): Load => ({ kind: 'ready', state })),
            catchError((error: unknown) =>
              of<Load>({ kind: 'error', message: problemText(error) }),
            ),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((load) => this.load.set(load));
  }

  protected ask(share: boolean): void {
    this.saveError.set(null);
    this.confirming.set(share);
  }

  protected cancel(): void {
    this.confirming.set(null);
  }

  protected record(): void {
    const share = this.confirming();
    if (share === null || this.saving()) return;
    this.saving.set(true);
    this.api
      .setConsent(this.patientId(), share)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (state) => {
          this.saving.set(false);
          this.confirming.set(null);
          this.load.set({ kind: 'ready', state });
        },
        error: (error: unknown) => {
          this.saving.set(false);
          this.saveError.set(problemText(error));
        },
      });
  }
}
