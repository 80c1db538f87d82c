import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  type TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AvailableSlot, Booking } from '@qn/contracts';

import { receptionistUser, sessionFor, storageWith } from '../../../../testing/auth-fixtures';
import { BAI_CHAY, BVDK } from '../../../../testing/doctor-fixtures';
import { bookingFor, slot } from '../../../../testing/kiosk-fixtures';
import {
  receptionDepartments,
  receptionHospitals,
  receptionResults,
} from '../../../../testing/reception-fixtures';
import { AUTH_STORAGE } from '../../../core/auth/auth-service';
import { nextVnDays } from '../../kiosk/kiosk-time';
import { BookForPatient } from './book-for-patient';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('BookForPatient', () => {
  let fixture: ComponentFixture<BookForPatient>;
  let http: HttpTestingController;
  let booked: Booking[];

  const patient = receptionResults[1]!; // Nguyễn Thị Lan at Bãi Cháy
  const days = nextVnDays(14);
  const bc = { hospitalId: BAI_CHAY.id, hospitalName: BAI_CHAY.name, serviceId: 'svc-bc-tm' };
  const nine = slot(days[2]!, '09:00', { ...bc, slotId: 'slot-9', seatsLeft: 2 });
  const ten = slot(days[2]!, '10:00', { ...bc, slotId: 'slot-10', seatsLeft: 1 });
  const fullOnDay1 = slot(days[1]!, '08:00', { ...bc, slotId: 'slot-full', seatsLeft: 0 });

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: AUTH_STORAGE, useValue: storageWith(sessionFor(receptionistUser)) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BookForPatient);
    fixture.componentRef.setInput('patient', patient);
    booked = [];
    fixture.componentInstance.booked.subscribe((b) => booked.push(b));
    document.body.appendChild(fixture.nativeElement as HTMLElement);
    await settle();
  });

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

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const select = (id: string): HTMLSelectElement => page().querySelector(`#${id}`)!;
  const radios = (): HTMLInputElement[] => [
    ...page().querySelectorAll<HTMLInputElement>('[data-testid="book-slot"]'),
  ];

  async function pick(id: string, value: string): Promise<void> {
    select(id).value = value;
    select(id).dispatchEvent(new Event('change'));
    await settle();
  }

  const availability = (req: { url: string }): boolean => req.url === '/api/availability';

  async function directory(): Promise<void> {
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    await settle();
  }

  /** Department → range (day marks) → the chosen day's times. */
  async function toTimes(range: AvailableSlot[] = [fullOnDay1, nine, ten]): Promise<TestRequest> {
    await directory();
    await pick('book-department', 'tim-mach');
    const rangeReq = http.expectOne(availability);
    rangeReq.flush(range);
    await settle();
    const dayReq = http.expectOne(availability);
    dayReq.flush([nine, ten]);
    await settle();
    return dayReq;
  }

  async function chooseTime(index: number): Promise<void> {
    radios()[index]!.click();
    await settle();
  }

  async function confirm(): Promise<TestRequest> {
    page().querySelector<HTMLButtonElement>('[data-testid="book-confirm"]')!.click();
    await settle();
    return http.expectOne({ method: 'POST', url: '/api/bookings' });
  }

  it("starts at the receptionist's own hospital and lists only its departments", async () => {
    await directory();
    expect(select('book-hospital').value).toBe(BAI_CHAY.id);
    expect([...select('book-department').options].map((o) => o.text.trim())).toEqual([
      '— Chọn khoa —',
      'Khám bệnh',
      'Tim mạch',
    ]);
    expect(text('[data-testid="book-for-patient"]')).toContain(
      'Chọn khoa để xem các giờ còn trống.',
    );
    expect(
      (page().querySelector('[data-testid="book-confirm"]') as HTMLButtonElement).disabled,
    ).toBeTrue();
  });

  it('marks each day with the seats left, skips full days and lists the free times of the first open day', async () => {
    await directory();
    await pick('book-department', 'tim-mach');
    const range = http.expectOne(availability);
    expect(range.request.params.get('department')).toBe('tim-mach');
    expect(range.request.params.get('hospital')).toBe(BAI_CHAY.id);
    expect(range.request.params.get('from')).toBe(days[0]!);
    expect(range.request.params.get('to')).toBe(days[13]!);
    range.flush([fullOnDay1, nine, ten]);
    await settle();

    const options = [...select('book-day').options];
    expect(options.length).toBe(14);
    expect(options[1]!.text).toContain('hết chỗ');
    expect(options[1]!.disabled).toBeTrue();
    expect(options[2]!.text).toMatch(/, \d{2}\/\d{2} — còn 3 chỗ$/);
    expect(select('book-day').value).toBe(days[2]!);

    const day = http.expectOne(availability);
    expect(day.request.params.get('from')).toBe(days[2]!);
    expect(day.request.params.get('to')).toBe(days[2]!);
    day.flush([nine, ten, slot(days[2]!, '11:00', { ...bc, seatsLeft: 0 })]);
    await settle();
    expect(
      radios().map((r) => r.closest('label')!.textContent!.replace(/\s+/g, ' ').trim()),
    ).toEqual(['09:00 còn 2 chỗ', '10:00 còn 1 chỗ']);
  });

  it('books the chosen time for the patient with a new Idempotency-Key and shows the queue number and ticket code', async () => {
    await toTimes();
    await chooseTime(1);
    expect(text('[data-testid="book-summary"]')).toContain(
      'Đặt cho Nguyễn Thị Lan: Tim mạch, Bệnh viện Bãi Cháy, lúc 10:00',
    );

    const req = await confirm();
    expect(req.request.body).toEqual({ slotId: 'slot-10', patientId: 'bc-pat-77' });
    expect(req.request.headers.get('Idempotency-Key')).toMatch(UUID);
    req.flush(
      bookingFor(ten, { queueNumber: 12, ticketCode: 'QN-7K3P-9X', patientId: 'bc-pat-77' }),
      {
        status: 201,
        statusText: 'Created',
      },
    );
    await settle();

    expect(text('[data-testid="book-queue"]')).toBe('12');
    expect(text('[data-testid="book-ticket"]')).toBe('QN-7K3P-9X');
    expect(text('[data-testid="book-result"]')).toContain('Đã đặt lịch cho người bệnh');
    expect(document.activeElement?.textContent).toContain('Đã đặt lịch cho người bệnh');
    expect(booked.map((b) => b.queueNumber)).toEqual([12]);

    // "Đặt lịch khác": the form again, with the seats read afresh.
    page().querySelector<HTMLButtonElement>('[data-testid="book-another"]')!.click();
    await settle();
    http.expectOne(availability).flush([nine]);
    await settle();
    http.expectOne(availability).flush([nine]);
    await settle();
    expect(radios().length).toBe(1);
    expect(radios()[0]!.checked).toBeFalse();
  });

  it('says the time is full and offers the alternatives when the API answers 409, booking the one chosen with a new key', async () => {
    await toTimes();
    await chooseTime(0);
    const first = await confirm();
    const firstKey = first.request.headers.get('Idempotency-Key');
    const alternative = slot(days[3]!, '14:30', { ...bc, slotId: 'slot-alt', seatsLeft: 4 });
    first.flush(
      {
        type: '/problems/slot-full',
        title: 'Slot full',
        status: 409,
        detail: 'Every seat of this slot is taken (1 per slot).',
        alternatives: [alternative, slot(days[3]!, '15:00', { ...bc, seatsLeft: 0 })],
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();

    expect(text('[data-testid="book-error"]')).toBe(
      '✕ Giờ này vừa hết chỗ. Hãy chọn một giờ khác.',
    );
    const offered = [
      ...page().querySelectorAll<HTMLButtonElement>('[data-testid="book-alternative"]'),
    ];
    expect(offered.length).toBe(1);
    expect(offered[0]!.textContent).toContain('14:30');
    expect(offered[0]!.textContent).toContain('còn 4 chỗ');
    expect(document.activeElement?.textContent).toContain('Các giờ khác còn chỗ');

    offered[0]!.click();
    await settle();
    expect(text('[data-testid="book-summary"]')).toContain('lúc 14:30');
    expect(page().querySelector('[data-testid="book-error"]')).toBeNull();
    expect(document.activeElement?.getAttribute('data-testid')).toBe('book-confirm');

    // Meanwhile the seats are read again: the full time drops out, the alternative stays chosen.
    http.expectOne(availability).flush([ten]);
    await settle();
    http.expectOne(availability).flush([ten]);
    await settle();
    expect(radios().map((r) => r.value)).toEqual(['slot-10']);
    expect(text('[data-testid="book-summary"]')).toContain('lúc 14:30');

    const second = await confirm();
    expect(second.request.body).toEqual({ slotId: 'slot-alt', patientId: 'bc-pat-77' });
    expect(second.request.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(second.request.headers.get('Idempotency-Key')).not.toBe(firstKey);
    second.flush(bookingFor(alternative, { queueNumber: 5 }));
    await settle();
    expect(text('[data-testid="book-queue"]')).toBe('5');
  });

  it('retries with the same Idempotency-Key when the answer was lost to a network error', async () => {
    await toTimes();
    await chooseTime(0);
    const lost = await confirm();
    const key = lost.request.headers.get('Idempotency-Key');
    lost.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await settle();
    expect(text('[data-testid="book-error"]')).toContain('Không kết nối được với máy chủ.');
    expect(text('[data-testid="book-confirm"]')).toBe('Thử lại');

    const retry = await confirm();
    expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
    expect(retry.request.body).toEqual({ slotId: 'slot-9', patientId: 'bc-pat-77' });
    retry.flush(bookingFor(nine, { queueNumber: 7 }), {
      status: 201,
      statusText: 'Created',
      headers: { 'Idempotent-Replayed': 'true' },
    });
    await settle();
    expect(text('[data-testid="book-queue"]')).toBe('7');
  });

  it('explains a second booking in the same department and day, and uses a new key for the next attempt', async () => {
    await toTimes();
    await chooseTime(0);
    const refused = await confirm();
    const key = refused.request.headers.get('Idempotency-Key');
    refused.flush(
      {
        type: '/problems/already-booked-that-day',
        status: 409,
        detail: 'The patient already has a booking at Tim mạch (Bệnh viện Bãi Cháy).',
        bookingId: 'bk-1',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(text('[data-testid="book-error"]')).toBe(
      '✕ Người bệnh đã có lịch ở khoa này trong ngày đó. Hủy lịch đó trước nếu muốn đổi giờ.',
    );
    expect(page().querySelector('[data-testid="book-alternatives"]')).toBeNull();
    expect(text('[data-testid="book-confirm"]')).toBe('Xác nhận đặt lịch');

    const again = await confirm();
    expect(again.request.headers.get('Idempotency-Key')).not.toBe(key);
    again.flush(bookingFor(nine));
    await settle();
    expect(booked.length).toBe(1);
  });

  it('searches every hospital when any hospital will do, naming the hospital of each time', async () => {
    await directory();
    await pick('book-hospital', '');
    expect([...select('book-department').options].map((o) => o.text.trim())).toEqual([
      '— Chọn khoa —',
      'Khám bệnh',
      'Nội tiết',
      'Tim mạch',
    ]);
    await pick('book-department', 'tim-mach');
    const dk = slot(days[0]!, '13:00', {
      hospitalId: BVDK.id,
      hospitalName: BVDK.name,
      slotId: 'slot-dk',
    });
    const range = http.expectOne(availability);
    expect(range.request.params.has('hospital')).toBeFalse();
    range.flush([dk]);
    await settle();
    const day = http.expectOne(availability);
    expect(day.request.params.has('hospital')).toBeFalse();
    day.flush([dk]);
    await settle();
    expect(radios()[0]!.closest('label')!.textContent).toContain(BVDK.name);
  });

  it('shows why the directory could not be read, and tries again', async () => {
    http
      .expectOne('/api/directory/hospitals')
      .flush(null, { status: 502, statusText: 'Bad Gateway' });
    http.expectOne('/api/directory/departments');
    await settle();
    expect(text('[role="alert"]')).toBe('✕ Máy chủ báo lỗi (mã 502). Vui lòng thử lại.');
    page().querySelector<HTMLButtonElement>('.btn')!.click();
    await settle();
    await directory();
    expect(select('book-hospital')).not.toBeNull();
  });

  describe('after a walk-in found today full', () => {
    const fullToday = slot(days[0]!, '08:00', { ...bc, slotId: 'slot-today', seatsLeft: 0 });
    const later = slot(days[3]!, '08:30', { ...bc, slotId: 'slot-later', seatsLeft: 4 });

    async function click(selector: string): Promise<void> {
      page().querySelector<HTMLElement>(selector)!.click();
      await settle();
    }

    async function offered(alternatives: AvailableSlot[]): Promise<void> {
      await directory();
      await pick('book-department', 'kham-benh'); // another choice first, to be replaced
      http.expectOne(availability).flush([]);
      await settle();
      http.expectOne(availability).flush([]);
      await settle();
      fixture.componentInstance.offerInstead({
        hospitalId: BAI_CHAY.id,
        departmentCode: 'tim-mach',
        alternatives,
      });
      await settle();
      const range = http.expectOne(availability);
      expect(range.request.params.get('department')).toBe('tim-mach');
      expect(range.request.params.get('hospital')).toBe(BAI_CHAY.id);
      range.flush([fullToday, nine, ten]);
      await settle();
      http.expectOne(availability).flush([nine, ten]);
      await settle();
    }

    it("takes the walk-in's department, lists the API's alternatives and opens the waitlist from today", async () => {
      await offered([later]);
      expect(select('book-hospital').value).toBe(BAI_CHAY.id);
      expect(select('book-department').value).toBe('tim-mach');
      const alternatives = page().querySelectorAll('[data-testid="book-alternative"]');
      expect(alternatives.length).toBe(1);
      expect(alternatives[0]!.textContent).toContain('08:30');
      expect(document.activeElement?.textContent?.trim()).toBe('Các giờ khác còn chỗ:');
      const wait = page().querySelector<HTMLDetailsElement>('[data-testid="book-waitlist"]')!;
      expect(wait.open).toBeTrue();
      expect(select('wait-from').value).toBe(days[0]!);

      // An alternative is booked as any other, with its own key.
      await click('[data-testid="book-alternative"]');
      const post = await confirm();
      expect(post.request.body).toEqual({ slotId: 'slot-later', patientId: patient.patientId });
      post.flush(bookingFor(later, { id: 'bk-later' }), { status: 201, statusText: 'Created' });
      await settle();
      expect(booked.map((b) => b.id)).toEqual(['bk-later']);
    });

    it('puts the patient on the waitlist for today', async () => {
      await offered([]);
      expect(page().querySelector('[data-testid="book-alternatives"]')).toBeNull();
      expect(document.activeElement?.id).toBe('book-title');
      await click('[data-testid="book-waitlist-join"]');
      const join = http.expectOne({ method: 'POST', url: '/api/waitlist' });
      expect(join.request.body).toEqual({
        patientId: patient.patientId,
        serviceId: 'svc-bc-tm',
        fromDay: days[0]!,
        toDay: days[0]!,
      });
      join.flush(null, { status: 503, statusText: 'Service Unavailable' });
      await settle();
      expect(text('[data-testid="book-waitlist-error"]')).toContain('(mã 503)');
    });
  });
});
