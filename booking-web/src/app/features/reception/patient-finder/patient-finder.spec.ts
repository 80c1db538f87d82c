import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { PatientSearchResult } from '@qn/contracts';

import { receptionResults } from '../../../../testing/reception-fixtures';
import { PatientFinder, RECEPTION_SEARCH_DEBOUNCE_MS } from './patient-finder';

describe('PatientFinder', () => {
  let fixture: ComponentFixture<PatientFinder>;
  let http: HttpTestingController;
  let chosen: PatientSearchResult[];

  beforeEach(() => {
    jasmine.clock().install();
    // debounceTime reads the scheduler's clock (Date.now) as well as its timers.
    jasmine.clock().mockDate(new Date('2025-11-24T02:00:00Z'));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RECEPTION_SEARCH_DEBOUNCE_MS, useValue: 300 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PatientFinder);
    chosen = [];
    fixture.componentInstance.chosen.subscribe((p) => chosen.push(p));
    fixture.detectChanges();
    document.body.appendChild(fixture.nativeElement as HTMLElement); // for focus
  });

  afterEach(() => {
    (fixture.nativeElement as HTMLElement).remove();
    http.verify();
    jasmine.clock().uninstall();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const box = (): HTMLInputElement => page().querySelector('#reception-search-input')!;
  const results = (): HTMLButtonElement[] => [
    ...page().querySelectorAll<HTMLButtonElement>('[data-testid="reception-results"] button'),
  ];
  const url = (q: string) => (req: { urlWithParams: string }) =>
    req.urlWithParams === `/api/patients?q=${encodeURIComponent(q)}`;

  function type(value: string): void {
    box().value = value;
    box().dispatchEvent(new Event('input'));
  }

  function search(q: string, answer: PatientSearchResult[] = receptionResults): void {
    type(q);
    jasmine.clock().tick(300);
    http.expectOne(url(q)).flush(answer);
    fixture.detectChanges();
  }

  function key(target: HTMLElement, name: string): void {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
  }

  it('has a labelled search box that says what can be searched', () => {
    expect(text('label[for="reception-search-input"]')).toBe(
      'Tìm theo CCCD, số thẻ BHYT, số điện thoại, ngày sinh, mã người bệnh hoặc họ tên',
    );
    expect(text('#reception-search-hint')).toContain('ngày sinh (dd/mm/yyyy)');
    expect(text('#reception-search-hint')).toContain('ít nhất 2 ký tự');
  });

  it('points the search box at the results list only while the list is shown', () => {
    // aria-controls naming an id that is not in the page is invalid ARIA (axe: aria-valid-attr-value).
    expect(box().hasAttribute('aria-controls')).toBeFalse();
    search('nguyen thi');
    expect(box().getAttribute('aria-controls')).toBe('reception-search-results');
    expect(page().querySelector('#reception-search-results')).not.toBeNull();
    search('khong ai', []);
    expect(box().hasAttribute('aria-controls')).toBeFalse();
  });

  it('searches once when typing pauses, with the last text', () => {
    type('ng');
    jasmine.clock().tick(200);
    type('nguyen thi');
    jasmine.clock().tick(299);
    http.expectNone(() => true);
    jasmine.clock().tick(1);
    http.expectOne(url('nguyen thi')).flush(receptionResults);
    fixture.detectChanges();
    expect(results().length).toBe(3);
    expect(text('[data-testid="reception-search-status"]')).toBe('Tìm thấy 3 người bệnh');
  });

  it('lists each result with hospital, record number, birth date, masked CCCD and phone', () => {
    search('0912345678');
    const first = results()[0]!.textContent!.replace(/\s+/g, ' ');
    expect(first).toContain('Nguyễn Thị Lan');
    expect(first).toContain('Bệnh viện Đa khoa tỉnh Quảng Ninh');
    expect(first).toContain('Mã người bệnh: DK-1001');
    expect(first).toContain('Ngày sinh: 15/03/1980');
    expect(first).toContain('CCCD: ********4521');
    expect(first).toContain('Điện thoại: 0912345678');
    expect(results()[1]!.textContent).toContain('Bệnh viện Bãi Cháy');
  });

  it('searches at once on Enter', () => {
    type('BC-90');
    page()
      .querySelector('form')!
      .dispatchEvent(new Event('submit', { cancelable: true }));
    http.expectOne(url('BC-90')).flush([]);
    fixture.detectChanges();
    expect(text('[data-testid="reception-search-status"]')).toBe(
      'Không tìm thấy người bệnh nào. Hãy thử cách tìm khác.',
    );
    jasmine.clock().tick(300);
    http.expectNone(() => true);
  });

  it('cancels a search still running when a newer one starts', () => {
    type('tran');
    jasmine.clock().tick(300);
    const stale = http.expectOne(url('tran'));
    type('tran van');
    jasmine.clock().tick(300);
    expect(stale.cancelled).toBeTrue();
    http.expectOne(url('tran van')).flush([receptionResults[2]!]);
    fixture.detectChanges();
    expect(results().length).toBe(1);
  });

  it('emits the patient chosen with a click, and marks the chosen one in words', () => {
    search('lan');
    results()[1]!.click();
    expect(chosen.map((p) => p.patientId)).toEqual(['bc-pat-77']);

    fixture.componentRef.setInput('selectedId', 'bc-pat-77');
    fixture.detectChanges();
    expect(results()[1]!.getAttribute('aria-current')).toBe('true');
    expect(results()[1]!.textContent).toContain('✓ Đang chọn');
    expect(results()[0]!.hasAttribute('aria-current')).toBeFalse();
  });

  it('moves through the results with the arrow keys and back to the box with Escape', () => {
    search('lan');
    box().focus();
    key(box(), 'ArrowDown');
    expect(document.activeElement).toBe(results()[0]!);
    key(results()[0]!, 'ArrowDown');
    key(results()[1]!, 'ArrowDown');
    expect(document.activeElement).toBe(results()[2]!);
    key(results()[2]!, 'ArrowDown'); // stays on the last
    expect(document.activeElement).toBe(results()[2]!);
    key(results()[2]!, 'Home');
    expect(document.activeElement).toBe(results()[0]!);
    key(results()[0]!, 'ArrowUp');
    expect(document.activeElement).toBe(box());
    key(box(), 'ArrowDown');
    key(results()[0]!, 'Escape');
    expect(document.activeElement).toBe(box());
  });

  it("shows the API's reason when the search is refused", () => {
    type('lan');
    jasmine.clock().tick(300);
    http
      .expectOne(url('lan'))
      .flush(
        { status: 403, detail: 'Vai trò của bạn không được tìm người bệnh.' },
        { status: 403, statusText: 'Forbidden' },
      );
    fixture.detectChanges();
    expect(text('[data-testid="reception-search-error"]')).toBe(
      '✕ Vai trò của bạn không được tìm người bệnh.',
    );
  });
});
