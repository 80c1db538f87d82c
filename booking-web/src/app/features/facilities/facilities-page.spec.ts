import { provideHttpClient } from '@angular/common/http';
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
import type { Facility } from '@qn/contracts';

import { storageWith } from '../../../testing/auth-fixtures';
import { expectNoAxeViolations } from '../../../testing/axe';
import { demoFacilities, freeSlot } from '../../../testing/facility-fixtures';
import { routes } from '../../app.routes';
import { AUTH_STORAGE } from '../../core/auth/auth-service';
import { PageTitleStrategy } from '../../core/layout/page-title-strategy';
import { addDays, vnDay } from '../kiosk/kiosk-time';
import { FacilitiesPage } from './facilities-page';

const FACILITIES = '/api/directory/facilities';

describe('FacilitiesPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  function configure(locale = 'vi'): void {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: locale },
        { provide: TitleStrategy, useClass: PageTitleStrategy },
        // Nobody is signed in: the page is public.
        { provide: AUTH_STORAGE, useValue: storageWith(null) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  afterEach(() => {
    harness?.fixture.destroy();
    http?.verify();
  });

  async function open(): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/co-so-kham-benh');
    harness.detectChanges();
  }

  function answer(facilities: Facility[] = demoFacilities()): TestRequest {
    const request = http.expectOne((req) => req.url === FACILITIES);
    request.flush(facilities);
    harness.detectChanges();
    return request;
  }

  function page(): HTMLElement {
    return harness.routeNativeElement!;
  }

  function text(element: Element | null | undefined): string {
    // innerText: the text as laid out, so separate blocks read as separate words.
    return (element as HTMLElement | null)?.innerText.replace(/\s+/g, ' ').trim() ?? '';
  }

  function hospital(id: string): HTMLElement | null {
    return page().querySelector<HTMLElement>(`[data-hospital="${id}"]`);
  }

  function departmentNames(): string[] {
    return [...page().querySelectorAll('.department__name')].map((e) => text(e));
  }

  function type(value: string): void {
    const box = page().querySelector<HTMLInputElement>('[data-testid="search"]')!;
    box.value = value;
    box.dispatchEvent(new Event('input'));
    harness.detectChanges();
  }

  function bookButton(serviceId: string): HTMLButtonElement {
    return page().querySelector<HTMLButtonElement>(
      `[data-service="${serviceId}"] [data-testid="book"]`,
    )!;
  }

  it('opens for anyone, without signing in, with its heading and title', async () => {
    configure();
    await open();

    expect(harness.routeDebugElement?.componentInstance).toBeInstanceOf(FacilitiesPage);
    expect(TestBed.inject(Router).url).toBe('/co-so-kham-benh');
    expect(text(page().querySelector('h1'))).toBe('Cơ sở khám bệnh');
    expect(TestBed.inject(Title).getTitle()).toBe('Cơ sở khám bệnh · Y tế Quảng Ninh');
    expect(text(page().querySelector('[role="status"].loading'))).toBe(
      'Đang tải danh sách bệnh viện…',
    );
    const request = answer();
    expect(request.request.method).toBe('GET');
    expect(request.request.headers.has('Authorization')).toBeFalse();
    http.verify();
  });

  it('shows each hospital with its address, phone, website, map links and departments with directions', async () => {
    configure();
    await open();
    answer();

    const names = [...page().querySelectorAll('h2')].map((h) => text(h));
    expect(names).toEqual([
      'Bệnh viện Đa khoa tỉnh Quảng Ninh',
      'Bệnh viện Sản Nhi Quảng Ninh',
      'Bệnh viện Bãi Cháy',
    ]);

    const bvdk = hospital('bvdk-tinh-quang-ninh')!;
    expect(text(bvdk.querySelector('[data-fact="address"]'))).toBe(
      'Địa chỉ Phố Tuệ Tĩnh, phường Bạch Đằng, thành phố Hạ Long, tỉnh Quảng Ninh',
    );
    const phone = bvdk.querySelector<HTMLAnchorElement>('[data-fact="phone"] a')!;
    expect(text(phone)).toBe('+84 203 3825 499');
    expect(phone.getAttribute('href')).toBe('tel:+842033825499');
    expect(bvdk.querySelector('[data-map="osm"]')?.getAttribute('href')).toBe(
      'https://www.openstreetmap.org/?mlat=20.95300&mlon=107.08460#map=17/20.95300/107.08460',
    );
    const google = new URL(bvdk.querySelector('[data-map="google"]')!.getAttribute('href')!);
    expect(google.origin + google.pathname).toBe('https://www.google.com/maps/dir/');
    expect(google.searchParams.get('api')).toBe('1');
    expect(google.searchParams.get('destination')).toBe(
      'Bệnh viện Đa khoa tỉnh Quảng Ninh, Phố Tuệ Tĩnh, phường Bạch Đằng, thành phố Hạ Long, tỉnh Quảng Ninh',
    );
    const ent = bvdk.querySelector('[data-service="hs-bvdk-tinh-quang-ninh-tai-mui-hong"]')!;
    expect(text(ent.querySelector('.department__name'))).toBe('Khoa Tai Mũi Họng');
    expect(text(ent.querySelector('.department__where'))).toBe(
      'Đường đến: Nhà A, tầng 2, phòng 204',
    );
    // Each button names its department for a screen reader, beyond "Đặt lịch khám".
    expect(
      ent.querySelector('[data-testid="book"]')?.textContent?.replace(/\s+/g, ' ').trim(),
    ).toBe('Đặt lịch khám: Khoa Tai Mũi Họng');

    const sanNhi = hospital('bv-san-nhi-quang-ninh')!;
    const email = sanNhi.querySelector<HTMLAnchorElement>('[data-fact="email"] a')!;
    expect(email.getAttribute('href')).toBe('mailto:tiepdon@example.vn');
    const website = sanNhi.querySelector<HTMLAnchorElement>('[data-fact="url"] a')!;
    expect(text(website)).toBe('sannhiquangninh.vn');
    expect(website.getAttribute('href')).toBe('https://sannhiquangninh.vn');
    // The English name is for the English build.
    expect(sanNhi.querySelector('.hospital__alias')).toBeNull();

    // Nothing is loaded from a map service: links only.
    expect(page().querySelector('iframe, img, script')).toBeNull();
  });

  it('leaves out address, contacts and map links when the directory has none for a hospital', async () => {
    configure();
    await open();
    answer();

    const baiChay = hospital('bv-bai-chay')!;
    expect(baiChay.querySelector('.facts')?.children.length).toBe(0);
    expect(baiChay.querySelector('.maps')).toBeNull();
    expect(departmentNames()).toContain('Khoa Răng Hàm Mặt');
  });

  it('does not link a website whose address is not http or https', async () => {
    configure();
    await open();
    const facilities = demoFacilities();
    facilities[0]!.contacts = [{ system: 'url', value: 'javascript:alert(1)' }];
    answer(facilities);

    const website = hospital('bvdk-tinh-quang-ninh')!.querySelector('[data-fact="url"]')!;
    expect(website.querySelector('a')).toBeNull();
    expect(text(website)).toBe('Trang web javascript:alert(1)');
  });

  it('shows the English name beneath the Vietnamese one in the English build', async () => {
    configure('en');
    await open();
    answer();

    const alias = hospital('bv-bai-chay')!.querySelector('.hospital__alias')!;
    expect(text(alias)).toBe('Bai Chay Hospital');
    expect(alias.getAttribute('lang')).toBe('en');
    expect(text(hospital('bv-bai-chay')!.querySelector('h2'))).toBe('Bệnh viện Bãi Cháy');
  });

  it('finds departments typed without diacritics and hides the hospitals with none', async () => {
    configure();
    await open();
    answer();

    type('tai mui hong');
    expect(departmentNames()).toEqual(['Khoa Tai Mũi Họng']);
    expect(hospital('bv-san-nhi-quang-ninh')).toBeNull();
    expect(text(page().querySelector('[data-testid="found"]'))).toBe('Số khoa tìm thấy: 1');

    // "mat" is both Mắt and Răng Hàm Mặt, at two hospitals.
    type('MAT');
    expect(departmentNames()).toEqual(['Khoa Mắt', 'Khoa Răng Hàm Mặt']);
    expect(text(page().querySelector('[data-testid="found"]'))).toBe('Số khoa tìm thấy: 2');

    type('Nhi');
    expect(departmentNames()).toEqual(['Khoa Nhi tổng hợp']);
  });

  it('says so when no department matches, and shows them all again on "Xem tất cả các khoa"', async () => {
    configure();
    await open();
    answer();

    type('  tim mach ');
    expect(departmentNames()).toEqual([]);
    expect(text(page().querySelector('[data-testid="found"]'))).toBe(
      'Không tìm thấy khoa nào có tên như “tim mach”. Hãy thử gõ ít chữ hơn, ví dụ “mắt”.',
    );

    page().querySelector<HTMLButtonElement>('[data-testid="clear"]')!.click();
    harness.detectChanges();
    expect(departmentNames().length).toBe(5);
    expect(page().querySelector<HTMLInputElement>('[data-testid="search"]')!.value).toBe('');
    expect(text(page().querySelector('[data-testid="found"]'))).toBe('');
  });

  it('opens the booking page of the first free time in the next 30 days on "Đặt lịch khám"', async () => {
    configure();
    await open();
    answer();
    const today = vnDay(Date.now());

    bookButton('hs-bvdk-tinh-quang-ninh-mat').click();
    harness.detectChanges();
    expect(bookButton('hs-bvdk-tinh-quang-ninh-mat').disabled).toBeTrue();
    expect(text(page().querySelector('#book-hs-bvdk-tinh-quang-ninh-mat'))).toBe(
      'Đang tìm giờ trống…',
    );
    const request = http.expectOne((req) => req.url === '/api/availability');
    expect(request.request.params.get('hospital')).toBe('bvdk-tinh-quang-ninh');
    expect(request.request.params.get('department')).toBe('mat');
    expect(request.request.params.get('from')).toBe(today);
    expect(request.request.params.get('to')).toBe(addDays(today, 29));
    expect(request.request.params.get('limit')).toBe('1');
    request.flush([freeSlot()]);
    await harness.fixture.whenStable();

    const router = TestBed.inject(Router);
    const url = router.parseUrl(router.url);
    expect(url.root.children['primary']?.toString()).toBe('dat-lich');
    expect(url.queryParams).toEqual({ slot: 'hs-bvdk-tinh-quang-ninh-mat@202511260800' });
    // The booking page checks the slot itself; not part of this spec.
    http.match(() => true);
  });

  it('says next to the department when it has no free time, or when the search failed', async () => {
    configure();
    await open();
    answer();

    bookButton('hs-bv-bai-chay-rang-ham-mat').click();
    http.expectOne((req) => req.url === '/api/availability').flush([]);
    harness.detectChanges();
    expect(text(page().querySelector('#book-hs-bv-bai-chay-rang-ham-mat'))).toBe(
      'Chưa có giờ trống trong 30 ngày tới. Hãy gọi bệnh viện hoặc hỏi quầy tiếp đón.',
    );
    expect(bookButton('hs-bv-bai-chay-rang-ham-mat').disabled).toBeFalse();
    expect(TestBed.inject(Router).url).toBe('/co-so-kham-benh');

    bookButton('hs-bv-san-nhi-quang-ninh-nhi').click();
    http
      .expectOne((req) => req.url === '/api/availability')
      .flush(null, { status: 503, statusText: 'Service Unavailable' });
    harness.detectChanges();
    expect(text(page().querySelector('#book-hs-bv-san-nhi-quang-ninh-nhi'))).toBe(
      'Chưa tìm được giờ trống (không kết nối được hệ thống). Vui lòng thử lại.',
    );
    http.verify();
  });

  it('says the directory could not be loaded, and loads it on "Thử lại"', async () => {
    configure();
    await open();
    http.expectOne(FACILITIES).flush(null, { status: 503, statusText: 'Service Unavailable' });
    harness.detectChanges();

    const problem = page().querySelector('[data-testid="problem"]')!;
    expect(problem.getAttribute('role')).toBe('alert');
    expect(text(problem)).toContain('Chưa tải được danh sách bệnh viện');

    problem.querySelector<HTMLButtonElement>('button')!.click();
    harness.detectChanges();
    answer();
    expect(page().querySelector('[data-testid="problem"]')).toBeNull();
    expect(page().querySelectorAll('[data-hospital]').length).toBe(3);
  });

  it('has no accessibility violations, with the whole list and with a search that found nothing', async () => {
    configure();
    await open();
    answer();
    await expectNoAxeViolations(page(), 'the facility directory');

    bookButton('hs-bvdk-tinh-quang-ninh-mat').click();
    http.expectOne((req) => req.url === '/api/availability').flush([]);
    type('xyz');
    await expectNoAxeViolations(page(), 'the facility directory with no match');
  });

  it('is linked from the home page', async () => {
    configure();
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/');
    const link = page().querySelector<HTMLAnchorElement>('[data-testid="facilities-link"]')!;
    expect(link.getAttribute('href')).toBe('/co-so-kham-benh');

    link.click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/co-so-kham-benh');
    http.expectOne(FACILITIES).flush([]);
  });
});
