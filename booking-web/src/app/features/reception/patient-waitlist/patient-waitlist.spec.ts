import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { Booking, WaitlistEntry } from '@qn/contracts';

import { bookingFor, slot } from '../../../../testing/kiosk-fixtures';
import { PatientWaitlist } from './patient-waitlist';

describe('PatientWaitlist', () => {
  let fixture: ComponentFixture<PatientWaitlist>;
  let http: HttpTestingController;
  let booked: Booking[];

  const url = '/api/patients/bc-pat-77/waitlist';
  const waiting: WaitlistEntry = {
    id: 'wl-1',
    patientId: 'bc-pat-77',
    serviceId: 'hs-bv-bai-chay-tim-mach',
    serviceName: 'Tim mạch',
    hospitalId: 'bv-bai-chay',
    hospitalName: 'Bệnh viện Bãi Cháy',
    fromDay: '2025-11-27',
    toDay: '2025-11-29',
    status: 'waiting',
    position: 2,
    createdAt: '2025-11-24T01:00:00.000Z',
  };
  /** An offered entry has no position: it is out of the queue while its seat is held. */
  const offeredNoPosition: WaitlistEntry = {
    id: 'wl-2',
    patientId: 'bc-pat-77',
    serviceId: 'hs-bv-bai-chay-kham-benh',
    serviceName: 'Khám bệnh',
    hospitalId: 'bv-bai-chay',
    hospitalName: 'Bệnh viện Bãi Cháy',
    fromDay: '2025-11-27',
    toDay: '2025-11-29',
    createdAt: '2025-11-24T00:30:00.000Z',
    status: 'offered',
    offer: {
      bookingId: 'hold-7',
      start: '2025-11-27T01:30:00.000Z',
      until: '2025-11-26T03:00:00.000Z',
    },
  };
  const ended: WaitlistEntry = { ...waiting, id: 'wl-3', status: 'lapsed', serviceName: 'Nhi' };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PatientWaitlist);
    fixture.componentRef.setInput('patientId', 'bc-pat-77');
    booked = [];
    fixture.componentInstance.booked.subscribe((b) => booked.push(b));
    await settle();
  });

  afterEach(() => {
    fixture.destroy();
    http.verify();
  });

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string, within: ParentNode = page()): string =>
    (within.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const entries = (): HTMLElement[] => [
    ...page().querySelectorAll<HTMLElement>('[data-testid="waitlist-entry"]'),
  ];

  async function loaded(list: WaitlistEntry[]): Promise<void> {
    http.expectOne(url).flush(list);
    await settle();
  }

  it('lists the live places with the days, the position, and a seat on offer with its deadline', async () => {
    await loaded([waiting, offeredNoPosition, ended]);
    expect(entries().length).toBe(2);
    expect(entries()[0]!.textContent).toContain('Tim mạch');
    expect(text('.muted', entries()[0]!)).toBe('Chờ từ 27/11 đến 29/11');
    expect(text('[data-testid="waitlist-position"]', entries()[0]!)).toBe('Đang chờ, vị trí số 2');
    expect(text('[data-testid="waitlist-offer"]', entries()[1]!)).toBe(
      'Đã có chỗ: 08:30 Thứ Năm, 27/11/2025, giữ đến 10:00.',
    );
    expect(entries()[0]!.querySelector('[data-testid="waitlist-take"]')).toBeNull();
    expect(entries()[1]!.querySelector('[data-testid="waitlist-take"]')).not.toBeNull();
  });

  it('says the patient waits nowhere when there is no live place', async () => {
    await loaded([ended]);
    expect(text('[data-testid="waitlist-none"]')).toContain(
      'Người bệnh không ở trong danh sách chờ nào.',
    );
  });

  it('confirms the offered seat into a booking when the receptionist takes it for the patient', async () => {
    await loaded([offeredNoPosition]);
    entries()[0]!.querySelector<HTMLButtonElement>('[data-testid="waitlist-take"]')!.click();
    await settle();
    const req = http.expectOne({ method: 'POST', url: '/api/holds/hold-7/confirm' });
    const booking = bookingFor(slot('2025-11-27', '08:30'), { id: 'hold-7', queueNumber: 4 });
    req.flush(booking);
    await settle();
    expect(text('[data-testid="waitlist-notice"]')).toBe(
      '✓ Đã nhận chỗ Khám bệnh cho người bệnh, số thứ tự 4.',
    );
    expect(booked.map((b) => b.id)).toEqual(['hold-7']);
    await loaded([{ ...offeredNoPosition, status: 'booked' }]);
    expect(entries().length).toBe(0);
  });

  it('says the offer ran out when it is taken too late', async () => {
    await loaded([offeredNoPosition]);
    entries()[0]!.querySelector<HTMLButtonElement>('[data-testid="waitlist-take"]')!.click();
    await settle();
    http
      .expectOne('/api/holds/hold-7/confirm')
      .flush(
        { type: '/problems/hold-expired', status: 409, detail: 'Hold hold-7 ended.' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    expect(text('[role="alert"]', entries()[0]!)).toBe(
      'Đã hết thời gian giữ chỗ nên chỗ đã được trả lại. Hãy chọn lại giờ.',
    );
    expect(booked.length).toBe(0);
  });

  it('takes the patient off the list when the receptionist presses "Rời danh sách chờ"', async () => {
    await loaded([waiting]);
    entries()[0]!.querySelector<HTMLButtonElement>('[data-testid="waitlist-withdraw"]')!.click();
    await settle();
    http
      .expectOne({ method: 'POST', url: '/api/waitlist/wl-1/withdraw' })
      .flush({ ...waiting, status: 'withdrawn' });
    await settle();
    expect(entries().length).toBe(0);
    expect(text('[data-testid="waitlist-notice"]')).toBe(
      '✓ Đã rút người bệnh khỏi danh sách chờ Tim mạch (Bệnh viện Bãi Cháy).',
    );
  });

  it('reads the list again when the parent says the patient joined one', async () => {
    await loaded([]);
    fixture.componentRef.setInput('version', 1);
    await settle();
    await loaded([waiting]);
    expect(entries().length).toBe(1);
  });
});
