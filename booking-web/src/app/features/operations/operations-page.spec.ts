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
import { Chart } from 'chart.js';

import {
  doctorUser,
  receptionistUser,
  sessionFor,
  storageWith,
} from '../../../testing/auth-fixtures';
import {
  BAI_CHAY_ID,
  adminUser,
  baiChayOnlyFigures,
  hospitalItUser,
  operationsFigures,
} from '../../../testing/operations-fixtures';
import { routes } from '../../app.routes';
import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AUTH_STORAGE } from '../../core/auth/auth-service';
import type { StaffUser } from '../../core/auth/auth-types';
import { PageTitleStrategy } from '../../core/layout/page-title-strategy';
import { OperationsPage } from './operations-page';
import type { OperationsFigures } from './operations-types';

const FIGURES = '/api/operations/figures';

describe('OperationsPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  function signIn(user: StaffUser | null): void {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: TitleStrategy, useClass: PageTitleStrategy },
        { provide: AUTH_STORAGE, useValue: storageWith(user ? sessionFor(user) : null) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  beforeEach(() => {
    jasmine.clock().install();
    // Monday 24/11/2025, 14:05:30 in Viet Nam.
    jasmine.clock().mockDate(new Date('2025-11-24T07:05:30.000Z'));
  });

  afterEach(() => {
    harness?.fixture.destroy();
    http?.match(() => true);
    jasmine.clock().uninstall();
  });

  /** Opens a URL and lets the first refresh tick fire. */
  async function open(url = '/operations'): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    harness.detectChanges();
    jasmine.clock().tick(0);
  }

  function figuresRequest(): TestRequest {
    return http.expectOne((req) => req.url === FIGURES);
  }

  function answer(figures: OperationsFigures = operationsFigures()): TestRequest {
    const request = figuresRequest();
    request.flush(figures);
    harness.detectChanges();
    return request;
  }

  function page(): HTMLElement {
    return harness.routeNativeElement!;
  }

  /** The text as laid out (innerText), so separate blocks read as separate words. */
  function text(selector: string): string {
    return page().querySelector<HTMLElement>(selector)?.innerText.replace(/\s+/g, ' ').trim() ?? '';
  }

  function rows(selector: string): string[][] {
    return [...page().querySelectorAll(`${selector} tbody tr`)].map((row) =>
      [...row.children].map((cell) => (cell as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
    );
  }

  describe('guard', () => {
    it('opens for an admin, with its heading and title', async () => {
      signIn(adminUser);
      await open();

      expect(harness.routeDebugElement?.componentInstance).toBeInstanceOf(OperationsPage);
      expect(text('h1')).toBe('Số liệu vận hành');
      expect(TestBed.inject(Title).getTitle()).toBe('Số liệu vận hành · Y tế Quảng Ninh');
    });

    it('opens for hospital IT', async () => {
      signIn(hospitalItUser);
      await open();

      expect(harness.routeDebugElement?.componentInstance).toBeInstanceOf(OperationsPage);
      figuresRequest();
    });

    it('sends a visitor who is not signed in to sign-in, coming back here afterwards', async () => {
      signIn(null);
      await open();

      expect(TestBed.inject(Router).url).toBe(
        '/sign-in?reason=sign-in-required&returnUrl=%2Foperations',
      );
      http.expectNone(FIGURES);
    });

    it('sends a receptionist to the reception face and a doctor to the doctor face', async () => {
      signIn(receptionistUser);
      await open();
      expect(TestBed.inject(Router).url).toBe('/reception');
      http.expectNone(FIGURES);

      TestBed.inject(AUTH_STORAGE)!.clear();
      TestBed.resetTestingModule();
      signIn(doctorUser);
      await open();
      expect(TestBed.inject(Router).url).toBe('/doctor');
      http.expectNone(FIGURES);
    });
  });

  describe('figures', () => {
    beforeEach(() => signIn(adminUser));

    it('asks for today with the staff token and says when the figures were made', async () => {
      await open();
      expect(text('[data-testid="updated"]')).toContain('Đang tải số liệu…');

      const request = answer();

      expect(request.request.params.has('day')).toBeFalse();
      expect(request.request.headers.get('Authorization')).toBe('Bearer token-of-usr-admin-1');
      expect(text('[data-testid="updated"]')).toContain('Cập nhật lúc 14:05');
      expect(text('[data-testid="updated"]')).toContain('Tự cập nhật sau mỗi 30 giây.');
      expect(text('[data-testid="scope"]')).toBe('Toàn tỉnh: 3 bệnh viện');
      expect(text('[data-testid="day-heading"]')).toBe('Hôm nay, Thứ Hai, 24/11/2025');
    });

    it('shows the day at a glance in big numbers: bookings, check-ins, no-shows, rate, stations', async () => {
      await open();
      answer();

      const tile = (name: string): string => text(`[data-tile="${name}"]`);
      expect(tile('bookings')).toBe('Lượt đặt khám 100 Không tính 8 lượt đã hủy · cả tuần 188');
      expect(tile('checked-in')).toBe('Đã tiếp đón 50 Cả tuần 50');
      expect(tile('no-show')).toBe('Không đến 15 Cả tuần 15');
      expect(tile('no-show-rate')).toBe('Tỉ lệ không đến 23,1% Cả tuần 23,1%');
      expect(tile('stations')).toBe('Trạm đọc thẻ trực tuyến 1/2 Ngay lúc này');
    });

    it('draws a week chart per hospital, the department chart and the ingestion chart from the figures', async () => {
      await open();
      answer();

      const charts = [...page().querySelectorAll('figure[data-chart]')].map((figure) =>
        figure.getAttribute('data-chart'),
      );
      expect(charts).toEqual([
        'week-bvdk-tinh-quang-ninh',
        'week-bv-san-nhi-quang-ninh',
        'week-bv-bai-chay',
        'departments',
        'ingestion',
      ]);
      const drawn = (id: string): Chart =>
        Chart.getChart(page().querySelector<HTMLCanvasElement>(`[data-chart="${id}"] canvas`)!)!;

      const baiChay = drawn(`week-${BAI_CHAY_ID}`);
      expect(baiChay.data.datasets.map((d) => d.data[0])).toEqual([8, 5, 2, 1]);
      expect(baiChay.data.datasets.map((d) => d.data[1])).toEqual([0, 0, 0, 0]);
      expect(drawn('departments').data.labels?.length).toBe(6);
      expect(drawn('departments').data.datasets[0]!.data).toEqual([37, 23, null, null, null, null]);
      expect(drawn('ingestion').data.datasets.map((d) => d.data)).toEqual([
        [1200, 800, 400],
        [300, 150, 90],
        [12, 0, 7],
      ]);
    });

    it('puts a table under each chart for screen readers, folded under "Xem số liệu dạng bảng"', async () => {
      await open();
      answer();

      const figures = [...page().querySelectorAll('figure[data-chart]')];
      for (const figure of figures) {
        expect(figure.querySelector('details > summary')?.textContent?.trim())
          .withContext(figure.getAttribute('data-chart')!)
          .toBe('Xem số liệu dạng bảng');
        expect(figure.querySelector('canvas')?.getAttribute('aria-label'))
          .withContext(figure.getAttribute('data-chart')!)
          .toBeTruthy();
        // As a user would: open the table (a closed <details> lays nothing out).
        figure.querySelector<HTMLElement>('details > summary')!.click();
      }
      expect(rows('[data-chart="departments"]')[0]).toEqual([
        'Khoa Khám bệnh',
        'Bệnh viện Đa khoa tỉnh Quảng Ninh',
        '37',
        '20',
        '12',
        '5',
        '3',
        '2',
        '4',
      ]);
      expect(rows('[data-chart="ingestion"]').map((row) => row.at(-1))).toEqual([
        '1.512',
        '950',
        '497',
      ]);
    });

    it('lists each hospital, the lead times, the stations and the latest ingestion jobs', async () => {
      await open();
      answer();

      expect(rows('[data-testid="hospital-table"]')[0]).toEqual([
        'Bệnh viện Đa khoa tỉnh Quảng Ninh',
        '60',
        '30',
        '10',
        '25%',
        '140',
        '30',
        '10',
        '25%',
      ]);
      expect(rows('[data-testid="lead-table"]')).toEqual([
        [
          'Bệnh viện Đa khoa tỉnh Quảng Ninh',
          '65',
          '1 ngày 1 giờ',
          '3 ngày 1 giờ',
          '160',
          '2 ngày',
          '6 ngày',
        ],
        ['Bệnh viện Sản Nhi Quảng Ninh', '27', '45 phút', '3 giờ 5 phút', '35', '1 giờ', '1 ngày'],
        ['Bệnh viện Bãi Cháy', '0', '—', '—', '16', '30 phút', '1 giờ 30 phút'],
      ]);
      expect(rows('[data-testid="stations-table"]')).toEqual([
        [
          'kiosk-bvdk-01',
          '● Trực tuyến',
          'ACS ACR1252 1S CL Reader PICC 0',
          '09:15:00 24/11/2025',
          '14:04:58 24/11/2025',
        ],
        ['kiosk-bc-02', '○ Mất kết nối', 'Không có đầu đọc', 'Chưa có', '17:00:00 23/11/2025'],
      ]);
      expect(rows('[data-testid="jobs-table"]')).toEqual([
        [
          '13:00:00 24/11/2025',
          'Bệnh viện Bãi Cháy',
          'xml130 bc-2025-11-24.xml',
          'Thất bại XML không đọc được ở dòng 12',
          '0',
          '0',
          '0',
        ],
        [
          '12:00:00 24/11/2025',
          'Bệnh viện Đa khoa tỉnh Quảng Ninh',
          'csv bvdk-2025-11-24.csv',
          'Hoàn tất',
          '1.200',
          '300',
          '12',
        ],
      ]);
    });

    it('shows the wait from check-in to being called in, and who is still waiting, per hospital', async () => {
      await open();
      answer();

      expect(rows('[data-testid="wait-table"]')).toEqual([
        [
          'Bệnh viện Đa khoa tỉnh Quảng Ninh',
          '26',
          '4',
          '22 phút',
          '1 giờ 5 phút',
          '26',
          '22 phút',
          '1 giờ 5 phút',
        ],
        [
          'Bệnh viện Sản Nhi Quảng Ninh',
          '12',
          '0',
          '15 phút',
          '40 phút',
          '12',
          '15 phút',
          '40 phút',
        ],
        // Nobody called in: a dash, not a made-up zero minutes.
        ['Bệnh viện Bãi Cháy', '0', '8', '—', '—', '0', '—', '—'],
      ]);
    });

    it('shows only their own hospital to hospital IT', async () => {
      await open();
      answer(baiChayOnlyFigures());

      expect(text('[data-testid="scope"]')).toBe('Bệnh viện: Bệnh viện Bãi Cháy');
      expect(page().querySelectorAll('figure[data-chart^="week-"]').length).toBe(1);
      expect(text('[data-tile="bookings"]')).toContain('15');
    });
  });

  describe('auto-refresh', () => {
    beforeEach(() => signIn(adminUser));

    it('asks again every 30 seconds and shows the new figures and time', async () => {
      await open();
      answer();

      jasmine.clock().tick(29_999);
      http.expectNone(FIGURES);
      jasmine.clock().tick(1);
      const later = operationsFigures({
        generatedAt: '2025-11-24T07:06:00.000Z',
        stations: { ...operationsFigures().stations, online: 2 },
      });
      answer(later);

      expect(text('[data-testid="updated"]')).toContain('Cập nhật lúc 14:06');
      expect(text('[data-tile="stations"]')).toContain('2/2');
    });

    it('stops asking once the user leaves the page', async () => {
      await open();
      answer();

      await harness.navigateByUrl('/');
      jasmine.clock().tick(120_000);

      http.expectNone(FIGURES);
    });

    it('keeps the last figures on screen and says why when a refresh fails, until one succeeds', async () => {
      await open();
      answer();

      jasmine.clock().tick(30_000);
      figuresRequest().flush(null, { status: 503, statusText: 'Service Unavailable' });
      harness.detectChanges();

      expect(text('[data-testid="problem"]')).toContain('Không tải được số liệu mới.');
      expect(text('[data-testid="problem"]')).toContain('Máy chủ báo lỗi (mã 503)');
      expect(text('[data-testid="problem"]')).toContain('trang sẽ tự thử lại');
      expect(text('[data-tile="bookings"]')).toContain('100');
      expect(text('[data-testid="updated"]')).toContain('Cập nhật lúc 14:05');

      jasmine.clock().tick(30_000);
      answer();
      expect(page().querySelector('[data-testid="problem"]')).toBeNull();
    });
  });

  describe('day picker', () => {
    beforeEach(() => signIn(adminUser));

    async function settle(): Promise<void> {
      await harness.fixture.whenStable();
      harness.detectChanges();
      jasmine.clock().tick(0);
    }

    it('shows another day when one is picked, keeping it in the address', async () => {
      await open();
      answer();
      const input = page().querySelector<HTMLInputElement>('input[type="date"]')!;
      expect(input.value).toBe('2025-11-24');

      input.value = '2025-11-20';
      input.dispatchEvent(new Event('change'));
      await settle();

      expect(TestBed.inject(Router).url).toBe('/operations?day=2025-11-20');
      const request = figuresRequest();
      expect(request.request.params.get('day')).toBe('2025-11-20');
      // The old day's figures are not shown under the new day while it loads.
      expect(page().querySelector('[data-tile="bookings"]')).toBeNull();
      request.flush(
        operationsFigures({
          day: '2025-11-20',
          week: { from: '2025-11-17', to: '2025-11-23' },
        }),
      );
      harness.detectChanges();
      expect(text('[data-testid="day-heading"]')).toBe('Ngày Thứ Năm, 20/11/2025');
    });

    it('steps a day back and forth and returns to today, which then follows the clock', async () => {
      await open();
      answer();

      page().querySelector<HTMLButtonElement>('[data-testid="previous-day"]')!.click();
      await settle();
      expect(TestBed.inject(Router).url).toBe('/operations?day=2025-11-23');
      expect(figuresRequest().request.params.get('day')).toBe('2025-11-23');

      page().querySelector<HTMLButtonElement>('[data-testid="today"]')!.click();
      await settle();
      expect(TestBed.inject(Router).url).toBe('/operations');
      expect(figuresRequest().request.params.has('day')).toBeFalse();
    });

    it('opens the day named in the address', async () => {
      await open('/operations?day=2025-11-17');

      expect(figuresRequest().request.params.get('day')).toBe('2025-11-17');
    });

    it('asks for today when the address names something that is not a calendar day', async () => {
      await open('/operations?day=2025-02-30');

      expect(figuresRequest().request.params.has('day')).toBeFalse();
    });
  });
});
