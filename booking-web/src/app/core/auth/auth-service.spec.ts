import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { MemoryStorage, doctorUser, sessionFor, storageWith } from '../../../testing/auth-fixtures';
import { AUTH_STORAGE, AUTH_STORAGE_KEY, AuthService } from './auth-service';
import type { StaffSession } from './auth-types';

describe('AuthService', () => {
  let http: HttpTestingController;
  let storage: MemoryStorage;
  let router: Router;

  function setUp(stored: StaffSession | null = null): AuthService {
    storage = storageWith(stored);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AUTH_STORAGE, useValue: storage },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    spyOn(router, 'navigate').and.resolveTo(true);
    return TestBed.inject(AuthService);
  }

  afterEach(() => http.verify());

  it('keeps the user and token in signals and in session storage when sign-in succeeds', () => {
    const auth = setUp();
    const session = sessionFor(doctorUser, 'jwt-1');
    let signedIn: unknown;
    auth.signIn('bs.hung', 'mật-khẩu').subscribe((user) => (signedIn = user));

    const req = http.expectOne('/api/auth/sign-in');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'bs.hung', password: 'mật-khẩu' });
    req.flush(session);

    expect(signedIn).toEqual(doctorUser);
    expect(auth.user()).toEqual(doctorUser);
    expect(auth.token()).toBe('jwt-1');
    expect(auth.hasRole(['doctor'])).toBeTrue();
    expect(auth.hasRole(['receptionist'])).toBeFalse();
    expect(JSON.parse(storage.getItem(AUTH_STORAGE_KEY)!)).toEqual(session);
  });

  it('restores the session after a reload when the stored token has not expired', () => {
    const auth = setUp(sessionFor(doctorUser, 'jwt-stored'));

    expect(auth.signedIn()).toBeTrue();
    expect(auth.token()).toBe('jwt-stored');
    expect(auth.user()?.displayName).toBe('BS. Nguyễn Văn Hùng');
  });

  it('drops a stored session whose token has expired', () => {
    const expired = {
      ...sessionFor(doctorUser),
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    };
    const auth = setUp(expired);

    expect(auth.signedIn()).toBeFalse();
    expect(storage.getItem(AUTH_STORAGE_KEY)).toBeNull();
  });

  it('ignores a stored value that is not a session (tampered or from an older version)', () => {
    const auth = setUp({
      accessToken: 'x',
      user: { role: 'superuser' },
    } as unknown as StaffSession);

    expect(auth.signedIn()).toBeFalse();
  });

  it('stores nothing and fails when the sign-in answer has no token', () => {
    const auth = setUp();
    let failed = false;
    auth.signIn('bs.hung', 'pw').subscribe({ error: () => (failed = true) });
    http.expectOne('/api/auth/sign-in').flush({ user: doctorUser });

    expect(failed).toBeTrue();
    expect(auth.signedIn()).toBeFalse();
    expect(storage.length).toBe(0);
  });

  it('forgets the session at once and tells the API, with the old token, when signing out', () => {
    const auth = setUp(sessionFor(doctorUser, 'jwt-out'));
    auth.signOut();

    expect(auth.signedIn()).toBeFalse();
    expect(storage.getItem(AUTH_STORAGE_KEY)).toBeNull();
    expect(router.navigate).toHaveBeenCalledWith(['/sign-in'], {
      queryParams: { reason: 'signed-out' },
    });
    const req = http.expectOne('/api/auth/sign-out');
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get('Authorization')).toBe('Bearer jwt-out');
    req.flush(null, { status: 204, statusText: 'No Content' });
  });

  it('stays signed out when the sign-out call fails', () => {
    const auth = setUp(sessionFor(doctorUser));
    auth.signOut();
    http.expectOne('/api/auth/sign-out').error(new ProgressEvent('error'), { status: 0 });

    expect(auth.signedIn()).toBeFalse();
  });

  it('ends the session and sends the user to sign in, with a return address, when the API says it ended', async () => {
    const auth = setUp(sessionFor(doctorUser, 'jwt-a'));
    spyOnProperty(router, 'url').and.returnValue('/doctor/patients/p1');
    auth.sessionEnded('jwt-a');

    expect(auth.signedIn()).toBeFalse();
    expect(router.navigate).toHaveBeenCalledWith(['/sign-in'], {
      queryParams: { reason: 'session-ended', returnUrl: '/doctor/patients/p1' },
    });
  });

  it('ignores a late 401 for an older token, so it cannot end a newer session', () => {
    const auth = setUp(sessionFor(doctorUser, 'jwt-new'));
    auth.sessionEnded('jwt-old');

    expect(auth.token()).toBe('jwt-new');
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('ends the session with "expired" when the token reaches its expiry time', () => {
    jasmine.clock().install();
    try {
      jasmine.clock().mockDate(new Date('2025-11-24T07:00:00Z'));
      const session = { ...sessionFor(doctorUser, 'jwt-short'), expiresAt: '2025-11-24T07:10:00Z' };
      const auth = setUp(session);

      jasmine.clock().tick(9 * 60 * 1000);
      expect(auth.signedIn()).toBeTrue();

      jasmine.clock().tick(60 * 1000 + 1);
      expect(auth.signedIn()).toBeFalse();
      expect(router.navigate).toHaveBeenCalledWith(
        ['/sign-in'],
        jasmine.objectContaining({
          queryParams: jasmine.objectContaining({ reason: 'expired' }),
        }),
      );
    } finally {
      jasmine.clock().uninstall();
    }
  });

  it('reads /api/auth/me in either the bare or the wrapped shape and refreshes the stored user', () => {
    const auth = setUp(sessionFor(doctorUser));
    const renamed = { ...doctorUser, displayName: 'TS. BS. Nguyễn Văn Hùng' };

    auth.me().subscribe();
    http.expectOne('/api/auth/me').flush({ user: renamed });
    expect(auth.user()?.displayName).toBe('TS. BS. Nguyễn Văn Hùng');

    auth.me().subscribe();
    http.expectOne('/api/auth/me').flush({ ...renamed, displayName: 'Hùng' });
    expect(auth.user()?.displayName).toBe('Hùng');
  });
});
