import { HttpHeaders, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import {
  MemoryStorage,
  doctorUser,
  receptionistUser,
  sessionFor,
  storageWith,
} from '../../../testing/auth-fixtures';
import { expectNoAxeViolations } from '../../../testing/axe';
import { AUTH_STORAGE, AuthService } from '../../core/auth/auth-service';
import type { StaffSession } from '../../core/auth/auth-types';
import { SignInPage, safeReturnUrl } from './sign-in-page';

describe('SignInPage', () => {
  let fixture: ComponentFixture<SignInPage>;
  let http: HttpTestingController;
  let router: Router;
  let storage: MemoryStorage;

  function setUp(
    inputs: { reason?: string; returnUrl?: string } = {},
    stored: StaffSession | null = null,
  ): void {
    storage = storageWith(stored);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: AUTH_STORAGE, useValue: storage },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    spyOn(router, 'navigateByUrl').and.resolveTo(true);
    spyOn(router, 'navigate').and.resolveTo(true);
    fixture = TestBed.createComponent(SignInPage);
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    fixture.detectChanges();
  }

  afterEach(() => http.verify());

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

  function type(id: string, value: string): void {
    const input = page().querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function submit(username = 'bs.hung', password = 'Mật-khẩu-1'): void {
    type('sign-in-username', username);
    type('sign-in-password', password);
    page().querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    fixture.detectChanges();
  }

  it('has labelled username and password fields and focuses the username first', async () => {
    setUp();
    await fixture.whenStable();

    expect(text('h1')).toBe('Đăng nhập cho nhân viên y tế');
    expect(text('label[for="sign-in-username"]')).toBe('Tên đăng nhập');
    expect(text('label[for="sign-in-password"]')).toBe('Mật khẩu');
    expect(page().querySelector('#sign-in-password')?.getAttribute('type')).toBe('password');
    expect(document.activeElement?.id).toBe('sign-in-username');
  });

  it('passes the axe accessibility rules, empty and after a refused sign-in', async () => {
    setUp();
    await fixture.whenStable();
    await expectNoAxeViolations(page(), 'the sign-in form');
    page().querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    fixture.detectChanges();
    await expectNoAxeViolations(page(), 'the sign-in form with missing fields');
    submit('bs.hung', 'sai');
    http
      .expectOne('/api/auth/sign-in')
      .flush(
        { title: 'Unauthorized', status: 401, detail: 'Sai tên đăng nhập hoặc mật khẩu.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    fixture.detectChanges();
    await expectNoAxeViolations(page(), 'the sign-in form after a refusal');
  });

  it('says which field is missing and sends nothing when the form is empty', () => {
    setUp();
    submit('', '');

    expect(text('#sign-in-username-error')).toBe('Nhập tên đăng nhập.');
    expect(text('#sign-in-password-error')).toBe('Nhập mật khẩu.');
    expect(page().querySelector('#sign-in-username')?.getAttribute('aria-invalid')).toBe('true');
    http.expectNone('/api/auth/sign-in');
  });

  it("signs a doctor in and opens the doctor's face", () => {
    setUp();
    submit(' bs.hung ', 'Mật-khẩu-1');

    const req = http.expectOne('/api/auth/sign-in');
    expect(req.request.body).toEqual({ username: 'bs.hung', password: 'Mật-khẩu-1' });
    expect(text('button[type="submit"]')).toBe('Đang đăng nhập…');
    req.flush(sessionFor(doctorUser));

    expect(router.navigateByUrl).toHaveBeenCalledWith('/doctor');
    expect(TestBed.inject(AuthService).user()?.role).toBe('doctor');
  });

  it('opens the reception face for a receptionist', () => {
    setUp();
    submit('lt.lan');
    http.expectOne('/api/auth/sign-in').flush(sessionFor(receptionistUser));

    expect(router.navigateByUrl).toHaveBeenCalledWith('/reception');
  });

  it('goes back to the page the user was sent away from', () => {
    setUp({ reason: 'session-ended', returnUrl: '/doctor/patients/dkt-pat-1001' });
    submit();
    http.expectOne('/api/auth/sign-in').flush(sessionFor(doctorUser));

    expect(router.navigateByUrl).toHaveBeenCalledWith('/doctor/patients/dkt-pat-1001');
  });

  it("shows the API's own words, keeps the username and clears the password when sign-in is refused", () => {
    setUp();
    submit('bs.hung', 'sai');
    http.expectOne('/api/auth/sign-in').flush(
      {
        type: 'https://qn-health.example/problems/sign-in-failed',
        title: 'Unauthorized',
        status: 401,
        detail: 'Sai tên đăng nhập hoặc mật khẩu.',
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    fixture.detectChanges();

    expect(text('[data-testid="sign-in-error"]')).toContain('Không đăng nhập được');
    expect(text('[data-testid="sign-in-detail"]')).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(page().querySelector('[data-testid="sign-in-error"]')?.getAttribute('role')).toBe(
      'alert',
    );
    expect(page().querySelector<HTMLInputElement>('#sign-in-username')!.value).toBe('bs.hung');
    expect(page().querySelector<HTMLInputElement>('#sign-in-password')!.value).toBe('');
    expect(page().querySelector('#sign-in-password-error')).toBeNull();
    expect(router.navigateByUrl).not.toHaveBeenCalled();
    expect(storage.length).toBe(0);
  });

  it('says the account is locked and when to try again when the API answers 429', () => {
    jasmine.clock().install();
    try {
      // 08:00 in Viet Nam; Retry-After 900 s → 08:15.
      jasmine.clock().mockDate(new Date('2025-11-24T01:00:00Z'));
      setUp();
      submit();
      http.expectOne('/api/auth/sign-in').flush(
        { title: 'Too many failed sign-ins', status: 429, detail: 'Thử lại sau 15 phút.' },
        {
          status: 429,
          statusText: 'Too Many Requests',
          headers: new HttpHeaders({ 'Retry-After': '900' }),
        },
      );
      fixture.detectChanges();

      expect(page().querySelector('[data-testid="sign-in-error"]')?.getAttribute('data-kind')).toBe(
        'locked',
      );
      expect(text('[data-testid="sign-in-error"]')).toContain(
        'Tài khoản tạm thời bị khóa vì đăng nhập sai nhiều lần',
      );
      expect(text('[data-testid="sign-in-retry"]')).toBe('Có thể thử lại lúc 08:15 ngày 24/11.');
      expect(text('[data-testid="sign-in-detail"]')).toBe('Thử lại sau 15 phút.');
    } finally {
      jasmine.clock().uninstall();
    }
  });

  it('says the server cannot be reached when the network fails', () => {
    setUp();
    submit();
    http.expectOne('/api/auth/sign-in').error(new ProgressEvent('error'), { status: 0 });
    fixture.detectChanges();

    expect(text('[data-testid="sign-in-detail"]')).toBe(
      'Không kết nối được với máy chủ. Kiểm tra mạng rồi thử lại.',
    );
  });

  it('explains why it is shown when the session ended', () => {
    setUp({ reason: 'session-ended' });

    expect(text('[data-testid="sign-in-notice"]')).toContain(
      'Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.',
    );
  });

  it('offers the way to work, or to sign out, to someone already signed in', () => {
    setUp({}, sessionFor(doctorUser));

    expect(page().querySelector('form')).toBeNull();
    expect(text('[data-testid="already-signed-in"]')).toContain('BS. Nguyễn Văn Hùng');
    expect(page().querySelector('[data-testid="already-signed-in"] a')?.getAttribute('href')).toBe(
      '/doctor',
    );
  });
});

describe('safeReturnUrl', () => {
  it('accepts only paths of this app', () => {
    expect(safeReturnUrl('/doctor/patients/p1?x=1')).toBe('/doctor/patients/p1?x=1');
    expect(safeReturnUrl('https://evil.example/')).toBeNull();
    expect(safeReturnUrl('//evil.example/')).toBeNull();
    expect(safeReturnUrl('/\\evil.example')).toBeNull();
    expect(safeReturnUrl('/sign-in?reason=x')).toBeNull();
    expect(safeReturnUrl(undefined)).toBeNull();
  });
});
