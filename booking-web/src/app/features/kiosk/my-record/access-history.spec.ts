import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { BAI_CHAY, BVDK } from '../../../../testing/doctor-fixtures';
import { session } from '../../../../testing/kiosk-fixtures';
import { KioskApi } from '../kiosk-api';
import { KioskStore } from '../kiosk-store';
import type { HospitalSummary, RecordAccess, RecordAccessPage } from '../kiosk-types';
import { AccessHistory } from './access-history';

/** The province's hospitals as `GET /api/directory/hospitals` names them (ids are the codes). */
const directory: HospitalSummary[] = [
  { ...BVDK, facilityCode: '22001', departmentCount: 6, practitionerCount: 12 },
  { ...BAI_CHAY, facilityCode: '22003', departmentCount: 4, practitionerCount: 9 },
];

const read: RecordAccess = {
  at: '2025-11-24T01:30:00.000Z',
  action: 'read',
  who: { role: 'doctor', hospital: 'bv-bai-chay' },
};
const breakGlass: RecordAccess = {
  at: '2025-11-20T16:05:00.000Z',
  action: 'break-glass',
  who: { displayName: 'Trần Văn Hùng', role: 'doctor', hospital: 'bvdk-tinh-quang-ninh' },
  purpose: 'Bệnh nhân bất tỉnh, cần xem tiền sử dị ứng',
};

