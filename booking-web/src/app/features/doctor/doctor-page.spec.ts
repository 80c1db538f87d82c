import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { doctorUser, sessionFor, storageWith } from '../../../testing/auth-fixtures';
import { searchResults, sharedRecord } from '../../../testing/doctor-fixtures';
import { routes } from '../../app.routes';
import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AUTH_STORAGE, AuthService } from '../../core/auth/auth-service';
import { PATIENT_SEARCH_DEBOUNCE_MS } from './patient-search/patient-search';
import { PatientRecord } from './patient-record/patient-record';
import { DoctorPage } from './doctor-page';

/** The doctor face as the app wires it: real routes, guard and interceptor, a fake backend. */
describe('DoctorPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        {
          provide: AUTH_STORAGE,
          useFactory: () => storageWith(sessionFor(doctorUser, 'doctor-jwt')),
        },
        { provide: PATIENT_SEARCH_DEBOUNCE_MS, useValue: 0 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/doctor', DoctorPage);
    // Before any patient is opened, today's queue of the doctor's hospital shows below the search.
    http.expectOne('/api/directory/departments').flush([]);
    http.expectOne((r) => r.url === '/api/hospitals/bvdk-tinh-quang-ninh/day-list').flush([]);
    await harness.fixture.whenStable();
    harness.detectChanges();
  });

  afterEach(() => {
    http.match('/api/status'); // the folded status panel polls; not under test here
    http.verify();
  });

  const page = (): HTMLElement => harness.routeNativeElement!;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

  it("shows today's queue until a patient is opened", () => {
    expect(text('[data-testid="doctor-queue"] h2')).toBe('Hàng chờ khám hôm nay');
    expect(text('[data-testid="doctor-queue-empty"]')).toContain(
      'Chưa có người bệnh nào đang chờ.',
    );
  });

  it('says every record view is audited, and who is signed in', () => {
    expect(text('[data-testid="audit-note"]')).toContain(
      'Mọi lượt xem hồ sơ đều được ghi nhật ký.',
    );
    expect(text('[data-testid="session-user"]')).toBe('BS. Nguyễn Văn Hùng');
    expect(text('[data-testid="session-bar"]')).toContain('Bác sĩ');
  });

  it('opens the record below the search when a result is chosen, calling the API with the staff token', async () => {
    const input = page().querySelector<HTMLInputElement>('#patient-search-input')!;
    input.value = 'nguyen thi lan';
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const search = http.expectOne('/api/patients?q=nguyen%20thi%20lan');
    expect(search.request.headers.get('Authorization')).toBe('Bearer doctor-jwt');
    search.flush(searchResults);
    harness.detectChanges();

    page().querySelector<HTMLAnchorElement>('[data-patient="dkt-pat-1001"]')!.click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/doctor/patients/dkt-pat-1001');
    expect(page().querySelector('[data-testid="search-results"]')).toBeNull();

    const record = http.expectOne('/api/patients/dkt-pat-1001/record');
    expect(record.request.headers.get('Authorization')).toBe('Bearer doctor-jwt');
    record.flush(sharedRecord());
    await harness.fixture.whenStable();
    http.expectOne('/api/audit/patients/dkt-pat-1001/access').flush([]);
    harness.detectChanges();

    expect(page().querySelector('app-patient-record')).not.toBeNull();
    expect(page().querySelector('[data-testid="doctor-queue"]')).toBeNull();
    expect(text('[data-testid="record-name"]')).toBe('Nguyễn Thị Lan');
    expect(text('h1')).toBe('Bàn làm việc của bác sĩ');
  });

  it('signs out: leaves for the sign-in page and ends the session on the server', async () => {
    const signOut = [...page().querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Đăng xuất',
    )!;
    signOut.click();
    await harness.fixture.whenStable();

    expect(TestBed.inject(AuthService).signedIn()).toBeFalse();
    expect(TestBed.inject(Router).url).toBe('/sign-in?reason=signed-out');
    const req = http.expectOne('/api/auth/sign-out');
    expect(req.request.headers.get('Authorization')).toBe('Bearer doctor-jwt');
    req.flush(null, { status: 204, statusText: 'No Content' });
  });

  it('goes back to sign-in, saying the session ended, when the API answers 401', async () => {
    await harness.navigateByUrl('/doctor/patients/dkt-pat-1001');
    http
      .expectOne('/api/patients/dkt-pat-1001/record')
      .flush({ status: 401, detail: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe(
      '/sign-in?reason=session-ended&returnUrl=%2Fdoctor%2Fpatients%2Fdkt-pat-1001',
    );
    expect(page().textContent).toContain('Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.');
    expect(page().textContent).not.toContain('Nguyễn Thị Lan');
  });
});
