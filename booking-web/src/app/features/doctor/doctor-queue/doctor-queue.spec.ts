import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Booking } from '@qn/contracts';

import { doctorUser, sessionFor, storageWith } from '../../../../testing/auth-fixtures';
import { expectNoAxeViolations } from '../../../../testing/axe';
import { BVDK } from '../../../../testing/doctor-fixtures';
import { bookingFor, slot } from '../../../../testing/kiosk-fixtures';
import { receptionDepartments } from '../../../../testing/reception-fixtures';
import { AUTH_STORAGE } from '../../../core/auth/auth-service';
import { vnDay } from '../../kiosk/kiosk-time';
import { DAY_LIST_REFRESH_MS } from '../../reception/day-list/day-list';
import { DoctorQueue, minutesWaiting, waitingToBeSeen } from './doctor-queue';

@Component({ template: '' })
class RecordStub {}

const MINUTE = 60_000;
/** 09:30 in Ha Long on Tuesday 24 November 2026. */
const NOW = Date.parse('2026-11-24T02:30:00Z');
const DAY = '2026-11-24';

function visit(hhmm: string, overrides: Partial<Booking>): Booking {
  const at = slot(DAY, hhmm, {
    hospitalId: BVDK.id,
    hospitalName: BVDK.name,
    serviceId: `hs-${BVDK.id}-tim-mach`,
    serviceName: 'Tim mạch',
    departmentCode: 'tim-mach',
  });
  return bookingFor(at, overrides);
}

const at = (hhmm: string): string => new Date(`${DAY}T${hhmm}:00+07:00`).toISOString();

/** The day at the doctor's hospital as the API sorts it (department, time, queue number). */
const DAY_LIST: Booking[] = [
  // Booked for 08:00, arrived late at 09:10: waits from 09:10, so after number 3.
  visit('08:00', {
    id: 'bk-1',
    patientId: 'pat-a',
    queueNumber: 1,
    status: 'checked-in',
    checkedInAt: at('09:10'),
  }),
  visit('08:15', {
    id: 'bk-2',
    patientId: 'pat-b',
    queueNumber: 2,
    status: 'checked-in',
    checkedInAt: at('08:05'),
    seenAt: at('08:20'),
  }),
  visit('08:30', {
    id: 'bk-3',
    patientId: 'pat-c',
    queueNumber: 3,
    status: 'checked-in',
    checkedInAt: at('08:50'),
  }),
  visit('10:00', { id: 'bk-4', patientId: 'pat-d', queueNumber: 4, status: 'booked' }),
  visit('10:15', { id: 'bk-5', patientId: 'pat-e', queueNumber: 5, status: 'cancelled' }),
];

describe('waitingToBeSeen', () => {
  it('keeps the checked-in patients not called in, first arrived first, and counts their wait', () => {
    expect(waitingToBeSeen(DAY_LIST).map((b) => b.queueNumber)).toEqual([3, 1]);
    expect(minutesWaiting(DAY_LIST[2]!, NOW)).toBe(40);
    // A clock a little behind the server's never shows a negative wait.
    expect(minutesWaiting(DAY_LIST[0]!, Date.parse(at('09:09')))).toBe(0);
  });
});

