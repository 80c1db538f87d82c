import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { WaitlistEntry } from '@qn/contracts';

import { receptionistUser, sessionFor, storageWith } from '../../../../testing/auth-fixtures';
import { BAI_CHAY, BVDK } from '../../../../testing/doctor-fixtures';
import { receptionDepartments, receptionHospitals } from '../../../../testing/reception-fixtures';
import { AUTH_STORAGE } from '../../../core/auth/auth-service';
import { WaitlistQueue } from './waitlist-queue';

describe('WaitlistQueue', () => {
  let fixture: ComponentFixture<WaitlistQueue>;
  let http: HttpTestingController;
  let shown: string[];

  const first: WaitlistEntry = {
    id: 'wl-1',
    patientId: 'bc-pat-77',
    serviceId: 'svc-bc-tm',
    serviceName: 'Tim mạch',
    hospitalId: BAI_CHAY.id,
    hospitalName: BAI_CHAY.name,
    fromDay: '2025-11-27',
    toDay: '2025-11-28',
    status: 'offered',
    offer: {
      bookingId: 'hold-3',
      start: '2025-11-27T02:00:00.000Z',
      until: '2025-11-26T04:15:00.000Z',
    },
    createdAt: '2025-11-24T01:00:00.000Z',
  };
  const secondWaiting: WaitlistEntry = {
    id: 'wl-2',
    patientId: 'bc-pat-90',
    serviceId: 'svc-bc-tm',
    serviceName: 'Tim mạch',
    hospitalId: BAI_CHAY.id,
    hospitalName: BAI_CHAY.name,
    fromDay: '2025-11-29',
    toDay: '2025-11-29',
    status: 'waiting',
    position: 1,
    createdAt: '2025-11-24T01:05:00.000Z',
  };

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
    fixture = TestBed.createComponent(WaitlistQueue);
    shown = [];
    fixture.componentInstance.showPatient.subscribe((id) => shown.push(id));
    await settle();
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
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
  const select = (id: string): HTMLSelectElement => page().querySelector(`#${id}`)!;
  const rows = (): HTMLElement[] => [
    ...page().querySelectorAll<HTMLElement>('[data-testid="queue-entry"]'),
  ];

  async function pick(id: string, value: string): Promise<void> {
    select(id).value = value;
    select(id).dispatchEvent(new Event('change'));
    await settle();
  }

  it("starts at the receptionist's own hospital and asks for a department", () => {
    expect(select('queue-hospital').value).toBe(BAI_CHAY.id);
    expect([...select('queue-department').options].map((o) => o.text.trim())).toEqual([
      '— Chọn khoa —',
      'Khám bệnh',
      'Tim mạch',
    ]);
    expect(text('[data-testid="waitlist-queue"]')).toContain('Chọn khoa để xem ai đang chờ chỗ.');
  });

  it("lists the department's queue first in line first, with each offer and its deadline", async () => {
    await pick('queue-department', 'svc-bc-tm');
    const req = http.expectOne('/api/waitlist?serviceId=svc-bc-tm');
    req.flush([first, secondWaiting]);
    await settle();

    expect(text('[data-testid="queue-counts"]')).toBe(
      '1 người đang chờ, 1 người đã được mời nhận chỗ',
    );
    expect(rows().length).toBe(2);
    expect(text('td', rows()[0]!)).toBe('—');
    expect(rows()[0]!.textContent).toContain('bc-pat-77');
    expect(rows()[0]!.textContent).toContain('27/11 – 28/11');
    expect(text('.badge', rows()[0]!)).toBe('Đã mời: chỗ 09:00 27/11, giữ đến 11:15');
    expect(text('td', rows()[1]!)).toBe('1');
    expect(text('.badge', rows()[1]!)).toBe('Đang chờ');
  });

  it('opens the patient of a row with "Xem người bệnh"', async () => {
    await pick('queue-department', 'svc-bc-tm');
    http.expectOne('/api/waitlist?serviceId=svc-bc-tm').flush([secondWaiting]);
    await settle();
    rows()[0]!.querySelector<HTMLButtonElement>('[data-testid="queue-show-patient"]')!.click();
    expect(shown).toEqual(['bc-pat-90']);
  });

  it('reads another hospital’s department, and reads again on "Làm mới"', async () => {
    await pick('queue-hospital', BVDK.id);
    await pick('queue-department', 'svc-dk-nt');
    http.expectOne('/api/waitlist?serviceId=svc-dk-nt').flush([]);
    await settle();
    expect(text('[data-testid="queue-empty"]')).toBe(
      'Không có ai trong danh sách chờ của khoa này.',
    );
    page().querySelector<HTMLButtonElement>('[data-testid="queue-reload"]')!.click();
    await settle();
    http.expectOne('/api/waitlist?serviceId=svc-dk-nt').flush([secondWaiting]);
    await settle();
    expect(rows().length).toBe(1);
  });

  it('shows why the queue could not be read', async () => {
    await pick('queue-department', 'svc-bc-tm');
    http
      .expectOne('/api/waitlist?serviceId=svc-bc-tm')
      .flush(null, { status: 503, statusText: 'Service Unavailable' });
    await settle();
    expect(text('[data-testid="queue-error"]')).toBe(
      '✕ Máy chủ báo lỗi (mã 503). Vui lòng thử lại.',
    );
  });
});
