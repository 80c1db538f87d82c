import { HttpClient, HttpHeaders, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { doctorUser, sessionFor, storageWith } from '../../../testing/auth-fixtures';
import { authInterceptor, isStaffApiCall } from './auth-interceptor';
import { AUTH_STORAGE, AuthService } from './auth-service';
import type { StaffSession } from './auth-types';

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let router: Router;
  let routerUrl: string;

  function setUp(session: StaffSession | null = sessionFor(doctorUser, 'staff-jwt')): AuthService {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: AUTH_STORAGE, useValue: storageWith(session) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    router = TestBed.inject(Router);
    routerUrl = '/doctor';
    spyOnProperty(router, 'url').and.callFake(() => routerUrl);
    spyOn(router, 'navigate').and.resolveTo(true);
    return TestBed.inject(AuthService);
  }

  afterEach(() => http.verify());

  it('adds the staff bearer token to API calls of a signed-in user', () => {
    setUp();
    client.get('/api/patients', { params: { q: 'lan' } }).subscribe();

    const req = http.expectOne('/api/patients?q=lan');
    expect(req.request.headers.get('Authorization')).toBe('Bearer staff-jwt');
    req.flush([]);
  });

  it('sends no token when nobody is signed in', () => {
    setUp(null);
    client.get('/api/status').subscribe();

    expect(http.expectOne('/api/status').request.headers.has('Authorization')).toBeFalse();
  });

  it("keeps the kiosk's own session token instead of replacing it with the staff token", () => {
    setUp();
    client
      .get('/api/kiosk/bookings', {
        headers: new HttpHeaders({ Authorization: 'Bearer kiosk-tok' }),
      })
      .subscribe();

    expect(http.expectOne('/api/kiosk/bookings').request.headers.get('Authorization')).toBe(
      'Bearer kiosk-tok',
    );
  });

  it('never sends the staff token on kiosk or station paths, nor to sign-in', () => {
    setUp();
    client.post('/api/kiosk/session/end', null).subscribe();
    client.get('/api/stations/kiosk-01/events').subscribe();
    client.post('/api/auth/sign-in', {}).subscribe();

    for (const url of [
      '/api/kiosk/session/end',
      '/api/stations/kiosk-01/events',
      '/api/auth/sign-in',
    ]) {
      expect(http.expectOne(url).request.headers.has('Authorization')).withContext(url).toBeFalse();
    }
  });

  it('sends no staff token while the public kiosk is on screen, even to shared paths', () => {
    setUp();
    routerUrl = '/kiosk?station=kiosk-01';
    client.get('/api/directory/hospitals').subscribe();

    expect(
      http.expectOne('/api/directory/hospitals').request.headers.has('Authorization'),
    ).toBeFalse();
  });

  it('ends the session and goes to sign-in with the reason when the API answers 401', () => {
    const auth = setUp();
    routerUrl = '/doctor/patients/p-1';
    let status = 0;
    client
      .get('/api/patients/p-1/record')
      .subscribe({ error: (e: { status: number }) => (status = e.status) });
    http
      .expectOne('/api/patients/p-1/record')
      .flush(
        { title: 'Unauthorized', detail: 'expired' },
        { status: 401, statusText: 'Unauthorized' },
      );

    expect(status).toBe(401);
    expect(auth.signedIn()).toBeFalse();
    expect(router.navigate).toHaveBeenCalledWith(['/sign-in'], {
      queryParams: { reason: 'session-ended', returnUrl: '/doctor/patients/p-1' },
    });
  });

  it('leaves the staff session alone when a kiosk call (with its own token) gets 401', () => {
    const auth = setUp();
    client
      .get('/api/kiosk/session', {
        headers: new HttpHeaders({ Authorization: 'Bearer kiosk-tok' }),
      })
      .subscribe({ error: () => undefined });
    http.expectOne('/api/kiosk/session').flush(null, { status: 401, statusText: 'Unauthorized' });

    expect(auth.signedIn()).toBeTrue();
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('does not treat a 403 as the end of the session', () => {
    const auth = setUp();
    client.get('/api/patients/p-2/record').subscribe({ error: () => undefined });
    http.expectOne('/api/patients/p-2/record').flush({}, { status: 403, statusText: 'Forbidden' });

    expect(auth.signedIn()).toBeTrue();
  });
});

describe('isStaffApiCall', () => {
  it('matches API paths under the configured base and nothing else', () => {
    expect(isStaffApiCall('/api/patients?q=1', '')).toBeTrue();
    expect(isStaffApiCall('/api/kiosks-report', '')).toBeTrue();
    expect(isStaffApiCall('/api/kiosk', '')).toBeFalse();
    expect(isStaffApiCall('/api/kiosk?x=1', '')).toBeFalse();
    expect(isStaffApiCall('/fhir/Patient', '')).toBeFalse();
    expect(isStaffApiCall('https://other.example/api/patients', '')).toBeFalse();
    expect(
      isStaffApiCall('https://api.qn.example/api/patients', 'https://api.qn.example'),
    ).toBeTrue();
    expect(isStaffApiCall('/api/patients', 'https://api.qn.example')).toBeFalse();
  });
});
