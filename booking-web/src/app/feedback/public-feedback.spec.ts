import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { publicFeedbackFigures } from '../../testing/feedback-fixtures';
import { PublicFeedback } from './public-feedback';
import { publicFeedbackChart } from './public-feedback-model';

describe('PublicFeedback', () => {
  let fixture: ComponentFixture<PublicFeedback>;
  let http: HttpTestingController;

  beforeEach(() => {
    jasmine.clock().install();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PublicFeedback);
    fixture.detectChanges();
    jasmine.clock().tick(0);
  });

  afterEach(() => {
    fixture.destroy();
    http.match(() => true);
    jasmine.clock().uninstall();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const row = (hospital: string, kind: string, index = 0): string[] =>
    [
      ...page()
        .querySelectorAll(`table[data-hospital="${hospital}"] tr[data-row="${kind}"]`)
        [index]!.querySelectorAll('th, td'),
    ].map((cell) => cell.textContent!.trim());

  function answer(): void {
    http.expectOne('/api/feedback/public').flush(publicFeedbackFigures());
    fixture.detectChanges();
  }

  it('says in Vietnamese that small groups are withheld and nothing personal is shown', () => {
    answer();
    expect(page().querySelector('h2')?.textContent?.trim()).toBe('Đánh giá của người bệnh');
    expect(page().querySelector('[data-testid="suppression-note"]')?.textContent).toContain(
      'nhóm có dưới 5 góp ý không được công bố',
    );
    expect(page().querySelector('[data-testid="feedback-period"]')?.textContent?.trim()).toBe(
      'Góp ý gửi từ 27/08/2025 – 24/11/2025',
    );
  });

  it('lists per department the count, share resolved, median time and mean ratings, then the hospital', () => {
    answer();
    const head = [
      ...page().querySelectorAll('table[data-hospital="bvdk-tinh-quang-ninh"] thead th'),
    ].map((th) => th.textContent!.trim());
    expect(head).toEqual([
      'Khoa',
      'Số góp ý',
      'Đã giải quyết',
      'Thời gian giải quyết (trung vị)',
      'Thời gian chờ',
      'Thái độ nhân viên',
      'Vệ sinh, sạch sẽ',
      'Hài lòng chung',
    ]);
    expect(row('bvdk-tinh-quang-ninh', 'department')).toEqual([
      'Khoa Ngoại',
      '9',
      '44,4%',
      '2,5 giờ',
      '3,0',
      '4,56',
      '4,0',
      '4,44',
    ]);
    expect(row('bvdk-tinh-quang-ninh', 'pooled')).toEqual([
      'Gộp các khoa: Khoa Mắt, Khoa Nhi, Khoa Nội',
      '10',
      '20%',
      '2 ngày 2 giờ',
      '2,5',
      '3,7',
      '4,3',
      '3,1',
    ]);
    expect(row('bvdk-tinh-quang-ninh', 'total')).toEqual([
      'Cả bệnh viện',
      '19',
      '31,6%',
      '4,5 giờ',
      '2,74',
      '4,11',
      '4,16',
      '3,74',
    ]);
  });

  it('shows "Dưới 5" and no figure for a group too small to publish, and zeros for none', () => {
    answer();
    expect(row('bv-bai-chay', 'department')).toEqual([
      'Khám bệnh',
      'Dưới 5',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
    expect(row('bv-bai-chay', 'total')).toEqual([
      'Cả bệnh viện',
      'Dưới 5',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
    expect(row('bv-san-nhi-quang-ninh', 'total')).toEqual([
      'Cả bệnh viện',
      '0',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
  });

  it('charts the published groups only, one bar per aspect', () => {
    const model = publicFeedbackChart(publicFeedbackFigures(), 'vi');
    expect(model.labels).toEqual([
      ['Khoa Ngoại', 'Bệnh viện Đa khoa tỉnh Quảng Ninh'],
      ['Gộp các khoa: Khoa Mắt, Khoa Nhi, Khoa Nội', 'Bệnh viện Đa khoa tỉnh Quảng Ninh'],
    ]);
    expect(model.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Thời gian chờ', [3, 2.5]],
      ['Thái độ nhân viên', [4.56, 3.7]],
      ['Vệ sinh, sạch sẽ', [4, 4.3]],
      ['Hài lòng chung', [4.44, 3.1]],
    ]);
    answer();
    expect(
      page().querySelector('app-ops-bar-chart [data-chart="feedback-averages"]'),
    ).not.toBeNull();
  });
});
