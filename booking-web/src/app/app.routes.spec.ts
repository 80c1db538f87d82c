import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type Type } from '@angular/core';
import { DeferBlockState, TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { doctorUser, receptionistUser, sessionFor, storageWith } from '../testing/auth-fixtures';
import { FakeEventSource } from '../testing/kiosk-fixtures';
import { routes } from './app.routes';
import { AUTH_STORAGE, AUTH_STORAGE_KEY } from './core/auth/auth-service';
import type { StaffUser } from './core/auth/auth-types';
import { PageTitleStrategy } from './core/layout/page-title-strategy';
import { DoctorPage } from './features/doctor/doctor-page';
import { FacilitiesPage } from './features/facilities/facilities-page';
import { HomePage } from './features/home/home-page';
import { KioskPage } from './features/kiosk/kiosk-page';
import { NotFoundPage } from './features/not-found/not-found-page';
import { EVENT_SOURCE_FACTORY } from './features/kiosk/station-events';
import { ReceptionPage } from './features/reception/reception-page';
import { SignInPage } from './features/sign-in/sign-in-page';

describe('app routes', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
        // A doctor is signed in: the doctor face is behind a role guard.
        { provide: AUTH_STORAGE, useFactory: () => storageWith(sessionFor(doctorUser)) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    // Status panels poll; answer nothing, just drop what is pending.
    http.match(() => true);
  });

  const cases: {
    url: string;
    page: Type<unknown>;
    heading: string;
    title: string;
    /** Who is signed in, when not the doctor (the staff faces are behind role guards). */
    user?: StaffUser;
  }[] = [
    {
      url: '/',
      page: HomePage,
      heading: 'Hồ sơ sức khỏe và hẹn khám tỉnh Quảng Ninh',
      title: 'Trang chủ',
    },
    {
      url: '/kiosk?station=kiosk-01',
      page: KioskPage,
      heading: 'Chạm thẻ để bắt đầu',
      title: 'Ki-ốt',
    },
    { url: '/kiosk', page: KioskPage, heading: 'Ki-ốt này chưa được cấu hình', title: 'Ki-ốt' },
    {
      url: '/reception',
      page: ReceptionPage,
      heading: 'Quầy lễ tân',
      title: 'Lễ tân',
      user: receptionistUser,
    },
    { url: '/doctor', page: DoctorPage, heading: 'Bàn làm việc của bác sĩ', title: 'Bác sĩ' },
    {
      url: '/sign-in',
      page: SignInPage,
      heading: 'Đăng nhập cho nhân viên y tế',
      title: 'Đăng nhập',
    },
    {
      url: '/co-so-kham-benh',
      page: FacilitiesPage,
      heading: 'Cơ sở khám bệnh',
      title: 'Cơ sở khám bệnh',
    },
    {
      url: '/no-such-page',
      page: NotFoundPage,
      heading: 'Không tìm thấy trang',
      title: 'Không tìm thấy trang',
    },
  ];

  it('loads every face lazily (loadComponent, no eager component)', () => {
    for (const route of routes) {
      expect(route.component).withContext(String(route.path)).toBeUndefined();
      expect(typeof route.loadComponent)
        .withContext(String(route.path))
        .toBe('function');
    }
  });

  for (const { url, page, heading, title, user } of cases) {
    it(`lazy-loads ${page.name} with its heading and title when navigating to ${url}`, async () => {
      if (user) {
        // Before AuthService reads the storage.
        TestBed.inject(AUTH_STORAGE)?.setItem(AUTH_STORAGE_KEY, JSON.stringify(sessionFor(user)));
      }
      const harness = await RouterTestingHarness.create();
      const instance = await harness.navigateByUrl(url, page);

      expect(instance).toBeInstanceOf(page);
      expect(harness.routeNativeElement?.querySelector('h1')?.textContent?.trim()).toBe(heading);
      expect(TestBed.inject(Title).getTitle()).toBe(`${title} · Y tế Quảng Ninh`);
    });
  }

  it('shows the live status panel on each face', async () => {
    const harness = await RouterTestingHarness.create();
    for (const url of ['/kiosk?station=kiosk-01', '/reception', '/doctor']) {
      await harness.navigateByUrl(url);
      // The kiosk loads its folded-away panel after the first paint (`@defer`): render it now.
      for (const block of await harness.fixture.getDeferBlocks()) {
        await block.render(DeferBlockState.Complete);
      }
      expect(harness.routeNativeElement?.querySelector('app-status-panel'))
        .withContext(url)
        .not.toBeNull();
    }
  });

  it('sends a visitor who is not signed in from /doctor to the sign-in page, remembering where to return', async () => {
    TestBed.inject(AUTH_STORAGE)?.clear(); // before AuthService reads it: nobody signed in
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/doctor/patients/dkt-pat-1001', SignInPage);

    expect(TestBed.inject(Router).url).toBe(
      '/sign-in?reason=sign-in-required&returnUrl=%2Fdoctor%2Fpatients%2Fdkt-pat-1001',
    );
    expect(harness.routeNativeElement?.textContent).toContain(
      'Vui lòng đăng nhập để mở trang này.',
    );
  });
});
