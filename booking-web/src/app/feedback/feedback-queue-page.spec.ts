import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  HttpTestingController,
  type TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { doctorUser, receptionistUser, sessionFor, storageWith } from '../../testing/auth-fixtures';
import { feedbackQueue, staffFeedback } from '../../testing/feedback-fixtures';
import { routes } from '../app.routes';
import { authInterceptor } from '../core/auth/auth-interceptor';
import { AUTH_STORAGE } from '../core/auth/auth-service';
import type { StaffUser } from '../core/auth/auth-types';
import { FeedbackQueuePage } from './feedback-queue-page';

const QUEUE = '/api/hospitals/bv-bai-chay/feedback';

describe('FeedbackQueuePage (/feedback)', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  async function open(user: StaffUser | null = receptionistUser): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: AUTH_STORAGE, useValue: storageWith(user ? sessionFor(user) : null) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/feedback');
    harness.detectChanges();
  }

  afterEach(() => {
    harness?.fixture.destroy();
    http?.match(() => true);
  });

  const page = (): HTMLElement => harness.routeNativeElement!;
  // innerText: the text as laid out, so separate blocks read as separate words.
  const text = (selector: string): string =>
    (page().querySelector<HTMLElement>(selector)?.innerText ?? '').replace(/\s+/g, ' ').trim();

  function queueRequest(): TestRequest {
    return http.expectOne((req) => req.url === QUEUE);
  }

  function answer(items = [staffFeedback()]): TestRequest {
    http.expectOne('/api/directory/departments').flush([
      {
        hospitalId: 'bv-bai-chay',
        serviceId: 's1',
        code: 'kham-benh',
        name: 'Khám bệnh',
        directions: '',
      },
      {
        hospitalId: 'bvdk-tinh-quang-ninh',
        serviceId: 's2',
        code: 'noi',
        name: 'Khoa Nội',
        directions: '',
      },
    ]);
    const req = queueRequest();
    req.flush(feedbackQueue(items));
    harness.detectChanges();
    return req;
  }

  it("opens the receptionist's own hospital queue, unanswered first, with the staff token", async () => {
    await open();
    expect(harness.routeDebugElement?.componentInstance).toBeInstanceOf(FeedbackQueuePage);
    const req = answer();
    expect(req.request.params.get('status')).toBe('open');
    expect(req.request.headers.get('Authorization')).toBe(`Bearer token-of-${receptionistUser.id}`);
    expect(text('h1')).toBe('Góp ý của người bệnh');
    expect(text('[data-testid="queue-hospital"]')).toBe('Bệnh viện Bãi Cháy');
    expect(text('[data-testid="queue-counts"]')).toBe(
      'Chưa trả lời: 1 · Đã trả lời: 0 · Đã giải quyết: 0 · Tổng: 1',
    );
    const item = text('[data-feedback="bk-fb-1"]');
    expect(item).toContain('Khám bệnh · 2025-11-20');
    expect(item).toContain('Chưa trả lời');
    expect(item).toContain('Thời gian chờ ★☆☆☆☆ 1/5 · Rất không hài lòng');
    expect(text('[data-testid="item-comment"]')).toBe('Chờ hơn hai tiếng mới được khám.');
    // Only the departments of the receptionist's hospital are offered.
    const options = [...page().querySelectorAll('[data-testid="department-filter"] option')].map(
      (o) => o.textContent!.trim(),
    );
    expect(options).toEqual(['Tất cả các khoa', 'Khám bệnh']);
  });

  it('asks again with the filters the user picks', async () => {
    await open();
    answer();
    const status = page().querySelector<HTMLSelectElement>('[data-testid="status-filter"]')!;
    status.value = '';
    status.dispatchEvent(new Event('change'));
    const all = queueRequest();
    expect(all.request.params.has('status')).toBeFalse();
    all.flush(feedbackQueue());
    const department = page().querySelector<HTMLSelectElement>(
      '[data-testid="department-filter"]',
    )!;
    harness.detectChanges();
    department.value = 'kham-benh';
    department.dispatchEvent(new Event('change'));
    expect(queueRequest().request.params.get('department')).toBe('kham-benh');
  });

  it('sends a reply and shows it; an empty reply is refused before sending', async () => {
    await open();
    answer();
    page().querySelector<HTMLButtonElement>('[data-testid="send-reply"]')!.click();
    harness.detectChanges();
    expect(text('[data-testid="item-error"]')).toBe('Vui lòng viết nội dung trả lời.');
    http.expectNone((req) => req.method === 'POST');

    const box = page().querySelector<HTMLTextAreaElement>('[data-testid="reply-text"]')!;
    box.value = 'Bệnh viện xin lỗi vì để anh/chị chờ lâu.';
    box.dispatchEvent(new Event('input'));
    page().querySelector<HTMLButtonElement>('[data-testid="send-reply"]')!.click();
    const req = http.expectOne({ method: 'POST', url: '/api/feedback/bk-fb-1/replies' });
    expect(req.request.body).toEqual({ text: 'Bệnh viện xin lỗi vì để anh/chị chờ lâu.' });
    req.flush(
      staffFeedback({
        status: 'replied',
        replies: [
          {
            id: 'r1',
            text: 'Bệnh viện xin lỗi vì để anh/chị chờ lâu.',
            at: '2025-11-21T01:00:00.000Z',
            by: {
              userId: receptionistUser.id,
              displayName: receptionistUser.displayName,
              role: 'receptionist',
            },
          },
        ],
      }),
    );
    harness.detectChanges();
    expect(text('[data-testid="item-reply"]')).toBe(
      'Phạm Thị Lan · 08:00:00 21/11/2025 Bệnh viện xin lỗi vì để anh/chị chờ lâu.',
    );
    expect(text('[data-feedback="bk-fb-1"] [data-testid="item-status"]')).toBe('↩ Đã trả lời');
  });

  it('marks resolved with a note and says who resolved it and after how long', async () => {
    await open();
    answer();
    const note = page().querySelector<HTMLInputElement>('[data-testid="resolve-note"]')!;
    note.value = 'Đã mở thêm quầy';
    note.dispatchEvent(new Event('input'));
    page().querySelector<HTMLButtonElement>('[data-testid="resolve"]')!.click();
    const req = http.expectOne({ method: 'POST', url: '/api/feedback/bk-fb-1/resolve' });
    expect(req.request.body).toEqual({ note: 'Đã mở thêm quầy' });
    req.flush(
      staffFeedback({
        status: 'resolved',
        resolution: {
          at: '2025-11-20T10:00:00.000Z',
          by: { userId: 'u', displayName: 'Phạm Thị Lan', role: 'receptionist' },
          note: 'Đã mở thêm quầy',
          hoursToResolve: 4,
        },
      }),
    );
    harness.detectChanges();
    expect(text('[data-testid="item-resolution"]')).toBe(
      'Đã giải quyết lúc 17:00:00 20/11/2025 bởi Phạm Thị Lan, sau 4 giờ.',
    );
    expect(page().querySelector('[data-testid="resolve"]')).toBeNull();
  });

  it("says in words when the API refuses, e.g. another hospital's feedback", async () => {
    await open();
    answer();
    page().querySelector<HTMLButtonElement>('[data-testid="resolve"]')!.click();
    http.expectOne({ method: 'POST', url: '/api/feedback/bk-fb-1/resolve' }).flush(
      {
        status: 403,
        detail: 'This feedback is for bvdk-tinh-quang-ninh; you work at bv-bai-chay.',
      },
      { status: 403, statusText: 'Forbidden' },
    );
    harness.detectChanges();
    expect(text('[data-testid="item-error"]')).toBe(
      'This feedback is for bvdk-tinh-quang-ninh; you work at bv-bai-chay.',
    );
  });

  it("opens for a doctor, on the doctor's own hospital", async () => {
    await open(doctorUser);
    expect(harness.routeDebugElement?.componentInstance).toBeInstanceOf(FeedbackQueuePage);
    http.expectOne((req) => req.url === '/api/hospitals/bvdk-tinh-quang-ninh/feedback');
    expect(text('[data-testid="queue-hospital"]')).toBe('Bệnh viện Đa khoa tỉnh Quảng Ninh');
  });

  it('sends someone not signed in to sign in first', async () => {
    await open(null);
    expect(TestBed.inject(Router).url).toBe(
      '/sign-in?reason=sign-in-required&returnUrl=%2Ffeedback',
    );
  });
});
