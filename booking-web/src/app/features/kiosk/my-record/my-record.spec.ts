import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, DeferBlockBehavior, TestBed } from '@angular/core/testing';
import type { SharedRecord } from '@qn/contracts';

import { sharedRecord } from '../../../../testing/doctor-fixtures';
import { expectNoAxeViolations } from '../../../../testing/axe';
import {
  FakeEventSource,
  renderDeferredScreens,
  session,
  sessionStarted,
} from '../../../../testing/kiosk-fixtures';
import { KioskPage } from '../kiosk-page';
import type { RecordAccess } from '../kiosk-types';
import { EVENT_SOURCE_FACTORY } from '../station-events';

/** What `GET /api/kiosk/record` sends: the summary kinds of the timeline only. */
function kioskRecord(): SharedRecord {
  const full = sharedRecord();
  return {
    ...full,
    timeline: full.timeline.filter((e) => ['encounter', 'condition', 'lab'].includes(e.kind)),
    access: { basis: 'self' },
  };
}

/** The record screen inside the real kiosk page: opened from home, gone with the session. */
describe('MyRecord on the kiosk', () => {
  let fixture: ComponentFixture<KioskPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    FakeEventSource.reset();
    TestBed.configureTestingModule({
      imports: [KioskPage],
      deferBlockBehavior: DeferBlockBehavior.Manual,
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    fixture.destroy();
    http.match('/api/status');
    http.match((req) => req.url.startsWith('/api/kiosk/feedback')); // the feedback notice and ticket link
    http.match('/api/kiosk/consent'); // the sharing choice: sharing-consent.spec
    http.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector = ':scope'): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const all = (selector: string): HTMLElement[] => [
    ...page().querySelectorAll<HTMLElement>(selector),
  ];

  function render(): void {
    http.match('/api/status');
    fixture.detectChanges();
  }

  function click(selector: string): void {
    const element = page().querySelector<HTMLElement>(selector);
    if (!element) throw new Error(`nothing matches ${selector}`);
    element.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    element.click();
    render();
  }

  /**
   * Answers the "who has looked at your record" list beside the record (`'fail'`: a 503), and
   * the hospital directory that names the hospitals in it.
   */
  function answerAccesses(accesses: RecordAccess[] | 'fail'): void {
    http.expectOne('/api/directory/hospitals').flush([]);
    const req = http.expectOne({
      method: 'GET',
      url: `/api/audit/patients/${session.patient.id}/access?limit=10`,
    });
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
    if (accesses === 'fail') {
      req.flush({ status: 503 }, { status: 503, statusText: 'Service Unavailable' });
    } else {
      req.flush({ patientId: session.patient.id, accesses });
    }
  }

  /**
   * Card tap → home → "Hồ sơ sức khỏe của tôi", answering the record request with `record` and
   * the access list with `accesses`.
   */
  async function openRecord(
    record: SharedRecord | null = kioskRecord(),
    accesses: RecordAccess[] | 'fail' = [],
  ): Promise<void> {
    await TestBed.compileComponents(); // the @defer blocks
    fixture = TestBed.createComponent(KioskPage);
    fixture.componentRef.setInput('station', 'kiosk-01');
    fixture.detectChanges();
    await renderDeferredScreens(fixture);
    FakeEventSource.latest().open();
    FakeEventSource.latest().emit(sessionStarted());
    render();
    http.expectOne('/api/kiosk/bookings').flush([]);
    http.expectOne('/api/kiosk/waitlist').flush([]);
    render();
    click('[data-testid="open-record"]');
    answerAccesses(accesses);
    if (record) {
      const req = http.expectOne({ method: 'GET', url: '/api/kiosk/record' });
      expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
      req.flush(record);
      render();
    }
  }

  function expectNothingLeft(): void {
    expect(text('h1')).toBe('Chạm thẻ để bắt đầu');
    expect(page().querySelector('app-my-record')).toBeNull();
    for (const trace of ['Viêm phổi', 'Glucose', 'Penicillin', 'Bệnh viện Bãi Cháy']) {
      expect(page().textContent).withContext(trace).not.toContain(trace);
    }
  }

  it('opens from the home screen with one large button, calling the API with the kiosk session token', async () => {
    await openRecord();
    expect(text('h1')).toBe('Hồ sơ sức khỏe của tôi');
    expect(document.activeElement?.textContent?.trim()).toBe('Hồ sơ sức khỏe của tôi');
    expect(page().querySelector('[data-testid="record-summary"]')).not.toBeNull();
  });

  it("passes the axe accessibility rules on the patient's record summary", async () => {
    await openRecord();
    await expectNoAxeViolations(page(), 'the record summary');
  });

  it('shows which hospitals know the patient, the recent visits with their diagnosis, and allergies', async () => {
    await openRecord();
    expect(all('[data-testid="record-hospitals"] li').map((li) => li.textContent?.trim())).toEqual([
      'Bệnh viện Đa khoa tỉnh Quảng Ninh',
      'Bệnh viện Bãi Cháy',
    ]);
    const visits = all('[data-testid="record-visit"]').map((v) =>
      [...v.querySelectorAll('p')].map((p) => p.textContent!.replace(/\s+/g, ' ').trim()),
    );
    expect(visits).toEqual([
      ['20/11/2025', 'Bệnh viện Bãi Cháy · Khoa Nội', 'Chẩn đoán: Viêm phổi'],
      ['02/06/2025', 'Bệnh viện Đa khoa tỉnh Quảng Ninh · Khoa Nội tiết'],
    ]);
    expect(text('[data-testid="record-allergy"]')).toBe(
      'Penicillin · Phát ban · Bệnh viện Đa khoa tỉnh Quảng Ninh',
    );
  });

  it('shows the latest result with its flag and trend in words and a labelled sparkline', async () => {
    const record = kioskRecord();
    // The latest glucose is high this time.
    record.labSeries[0]!.points[2] = {
      ...record.labSeries[0]!.points[2]!,
      value: 9.1,
      interpretation: 'H',
    };
    await openRecord(record);

    const result = page().querySelector<HTMLElement>('[data-testid="record-result"]')!;
    const line = result.textContent!.replace(/\s+/g, ' ');
    expect(line).toContain('Glucose máu');
    expect(line).toContain('9,1 mmol/L');
    expect(text('[data-testid="record-flag"]')).toBe('↑ Cao');
    expect(text('[data-testid="record-trend"]')).toBe('Tăng so với lần trước (7,8 mmol/L)');
    expect(line).toContain('Mức bình thường: 3,9–6,4 mmol/L');
    expect(result.querySelector('app-sparkline')?.getAttribute('role')).toBe('img');
    expect(result.querySelector('app-sparkline')?.getAttribute('aria-label')).toBe(
      'Các kết quả từ cũ đến mới: 3,4; 7,8; 9,1 mmol/L',
    );
    expect(result.querySelectorAll('app-sparkline circle').length).toBe(3);
  });

  it('says "Thấp" in words for a low result', async () => {
    const record = kioskRecord();
    record.labSeries[0]!.points.pop();
    record.labSeries[0]!.points.pop();
    await openRecord(record);
    expect(text('[data-testid="record-flag"]')).toBe('↓ Thấp');
    expect(page().querySelector('[data-testid="record-trend"]')).toBeNull();
    expect(page().querySelector('app-sparkline')).toBeNull();
  });

  it('never shows a name, record number or the access basis of the record', async () => {
    await openRecord();
    const shown = page().textContent!;
    for (const secret of ['Nguyễn Thị Lan', 'Nguyen Thi Lan', 'DK-1001', 'BC-77', '1980']) {
      expect(shown).withContext(secret).not.toContain(secret);
    }
  });

  it('says so when the record has nothing yet', async () => {
    await openRecord({
      ...kioskRecord(),
      patients: [],
      timeline: [],
      labSeries: [],
      allergies: [],
      counts: {},
    });
    expect(text('[data-testid="record-summary"]')).toContain('Chưa có lần khám nào được ghi nhận.');
    expect(text('[data-testid="record-summary"]')).toContain('Chưa có kết quả xét nghiệm nào.');
    expect(text('[data-testid="record-allergies"]')).toContain('Chưa ghi nhận dị ứng nào.');
  });

  it('goes back to the home screen with "Về trang chính"', async () => {
    await openRecord();
    click('[data-testid="record-back"]');
    http.expectOne('/api/kiosk/bookings').flush([]);
    http.expectOne('/api/kiosk/waitlist').flush([]);
    render();
    expect(text('[data-testid="greeting"]')).toContain('Xin chào');
    expect(page().querySelector('app-my-record')).toBeNull();
  });

  it('shows the problem and retries when loading fails', async () => {
    await openRecord(null);
    http
      .expectOne('/api/kiosk/record')
      .flush(
        { status: 503, detail: 'Hồ sơ tạm thời chưa xem được.' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    render();
    expect(text('[data-testid="record-error"] p')).toBe('Hồ sơ tạm thời chưa xem được.');
    click('.kiosk-btn:not([data-testid])');
    http.expectOne('/api/kiosk/record').flush(kioskRecord());
    render();
    expect(page().querySelector('[data-testid="record-summary"]')).not.toBeNull();
  });

  it('shows who has looked at the record below it, the hospital named as the record names it', async () => {
    await openRecord(kioskRecord(), [
      {
        at: '2025-11-20T16:05:00.000Z',
        action: 'break-glass',
        who: { role: 'doctor', hospital: 'bv-bai-chay' },
        purpose: 'Cấp cứu',
      },
    ]);
    const entry = page().querySelector('[data-testid="record-access"] li')!;
    expect(text('[data-testid="record-access"] h2')).toBe('Ai đã xem hồ sơ của bạn');
    expect(entry.textContent!.replace(/\s+/g, ' ')).toContain('Bác sĩ — Bệnh viện Bãi Cháy');
    expect(entry.textContent!.replace(/\s+/g, ' ')).toContain('⚠ Truy cập khẩn cấp');
    expect(entry.textContent!.replace(/\s+/g, ' ')).toContain('Lý do: “Cấp cứu”');
  });

  it('keeps the record when the access list cannot be loaded', async () => {
    await openRecord(kioskRecord(), 'fail');
    expect(page().querySelector('[data-testid="record-summary"]')).not.toBeNull();
    expect(page().querySelector('[data-testid="record-error"]')).toBeNull();
    expect(text('[data-testid="record-access-error"]')).toContain(
      'Chưa tải được danh sách những người đã xem hồ sơ của bạn.',
    );
  });

  it('keeps the access list when the record cannot be loaded', async () => {
    await openRecord(null);
    http
      .expectOne('/api/kiosk/record')
      .flush({ status: 503 }, { status: 503, statusText: 'Service Unavailable' });
    render();
    expect(page().querySelector('[data-testid="record-error"]')).not.toBeNull();
    expect(text('[data-testid="record-access-empty"]')).toBe('Chưa có ai xem hồ sơ của bạn.');
  });

  it('clears the record and returns to the card prompt when the card is removed', async () => {
    await openRecord();
    FakeEventSource.latest().emit({
      type: 'session.ended',
      reason: 'card-removed',
      at: '2025-11-24T01:02:00.000Z',
    });
    render();
    expectNothingLeft();
  });

  it('signs out at the API and forgets the record when the patient presses "Kết thúc"', async () => {
    await openRecord();
    click('[data-testid="record-sign-out"]');
    http.expectOne({ method: 'POST', url: '/api/kiosk/session/end' }).flush(null);
    render();
    expectNothingLeft();
  });

  it('clears everything when the record request answers 401', async () => {
    await openRecord(null);
    http
      .expectOne('/api/kiosk/record')
      .flush({ detail: 'Phiên đã hết hạn.' }, { status: 401, statusText: 'Unauthorized' });
    render();
    expectNothingLeft();
  });

  it('drops an answer that arrives after the session ended', async () => {
    await openRecord(null);
    const late = http.expectOne('/api/kiosk/record');
    FakeEventSource.latest().emit({
      type: 'session.ended',
      reason: 'card-removed',
      at: '2025-11-24T01:02:00.000Z',
    });
    render();
    expect(late.cancelled).toBeTrue();
    expectNothingLeft();
  });

  describe('idle timeout', () => {
    beforeEach(() => {
      jasmine.clock().install();
      jasmine.clock().mockDate(new Date('2025-11-24T01:00:00.000Z'));
    });

    afterEach(() => jasmine.clock().uninstall());

    it('counts down and clears the record after 60 s without a touch, as on every kiosk screen', async () => {
      await openRecord();
      jasmine.clock().tick(50_000);
      render();
      expect(text('[data-testid="idle-countdown"] [role="timer"]')).toBe(
        'Màn hình sẽ trở về trang đầu sau 10 giây',
      );
      jasmine.clock().tick(10_000);
      render();
      http.expectOne({ method: 'POST', url: '/api/kiosk/session/end' }).flush(null);
      render();
      expectNothingLeft();
    });

    it('keeps the record open while the patient scrolls it by touch', async () => {
      await openRecord();
      jasmine.clock().tick(45_000);
      page()
        .querySelector('[data-testid="record-summary"]')!
        .dispatchEvent(new Event('touchstart', { bubbles: true }));
      jasmine.clock().tick(45_000);
      render();
      expect(text('h1')).toBe('Hồ sơ sức khỏe của tôi');
    });
  });
});