describe('DoctorQueue', () => {
  let fixture: ComponentFixture<DoctorQueue>;
  let http: HttpTestingController;

  const listUrl = (department?: string): string =>
    `/api/hospitals/${BVDK.id}/day-list?date=${DAY}${department ? `&department=${department}` : ''}`;
  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const clean = (value: string | null | undefined): string =>
    (value ?? '').replace(/\s+/g, ' ').trim();
  const text = (selector: string): string => clean(page().querySelector(selector)?.textContent);

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  async function open(bookings: Booking[] = DAY_LIST): Promise<void> {
    spyOn(Date, 'now').and.returnValue(NOW);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'doctor/patients/:patientId', component: RecordStub }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: AUTH_STORAGE, useValue: storageWith(sessionFor(doctorUser)) },
        { provide: DAY_LIST_REFRESH_MS, useValue: 60 * MINUTE },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DoctorQueue);
    document.body.appendChild(page());
    await settle();
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne(listUrl()).flush(bookings);
    await settle();
  }

  afterEach(() => {
    fixture.destroy();
    page().remove();
    http.verify();
  });

  it("shows today's patients waiting at the doctor's hospital, first arrived first, with how long each has waited", async () => {
    await open();

    const rows = [...page().querySelectorAll('[data-testid="doctor-queue-waiting"] li')].map((li) =>
      clean(li.textContent),
    );
    expect(rows).toEqual([
      'Số 3 Tim mạch Hẹn 08:30, tiếp đón lúc 08:50, đã chờ 40 phút Mời vào khám số 3',
      'Số 1 Tim mạch Hẹn 08:00, tiếp đón lúc 09:10, đã chờ 20 phút Mời vào khám số 1',
    ]);
    expect(text('[data-testid="doctor-queue-summary"]')).toBe(
      '2 người đang chờ, 1 đã mời vào, 1 lịch hẹn chưa đến. Cập nhật lúc 09:30.',
    );
    expect(text('[data-testid="doctor-queue-called"]')).toContain(
      'Số 2 — Tim mạch, mời vào lúc 08:20',
    );
    await expectNoAxeViolations(page(), 'the doctor queue');
  });

  it('calls the patient in and opens their shared record', async () => {
    await open();
    const router = TestBed.inject(Router);

    page().querySelector<HTMLButtonElement>('[data-testid="doctor-queue-call"]')!.click();
    await settle();
    // One call at a time: the other buttons wait.
    expect(
      [...page().querySelectorAll<HTMLButtonElement>('[data-testid="doctor-queue-call"]')].every(
        (b) => b.disabled,
      ),
    ).toBeTrue();
    const call = http.expectOne('/api/bookings/bk-3/seen');
    expect(call.request.method).toBe('POST');
    call.flush({ ...DAY_LIST[2]!, seenAt: at('09:30') });
    await settle();
    expect(router.url).toBe('/doctor/patients/pat-c');
  });

  it('says so and reads the queue again when the patient is no longer checked in', async () => {
    await open();

    page().querySelector<HTMLButtonElement>('[data-testid="doctor-queue-call"]')!.click();
    await settle();
    http.expectOne('/api/bookings/bk-3/seen').flush(
      {
        type: '/problems/not-checked-in',
        title: 'Patient not checked in',
        status: 409,
        detail: 'Booking bk-3 is cancelled, so the patient cannot be called in.',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(text('[data-testid="doctor-queue-call-error"]')).toBe(
      '✕ Số 3 không còn ở trạng thái đã tiếp đón (có thể đã bị hủy). Danh sách đã được làm mới.',
    );
    http.expectOne(listUrl()).flush(DAY_LIST.filter((b) => b.id !== 'bk-3'));
    await settle();
    expect(page().querySelectorAll('[data-testid="doctor-queue-waiting"] li').length).toBe(1);
  });

  it('narrows to one department of its hospital and says when nobody is waiting', async () => {
    await open([]);
    expect(text('[data-testid="doctor-queue-empty"]')).toContain(
      'Chưa có người bệnh nào đang chờ.',
    );
    const select = page().querySelector<HTMLSelectElement>('#doctor-queue-department')!;
    const offered = [...select.options].map((o) => o.value);
    expect(offered).toEqual(['', 'noi-tiet', 'tim-mach']);
    select.value = 'tim-mach';
    select.dispatchEvent(new Event('change'));
    await settle();
    http.expectOne(listUrl('tim-mach')).flush([]);
    await settle();
    expect(text('[data-testid="doctor-queue-summary"]')).toContain('0 người đang chờ');
  });
});
