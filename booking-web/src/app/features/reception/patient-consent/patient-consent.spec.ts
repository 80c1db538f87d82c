import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { expectNoAxeViolations } from '../../../../testing/axe';
import { PatientConsent } from './patient-consent';

const URL = '/api/patients/dkt-pat-1001/consent';

describe('PatientConsent', () => {
  let fixture: ComponentFixture<PatientConsent>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PatientConsent);
    fixture.componentRef.setInput('patientId', 'dkt-pat-1001');
    document.body.appendChild(page());
    await settle();
  });

  afterEach(() => {
    fixture.destroy();
    page().remove();
    http.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const click = async (testid: string): Promise<void> => {
    page().querySelector<HTMLButtonElement>(`[data-testid="${testid}"]`)!.click();
    await settle();
  };
  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  it('says records are shared by default while nothing is recorded, and offers both decisions', async () => {
    http.expectOne(URL).flush({ sharing: 'not-recorded' });
    await settle();
    expect(text('[data-testid="consent-state"]')).toBe(
      'Chưa ghi nhận: hồ sơ được chia sẻ giữa ba bệnh viện để điều trị (mặc định của tỉnh)',
    );
    expect(page().querySelector('[data-testid="consent-permit"]')).not.toBeNull();
    expect(page().querySelector('[data-testid="consent-withdraw"]')).not.toBeNull();
    await expectNoAxeViolations(page(), 'the consent panel');
  });

  it('records a withdrawal only after the desk confirms the patient signed, then shows it', async () => {
    http.expectOne(URL).flush({ sharing: 'permitted', decidedAt: '2026-11-20T08:00:00+07:00' });
    await settle();
    await click('consent-withdraw');
    expect(text('.confirm')).toContain('Người bệnh đã ký phiếu rút lại đồng ý chia sẻ?');
    http.expectNone(URL);

    await click('consent-confirm');
    const put = http.expectOne(URL);
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ share: false });
    put.flush({
      sharing: 'withdrawn',
      decidedAt: '2026-11-25T09:30:00+07:00',
      recordedAt: { id: 'bvdk-tinh-quang-ninh', name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh' },
    });
    await settle();
    expect(text('[data-testid="consent-state"]')).toBe(
      'Người bệnh đã rút lại đồng ý: bác sĩ bệnh viện khác không xem được hồ sơ ở đây (ghi nhận lúc 09:30:00 25/11/2026 tại Bệnh viện Đa khoa tỉnh Quảng Ninh)',
    );
    expect(page().querySelector('[data-testid="consent-withdraw"]')).toBeNull();
  });

  it("shows the API's reason when the decision could not be recorded, and keeps the question open", async () => {
    http.expectOne(URL).flush({ sharing: 'not-recorded' });
    await settle();
    await click('consent-permit');
    await click('consent-confirm');
    http
      .expectOne(URL)
      .flush(
        { status: 503, detail: 'HAPI FHIR is not reachable' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await settle();
    expect(text('[data-testid="consent-error"]')).toBe('HAPI FHIR is not reachable');
    expect(page().querySelector('[data-testid="consent-confirm"]')).not.toBeNull();
  });
});