/** The patient's own "who has looked at my record" list on the kiosk. */
describe('AccessHistory', () => {
  let fixture: ComponentFixture<AccessHistory>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        KioskStore,
        KioskApi,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(KioskStore).start(session);
    fixture = TestBed.createComponent(AccessHistory);
    fixture.detectChanges();
  });

  afterEach(() => {
    fixture.destroy();
    http.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (element: Element | null): string =>
    (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const entries = (): HTMLElement[] => [
    ...page().querySelectorAll<HTMLElement>('[data-testid="record-access-entry"]'),
  ];

  function answer(accesses: RecordAccess[], hospitals: HospitalSummary[] = directory): void {
    http.expectOne('/api/directory/hospitals').flush(hospitals);
    const body: RecordAccessPage = { patientId: session.patient.id, accesses };
    http
      .expectOne((req) => req.url === `/api/audit/patients/${session.patient.id}/access`)
      .flush(body);
    fixture.detectChanges();
  }

  it("asks for the latest 10 accesses of the session's own patient, with the session token", () => {
    const req = http.expectOne((r) => r.url.startsWith('/api/audit/patients/'));
    expect(req.request.method).toBe('GET');
    expect(req.request.url).toBe('/api/audit/patients/pat-1/access');
    expect(req.request.params.get('limit')).toBe('10');
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
    expect(text(page().querySelector('[role="status"]'))).toBe(
      'Đang tải danh sách người đã xem hồ sơ…',
    );
    req.flush({ patientId: 'pat-1', accesses: [] });
    http.expectOne('/api/directory/hospitals').flush(directory);
  });

  it('shows a read with its Viet Nam date and time, the role and hospital in words, and no name the API did not give', () => {
    answer([read]);
    const [entry] = entries();
    expect(entries().length).toBe(1);
    expect(entry!.getAttribute('data-action')).toBe('read');
    expect([...entry!.querySelectorAll('p')].map(text)).toEqual([
      'Thứ Hai, 24/11/2025 · 08:30',
      'Bác sĩ — Bệnh viện Bãi Cháy',
      'Xem hồ sơ',
    ]);
    expect(entry!.classList).not.toContain('access--urgent');
    expect(page().querySelector('[data-testid="record-access-urgent-note"]')).toBeNull();
  });

  it('makes a break-glass access stand out with an icon, the words and the reason the doctor gave', () => {
    answer([read, breakGlass]);
    const urgent = entries()[1]!;
    expect(urgent.getAttribute('data-action')).toBe('break-glass');
    expect(urgent.classList).toContain('access--urgent');
    expect(text(urgent.querySelector('.access__when'))).toBe('Thứ Năm, 20/11/2025 · 23:05');
    expect(text(urgent.querySelector('.access__who'))).toBe(
      'Trần Văn Hùng · Bác sĩ — Bệnh viện Đa khoa tỉnh Quảng Ninh',
    );
    expect(text(urgent.querySelector('.access__what'))).toBe('⚠ Truy cập khẩn cấp');
    expect(urgent.querySelector('.access__icon')?.getAttribute('aria-hidden')).toBe('true');
    expect(text(urgent.querySelector('[data-testid="record-access-reason"]'))).toBe(
      'Lý do: “Bệnh nhân bất tỉnh, cần xem tiền sử dị ứng”',
    );
    expect(text(page().querySelector('[data-testid="record-access-urgent-note"]'))).toContain(
      'Truy cập khẩn cấp: bác sĩ mở hồ sơ để cứu chữa kịp thời',
    );
  });

  it('keeps the order the API gives (newest first) and shows at most 10', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      ...read,
      at: new Date(Date.UTC(2025, 10, 24, 10 - i)).toISOString(),
    }));
    answer(many);
    expect(entries().length).toBe(10);
    expect(text(entries()[0]!.querySelector('.access__when'))).toBe('Thứ Hai, 24/11/2025 · 17:00');
    expect(text(entries()[9]!.querySelector('.access__when'))).toBe('Thứ Hai, 24/11/2025 · 08:00');
  });

  it('names the hospital from the record when the directory cannot be read, and other roles in words', () => {
    fixture.componentRef.setInput('hospitals', [BAI_CHAY]);
    http
      .expectOne('/api/directory/hospitals')
      .flush(null, { status: 503, statusText: 'Service Unavailable' });
    http.expectOne('/api/audit/patients/pat-1/access?limit=10').flush({
      patientId: 'pat-1',
      accesses: [
        { ...read, action: 'update', who: { role: 'receptionist', hospital: 'bv-bai-chay' } },
        { ...read, action: 'read', who: { role: 'admin' } },
        { ...read, action: 'create', who: {} },
      ],
    });
    fixture.detectChanges();
    expect(entries().map((e) => text(e.querySelector('.access__who')))).toEqual([
      'Lễ tân — Bệnh viện Bãi Cháy',
      'Quản trị hệ thống',
      'Nhân viên y tế',
    ]);
    expect(entries().map((e) => text(e.querySelector('.access__what')))).toEqual([
      'Sửa thông tin',
      'Xem hồ sơ',
      'Thêm thông tin',
    ]);
  });

  it('says so when nobody has looked at the record', () => {
    answer([]);
    expect(entries()).toEqual([]);
    expect(text(page().querySelector('[data-testid="record-access-empty"]'))).toBe(
      'Chưa có ai xem hồ sơ của bạn.',
    );
  });

  it('says so when the list cannot be loaded, and loads it again with "Thử lại"', () => {
    http.expectOne('/api/directory/hospitals').flush(directory);
    http
      .expectOne('/api/audit/patients/pat-1/access?limit=10')
      .flush(
        { status: 503, detail: 'MongoDB is not reachable' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    fixture.detectChanges();
    const alert = page().querySelector('[data-testid="record-access-error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(text(alert)).toBe(
      '✕ Chưa tải được danh sách những người đã xem hồ sơ của bạn. Hãy thử lại, hoặc hỏi nhân viên.',
    );
    expect(entries()).toEqual([]);

    page().querySelector<HTMLElement>('[data-testid="record-access-retry"]')!.click();
    fixture.detectChanges();
    http.expectOne('/api/audit/patients/pat-1/access?limit=10').flush({
      patientId: 'pat-1',
      accesses: [read],
    });
    fixture.detectChanges();
    expect(page().querySelector('[data-testid="record-access-error"]')).toBeNull();
    expect(entries().length).toBe(1);
  });
});
