import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { bookingFor, slot } from '../../../../testing/kiosk-fixtures';
import { PatientBookings } from './patient-bookings';

describe('PatientBookings', () => {
  let fixture: ComponentFixture<PatientBookings>;
  let http: HttpTestingController;

  const early = bookingFor(slot('2025-11-26', '08:30'), {
    id: 'bk-1',
    patientId: 'bc-pat-77',
    queueNumber: 3,
    ticketCode: 'QN-AAAA-11',
  });
  const late = bookingFor(slot('2025-11-28', '14:00', { serviceName: 'Nội tiết' }), {
    id: 'bk-2',
    patientId: 'bc-pat-77',
    queueNumber: 9,
    ticketCode: 'QN-BBBB-22',
  });
  const arrived = bookingFor(slot('2025-11-24', '07:00'), {
    id: 'bk-0',
    status: 'checked-in',
    queueNumber: 1,
  });

  const listUrl = '/api/patients/bc-pat-77/bookings?upcoming=true';

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
  const rows = (): HTMLElement[] => [
    ...page().querySelectorAll<HTMLElement>('[data-testid="upcoming-booking"]'),
  ];
  const dialog = (): HTMLDialogElement => page().querySelector('dialog')!;
  const clean = (value: string | null | undefined): string =>
    (value ?? '').replace(/\s+/g, ' ').trim();

  async function loaded(list = [late, early, arrived]): Promise<void> {
    http.expectOne(listUrl).flush(list);
    await settle();
  }

  async function click(selector: string, within: ParentNode = page()): Promise<void> {
    within.querySelector<HTMLElement>(selector)!.click();
    await settle();
  }

  it('lists the upcoming bookings earliest first, with queue number, ticket code and state in words', async () => {
    await loaded();
    expect(rows().map((r) => r.dataset['booking'])).toEqual(['bk-0', 'bk-1', 'bk-2']);
    const line = rows()[1]!.textContent!.replace(/\s+/g, ' ');
    expect(line).toContain('08:30');
    expect(line).toMatch(/thứ tư, 26\/11\/2025/i);
    expect(line).toContain('Tim mạch');
    expect(line).toContain('Bệnh viện Đa khoa tỉnh');
    expect(line).toContain('QN-AAAA-11');
    expect(line).toContain('Đã đặt');
    expect(rows()[0]!.textContent).toContain('✓ Đã tiếp đón');
    // A patient who has arrived is not cancelled from here.
    expect(rows()[0]!.querySelector('[data-testid="cancel-booking"]')).toBeNull();
    expect(rows()[1]!.querySelector('[data-testid="cancel-booking"]')).not.toBeNull();
  });

  it('says so when the patient has no upcoming booking', async () => {
    await loaded([]);
    expect(text('[data-testid="no-upcoming"]')).toBe('Người bệnh chưa có lịch hẹn nào sắp tới.');
  });

  it('asks in a modal dialog before cancelling, and cancels when confirmed', async () => {
    await loaded();
    await click('[data-testid="cancel-booking"]', rows()[1]!);
    expect(dialog().open).toBeTrue();
    expect(text('#cancel-dialog-what')).toContain(
      'Lịch khám Tim mạch lúc 08:30, Thứ Tư, 26/11/2025 tại Bệnh viện Đa khoa tỉnh, số thứ tự 3.',
    );
    expect(document.activeElement?.textContent?.trim()).toBe('Không, giữ lịch');

    await click('[data-testid="cancel-confirm"]');
    const req = http.expectOne({ method: 'POST', url: '/api/bookings/bk-1/cancel' });
    req.flush({ ...early, status: 'cancelled' });
    await settle();

    expect(dialog().open).toBeFalse();
    expect(rows().map((r) => r.dataset['booking'])).toEqual(['bk-0', 'bk-2']);
    expect(text('[data-testid="bookings-notice"]')).toBe(
      '✓ Đã hủy lịch khám Tim mạch tại Bệnh viện Đa khoa tỉnh.',
    );
    expect(document.activeElement?.id).toBe('reception-bookings-title');
  });

  it('sends nothing and keeps the booking when the receptionist says no or presses Escape', async () => {
    await loaded();
    await click('[data-testid="cancel-booking"]', rows()[1]!);
    await click('[data-testid="cancel-keep"]');
    expect(dialog().open).toBeFalse();

    await click('[data-testid="cancel-booking"]', rows()[2]!);
    dialog().dispatchEvent(new Event('cancel', { cancelable: true }));
    await settle();
    expect(dialog().open).toBeFalse();
    expect(rows().length).toBe(3);
    http.expectNone({ method: 'POST' });
  });

  it("keeps the dialog open with the API's reason when the cancellation is refused", async () => {
    await loaded();
    await click('[data-testid="cancel-booking"]', rows()[1]!);
    await click('[data-testid="cancel-confirm"]');
    http.expectOne('/api/bookings/bk-1/cancel').flush(
      {
        type: '/problems/booking-not-cancellable',
        status: 409,
        detail: 'Booking bk-1 is checked-in and can no longer be cancelled.',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(dialog().open).toBeTrue();
    expect(text('[data-testid="cancel-error"]')).toBe(
      'Booking bk-1 is checked-in and can no longer be cancelled.',
    );
    expect(rows().length).toBe(3);
  });

  it('reads the list again when a booking was made for the patient', async () => {
    await loaded([early]);
    fixture.componentRef.setInput('version', 1);
    await settle();
    http.expectOne(listUrl).flush([early, late]);
    await settle();
    expect(rows().length).toBe(2);
  });

  it('shows the problem and retries when the list cannot be read', async () => {
    http.expectOne(listUrl).flush(null, { status: 503, statusText: 'Service Unavailable' });
    await settle();
    expect(text('[data-testid="bookings-error"]')).toBe(
      '✕ Máy chủ báo lỗi (mã 503). Vui lòng thử lại.',
    );
    await click('.btn');
    await loaded([early]);
    expect(rows().length).toBe(1);
  });

  it('offers the feedback slip only for a visit already checked in, and shows its link below the list', async () => {
    await loaded();
    expect(rows()[0]!.querySelector('[data-testid="feedback-link"]')).not.toBeNull();
    expect(rows()[1]!.querySelector('[data-testid="feedback-link"]')).toBeNull();
    expect(rows()[2]!.querySelector('[data-testid="feedback-link"]')).toBeNull();
    expect(clean(rows()[0]!.querySelector('[data-testid="feedback-link"]')!.textContent)).toContain(
      'In phiếu đánh giá',
    );

    await click('[data-testid="feedback-link"]', rows()[0]);
    http
      .expectOne('/api/feedback/links/bk-0')
      .flush({ bookingId: 'bk-0', token: 'bk-0.sig', path: 'danh-gia/bk-0.sig' });
    await settle();
    expect(page().querySelector('[data-testid="feedback-link-card"]')).not.toBeNull();
    expect(document.activeElement?.textContent?.trim()).toBe('Phiếu đánh giá lượt khám');

    await click('[data-testid="feedback-link-close"]');
    expect(page().querySelector('[data-testid="feedback-link-card"]')).toBeNull();
    expect(document.activeElement?.id).toBe('reception-bookings-title');
  });
});
