import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { searchResults } from '../../../../testing/doctor-fixtures';
import { PATIENT_SEARCH_DEBOUNCE_MS, PatientSearch } from './patient-search';

describe('PatientSearch', () => {
  let fixture: ComponentFixture<PatientSearch>;
  let http: HttpTestingController;

  beforeEach(() => {
    jasmine.clock().install();
    // debounceTime reads the scheduler's clock (Date.now) as well as its timers.
    jasmine.clock().mockDate(new Date('2025-11-24T02:00:00Z'));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PATIENT_SEARCH_DEBOUNCE_MS, useValue: 300 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PatientSearch);
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
    jasmine.clock().uninstall();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const input = (): HTMLInputElement => page().querySelector('#patient-search-input')!;

  function type(value: string): void {
    input().value = value;
    input().dispatchEvent(new Event('input'));
  }

  const searchUrl =
    (q: string): ((req: { urlWithParams: string }) => boolean) =>
    (req) =>
      req.urlWithParams === `/api/patients?q=${encodeURIComponent(q)}`;

  it('has a labelled search box with a hint about what can be searched', () => {
    expect(text('label[for="patient-search-input"]')).toBe(
      'Tìm theo CCCD, số thẻ BHYT, họ tên, ngày sinh hoặc số điện thoại',
    );
    expect(text('#patient-search-hint')).toContain('có dấu hoặc không dấu');
  });

  it('waits for typing to pause and then searches once, with the last text', () => {
    type('ng');
    jasmine.clock().tick(100);
    type('nguyen');
    jasmine.clock().tick(100);
    type('nguyen thi lan');
    jasmine.clock().tick(299);
    http.expectNone(() => true);

    jasmine.clock().tick(1);
    http.expectOne(searchUrl('nguyen thi lan')).flush(searchResults);
    fixture.detectChanges();

    expect(page().querySelectorAll('[data-testid="search-results"] li').length).toBe(2);
    expect(text('[data-testid="search-status"]')).toBe('Tìm thấy 2 hồ sơ');
  });

  it('lists each result with its hospital, birth date and masked CCCD, linking to the record', () => {
    type('4521');
    jasmine.clock().tick(300);
    http.expectOne(searchUrl('4521')).flush(searchResults);
    fixture.detectChanges();

    const first = page().querySelector<HTMLAnchorElement>('[data-patient="dkt-pat-1001"]')!;
    expect(first.getAttribute('href')).toBe('/doctor/patients/dkt-pat-1001');
    const line = first.textContent!.replace(/\s+/g, ' ');
    expect(line).toContain('Nguyễn Thị Lan');
    expect(line).toContain('Bệnh viện Đa khoa tỉnh Quảng Ninh');
    expect(line).toContain('Ngày sinh: 15/03/1980');
    expect(line).toContain('CCCD: ********4521');
    expect(line).toContain('Nữ');
    expect(text('[data-patient="bc-pat-77"] app-hospital-badge')).toBe('Bệnh viện Bãi Cháy');
  });

  it('searches at once on Enter, without waiting', () => {
    type('0912345678');
    page()
      .querySelector('form')!
      .dispatchEvent(new Event('submit', { cancelable: true }));

    http.expectOne(searchUrl('0912345678')).flush([]);
    fixture.detectChanges();
    expect(text('[data-testid="search-status"]')).toBe(
      'Không tìm thấy người bệnh nào. Hãy thử cách tìm khác.',
    );
    jasmine.clock().tick(300); // the debounced copy of the same text does not search again
    http.expectNone(() => true);
  });

  it('cancels a search still running when a newer one starts', () => {
    type('lan');
    jasmine.clock().tick(300);
    const stale = http.expectOne(searchUrl('lan'));
    type('lan 1980');
    jasmine.clock().tick(300);
    const fresh = http.expectOne(searchUrl('lan 1980'));

    expect(stale.cancelled).toBeTrue();
    fresh.flush([searchResults[0]]);
    fixture.detectChanges();
    expect(page().querySelectorAll('[data-testid="search-results"] li').length).toBe(1);
  });

  it('does not search for fewer than two characters', () => {
    type('n');
    jasmine.clock().tick(1000);
    http.expectNone(() => true);
  });

  it("shows the API's reason when the search fails", () => {
    type('lan');
    jasmine.clock().tick(300);
    http
      .expectOne(searchUrl('lan'))
      .flush(
        { status: 400, detail: 'q: at least 2 characters' },
        { status: 400, statusText: 'Bad Request' },
      );
    fixture.detectChanges();

    expect(text('[data-testid="search-error"]')).toContain('q: at least 2 characters');
  });
});
