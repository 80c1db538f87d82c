import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  type TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AvailableSlot, WaitlistEntry } from '@qn/contracts';

import { receptionistUser, sessionFor, storageWith } from '../../../../testing/auth-fixtures';
import { BAI_CHAY } from '../../../../testing/doctor-fixtures';
import { bookingFor, slot } from '../../../../testing/kiosk-fixtures';
import {
  receptionDepartments,
  receptionHospitals,
  receptionResults,
} from '../../../../testing/reception-fixtures';
import { AUTH_STORAGE } from '../../../core/auth/auth-service';
import type { StaffUser } from '../../../core/auth/auth-types';
import { nextVnDays } from '../../kiosk/kiosk-time';
import { BookForPatient } from './book-for-patient';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const adminUser: StaffUser = {
  id: 'usr-admin-1',
  username: 'qt.minh',
  displayName: 'Lê Văn Minh',
  role: 'admin',
};

/** Booking at the desk when seats run out: the waitlist, and an administrator's override. */
describe('BookForPatient waitlist and rule override', () => {
  let fixture: ComponentFixture<BookForPatient>;
  let http: HttpTestingController;
  let waitlisted: WaitlistEntry[];

  const patient = receptionResults[1]!; // Nguyễn Thị Lan at Bãi Cháy
  const days = nextVnDays(14);
  const bc = { hospitalId: BAI_CHAY.id, hospitalName: BAI_CHAY.name, serviceId: 'svc-bc-tm' };
  const nine = slot(days[2]!, '09:00', { ...bc, slotId: 'slot-9', seatsLeft: 2 });

  async function create(user: StaffUser): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: AUTH_STORAGE, useValue: storageWith(sessionFor(user)) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BookForPatient);
    fixture.componentRef.setInput('patient', patient);
    waitlisted = [];
    fixture.componentInstance.waitlisted.subscribe((e) => waitlisted.push(e));
    document.body.appendChild(fixture.nativeElement as HTMLElement);
    await settle();
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
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

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const select = (id: string): HTMLSelectElement => page().querySelector(`#${id}`)!;
  const optionDays = (id: string): string[] => [...select(id).options].map((o) => o.value);
  const availability = (req: { url: string }): boolean => req.url === '/api/availability';

  async function pick(id: string, value: string): Promise<void> {
    select(id).value = value;
    select(id).dispatchEvent(new Event('change'));
    await settle();
  }

  async function click(selector: string): Promise<void> {
    page().querySelector<HTMLElement>(selector)!.click();
    await settle();
  }

  /** Tim mạch at the current hospital: the range, then the chosen day's times. */
  async function department(range: AvailableSlot[], times: AvailableSlot[]): Promise<void> {
    await pick('book-department', 'tim-mach');
    http.expectOne(availability).flush(range);
    await settle();
    http.expectOne(availability).flush(times);
    await settle();
  }

  async function bookNine(): Promise<TestRequest> {
    page().querySelector<HTMLInputElement>('[data-testid="book-slot"]')!.click();
    await settle();
    await click('[data-testid="book-confirm"]');
    return http.expectOne({ method: 'POST', url: '/api/bookings' });
  }

  describe('the waitlist', () => {
    beforeEach(() => create(receptionistUser));

    it('offers the full days of the chosen department and puts the patient on its waitlist for the days chosen', async () => {
      await department([nine], [nine]);
      const box = page().querySelector<HTMLDetailsElement>('[data-testid="book-waitlist"]')!;
      expect(box.querySelector('summary')!.textContent!.trim()).toBe(
        'Đăng ký danh sách chờ cho ngày hết chỗ',
      );
      // Times are free on the day shown, so the box stays folded.
      expect(box.open).toBeFalse();
      // Every day but the open one can be waited for; from the first, only until the open day.
      expect(optionDays('wait-from')).toEqual(days.filter((d) => d !== days[2]));
      expect(optionDays('wait-to')).toEqual([days[0]!, days[1]!]);
      await pick('wait-from', days[5]!);
      expect(optionDays('wait-to')).toEqual([days[5]!, days[6]!, days[7]!]);
      await pick('wait-to', days[7]!);

      await click('[data-testid="book-waitlist-join"]');
      const join = http.expectOne({ method: 'POST', url: '/api/waitlist' });
      expect(join.request.body).toEqual({
        patientId: 'bc-pat-77',
        serviceId: 'svc-bc-tm',
        fromDay: days[5]!,
        toDay: days[7]!,
      });
      const entry: WaitlistEntry = {
        id: 'wl-1',
        patientId: 'bc-pat-77',
        serviceId: 'svc-bc-tm',
        serviceName: 'Tim mạch',
        hospitalId: BAI_CHAY.id,
        hospitalName: BAI_CHAY.name,
        fromDay: days[5]!,
        toDay: days[7]!,
        status: 'waiting',
        position: 2,
        createdAt: new Date().toISOString(),
      };
      join.flush(entry, { status: 201, statusText: 'Created' });
      await settle();
      expect(text('[data-testid="book-waitlist-joined"]')).toBe(
        '✓ Đã thêm vào danh sách chờ Tim mạch, vị trí số 2. Khi có chỗ trống, chỗ sẽ được giữ và người bệnh nhận tin nhắn SMS/Zalo.',
      );
      expect(waitlisted.map((e) => e.id)).toEqual(['wl-1']);
    });

    it('opens the waitlist box at once when no day has a free time', async () => {
      await pick('book-department', 'tim-mach');
      http.expectOne(availability).flush([]);
      await settle();
      http.expectOne(availability).flush([]);
      await settle();
      expect(text('[data-testid="no-times"]')).toBe(
        'Ngày này không còn giờ trống. Hãy chọn ngày khác.',
      );
      expect(
        page().querySelector<HTMLDetailsElement>('[data-testid="book-waitlist"]')!.open,
      ).toBeTrue();
      expect(optionDays('wait-to')).toEqual(days.slice(0, 3));
    });

    it('offers the free times instead when the API says seats are still available', async () => {
      await department([nine], [nine]);
      await click('[data-testid="book-waitlist-join"]');
      const elsewhere = slot(days[1]!, '15:00', { ...bc, slotId: 'slot-15', seatsLeft: 1 });
      http.expectOne('/api/waitlist').flush(
        {
          type: '/problems/seats-available',
          status: 409,
          detail: 'Tim mạch still has free seats on those days.',
          alternatives: [elsewhere],
        },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();
      expect(text('[data-testid="book-waitlist-error"]')).toBe(
        '✕ Những ngày này vẫn còn chỗ trống: hãy đặt lịch một trong các giờ dưới đây thay vì đăng ký chờ.',
      );
      expect(text('[data-testid="book-alternatives"]')).toContain('15:00');
      expect(waitlisted.length).toBe(0);
    });

    it('explains that the patient already waits for that department', async () => {
      await department([nine], [nine]);
      await click('[data-testid="book-waitlist-join"]');
      http
        .expectOne('/api/waitlist')
        .flush(
          { type: '/problems/already-waiting', status: 409, detail: 'Already waiting.' },
          { status: 409, statusText: 'Conflict' },
        );
      await settle();
      expect(text('[data-testid="book-waitlist-error"]')).toContain(
        'Người bệnh đã ở trong danh sách chờ của khoa này.',
      );
    });

    it('offers no waitlist when any hospital will do (a waitlist is per hospital)', async () => {
      await pick('book-hospital', '');
      await department([nine], [nine]);
      expect(page().querySelector('[data-testid="book-waitlist"]')).toBeNull();
    });

    it('does not offer a receptionist to set a rule aside after a refusal', async () => {
      await department([nine], [nine]);
      (await bookNine()).flush(
        { type: '/problems/too-many-bookings', status: 409, detail: 'At most 3.', limit: 3 },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();
      expect(text('[data-testid="book-error"]')).toBe(
        '✕ Người bệnh đã có 3 lịch hẹn sắp tới, là số lịch nhiều nhất được giữ cùng lúc. Hủy bớt một lịch, hoặc nhờ quản trị viên bỏ qua quy tắc (kèm lý do).',
      );
      expect(page().querySelector('[data-testid="book-override"]')).toBeNull();
    });
  });

  describe('an administrator setting a rule aside', () => {
    beforeEach(async () => {
      await create(adminUser);
      // A province-wide administrator has no hospital of their own: choose one.
      await pick('book-hospital', BAI_CHAY.id);
    });

    it('shows no override before any refusal', async () => {
      await department([nine], [nine]);
      expect(page().querySelector('[data-testid="book-override"]')).toBeNull();
    });

    it('books with the rule set aside and the reason, under a new key, after a too-many-bookings refusal', async () => {
      await department([nine], [nine]);
      const refused = await bookNine();
      const firstKey = refused.request.headers.get('Idempotency-Key');
      refused.flush(
        { type: '/problems/too-many-bookings', status: 409, detail: 'At most 3.', limit: 3 },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();

      const form = page().querySelector('[data-testid="book-override"]')!;
      expect(text('[data-testid="book-override"] legend')).toBe('Bỏ qua quy tắc');
      const boxes = [...form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
      expect(boxes.map((b) => [b.dataset['rule'], b.checked])).toEqual([
        ['max-future-bookings', true],
        ['one-per-department-day', false],
      ]);

      // No reason yet: nothing is sent, and the field says why.
      await click('[data-testid="book-override-confirm"]');
      expect(text('#book-override-error')).toBe(
        'Ghi lý do (ít nhất 10 ký tự): lý do được lưu cùng lịch hẹn.',
      );
      const reason = page().querySelector<HTMLTextAreaElement>('#book-override-reason')!;
      expect(reason.getAttribute('aria-invalid')).toBe('true');
      http.expectNone('/api/bookings');

      reason.value = 'Bệnh nhân tái khám sau mổ, bác sĩ hẹn';
      reason.dispatchEvent(new Event('input'));
      await settle();
      await click('[data-testid="book-override-confirm"]');
      const req = http.expectOne({ method: 'POST', url: '/api/bookings' });
      expect(req.request.body).toEqual({
        slotId: 'slot-9',
        patientId: 'bc-pat-77',
        override: {
          rules: ['max-future-bookings'],
          reason: 'Bệnh nhân tái khám sau mổ, bác sĩ hẹn',
        },
      });
      expect(req.request.headers.get('Idempotency-Key')).toMatch(UUID);
      expect(req.request.headers.get('Idempotency-Key')).not.toBe(firstKey);
      req.flush(bookingFor(nine, { queueNumber: 6 }), { status: 201, statusText: 'Created' });
      await settle();
      expect(text('[data-testid="book-queue"]')).toBe('6');
    });

    it('ticks the one-booking-a-day rule after an already-booked-that-day refusal, and asks for at least one rule', async () => {
      await department([nine], [nine]);
      (await bookNine()).flush(
        { type: '/problems/already-booked-that-day', status: 409, detail: 'Already booked.' },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();
      const box = page().querySelector<HTMLInputElement>('[data-rule="one-per-department-day"]')!;
      expect(box.checked).toBeTrue();
      box.click();
      await settle();
      await click('[data-testid="book-override-confirm"]');
      expect(text('#book-override-error')).toBe('Đánh dấu ít nhất một quy tắc cần bỏ qua.');
      http.expectNone('/api/bookings');
    });

    it('says only an administrator may set a rule aside when the API refuses the override (403)', async () => {
      await department([nine], [nine]);
      (await bookNine()).flush(
        { type: '/problems/too-many-bookings', status: 409, detail: 'At most 3.', limit: 3 },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();
      const reason = page().querySelector<HTMLTextAreaElement>('#book-override-reason')!;
      reason.value = 'Lý do đủ dài để gửi đi';
      reason.dispatchEvent(new Event('input'));
      await settle();
      await click('[data-testid="book-override-confirm"]');
      http.expectOne('/api/bookings').flush(
        {
          type: '/problems/forbidden',
          status: 403,
          detail: 'override: only an administrator may set a booking rule aside.',
        },
        { status: 403, statusText: 'Forbidden' },
      );
      await settle();
      expect(text('[data-testid="book-error"]')).toBe(
        '✕ Chỉ quản trị viên mới được bỏ qua quy tắc đặt lịch.',
      );
    });
  });
});
