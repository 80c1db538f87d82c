import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { kioskOverview, patientFeedback, visitToRate } from '../../testing/feedback-fixtures';
import { session } from '../../testing/kiosk-fixtures';
import { KioskStore } from '../features/kiosk/kiosk-store';
import { FeedbackNotice } from './feedback-notice';
import { KioskFeedback } from './kiosk-feedback';
import { TicketFeedbackLink } from './ticket-feedback-link';

const OVERVIEW = '/api/kiosk/feedback';

describe('kiosk feedback', () => {
  let http: HttpTestingController;
  let store: KioskStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        KioskStore,
        { provide: LOCALE_ID, useValue: 'vi' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(KioskStore);
    store.start(session);
  });

  afterEach(() => http.verify());

  // innerText: the text as laid out, so separate blocks read as separate words.
  const textOf = (root: HTMLElement, selector = ':scope'): string =>
    (root.querySelector<HTMLElement>(selector)?.innerText ?? '').replace(/\s+/g, ' ').trim();

  describe('KioskFeedback (the "Đánh giá lượt khám" step)', () => {
    let fixture: ComponentFixture<KioskFeedback>;
    const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
    const text = (selector?: string): string => textOf(page(), selector);

    function open(overview = kioskOverview()): void {
      fixture = TestBed.createComponent(KioskFeedback);
      fixture.detectChanges();
      const req = http.expectOne(OVERVIEW);
      expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
      req.flush(overview);
      fixture.detectChanges();
    }

    function click(selector: string): void {
      page().querySelector<HTMLElement>(selector)!.click();
      fixture.detectChanges();
    }

    function rateAll(value: number): void {
      for (const aspect of ['waitingTime', 'staff', 'cleanliness', 'overall'])
        click(`[data-testid="rate-${aspect}-${value}"]`);
    }

    afterEach(() => fixture.destroy());

    it('lists the visits to rate and the hospital replies to earlier feedback, in Vietnamese', () => {
      open();
      expect(text('h1')).toBe('Đánh giá lượt khám');
      expect(text('#visits-title')).toBe('Lượt khám trong 30 ngày qua chờ bạn đánh giá');
      expect(text('[data-testid="visit-to-rate"]')).toBe(
        'Khoa Nội Bệnh viện Đa khoa tỉnh Quảng Ninh Thứ Hai, 24/11/2025 · Đã đến khám',
      );
      expect(text('[data-testid="earlier-feedback"]')).toContain('Khám bệnh · Bệnh viện Bãi Cháy');
      expect(text('[data-testid="earlier-feedback"]')).toContain('Đã trả lời');
      expect(text('[data-testid="reply"]')).toBe(
        'Bệnh viện trả lời lúc 09:15:00 11/11/2025: Bệnh viện xin lỗi; quầy thu ngân đã mở thêm một cửa.',
      );
    });

    it('sends the rating of the chosen visit with the session token and thanks the patient', () => {
      open();
      click('[data-testid="visit-to-rate"]');
      expect(text('[data-testid="rating-visit"]')).toBe(
        'Khoa Nội · Bệnh viện Đa khoa tỉnh Quảng Ninh',
      );
      rateAll(4);
      click('[data-testid="send-feedback"]');

      const req = http.expectOne({ method: 'POST', url: OVERVIEW });
      expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
      expect(req.request.body).toEqual({
        bookingId: 'bk-visit-1',
        ratings: { waitingTime: 4, staff: 4, cleanliness: 4, overall: 4 },
      });
      req.flush(
        patientFeedback({ id: 'bk-visit-1', serviceName: 'Khoa Nội', status: 'open', replies: [] }),
        { status: 201, statusText: 'Created' },
      );
      fixture.detectChanges();

      expect(text('[data-testid="feedback-notice"]')).toBe(
        '✓ Cảm ơn bạn đã đánh giá lượt khám Khoa Nội tại Bệnh viện Đa khoa tỉnh Quảng Ninh. Bệnh viện sẽ xem góp ý của bạn.',
      );
      expect(text('[data-testid="no-visits"]')).toBe('Không có lượt khám nào chờ đánh giá.');
      expect(page().querySelectorAll('[data-testid="earlier-feedback"]').length).toBe(2);
    });

    it('shows the API refusal in the form when the visit was rated already', () => {
      open();
      click('[data-testid="visit-to-rate"]');
      rateAll(5);
      click('[data-testid="send-feedback"]');
      http.expectOne({ method: 'POST', url: OVERVIEW }).flush(
        {
          type: '/problems/feedback-exists',
          status: 409,
          detail: 'Lượt khám này đã được đánh giá. Mỗi lượt khám chỉ đánh giá một lần.',
        },
        { status: 409, statusText: 'Conflict' },
      );
      fixture.detectChanges();
      expect(text('[data-testid="form-error"]')).toBe(
        'Lượt khám này đã được đánh giá. Mỗi lượt khám chỉ đánh giá một lần.',
      );
      expect(page().querySelector('[data-testid="rating-visit"]')).not.toBeNull();
    });

    it('ends the kiosk session when the API says it is over', () => {
      fixture = TestBed.createComponent(KioskFeedback);
      fixture.detectChanges();
      http.expectOne(OVERVIEW).flush(null, { status: 401, statusText: 'Unauthorized' });
      expect(store.session()).toBeNull();
      expect(store.view()).toBe('idle');
    });
  });

  describe('FeedbackNotice (on the home screen after a tap)', () => {
    it('says how many visits wait for a rating and that the hospital has answered', () => {
      jasmine.clock().install();
      jasmine.clock().mockDate(new Date('2025-11-24T03:00:00.000Z'));
      try {
        const fixture = TestBed.createComponent(FeedbackNotice);
        fixture.detectChanges();
        http
          .expectOne(OVERVIEW)
          .flush(
            kioskOverview({ visits: [visitToRate(), visitToRate({ bookingId: 'bk-visit-2' })] }),
          );
        fixture.detectChanges();
        const root = fixture.nativeElement as HTMLElement;
        expect(textOf(root, '[data-testid="visits-to-rate"]')).toBe(
          'Bạn có 2 lượt khám có thể đánh giá.',
        );
        expect(textOf(root, '[data-testid="new-replies"]')).toBe(
          'Bệnh viện đã trả lời 1 góp ý của bạn.',
        );
        expect(textOf(root, '[data-testid="open-feedback"]')).toBe('★ Xem trả lời và đánh giá');
        fixture.destroy();
      } finally {
        jasmine.clock().uninstall();
      }
    });
  });

  describe('TicketFeedbackLink (on the ticket)', () => {
    it('prints the QR code and address of the booking link', async () => {
      const fixture = TestBed.createComponent(TicketFeedbackLink);
      fixture.componentRef.setInput('bookingId', 'bk-9');
      fixture.detectChanges();
      const req = http.expectOne('/api/kiosk/feedback/links/bk-9');
      expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
      req.flush({ bookingId: 'bk-9', token: 'bk-9.abc', path: 'danh-gia/bk-9.abc' });
      const root = fixture.nativeElement as HTMLElement;
      for (let i = 0; i < 100 && !root.querySelector('[data-testid="ticket-feedback-qr"]'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        fixture.detectChanges();
      }
      expect(root.querySelector('[data-testid="ticket-feedback-qr"]')).not.toBeNull();
      expect(textOf(root, '[data-testid="ticket-feedback-url"]')).toMatch(/\/danh-gia\/bk-9\.abc$/);
      expect(textOf(root, 'strong')).toBe('Đánh giá sau khi khám');
      fixture.destroy();
    });
  });
});
