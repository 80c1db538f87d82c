import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';

import { Autofocus } from '../../../shared/autofocus';
import { TicketFeedbackLink } from '../../../feedback/ticket-feedback-link';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import type { Booking } from '../kiosk-types';
import { qrCodeDataUrl } from './qr-code';

/**
 * The ticket of a new booking: the queue number in huge type, where and when, the directions,
 * the ticket code and its QR code, and a print button. The print stylesheet prints only this
 * ticket, black on white, for an 80 mm receipt printer.
 */
@Component({
  selector: 'app-ticket',
  imports: [Autofocus, VnTimePipe, TicketFeedbackLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ticket.html',
  styleUrl: './ticket.scss',
})
export class Ticket {
  readonly booking = input.required<Booking>();
  readonly done = output();

  protected readonly qr = signal<string | null>(null);

  constructor() {
    let alive = true;
    inject(DestroyRef).onDestroy(() => (alive = false));
    effect(() => {
      const code = this.booking().ticketCode;
      this.qr.set(null);
      qrCodeDataUrl(code).then(
        (url) => {
          if (alive && this.booking().ticketCode === code) this.qr.set(url);
        },
        () => undefined, // the code is printed in words as well
      );
    });
  }

  protected print(): void {
    window.print();
  }
}
