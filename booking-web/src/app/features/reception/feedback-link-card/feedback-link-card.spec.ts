import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { bookingFor, slot } from '../../../../testing/kiosk-fixtures';
import { FeedbackLinkCard } from './feedback-link-card';

describe('FeedbackLinkCard', () => {
  let fixture: ComponentFixture<FeedbackLinkCard>;
  let http: HttpTestingController;
  let closed: number;

  const visit = bookingFor(slot('2025-11-24', '08:30'), {
    id: 'bk-visit',
    status: 'checked-in',
    queueNumber: 7,
  });
  const linkUrl = '/api/feedback/links/bk-visit';
  const token = 'bk-visit.3q2-7wHh9xQ';

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FeedbackLinkCard);
    fixture.componentRef.setInput('booking', visit);
    closed = 0;
    fixture.componentInstance.closed.subscribe(() => closed++);
    document.body.appendChild(fixture.nativeElement as HTMLElement);
    await settle();
  });

  afterEach(() => {
    fixture.destroy();
    (fixture.nativeElement as HTMLElement).remove();
    http.verify();
  });

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  async function waitFor(condition: () => boolean, what: string): Promise<void> {
    const started = performance.now();
    while (!condition()) {
      if (performance.now() - started > 4000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await settle();
    }
  }

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const button = (testId: string): HTMLButtonElement =>
    page().querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!;

  async function answered(): Promise<void> {
    http
      .expectOne({ method: 'GET', url: linkUrl })
      .flush({ bookingId: 'bk-visit', token, path: `danh-gia/${token}` });
    await waitFor(() => !!page().querySelector('[data-testid="feedback-link-qr"]'), 'the QR code');
  }

  it('shows the link of the visit as a QR code with the address beneath, in the language of the app', async () => {
    expect(text('[data-testid="feedback-link-card"] h4')).toBe('Phiếu đánh giá lượt khám');
    expect(text('[data-testid="feedback-link-visit"]')).toContain('Tim mạch');
    expect(text('[data-testid="feedback-link-visit"]')).toContain('số thứ tự 7');
    expect(button('feedback-link-print').disabled).toBeTrue();
    await answered();

    const url = new URL(`danh-gia/${token}`, document.baseURI).href;
    expect(text('[data-testid="feedback-link-url"]')).toBe(url);
    const qr = page().querySelector<HTMLImageElement>('[data-testid="feedback-link-qr"]')!;
    expect(qr.src).toMatch(/^data:image\/svg\+xml/);
    expect(qr.alt).toBe('Mã QR của đường dẫn đánh giá');
    expect(text('[data-testid="feedback-link-card"]')).toContain('Không cần đăng nhập.');
    expect(button('feedback-link-print').disabled).toBeFalse();
  });

  it('prints the slip alone and hides its buttons on paper', async () => {
    await answered();
    const card = page().querySelector<HTMLElement>('[data-testid="feedback-link-card"]')!;
    let marked = false;
    spyOn(window, 'print').and.callFake(() => {
      marked = card.classList.contains('print-alone');
      window.dispatchEvent(new Event('afterprint'));
    });
    button('feedback-link-print').click();
    await settle();
    expect(window.print).toHaveBeenCalledTimes(1);
    expect(marked).toBeTrue();
    expect(card.classList.contains('print-alone')).toBeFalse();
    expect(card.querySelector('.slip__actions')!.classList).toContain('no-print');
  });

  it("says in words that another hospital's visit is not for this desk, and tries again", async () => {
    http
      .expectOne(linkUrl)
      .flush(
        { title: 'Forbidden', status: 403, detail: 'This booking is not at your hospital' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle();
    expect(text('[data-testid="feedback-link-error"]')).toBe(
      '✕ Lượt khám này thuộc bệnh viện khác: chỉ lễ tân của bệnh viện đó in được phiếu đánh giá.',
    );
    expect(page().querySelector('[data-testid="feedback-link-qr"]')).toBeNull();
    expect(button('feedback-link-print').disabled).toBeTrue();

    [...page().querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.trim() === 'Thử lại')!
      .click();
    await settle();
    await answered();
  });

  it('says so when the booking is no longer there, and closes on "Đóng"', async () => {
    http
      .expectOne(linkUrl)
      .flush(
        { title: 'Not found', status: 404, detail: 'No such booking' },
        { status: 404, statusText: 'Not Found' },
      );
    await settle();
    expect(text('[data-testid="feedback-link-error"]')).toBe(
      '✕ Không tìm thấy lịch hẹn này nữa. Làm mới danh sách rồi thử lại.',
    );
    button('feedback-link-close').click();
    expect(closed).toBe(1);
  });
});
