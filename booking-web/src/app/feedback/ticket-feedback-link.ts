import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';

import { qrCodeDataUrl } from '../features/kiosk/ticket/qr-code';
import { KioskFeedbackApi } from './kiosk-feedback-api';

/**
 * On the ticket: a QR code of the booking's feedback link, so the patient can rate the visit
 * from a phone afterwards without signing in. The link is made by the API (it is signed); if it
 * cannot be had, the ticket simply goes without it.
 */
@Component({
  selector: 'app-ticket-feedback-link',
  providers: [KioskFeedbackApi],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (link(); as l) {
      <div class="link" data-testid="ticket-feedback">
        <img [src]="l.qr" width="120" height="120" alt="" data-testid="ticket-feedback-qr" />
        <p>
          <strong i18n="@@feedback.ticket.title">Đánh giá sau khi khám</strong>
          <span i18n="@@feedback.ticket.body"
            >Quét mã bằng điện thoại để chấm điểm và góp ý cho bệnh viện.</span
          >
          <span class="link__url" data-testid="ticket-feedback-url">{{ l.url }}</span>
        </p>
      </div>
    }
  `,
  styles: `
    .link {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      margin-top: 0.75rem;
      padding-top: 0.75rem;
      border-top: 1px dashed currentColor;
    }
    p {
      display: grid;
      gap: 0.2rem;
      margin: 0;
    }
    .link__url {
      font-size: 0.7em;
      word-break: break-all;
    }
  `,
})
export class TicketFeedbackLink {
  readonly bookingId = input.required<string>();

  protected readonly link = signal<{ url: string; qr: string } | null>(null);

  constructor() {
    const api = inject(KioskFeedbackApi);
    const base = inject(DOCUMENT).baseURI;
    let alive = true;
    inject(DestroyRef).onDestroy(() => (alive = false));
    effect((onCleanup) => {
      const bookingId = this.bookingId();
      this.link.set(null);
      const subscription = api.link(bookingId).subscribe({
        next: (link) => {
          const url = new URL(link.path, base).href;
          qrCodeDataUrl(url).then(
            (qr) => {
              if (alive && this.bookingId() === bookingId) this.link.set({ url, qr });
            },
            () => undefined,
          );
        },
        error: () => undefined, // the ticket is complete without it
      });
      onCleanup(() => subscription.unsubscribe());
    });
  }
}
