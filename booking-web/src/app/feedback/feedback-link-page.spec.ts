import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { FeedbackLinkInfo } from '@qn/contracts';

import { storageWith } from '../../testing/auth-fixtures';
import { routes } from '../app.routes';
import { authInterceptor } from '../core/auth/auth-interceptor';
import { AUTH_STORAGE } from '../core/auth/auth-service';
import { PageTitleStrategy } from '../core/layout/page-title-strategy';
import { FeedbackLinkPage } from './feedback-link-page';

const TOKEN = '0b0c3b4e-1f0a-4c47-9d6e-5c1d2f3a4b5c.AbCdEfGhIjKlMnOpQrStUv';
const LINK = `/api/feedback-links/${TOKEN}`;

function info(overrides: Partial<FeedbackLinkInfo> = {}): FeedbackLinkInfo {
  return {
    state: 'open',
    visit: {
      hospitalName: 'Bệnh viện Sản Nhi Quảng Ninh',
      serviceName: 'Khoa Nhi',
      visitDay: '2025-11-24',
      start: '2025-11-24T01:30:00.000Z',
    },
    ...overrides,
  };
}

describe('FeedbackLinkPage (/danh-gia/:token)', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: TitleStrategy, useClass: PageTitleStrategy },
        { provide: AUTH_STORAGE, useValue: storageWith(null) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/danh-gia/${TOKEN}`, FeedbackLinkPage);
  });

  afterEach(() => {
    harness.fixture.destroy();
    http.verify();
  });

  const page = (): HTMLElement => harness.routeNativeElement!;
  // innerText: the text as laid out, so separate blocks read as separate words.
  const text = (selector: string): string =>
    (page().querySelector<HTMLElement>(selector)?.innerText ?? '').replace(/\s+/g, ' ').trim();

  function answer(body: FeedbackLinkInfo = info()): void {
    const req = http.expectOne(LINK);
    expect(req.request.headers.has('Authorization')).toBeFalse();
    req.flush(body);
    harness.detectChanges();
  }

  it('opens without signing in, shows the visit and the form, with its Vietnamese title', () => {
    answer();
    expect(text('h1')).toBe('Đánh giá lượt khám');
    expect(TestBed.inject(Title).getTitle()).toBe('Đánh giá lượt khám · Y tế Quảng Ninh');
    expect(text('[data-testid="link-visit"]')).toBe(
      'Bệnh viện Bệnh viện Sản Nhi Quảng Ninh Khoa Khoa Nhi Thời gian 08:30 Thứ Hai, 24/11/2025',
    );
    expect(page().querySelector('app-feedback-form')).not.toBeNull();
  });

  it('sends the rating to the link and thanks the patient', () => {
    answer();
    for (const aspect of ['waitingTime', 'staff', 'cleanliness', 'overall'])
      page().querySelector<HTMLInputElement>(`[data-testid="rate-${aspect}-3"]`)!.click();
    const box = page().querySelector<HTMLTextAreaElement>('[data-testid="comment"]')!;
    box.value = 'Bé được khám nhanh, cảm ơn các cô.';
    box.dispatchEvent(new Event('input'));
    harness.detectChanges();
    page().querySelector<HTMLButtonElement>('[data-testid="send-feedback"]')!.click();
    harness.detectChanges();

    const req = http.expectOne({ method: 'POST', url: LINK });
    expect(req.request.body).toEqual({
      ratings: { waitingTime: 3, staff: 3, cleanliness: 3, overall: 3 },
      comment: 'Bé được khám nhanh, cảm ơn các cô.',
    });
    req.flush({}, { status: 201, statusText: 'Created' });
    harness.detectChanges();
    expect(text('[data-testid="link-thanks"]')).toContain('Cảm ơn bạn đã đánh giá.');
    expect(page().querySelector('app-feedback-form')).toBeNull();
  });

  it('says why a visit cannot be rated instead of showing the form', () => {
    answer(
      info({
        state: 'not-yet',
        detail: 'Lượt khám này chưa diễn ra. Bạn có thể đánh giá sau khi đã đến khám.',
      }),
    );
    expect(text('[data-testid="link-closed"]')).toBe(
      'Lượt khám này chưa diễn ra. Bạn có thể đánh giá sau khi đã đến khám.',
    );
    expect(page().querySelector('app-feedback-form')).toBeNull();
  });

  it('says the link is not valid when the API does not know it', () => {
    http.expectOne(LINK).flush(
      {
        status: 404,
        detail: 'Liên kết đánh giá này không đúng. Vui lòng quét lại mã QR trên phiếu khám.',
      },
      { status: 404, statusText: 'Not Found' },
    );
    harness.detectChanges();
    expect(text('[data-testid="link-problem"]')).toBe(
      'Liên kết đánh giá này không đúng. Vui lòng quét lại mã QR trên phiếu khám.',
    );
  });
});
