import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { API_BASE_URL } from '../../core/api-config';
import { SlotLinkPage } from './slot-link-page';

const HOSPITALS = [
  {
    id: 'bv-bai-chay',
    name: 'Bệnh viện Bãi Cháy',
    facilityCode: '22017',
    departmentCount: 8,
    practitionerCount: 12,
  },
  {
    id: 'bvdk-tinh-quang-ninh',
    name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
    facilityCode: '22015',
    departmentCount: 9,
    practitionerCount: 20,
  },
];
const SLOT = {
  slotId: 'hs-bv-bai-chay-rang-ham-mat@202612010830',
  hospitalId: 'bv-bai-chay',
  hospitalName: 'Bệnh viện Bãi Cháy',
  serviceId: 'hs-bv-bai-chay-rang-ham-mat',
  serviceName: 'Khoa Răng Hàm Mặt',
  departmentCode: 'rang-ham-mat',
  start: '2026-12-01T01:30:00.000Z',
  end: '2026-12-01T01:45:00.000Z',
  seatsLeft: 2,
};

describe('SlotLinkPage (/dat-lich?slot=)', () => {
  let http: HttpTestingController;

  function open(slot: string | undefined): HTMLElement {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: API_BASE_URL, useValue: '' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(SlotLinkPage);
    if (slot !== undefined) fixture.componentRef.setInput('slot', slot);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  function settle(page: HTMLElement): void {
    TestBed.tick();
    void page;
  }

  afterEach(() => http.verify());

  it('shows where and when a still free slot is, and how to book it with the card', () => {
    const page = open(SLOT.slotId);
    http.expectOne('/api/directory/hospitals').flush(HOSPITALS);
    const availability = http.expectOne((req) => req.url === '/api/availability');
    expect(availability.request.params.get('hospital')).toBe('bv-bai-chay');
    expect(availability.request.params.get('department')).toBe('rang-ham-mat');
    expect(availability.request.params.get('from')).toBe('2026-12-01');
    availability.flush([SLOT]);
    settle(page);
    const text = page.querySelector('[data-testid="slot-free"]')?.textContent ?? '';
    expect(text).toContain('Bệnh viện Bãi Cháy');
    expect(text).toContain('Khoa Răng Hàm Mặt');
    expect(text).toContain('08:30');
    expect(page.textContent).toContain('chạm thẻ khám bệnh tại ki-ốt');
  });

  it('says the time is gone when it is no longer among the free slots', () => {
    const page = open(SLOT.slotId);
    http.expectOne('/api/directory/hospitals').flush(HOSPITALS);
    http.expectOne((req) => req.url === '/api/availability').flush([]);
    settle(page);
    expect(page.querySelector('[data-testid="slot-gone"]')?.textContent).toContain('đã hết chỗ');
  });

  it('asks nothing of the API for a link that is not a slot id', () => {
    const page = open('not-a-slot');
    settle(page);
    expect(page.querySelector('[data-testid="slot-invalid"]')).not.toBeNull();
  });

  it('says so when the API cannot be reached', () => {
    const page = open(SLOT.slotId);
    http
      .expectOne('/api/directory/hospitals')
      .flush('down', { status: 503, statusText: 'Unavailable' });
    settle(page);
    expect(page.querySelector('[data-testid="slot-failed"]')?.textContent).toContain('thử lại');
  });
});
