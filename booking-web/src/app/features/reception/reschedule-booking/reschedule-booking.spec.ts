import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  type TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { bookingFor, slot } from '../../../../testing/kiosk-fixtures';
import { nextVnDays } from '../../kiosk/kiosk-time';
import { PatientBookings } from '../patient-bookings/patient-bookings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** "Đổi giờ" on the patient's bookings panel: the slot picker and the move. */
describe('RescheduleBooking at the desk', () => {
  let fixture: ComponentFixture<PatientBookings>;
  let http: HttpTestingController;

  const days = nextVnDays(14);
  const listUrl = '/api/patients/bc-pat-77/bookings?upcoming=true';
  const booking = bookingFor(slot(days[1]!, '08:30', { slotId: 'slot-old' }), {
    id: 'bk-1',
    patientId: 'bc-pat-77',
    queueNumber: 3,
  });
  const old = slot(days[1]!, '08:30', { slotId: 'slot-old', seatsLeft: 2 });
  const ten = slot(days[3]!, '10:15', { slotId: 'slot-10', seatsLeft: 2 });
  const eleven = slot(days[3]!, '11:00', { slotId: 'slot-11', seatsLeft: 1 });
  const otherHospital = slot(days[3]!, '09:00', {
    slotId: 'slot-bc',
    hospitalId: 'bv-bai-chay',
    serviceId: 'svc-bc-tm',
  });

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PatientBookings);
    fixture.componentRef.setInput('patientId', 'bc-pat-77');
    document.body.appendChild(fixture.nativeElement as HTMLElement);
    await settle();
    http.expectOne(listUrl).flush([booking]);
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
  const radios = (): HTMLInputElement[] => [
    ...page().querySelectorAll<HTMLInputElement>('[data-testid="reschedule-slot"]'),
  ];

  async function click(selector: string): Promise<void> {
    page().querySelector<HTMLElement>(selector)!.click();
    await settle();
  }

  /** "Đổi giờ" → the range read for this department and hospital. */
  async function open(range = [old, otherHospital, ten, eleven]): Promise<TestRequest> {
    await click('[data-testid="reschedule-booking"]');
    const req = http.expectOne((r) => r.url === '/api/availability');
    req.flush(range);
    await settle();
    return req;
  }

  async function chooseTime(index: number): Promise<void> {
    radios()[index]!.click();
    await settle();
  }

  async function confirm(): Promise<TestRequest> {
    await click('[data-testid="reschedule-confirm"]');
    return http.expectOne({ method: 'POST', url: '/api/bookings/bk-1/reschedule' });
  }

  it('offers the free times of the same department and hospital, marking the days, without the current time', async () => {
    const range = await open();
    expect(range.request.params.get('department')).toBe('tim-mach');
    expect(range.request.params.get('hospital')).toBe('bvdk');
    expect(range.request.params.get('from')).toBe(days[0]!);
    expect(range.request.params.get('to')).toBe(days[13]!);

    expect(text('[data-testid="reschedule-picker"] h4')).toContain(
      'Đổi giờ lịch khám Tim mạch, 08:30',
    );
    const options = [...page().querySelectorAll<HTMLOptionElement>('#move-day option')];
    expect(options.length).toBe(14);
    // The day of the current booking has no other free time; the first open day is chosen.
    expect(options[1]!.text).toContain('hết chỗ');
    expect(options[1]!.disabled).toBeTrue();
    expect(options[3]!.text).toContain('còn 3 chỗ');
    expect(page().querySelector<HTMLSelectElement>('#move-day')!.value).toBe(days[3]!);
    expect(radios().map((r) => r.value)).toEqual(['slot-10', 'slot-11']);
  });

  it('moves the booking with an Idempotency-Key, says where to, and reads the list again', async () => {
    await open();
    await chooseTime(0);
    expect(text('[data-testid="reschedule-summary"]')).toContain('Chuyển sang 10:15');
    const req = await confirm();
    expect(req.request.body).toEqual({ slotId: 'slot-10' });
    expect(req.request.headers.get('Idempotency-Key')).toMatch(UUID);
    req.flush(
      bookingFor(ten, {
        id: 'bk-9',
        queueNumber: 9,
        patientId: 'bc-pat-77',
        rescheduledFrom: 'bk-1',
      }),
      { status: 201, statusText: 'Created' },
    );
    await settle();

    const [dd, mm, yyyy] = [days[3]!.slice(8, 10), days[3]!.slice(5, 7), days[3]!.slice(0, 4)];
    expect(text('[data-testid="bookings-notice"]')).toBe(
      `✓ Đã đổi lịch khám Tim mạch sang 10:15 ${dd}/${mm}/${yyyy}, số thứ tự mới 9.`,
    );
    expect(page().querySelector('[data-testid="reschedule-picker"]')).toBeNull();
    http.expectOne(listUrl).flush([bookingFor(ten, { id: 'bk-9', queueNumber: 9 })]);
    await settle();
    expect(text('[data-testid="upcoming-booking"]')).toContain('10:15');
  });

  it('retries a lost answer with the same key, then offers this department’s other times when the new one filled up', async () => {
    await open();
    await chooseTime(0);
    const lost = await confirm();
    const key = lost.request.headers.get('Idempotency-Key');
    lost.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await settle();
    expect(text('[data-testid="reschedule-error"]')).toContain('Không kết nối được với máy chủ.');
    expect(text('[data-testid="reschedule-confirm"]')).toBe('Thử lại');

    const retry = await confirm();
    expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
    retry.flush(
      {
        type: '/problems/slot-full',
        status: 409,
        detail: 'Every seat of this slot is taken.',
        alternatives: [eleven, otherHospital],
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(text('[data-testid="reschedule-error"]')).toBe(
      '✕ Giờ này vừa hết chỗ. Hãy chọn một giờ khác.',
    );
    const offered = [
      ...page().querySelectorAll<HTMLButtonElement>('[data-testid="reschedule-alternative"]'),
    ];
    expect(offered.map((b) => b.textContent)).toEqual([jasmine.stringContaining('11:00')]);
    // The seats are read again after a full slot.
    http.expectOne((r) => r.url === '/api/availability').flush([eleven]);
    await settle();

    offered[0]!.click();
    await settle();
    const third = await confirm();
    expect(third.request.body).toEqual({ slotId: 'slot-11' });
    expect(third.request.headers.get('Idempotency-Key')).not.toBe(key);
    third.flush(bookingFor(eleven, { id: 'bk-11', queueNumber: 2 }));
    await settle();
    http.expectOne(listUrl).flush([]);
    await settle();
  });

  it('says in words when the booking can no longer be moved', async () => {
    await open();
    await chooseTime(1);
    (await confirm()).flush(
      {
        type: '/problems/booking-not-reschedulable',
        status: 409,
        detail: 'Booking bk-1 is already checked-in.',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(text('[data-testid="reschedule-error"]')).toBe(
      '✕ Lịch này không đổi giờ được nữa (đã tiếp đón, đã hủy hoặc ghi không đến). Hãy đặt lịch mới.',
    );
  });

  it('closes the picker and sends nothing when the receptionist keeps the old time', async () => {
    await open();
    await click('[data-testid="reschedule-close"]');
    expect(page().querySelector('[data-testid="reschedule-picker"]')).toBeNull();
    expect(document.activeElement?.id).toBe('reception-bookings-title');
  });
});
