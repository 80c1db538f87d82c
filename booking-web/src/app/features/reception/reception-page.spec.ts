import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import type { Booking } from '@qn/contracts';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import {
  type MemoryStorage,
  receptionistUser,
  sessionFor,
  storageWith,
} from '../../../testing/auth-fixtures';
import { expectNoAxeViolations } from '../../../testing/axe';
import { BAI_CHAY } from '../../../testing/doctor-fixtures';
import { bookingFor, slot } from '../../../testing/kiosk-fixtures';
import {
  receptionDepartments,
  receptionHospitals,
  receptionResults,
} from '../../../testing/reception-fixtures';
import { routes } from '../../app.routes';
import { authInterceptor } from '../../core/auth/auth-interceptor';
import { AUTH_STORAGE } from '../../core/auth/auth-service';
import type { StaffSession } from '../../core/auth/auth-types';
import { nextVnDays, vnDay } from '../kiosk/kiosk-time';
import { SignInPage } from '../sign-in/sign-in-page';
import { RECEPTION_SEARCH_DEBOUNCE_MS } from './patient-finder/patient-finder';
import { ReceptionPage } from './reception-page';

/** The reception face as the app wires it: real routes, guard and interceptor, a fake backend. */
describe('ReceptionPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let storage: MemoryStorage;

  function configure(session: StaffSession | null): void {
    storage = storageWith(session);
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: AUTH_STORAGE, useValue: storage },
        { provide: RECEPTION_SEARCH_DEBOUNCE_MS, useValue: 0 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  afterEach(() => {
    http.match('/api/status'); // the folded status panel polls; not under test here
    // The patient panel's consent section reads the decision; patient-consent.spec tests it.
    http.match((request) => request.url.endsWith('/consent'));
    http.verify();
  });

  const page = (): HTMLElement => harness.routeNativeElement!;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

  async function settle(): Promise<void> {
    harness.detectChanges();
    await harness.fixture.whenStable();
    harness.detectChanges();
  }

  async function open(
    session: StaffSession | null = sessionFor(receptionistUser, 'reception-jwt'),
  ): Promise<void> {
    configure(session);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/reception');
  }

  /** Types a query and chooses the result at `index`. */
  async function findAndChoose(index: number): Promise<void> {
    const input = page().querySelector<HTMLInputElement>('#reception-search-input')!;
    input.value = 'nguyen thi lan';
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const search = http.expectOne('/api/patients?q=nguyen%20thi%20lan');
    expect(search.request.headers.get('Authorization')).toBe('Bearer reception-jwt');
    search.flush(receptionResults);
    await settle();
    page()
      .querySelectorAll<HTMLButtonElement>('[data-testid="reception-results"] button')
      [index]!.click();
    await settle();
  }

  it('shows the desk with who is signed in, a search box, and the system status folded away', async () => {
    await open();
    expect(harness.routeDebugElement?.componentInstance).toBeInstanceOf(ReceptionPage);
    expect(text('h1')).toBe('Quầy lễ tân');
    expect(text('[data-testid="session-user"]')).toBe('Phạm Thị Lan');
    expect(page().querySelector('#reception-search-input')).not.toBeNull();
    expect(text('[data-testid="reception-hint"]')).toContain('Tìm và chọn một người bệnh');
    const details = page().querySelector('details')!;
    expect(details.open).toBeFalse();
    expect(details.querySelector('app-status-panel')).not.toBeNull();
    expect(text('[data-testid="reception-status-toggle"]')).toBe('Tình trạng hệ thống');
  });

  it('passes the axe accessibility rules on the desk, the search results and the chosen patient', async () => {
    await open();
    await settle();
    await expectNoAxeViolations(page(), 'the reception desk');
    const input = page().querySelector<HTMLInputElement>('#reception-search-input')!;
    input.value = 'nguyen thi lan';
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    http.expectOne('/api/patients?q=nguyen%20thi%20lan').flush(receptionResults);
    await settle();
    await expectNoAxeViolations(page(), 'the patient search results');
    page()
      .querySelectorAll<HTMLButtonElement>('[data-testid="reception-results"] button')[1]!
      .click();
    await settle();
    http
      .expectOne('/api/patients/bc-pat-77/bookings?upcoming=true')
      .flush([bookingFor(slot('2025-11-26', '08:30'), { id: 'bk-1', patientId: 'bc-pat-77' })]);
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne('/api/patients/bc-pat-77/cards').flush([]);
    http.expectOne('/api/patients/bc-pat-77/waitlist').flush([]);
    await settle();
    expect(page().querySelectorAll('[data-testid="upcoming-booking"]').length).toBe(1);
    await expectNoAxeViolations(page(), "the chosen patient's panel");
  });

  it('sends a visitor who is not signed in to sign-in, to come back to the desk', async () => {
    configure(null);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/reception', SignInPage);
    expect(TestBed.inject(Router).url).toBe(
      '/sign-in?reason=sign-in-required&returnUrl=%2Freception',
    );
  });

  it('opens for a province administrator too', async () => {
    await open(
      sessionFor({ id: 'usr-admin', username: 'admin', displayName: 'Quản trị', role: 'admin' }),
    );
    expect(TestBed.inject(Router).url).toBe('/reception');
    expect(text('h1')).toBe('Quầy lễ tân');
  });

  it("opens the chosen patient's panel with their details and upcoming bookings, and moves focus to it", async () => {
    await open();
    await findAndChoose(1);

    expect(text('[data-testid="reception-patient-name"]')).toBe('Nguyễn Thị Lan');
    expect(document.activeElement?.id).toBe('reception-patient-name');
    const facts = text('[data-testid="reception-patient-facts"]');
    expect(facts).toContain('BC-77');
    expect(facts).toContain('15/03/1980');
    expect(facts).toContain('********4521');
    expect(text('[data-testid="reception-patient"] app-hospital-badge')).toBe(BAI_CHAY.name);

    const list = http.expectOne('/api/patients/bc-pat-77/bookings?upcoming=true');
    expect(list.request.headers.get('Authorization')).toBe('Bearer reception-jwt');
    list.flush([bookingFor(slot('2025-11-26', '08:30'), { id: 'bk-1', patientId: 'bc-pat-77' })]);
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    const cards = http.expectOne('/api/patients/bc-pat-77/cards');
    http.expectOne('/api/patients/bc-pat-77/waitlist').flush([]);
    expect(cards.request.headers.get('Authorization')).toBe('Bearer reception-jwt');
    cards.flush([]);
    await settle();
    expect(page().querySelectorAll('[data-testid="upcoming-booking"]').length).toBe(1);
    expect(text('[data-testid="patient-cards"] h3')).toBe('Thẻ khám bệnh');
    expect(page().querySelector('[data-testid="card-issue"]')).not.toBeNull();
  });

  it('starts afresh for another patient, and reads the bookings again after booking', async () => {
    await open();
    await findAndChoose(1);
    http.expectOne('/api/patients/bc-pat-77/bookings?upcoming=true').flush([]);
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne('/api/patients/bc-pat-77/cards').flush([]);
    http.expectOne('/api/patients/bc-pat-77/waitlist').flush([]);
    await settle();

    // Book: department → first open day → first time → confirm.
    const department = page().querySelector<HTMLSelectElement>('#book-department')!;
    department.value = 'tim-mach';
    department.dispatchEvent(new Event('change'));
    await settle();
    const day = nextVnDays(14)[1]!;
    const free = slot(day, '09:00', {
      hospitalId: BAI_CHAY.id,
      hospitalName: BAI_CHAY.name,
      slotId: 'slot-9',
    });
    http.expectOne((r) => r.url === '/api/availability').flush([free]);
    await settle();
    http.expectOne((r) => r.url === '/api/availability').flush([free]);
    await settle();
    page().querySelector<HTMLInputElement>('[data-testid="book-slot"]')!.click();
    await settle();
    page().querySelector<HTMLButtonElement>('[data-testid="book-confirm"]')!.click();
    await settle();
    const post = http.expectOne({ method: 'POST', url: '/api/bookings' });
    expect(post.request.headers.get('Authorization')).toBe('Bearer reception-jwt');
    post.flush(bookingFor(free, { id: 'bk-new', patientId: 'bc-pat-77', queueNumber: 4 }));
    await settle();
    expect(text('[data-testid="book-queue"]')).toBe('4');
    http
      .expectOne('/api/patients/bc-pat-77/bookings?upcoming=true')
      .flush([bookingFor(free, { id: 'bk-new', patientId: 'bc-pat-77', queueNumber: 4 })]);
    await settle();
    expect(page().querySelectorAll('[data-testid="upcoming-booking"]').length).toBe(1);

    // Another patient: nothing of the booking above is left on screen.
    page()
      .querySelectorAll<HTMLButtonElement>('[data-testid="reception-results"] button')[2]!
      .click();
    await settle();
    expect(text('[data-testid="reception-patient-name"]')).toBe('Trần Văn Minh');
    expect(page().querySelector('[data-testid="book-result"]')).toBeNull();
    http.expectOne('/api/patients/bc-pat-90/bookings?upcoming=true').flush([]);
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne('/api/patients/bc-pat-90/cards').flush([]);
    http.expectOne('/api/patients/bc-pat-90/waitlist').flush([]);
    await settle();
  });

  it('goes to the search box with "/" and with "Tìm người bệnh khác"', async () => {
    await open();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }));
    expect(document.activeElement?.id).toBe('reception-search-input');

    await findAndChoose(0);
    http.expectOne('/api/patients/dkt-pat-1001/bookings?upcoming=true').flush([]);
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne('/api/patients/dkt-pat-1001/cards').flush([]);
    http.expectOne('/api/patients/dkt-pat-1001/waitlist').flush([]);
    await settle();
    [...page().querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.includes('Tìm người bệnh khác'))!
      .click();
    expect(document.activeElement?.id).toBe('reception-search-input');
  });

  /** Opens the day-list tab and answers its first reads. */
  async function openDayList(bookings: Booking[]): Promise<void> {
    await click('[data-testid="reception-tab-day-list"]');
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    const list = http.expectOne(`/api/hospitals/bv-bai-chay/day-list?date=${vnDay(Date.now())}`);
    expect(list.request.headers.get('Authorization')).toBe('Bearer reception-jwt');
    list.flush(bookings);
    await settle();
  }

  async function click(selector: string): Promise<void> {
    page().querySelector<HTMLElement>(selector)!.click();
    await settle();
  }

  const tabSelected = (tab: string): string | null | undefined =>
    page().querySelector(`[data-testid="reception-tab-${tab}"]`)?.getAttribute('aria-selected');
  const panelHidden = (tab: string): boolean =>
    page().querySelector<HTMLElement>(`#reception-panel-${tab}`)!.hidden;

  it("keeps today's list in its own tab, read only once opened and only while shown", async () => {
    await open();
    expect(tabSelected('patients')).toBe('true');
    expect(tabSelected('day-list')).toBe('false');
    expect(page().querySelector('app-day-list')).toBeNull();
    http.expectNone((r) => r.url.includes('day-list'));

    const today = vnDay(Date.now());
    const arrival = bookingFor(slot(today, '08:30', { hospitalId: BAI_CHAY.id }), {
      id: 'bk-today',
      patientId: 'bc-pat-77',
      queueNumber: 6,
    });
    await openDayList([arrival]);
    expect(tabSelected('day-list')).toBe('true');
    expect(panelHidden('patients')).toBeTrue();
    expect(panelHidden('day-list')).toBeFalse();
    expect(page().querySelectorAll('[data-testid="day-row"]').length).toBe(1);

    await click('[data-testid="check-in"]');
    const checkIn = http.expectOne({ method: 'POST', url: '/api/bookings/bk-today/check-in' });
    expect(checkIn.request.headers.get('Authorization')).toBe('Bearer reception-jwt');
    checkIn.flush({ ...arrival, status: 'checked-in' });
    await settle();
    expect(text('[data-testid="day-status"]')).toBe('✓ Đã đến');

    // Back to the patients: the list (and its filters) stays, but is not read meanwhile.
    await click('[data-testid="reception-tab-patients"]');
    expect(panelHidden('day-list')).toBeTrue();
    expect(page().querySelector('app-day-list')).not.toBeNull();
    await click('[data-testid="reception-tab-day-list"]');
    http.expectOne(`/api/hospitals/bv-bai-chay/day-list?date=${today}`).flush([arrival]);
    await settle();
  });

  it('opens the patient of a day-list row by searching for their id in the patient tab', async () => {
    await open();
    const today = vnDay(Date.now());
    await openDayList([
      bookingFor(slot(today, '08:30', { hospitalId: BAI_CHAY.id }), {
        id: 'bk-today',
        patientId: 'bc-pat-77',
      }),
    ]);
    await click('[data-testid="show-patient"]');
    expect(tabSelected('patients')).toBe('true');
    const search = http.expectOne('/api/patients?q=bc-pat-77');
    expect(search.request.headers.get('Authorization')).toBe('Bearer reception-jwt');
    expect(page().querySelector<HTMLInputElement>('#reception-search-input')!.value).toBe(
      'bc-pat-77',
    );
    search.flush([receptionResults[1]]);
    await settle();

    expect(text('[data-testid="reception-patient-name"]')).toBe('Nguyễn Thị Lan');
    expect(text('[data-testid="reception-patient-facts"]')).toContain('BC-77');
    http.expectOne('/api/patients/bc-pat-77/bookings?upcoming=true').flush([]);
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.match('/api/directory/departments').forEach((r) => r.flush(receptionDepartments));
    http.expectOne('/api/patients/bc-pat-77/cards').flush([]);
    http.expectOne('/api/patients/bc-pat-77/waitlist').flush([]);
    await settle();
  });

  it("shows a department's waitlist in its own tab, read only once opened, and opens a waiting patient", async () => {
    await open();
    http.expectNone('/api/waitlist?serviceId=svc-bc-tm');
    // The queue reads its hospitals and departments only when its tab opens.
    http.expectNone('/api/directory/hospitals');
    await click('[data-testid="reception-tab-waitlist"]');
    expect(tabSelected('waitlist')).toBe('true');
    expect(panelHidden('waitlist')).toBeFalse();
    expect(panelHidden('patients')).toBeTrue();
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    await settle();

    const department = page().querySelector<HTMLSelectElement>('#queue-department')!;
    department.value = 'svc-bc-tm';
    department.dispatchEvent(new Event('change'));
    await settle();
    const queue = http.expectOne('/api/waitlist?serviceId=svc-bc-tm');
    expect(queue.request.headers.get('Authorization')).toBe('Bearer reception-jwt');
    queue.flush([
      {
        id: 'wl-1',
        patientId: 'bc-pat-77',
        serviceId: 'svc-bc-tm',
        serviceName: 'Tim mạch',
        hospitalId: BAI_CHAY.id,
        hospitalName: BAI_CHAY.name,
        fromDay: '2025-11-27',
        toDay: '2025-11-27',
        status: 'waiting',
        position: 1,
        createdAt: '2025-11-24T01:00:00.000Z',
      },
    ]);
    await settle();
    expect(text('[data-testid="queue-entry"]')).toContain('bc-pat-77');

    await click('[data-testid="queue-show-patient"]');
    expect(tabSelected('patients')).toBe('true');
    http.expectOne('/api/patients?q=bc-pat-77').flush([]);
    await settle();
  });

  it('leaves the results to the receptionist when the id finds no one', async () => {
    await open();
    await openDayList([
      bookingFor(slot(vnDay(Date.now()), '08:30', { hospitalId: BAI_CHAY.id }), {
        id: 'bk-today',
        patientId: 'bc-pat-unknown',
      }),
    ]);
    await click('[data-testid="show-patient"]');
    http.expectOne('/api/patients?q=bc-pat-unknown').flush([]);
    await settle();
    expect(page().querySelector('[data-testid="reception-patient"]')).toBeNull();
    expect(text('[data-testid="reception-search-status"]')).toContain(
      'Không tìm thấy người bệnh nào',
    );
    expect(document.activeElement?.id).toBe('reception-search-input');
  });

  it('moves between the tabs with the arrow keys, and "/" brings back the search box', async () => {
    await open();
    const patients = page().querySelector<HTMLElement>('[data-testid="reception-tab-patients"]')!;
    expect(patients.tabIndex).toBe(0);
    patients.focus();
    patients.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await settle();
    expect(tabSelected('day-list')).toBe('true');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('reception-tab-day-list');
    expect(patients.tabIndex).toBe(-1);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne((r) => r.url.endsWith('/day-list')).flush([]);
    await settle();

    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }));
    await settle();
    expect(tabSelected('patients')).toBe('true');
    expect(document.activeElement?.id).toBe('reception-search-input');
  });

  it('goes back to sign-in, saying the session ended, when the API answers 401', async () => {
    await open();
    const input = page().querySelector<HTMLInputElement>('#reception-search-input')!;
    input.value = '4521';
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    http
      .expectOne('/api/patients?q=4521')
      .flush({ status: 401, detail: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/sign-in?reason=session-ended&returnUrl=%2Freception');
  });

  it('receives a walk-in from the patient panel, and hands a full day to the booking form', async () => {
    await open();
    await findAndChoose(1);
    http.expectOne('/api/patients/bc-pat-77/bookings?upcoming=true').flush([]);
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne('/api/patients/bc-pat-77/cards').flush([]);
    http.expectOne('/api/patients/bc-pat-77/waitlist').flush([]);
    await settle();

    page().querySelector<HTMLButtonElement>('[data-testid="walk-in-open"]')!.click();
    await settle();
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    await settle();
    const department = page().querySelector<HTMLSelectElement>('#walk-in-department')!;
    department.value = 'svc-bc-tm';
    department.dispatchEvent(new Event('change'));
    await settle();
    const submit = page().querySelector<HTMLButtonElement>('[data-testid="walk-in-submit"]')!;

    // Today is full: the booking form below takes the department and the alternatives.
    submit.click();
    await settle();
    const [today, , later] = nextVnDays(3) as [string, string, string];
    const bc = { hospitalId: BAI_CHAY.id, hospitalName: BAI_CHAY.name, serviceId: 'svc-bc-tm' };
    const alternative = slot(later, '09:00', { ...bc, slotId: 'slot-later' });
    const full = http.expectOne({ method: 'POST', url: '/api/walk-ins' });
    expect(full.request.headers.get('Authorization')).toBe('Bearer reception-jwt');
    full.flush(
      { type: '/problems/no-seat-today', status: 409, alternatives: [alternative] },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    page().querySelector<HTMLButtonElement>('[data-testid="walk-in-other-days"]')!.click();
    await settle();
    expect(page().querySelector<HTMLSelectElement>('#book-department')!.value).toBe('tim-mach');
    http.expectOne((r) => r.url === '/api/availability').flush([alternative]);
    await settle();
    http.expectOne((r) => r.url === '/api/availability').flush([alternative]);
    await settle();
    expect(page().querySelectorAll('[data-testid="book-alternative"]').length).toBe(1);

    // A seat today: checked in, and the bookings list reads it.
    submit.click();
    await settle();
    const seat = slot(today, '10:00', { ...bc, slotId: 'slot-now' });
    http
      .expectOne('/api/walk-ins')
      .flush(bookingFor(seat, { id: 'bk-walk', status: 'checked-in', queueNumber: 12 }), {
        status: 201,
        statusText: 'Created',
      });
    await settle();
    expect(text('[data-testid="walk-in-queue"]')).toBe('12');
    http
      .expectOne('/api/patients/bc-pat-77/bookings?upcoming=true')
      .flush([bookingFor(seat, { id: 'bk-walk', status: 'checked-in', queueNumber: 12 })]);
    await settle();
    expect(text('[data-testid="upcoming-booking"]')).toContain('Đã tiếp đón');
    expect(page().querySelector('[data-testid="feedback-link"]')).not.toBeNull();
  });
});
