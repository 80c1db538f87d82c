import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  HttpTestingController,
  type TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { sessionFor, storageWith } from '../../../testing/auth-fixtures';
import { BVDK_ID, adminUser, publicFigures } from '../../../testing/operations-fixtures';
import { routes } from '../../app.routes';
import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AUTH_STORAGE } from '../../core/auth/auth-service';
import type { StaffSession } from '../../core/auth/auth-types';
import { PageTitleStrategy } from '../../core/layout/page-title-strategy';
import type { PublicFigures } from '../operations/operations-types';
import { PublicFiguresPage } from './public-figures-page';

const PUBLIC = '/api/operations/public';

describe('PublicFiguresPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  function configure(session: StaffSession | null = null): void {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: TitleStrategy, useClass: PageTitleStrategy },
        { provide: AUTH_STORAGE, useValue: storageWith(session) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  beforeEach(() => {
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date('2025-11-24T07:05:30.000Z'));
  });

  afterEach(() => {
    harness?.fixture.destroy();
    http?.match(() => true);
    jasmine.clock().uninstall();
  });

  async function open(): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/cong-khai');
    harness.detectChanges();
    jasmine.clock().tick(0);
  }

  function answer(figures: PublicFigures = publicFigures()): TestRequest {
    const request = http.expectOne((req) => req.url === PUBLIC);
    request.flush(figures);
    harness.detectChanges();
    return request;
  }

  function text(selector: string): string {
    // innerText: the text as laid out, so separate blocks read as separate words.
    const element = harness.routeNativeElement?.querySelector<HTMLElement>(selector);
    return element?.innerText.replace(/\s+/g, ' ').trim() ?? '';
  }

  it('opens for anyone, without signing in, with its heading and title', async () => {
    configure();
    await open();

    expect(harness.routeDebugElement?.componentInstance).toBeInstanceOf(PublicFiguresPage);
    expect(TestBed.inject(Router).url).toBe('/cong-khai');
    expect(text('h1')).toBe('Lượt đặt khám tại các bệnh viện');
    expect(TestBed.inject(Title).getTitle()).toBe('Số liệu công khai · Y tế Quảng Ninh');
    const request = answer();
    expect(request.request.headers.has('Authorization')).toBeFalse();
  });

  it('shows each hospital with its bookings today and this week in large numbers, and the province total', async () => {
    configure();
    await open();
    answer();

    const cards = [...harness.routeNativeElement!.querySelectorAll('li[data-hospital]')];
    expect(cards.map((card) => card.querySelector('h2')?.textContent?.trim())).toEqual([
      'Bệnh viện Đa khoa tỉnh Quảng Ninh',
      'Bệnh viện Sản Nhi Quảng Ninh',
      'Bệnh viện Bãi Cháy',
    ]);
    expect(text(`[data-hospital="${BVDK_ID}"] [data-count="today"]`)).toBe(
      'Hôm nay 60 lượt đặt khám',
    );
    expect(text(`[data-hospital="${BVDK_ID}"] [data-count="week"]`)).toBe(
      'Tuần này 1.140 lượt đặt khám',
    );
    expect(text('[data-testid="total"]')).toBe(
      'Toàn tỉnh: 100 lượt hôm nay, 1.188 lượt trong tuần.',
    );
    expect(text('[data-testid="when"]')).toBe(
      'Hôm nay: Thứ Hai, 24/11/2025 Tuần này: 24/11 – 30/11',
    );
    expect(text('[data-testid="updated"]')).toBe('Cập nhật lúc 14:05');
  });

  it('asks again every minute and stops when the visitor leaves', async () => {
    configure();
    await open();
    answer();

    jasmine.clock().tick(59_999);
    http.expectNone(PUBLIC);
    jasmine.clock().tick(1);
    answer(publicFigures({ generatedAt: '2025-11-24T07:06:30.000Z' }));
    expect(text('[data-testid="updated"]')).toBe('Cập nhật lúc 14:06');

    await harness.navigateByUrl('/');
    jasmine.clock().tick(180_000);
    http.expectNone(PUBLIC);
  });

  it('says the figures could not be loaded, and keeps the last ones when a refresh fails', async () => {
    configure();
    await open();
    http.expectOne(PUBLIC).error(new ProgressEvent('error'), { status: 0 });
    harness.detectChanges();
    expect(text('[data-testid="problem"]')).toBe(
      'Chưa tải được số liệu. Trang sẽ tự thử lại sau ít phút.',
    );

    jasmine.clock().tick(60_000);
    answer();
    expect(harness.routeNativeElement?.querySelector('[data-testid="problem"]')).toBeNull();

    jasmine.clock().tick(60_000);
    http.expectOne(PUBLIC).flush(null, { status: 503, statusText: 'Service Unavailable' });
    harness.detectChanges();
    expect(text('[data-testid="problem"]')).toContain('Số liệu bên dưới có thể đã cũ');
    expect(text(`[data-hospital="${BVDK_ID}"] [data-count="today"]`)).toContain('60');
  });

  it('stays open for a member of staff who is signed in', async () => {
    configure(sessionFor(adminUser));
    await open();
    answer();

    expect(TestBed.inject(Router).url).toBe('/cong-khai');
  });

  it('is linked from the home page, as is the operations dashboard', async () => {
    configure();
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/');
    const home = harness.routeNativeElement!;

    expect(home.querySelector('[data-face="operations"]')?.getAttribute('href')).toBe(
      '/operations',
    );
    const link = home.querySelector<HTMLAnchorElement>('[data-testid="public-figures-link"]')!;
    expect(link.getAttribute('href')).toBe('/cong-khai');
    link.click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/cong-khai');
  });
});
