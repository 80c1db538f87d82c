import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  type ElementRef,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import type { Booking } from '@qn/contracts';
import { catchError, from, map, of, startWith, switchMap } from 'rxjs';

import { httpStatus, problemText } from '../../../core/auth/problem-details';
import { Autofocus } from '../../../shared/autofocus';
import { printAlone } from '../../../shared/print/print-alone';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { qrCodeDataUrl } from '../../kiosk/ticket/qr-code';
import { ReceptionApi } from '../reception-api';

type LinkState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly url: string; readonly qr: string | null }
  | { readonly kind: 'error'; readonly message: string };

/** Why the link could not be had, in words for the receptionist. */
export function feedbackLinkProblemText(error: unknown): string {
  switch (httpStatus(error)) {
    case 403:
      return $localize`:@@reception.feedbackLink.error.otherHospital:Lượt khám này thuộc bệnh viện khác: chỉ lễ tân của bệnh viện đó in được phiếu đánh giá.`;
    case 404:
      return $localize`:@@reception.feedbackLink.error.notFound:Không tìm thấy lịch hẹn này nữa. Làm mới danh sách rồi thử lại.`;
    default:
      return problemText(error);
  }
}

/**
 * "In phiếu đánh giá": the link with which the patient rates this visit from a phone without
 * signing in (`GET /api/feedback/links/:bookingId`, signed by the API), as a QR code with the
 * address beneath, and a print button that prints this slip alone on the receipt printer.
 */
@Component({
  selector: 'app-feedback-link-card',
  imports: [Autofocus, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './feedback-link-card.html',
  styleUrl: './feedback-link-card.scss',
})
export class FeedbackLinkCard {
  private readonly api = inject(ReceptionApi);
  private readonly base = inject(DOCUMENT).baseURI;
  private readonly card = viewChild.required<ElementRef<HTMLElement>>('card');

  readonly booking = input.required<Booking>();
  readonly closed = output();

  private readonly retries = signal(0);
  protected readonly state = signal<LinkState>({ kind: 'loading' });

  constructor() {
    toObservable(computed(() => ({ id: this.booking().id, retry: this.retries() })))
      .pipe(
        switchMap(({ id }) =>
          this.api.feedbackLink(id).pipe(
            switchMap((link) => {
              // The path is relative to the app's base (`/vi/` or `/en/`): the patient gets the
              // rating page in the language the slip was printed in.
              const url = new URL(link.path, this.base).href;
              return from(qrCodeDataUrl(url)).pipe(
                map((qr): LinkState => ({ kind: 'ready', url, qr })),
                // Without the code the address is still printed, and can be typed.
                catchError(() => of<LinkState>({ kind: 'ready', url, qr: null })),
              );
            }),
            catchError((error: unknown) =>
              of<LinkState>({ kind: 'error', message: feedbackLinkProblemText(error) }),
            ),
            startWith<LinkState>({ kind: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }

  protected retry(): void {
    this.retries.update((n) => n + 1);
  }

  protected print(): void {
    printAlone(this.card().nativeElement);
  }
}
