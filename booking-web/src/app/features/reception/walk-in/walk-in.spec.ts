import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Booking } from '@qn/contracts';

import { receptionistUser, sessionFor, storageWith } from '../../../../testing/auth-fixtures';
import { BAI_CHAY, BVDK } from '../../../../testing/doctor-fixtures';
import { bookingFor, slot } from '../../../../testing/kiosk-fixtures';
import {
  receptionDepartments,
  receptionHospitals,
  receptionResults,
} from '../../../../testing/reception-fixtures';
import { AUTH_STORAGE } from '../../../core/auth/auth-service';
import type { StaffSession } from '../../../core/auth/auth-types';
import { nextVnDays } from '../../kiosk/kiosk-time';
import { type WalkInFallback, WalkIn } from './walk-in';

function problem(
  status: number,
  type: string,
  extra: Record<string, unknown> = {},
): [object, { status: number; statusText: string }] {
  return [
    { type: `/problems/${type}`, title: 'Refused', status, detail: 'in English', ...extra },
    { status, statusText: 'Refused' },
  ];
}

describe('WalkIn', () => {
  let fixture: ComponentFixture<WalkIn>;
  let http: HttpTestingController;
  let received: Booking[];
  let offers: WalkInFallback[];

  const patient = receptionResults[1]!; // Nguyễn Thị Lan at Bãi Cháy
  const [today, tomorrow] = nextVnDays(2) as [string, string];
  const bc = {
    hospitalId: BAI_CHAY.id,
    hospitalName: BAI_CHAY.name,
    serviceId: 'svc-bc-tm',
    departmentCode: 'tim-mach',
  };
  const seat = slot(today, '10:30', { ...bc, slotId: 'slot-1030' });
  const walkedIn = bookingFor(seat, {
    id: 'bk-walk',
    patientId: patient.patientId,
    status: 'checked-in',
    queueNumber: 12,
    ticketCode: 'QN-WALK-12',
    directions: 'Tầng 2, phòng 201',
  });

  async function create(session: StaffSession = sessionFor(receptionistUser)): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: AUTH_STORAGE, useValue: storageWith(session) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(WalkIn);
    fixture.componentRef.setInput('patient', patient);
    received = [];
    offers = [];
    fixture.componentInstance.received.subscribe((b) => received.push(b));
    fixture.componentInstance.bookInstead.subscribe((o) => offers.push(o));
    document.body.appendChild(fixture.nativeElement as HTMLElement);
    await settle();
  }

  afterEach(() => {
    fixture.destroy();
    (fixture.nativeElement as HTMLElement).remove();
    http.verify();
  });

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  async function waitFor(condition: () => boolean, what: string): Promise<void> {
    const started = performance.now();
    while (!condition()) {
      if (performance.now() - started > 4000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await settle();
    }
  }

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const select = (id: string): HTMLSelectElement => page().querySelector(`#${id}`)!;

  async function click(selector: string): Promise<void> {
    page().querySelector<HTMLElement>(selector)!.click();
    await settle();
  }

  async function pick(id: string, value: string): Promise<void> {
    select(id).value = value;
    select(id).dispatchEvent(new Event('change'));
    await settle();
  }

  /** Opens the form (the departments are read then), picks Tim mạch and sends. */
  async function send(): Promise<void> {
    await click('[data-testid="walk-in-open"]');
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    await settle();
    await pick('walk-in-department', 'svc-bc-tm');
    await click('[data-testid="walk-in-submit"]');
  }

  it('reads nothing until the receptionist opens it', async () => {
    await create();
    expect(text('[data-testid="walk-in"] h3')).toBe('Tiếp nhận khám ngay (không hẹn trước)');
    http.expectNone(() => true);
  });

  it("offers only the departments of the receptionist's own hospital and sends the patient and the department", async () => {
    await create();
    await click('[data-testid="walk-in-open"]');
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectNone('/api/directory/hospitals');
    await settle();
    expect(page().querySelector('#walk-in-hospital')).toBeNull();
    expect([...select('walk-in-department').options].map((o) => o.text.trim())).toEqual([
      '— Chọn khoa —',
      'Khám bệnh',
      'Tim mạch',
    ]);

    await pick('walk-in-department', 'svc-bc-tm');
    await click('[data-testid="walk-in-submit"]');
    const post = http.expectOne({ method: 'POST', url: '/api/walk-ins' });
    expect(post.request.body).toEqual({ patientId: 'bc-pat-77', serviceId: 'svc-bc-tm' });
    expect(text('[data-testid="walk-in-submit"]')).toBe('Đang tiếp nhận…');
    post.flush(walkedIn, { status: 201, statusText: 'Created' });
    await settle();
    expect(received).toEqual([walkedIn]);
  });

  it('shows the queue number big with the department and room, the ticket code and its QR code', async () => {
    await create();
    await send();
    http.expectOne('/api/walk-ins').flush(walkedIn, { status: 201, statusText: 'Created' });
    await settle();

    expect(text('[data-testid="walk-in-result"] h4')).toBe(
      '✓ Đã tiếp nhận, mời người bệnh vào khám',
    );
    expect(text('[data-testid="walk-in-queue-line"]')).toBe(
      'Số thứ tự 12 — Tim mạch, Tầng 2, phòng 201',
    );
    const queue = page().querySelector<HTMLElement>('[data-testid="walk-in-queue"]')!;
    expect(parseFloat(getComputedStyle(queue).fontSize)).toBeGreaterThanOrEqual(48);
    expect(text('[data-testid="walk-in-ticket"]')).toContain('10:30–10:45');
    expect(text('[data-testid="walk-in-ticket-code"]')).toBe('QN-WALK-12');
    await waitFor(() => !!page().querySelector('[data-testid="walk-in-qr"]'), 'the QR code');
    const qr = page().querySelector<HTMLImageElement>('[data-testid="walk-in-qr"]')!;
    expect(qr.src).toMatch(/^data:image\/svg\+xml/);
    expect(qr.alt).toBe('Mã QR của phiếu QN-WALK-12');
  });

  it('prints the ticket alone, then closes for the next patient with the focus on its button', async () => {
    await create();
    await send();
    http.expectOne('/api/walk-ins').flush(walkedIn, { status: 201, statusText: 'Created' });
    await settle();
    const ticket = page().querySelector<HTMLElement>('[data-testid="walk-in-ticket"]')!;
    let marked = false;
    spyOn(window, 'print').and.callFake(() => {
      marked = ticket.classList.contains('print-alone');
      window.dispatchEvent(new Event('afterprint'));
    });
    await click('[data-testid="walk-in-print"]');
    expect(window.print).toHaveBeenCalledTimes(1);
    expect(marked).withContext('only the ticket is marked for paper').toBeTrue();
    expect(ticket.classList.contains('print-alone')).toBeFalse();

    await click('[data-testid="walk-in-done"]');
    await settle();
    expect(page().querySelector('[data-testid="walk-in-result"]')).toBeNull();
    expect(document.activeElement?.getAttribute('data-testid')).toBe('walk-in-open');
  });

  it('asks for a department before sending anything', async () => {
    await create();
    await click('[data-testid="walk-in-open"]');
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    await settle();
    await click('[data-testid="walk-in-submit"]');
    http.expectNone('/api/walk-ins');
    expect(text('#walk-in-department-error')).toBe('Chọn khoa người bệnh cần khám.');
    expect(select('walk-in-department').getAttribute('aria-invalid')).toBe('true');
  });

  it('says when today is full and hands the department, its alternatives and the waitlist to the booking form', async () => {
    await create();
    await send();
    const next = slot(tomorrow, '08:00', { ...bc, slotId: 'slot-tomorrow', seatsLeft: 2 });
    const full = slot(tomorrow, '07:30', { ...bc, slotId: 'slot-full', seatsLeft: 0 });
    http
      .expectOne('/api/walk-ins')
      .flush(...problem(409, 'no-seat-today', { alternatives: [next, full] }));
    await settle();

    expect(text('[data-testid="walk-in-full"]')).toContain(
      'Hôm nay Tim mạch đã hết chỗ, không cấp thêm số được. Có thể đăng ký danh sách chờ cho hôm nay, hoặc đặt lịch một ngày khác.',
    );
    expect(text('[data-testid="walk-in-first-free"]')).toContain('Giờ còn chỗ sớm nhất: 08:00');
    expect(page().querySelector('[data-testid="walk-in-result"]')).toBeNull();
    expect(received).toEqual([]);

    await click('[data-testid="walk-in-other-days"]');
    expect(offers).toEqual([
      { hospitalId: BAI_CHAY.id, departmentCode: 'tim-mach', alternatives: [next] },
    ]);
  });

  it('offers to check in the booking the patient already has there today, and shows its ticket', async () => {
    await create();
    await send();
    http
      .expectOne('/api/walk-ins')
      .flush(...problem(409, 'already-booked-that-day', { bookingId: 'bk-morning' }));
    await settle();
    expect(text('[data-testid="walk-in-already"]')).toContain(
      'Người bệnh đã có lịch ở Tim mạch hôm nay: tiếp đón theo lịch đó thay vì cấp số mới',
    );

    await click('[data-testid="walk-in-check-in-existing"]');
    const checkIn = http.expectOne({ method: 'POST', url: '/api/bookings/bk-morning/check-in' });
    const morning = { ...walkedIn, id: 'bk-morning', queueNumber: 4 };
    checkIn.flush(morning);
    await settle();
    expect(text('[data-testid="walk-in-result"] h4')).toBe(
      '✓ Đã tiếp đón theo lịch đã đặt hôm nay',
    );
    expect(text('[data-testid="walk-in-queue"]')).toBe('4');
    expect(received).toEqual([morning]);
  });

  it('says why the booking of today cannot be checked in yet', async () => {
    await create();
    await send();
    http
      .expectOne('/api/walk-ins')
      .flush(...problem(409, 'already-booked-that-day', { bookingId: 'bk-evening' }));
    await settle();
    await click('[data-testid="walk-in-check-in-existing"]');
    http.expectOne('/api/bookings/bk-evening/check-in').flush(...problem(409, 'not-check-in-time'));
    await settle();
    expect(text('[data-testid="walk-in-error"]')).toBe(
      '✕ Chưa tiếp đón được: chỉ tiếp đón trong ngày khám, từ 2 giờ trước giờ hẹn đến khi hết giờ hẹn.',
    );
    expect(received).toEqual([]);
  });

  it("refuses another hospital's department in words", async () => {
    await create();
    await send();
    http
      .expectOne('/api/walk-ins')
      .flush(
        { title: 'Forbidden', status: 403, detail: 'Not your hospital' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle();
    expect(text('[data-testid="walk-in-error"]')).toBe(
      '✕ Khoa này thuộc bệnh viện khác: quầy chỉ tiếp nhận người bệnh vào các khoa của bệnh viện mình.',
    );
  });

  it('says so when the patient has as many bookings ahead as allowed', async () => {
    await create();
    await send();
    http.expectOne('/api/walk-ins').flush(...problem(409, 'too-many-bookings', { limit: 3 }));
    await settle();
    expect(text('[data-testid="walk-in-error"]')).toContain(
      'Người bệnh đã có đủ số lịch hẹn sắp tới được giữ cùng lúc nên không cấp thêm số được.',
    );
  });

  it('lets a province administrator, who has no hospital, choose the hospital first', async () => {
    await create(
      sessionFor({ id: 'usr-admin', username: 'admin', displayName: 'Quản trị', role: 'admin' }),
    );
    await click('[data-testid="walk-in-open"]');
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    await settle();
    expect(select('walk-in-department').options.length).toBe(1);
    await pick('walk-in-hospital', BVDK.id);
    expect([...select('walk-in-department').options].map((o) => o.text.trim())).toEqual([
      '— Chọn khoa —',
      'Nội tiết',
      'Tim mạch',
    ]);
    await pick('walk-in-department', 'svc-dk-nt');
    await click('[data-testid="walk-in-submit"]');
    const post = http.expectOne('/api/walk-ins');
    expect(post.request.body).toEqual({ patientId: 'bc-pat-77', serviceId: 'svc-dk-nt' });
    post.flush(bookingFor(slot(today, '09:00'), { status: 'checked-in' }), {
      status: 201,
      statusText: 'Created',
    });
    await settle();
  });
});
