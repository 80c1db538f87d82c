import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import {
  BAI_CHAY,
  BVDK,
  breakGlassProblem,
  sharedRecord,
} from '../../../../testing/doctor-fixtures';
import { expectNoAxeViolations } from '../../../../testing/axe';
import { PatientRecord } from './patient-record';

const PATIENT = 'dkt-pat-1001';
const RECORD_URL = `/api/patients/${PATIENT}/record`;
const ACCESS_URL = `/api/audit/patients/${PATIENT}/access`;

describe('PatientRecord', () => {
  let fixture: ComponentFixture<PatientRecord>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PatientRecord);
  });

  afterEach(() => {
    fixture.destroy();
    http.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string, root: ParentNode = page()): string =>
    (root.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const all = (selector: string, root: ParentNode = page()): HTMLElement[] => [
    ...root.querySelectorAll<HTMLElement>(selector),
  ];

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  async function open(patientId = PATIENT): Promise<void> {
    fixture.componentRef.setInput('patientId', patientId);
    await render();
  }

  /** Opens the record and answers with `record`; the access log is answered with `accesses`. */
  async function showRecord(record = sharedRecord(), accesses: object = []): Promise<void> {
    await open();
    expect(text('[data-testid="record-loading"]')).toBe('Đang tải hồ sơ từ các bệnh viện…');
    http.expectOne(RECORD_URL).flush(record);
    await render();
    http.expectOne(ACCESS_URL).flush(accesses);
    await render();
  }

  it("shows the patient's name, birth date and linked records at each hospital with the link assurance", async () => {
    await showRecord();

    expect(text('[data-testid="record-name"]')).toBe('Nguyễn Thị Lan');
    expect(text('[data-testid="record-birth-date"]')).toBe('15/03/1980');
    const linked = all('[data-testid="linked-patients"] li');
    expect(linked.length).toBe(2);
    expect(text('app-hospital-badge', linked[0])).toBe(BVDK.name);
    expect(linked[0]!.textContent).toContain('hồ sơ đang mở');
    expect(text('app-hospital-badge', linked[1])).toBe(BAI_CHAY.name);
    expect(linked[1]!.textContent).toContain('Mã người bệnh: BC-77');
    expect(linked[1]!.textContent).toContain('tên tại đây: Nguyen Thi Lan');
    expect(text('.assurance', linked[1])).toBe(
      'Liên kết: Rất có thể (khớp họ tên, ngày sinh, địa chỉ)',
    );
  });

  it('passes the axe accessibility rules on the record with its timeline and charts', async () => {
    await showRecord(sharedRecord(), {
      patientId: PATIENT,
      accesses: [
        {
          at: '2025-11-24T02:00:00Z',
          action: 'read',
          who: { displayName: 'BS. Trần Thị Mai', role: 'doctor' },
        },
      ],
    });
    await expectNoAxeViolations(page(), 'the patient record');
  });

  it('shows the allergies prominently, with their source hospital', async () => {
    await showRecord();

    const allergies = page().querySelector('[data-testid="allergies"]')!;
    expect(text('h3', allergies)).toBe('⚠ Dị ứng');
    expect(allergies.textContent).toContain('Penicillin');
    expect(allergies.textContent).toContain('Phát ban');
    expect(text('app-hospital-badge', allergies)).toBe(BVDK.name);
  });

  it('says no hospital has recorded an allergy when there is none', async () => {
    await showRecord(sharedRecord({ allergies: [] }));

    expect(text('[data-testid="allergies"] p')).toContain('Chưa bệnh viện nào ghi nhận dị ứng');
  });

  it('groups the timeline by visit, newest first, each entry labelled with its kind and hospital', async () => {
    await showRecord();

    const visits = all('[data-testid="visit"]');
    expect(visits.map((v) => v.dataset['hospital'])).toEqual([
      'bv-bai-chay',
      'bv-bai-chay',
      'bvdk-tinh-quang-ninh',
      'bvdk-tinh-quang-ninh',
    ]);
    const pneumonia = visits[1]!;
    expect(text('.visit__date', pneumonia)).toBe('09:00 20/11/2025');
    expect(text('.visit__head app-hospital-badge', pneumonia)).toBe(BAI_CHAY.name);
    expect(text('.visit__head .kind', pneumonia)).toBe('⚕ Khám');
    expect(text('.visit__title', pneumonia)).toBe('Khám ngoại trú — Nội');
    expect(text('.visit__reason', pneumonia)).toBe('Lý do khám: Sốt, ho');
    const entries = all('[data-testid="entry"]', pneumonia);
    expect(entries.map((e) => text('.kind', e))).toEqual(['⚗ Xét nghiệm', '◆ Chẩn đoán']);
    expect(
      entries.every((e) => text('.entry__source app-hospital-badge', e) === BAI_CHAY.name),
    ).toBeTrue();

    const diagnosis = entries[1]!;
    expect(text('.entry__title', diagnosis)).toBe('Viêm phổi');
    expect(text('.entry__code', diagnosis)).toBe('ICD-10 J18.9');

    const glucose = entries[0]!;
    expect(text('[data-testid="entry-detail"]', glucose)).toBe('7.8 mmol/L');
    expect(text('[data-testid="entry-flag"]', glucose)).toBe('↑ Cao (H)');
    expect(text('.entry__source .muted', glucose)).toBe('10:00');

    const older = all('[data-testid="entry"]', visits[2]!);
    expect(text('[data-testid="entry-flag"]', older[0]!)).toBe('↓ Thấp (L)');
    expect(text('.kind', older[1]!)).toBe('℞ Thuốc');
    // A normal result carries no flag.
    expect(all('[data-testid="entry-flag"]', visits[0]!).length).toBe(0);
  });

  it('filters the timeline by kind and by hospital, and shows everything again on request', async () => {
    await showRecord();

    page().querySelector<HTMLInputElement>('input[data-hospital="bv-bai-chay"]')!.click();
    await render();
    expect(all('[data-testid="visit"]').map((v) => v.dataset['hospital'])).toEqual([
      'bvdk-tinh-quang-ninh',
      'bvdk-tinh-quang-ninh',
    ]);

    page().querySelector<HTMLInputElement>('input[data-kind="lab"]')!.click();
    await render();
    expect(all('[data-testid="entry"]').map((e) => e.dataset['kind'])).toEqual([
      'medication',
      'allergy',
    ]);

    const showAll = all('button').find((b) => b.textContent?.trim() === 'Hiện tất cả')!;
    showAll.click();
    await render();
    expect(all('[data-testid="visit"]').length).toBe(4);
  });

  it('draws a trend chart for each lab series', async () => {
    await showRecord();

    const trends = page().querySelector('[data-testid="lab-trends"]')!;
    expect(all('app-lab-chart', trends).length).toBe(1);
    expect(text('h4', trends)).toBe('Glucose máu');
    expect(all('tbody tr', trends).length).toBe(3);
  });

  it('lists who has viewed the record', async () => {
    await showRecord(sharedRecord(), {
      patientId: PATIENT,
      accesses: [
        {
          at: '2025-11-24T02:00:00Z',
          action: 'read',
          who: { displayName: 'BS. Trần Thị Mai', role: 'doctor' },
        },
        {
          at: '2025-11-23T01:00:00Z',
          action: 'break-glass',
          who: { displayName: 'BS. Hoàng Văn Long', role: 'doctor', hospital: 'bv-bai-chay' },
          purpose: 'Cấp cứu ngoài giờ',
        },
      ],
    });

    const log = page().querySelector('[data-testid="access-log"]')!;
    expect(text('h3', log)).toBe('Ai đã xem hồ sơ này');
    const rows = all('li', log);
    expect(rows.length).toBe(2);
    expect(rows[0]!.textContent!.replace(/\s+/g, ' ')).toContain('09:00:00 24/11/2025');
    expect(rows[0]!.textContent).toContain('BS. Trần Thị Mai');
    expect(rows[0]!.textContent).toContain('Bác sĩ');
    expect(rows[0]!.textContent).toContain('Xem hồ sơ');
    expect(rows[1]!.textContent).toContain('Bệnh viện Bãi Cháy');
    expect(rows[1]!.textContent).toContain('Truy cập khẩn cấp');
    expect(rows[1]!.textContent).toContain('Cấp cứu ngoài giờ');
  });

  it('says so when the audit log may not be read with this role', async () => {
    await open();
    http.expectOne(RECORD_URL).flush(sharedRecord());
    await render();
    http.expectOne(ACCESS_URL).flush({ status: 403 }, { status: 403, statusText: 'Forbidden' });
    await render();

    expect(text('[data-testid="access-log"]')).toContain(
      'Tài khoản của bạn không được xem nhật ký truy cập của hồ sơ này.',
    );
  });

  describe('break-glass', () => {
    async function refuse(): Promise<HTMLDialogElement> {
      await open();
      http.expectOne(RECORD_URL).flush(breakGlassProblem, { status: 403, statusText: 'Forbidden' });
      await render();
      return page().querySelector<HTMLDialogElement>('[data-testid="break-glass-dialog"]')!;
    }

    async function giveReason(reason: string): Promise<void> {
      const area = page().querySelector<HTMLTextAreaElement>('#break-glass-reason')!;
      area.value = reason;
      area.dispatchEvent(new Event('input'));
      await render();
      page().querySelector<HTMLButtonElement>('[data-testid="break-glass-confirm"]')!.click();
      await render();
    }

    it('asks for a reason, saying the access is logged and reviewed, when the API requires break-glass', async () => {
      const dialog = await refuse();

      expect(dialog.open).toBeTrue();
      expect(text('h2', dialog)).toBe('⚠ Truy cập khẩn cấp hồ sơ');
      expect(text('#break-glass-explain', dialog)).toContain('được ghi nhật ký');
      expect(text('#break-glass-explain', dialog)).toContain('sẽ được kiểm tra lại');
      expect(text('label[for="break-glass-reason"]', dialog)).toBe(
        'Lý do truy cập (ít nhất 10 ký tự)',
      );
      expect(page().querySelector('[data-testid="record"]')).toBeNull();
      expect(text('[data-testid="break-glass-required"]')).toContain(breakGlassProblem.detail);
    });

    it('passes the axe accessibility rules on the break-glass dialog', async () => {
      await refuse();
      await expectNoAxeViolations(page(), 'the break-glass dialog');
    });

    it('refuses a reason shorter than 10 characters without calling the API', async () => {
      await refuse();
      await giveReason('  cấp cứu  ');

      expect(text('[data-testid="break-glass-too-short"]')).toBe(
        'Vui lòng ghi rõ lý do, ít nhất 10 ký tự.',
      );
      http.expectNone(`${RECORD_URL}/break-glass`);
    });

    it('opens the record with the reason and marks it as an emergency access', async () => {
      const dialog = await refuse();
      await giveReason('Cấp cứu: người bệnh hôn mê, cần tiền sử dị ứng');

      const req = http.expectOne(`${RECORD_URL}/break-glass`);
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({
        reason: 'Cấp cứu: người bệnh hôn mê, cần tiền sử dị ứng',
      });
      req.flush(
        sharedRecord({
          access: {
            basis: 'break-glass',
            reason: 'Cấp cứu: người bệnh hôn mê, cần tiền sử dị ứng',
          },
        }),
      );
      await render();
      http.expectOne(ACCESS_URL).flush([]);
      await render();

      expect(dialog.open).toBeFalse();
      expect(text('[data-testid="record-name"]')).toBe('Nguyễn Thị Lan');
      const banner = text('[data-testid="break-glass-active"]');
      expect(banner).toContain('Bạn đang xem hồ sơ bằng truy cập khẩn cấp');
      expect(banner).toContain('Cấp cứu: người bệnh hôn mê, cần tiền sử dị ứng');
    });

    it("keeps the dialog open with the API's reason when break-glass is refused", async () => {
      const dialog = await refuse();
      await giveReason('Xem thử hồ sơ cho biết');
      http
        .expectOne(`${RECORD_URL}/break-glass`)
        .flush(
          { status: 403, detail: 'Tài khoản này không được phép truy cập khẩn cấp.' },
          { status: 403, statusText: 'Forbidden' },
        );
      await render();

      expect(dialog.open).toBeTrue();
      expect(text('[data-testid="break-glass-error"]')).toBe(
        'Tài khoản này không được phép truy cập khẩn cấp.',
      );
    });

    it('closes the dialog on cancel and lets the doctor open it again', async () => {
      const dialog = await refuse();
      all('button', dialog)
        .find((b) => b.textContent?.trim() === 'Hủy')!
        .click();
      await render();
      expect(dialog.open).toBeFalse();

      all('[data-testid="break-glass-required"] button')[0]!.click();
      await render();
      expect(dialog.open).toBeTrue();
    });
  });

  describe('consent to share', () => {
    it('says how many hospitals were left out when the patient withdrew consent, and shows only the rest', async () => {
      const record = sharedRecord();
      await showRecord({
        ...record,
        patients: record.patients.slice(0, 1),
        access: {
          basis: 'treatment',
          consent: 'withdrawn',
          withheldHospitalCount: 1,
        },
      });
      expect(text('[data-testid="consent-withheld"]')).toContain(
        'Người bệnh đã rút lại đồng ý chia sẻ hồ sơ giữa các bệnh viện. Chỉ hiện hồ sơ tại bệnh viện của bạn; hồ sơ ở 1 bệnh viện khác không hiện.',
      );
      expect(page().querySelector('[data-testid="consent-overridden"]')).toBeNull();
    });

    it('warns that break-glass overrides a withdrawal', async () => {
      await showRecord(
        sharedRecord({ access: { basis: 'break-glass', reason: 'Cấp cứu', consent: 'withdrawn' } }),
      );
      expect(text('[data-testid="consent-overridden"]')).toContain(
        'truy cập khẩn cấp cho xem cả hồ sơ ở các bệnh viện khác',
      );
    });

    it('offers break-glass, naming the withdrawal, when the patient has no record at the doctor’s hospital', async () => {
      await open();
      http.expectOne(RECORD_URL).flush(
        {
          type: '/problems/consent-withdrawn',
          status: 403,
          detail: 'Người bệnh đã rút lại đồng ý chia sẻ hồ sơ giữa các bệnh viện.',
          breakGlass: '/api/patients/dkt-pat-1001/record/break-glass',
        },
        { status: 403, statusText: 'Forbidden' },
      );
      await render();
      expect(text('[data-testid="break-glass-required"] h2')).toBe(
        'Người bệnh đã rút lại đồng ý chia sẻ hồ sơ và không có hồ sơ tại bệnh viện của bạn',
      );
      expect(
        page().querySelector<HTMLDialogElement>('[data-testid="break-glass-dialog"]')!.open,
      ).toBeTrue();
    });
  });

  it('says the patient was not found on 404', async () => {
    await open();
    http
      .expectOne(RECORD_URL)
      .flush(
        { status: 404, detail: 'No patient dkt-pat-1001.' },
        { status: 404, statusText: 'Not Found' },
      );
    await render();

    expect(text('[data-testid="record-error"] h2')).toBe('Không tìm thấy người bệnh');
    expect(text('[data-testid="record-error"] p')).toBe('No patient dkt-pat-1001.');
  });

  it('says the record is not allowed on a 403 that is not about break-glass', async () => {
    await open();
    http
      .expectOne(RECORD_URL)
      .flush(
        { status: 403, detail: 'Lễ tân không xem được hồ sơ lâm sàng.' },
        { status: 403, statusText: 'Forbidden' },
      );
    await render();

    expect(text('[data-testid="record-error"] h2')).toBe('Bạn không được xem hồ sơ này');
    expect(page().querySelector<HTMLDialogElement>('dialog')!.open).toBeFalse();
  });
});
