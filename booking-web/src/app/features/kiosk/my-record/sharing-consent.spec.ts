import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { expectNoAxeViolations } from '../../../../testing/axe';
import { session } from '../../../../testing/kiosk-fixtures';
import { KioskApi } from '../kiosk-api';
import { KioskStore } from '../kiosk-store';
import { SharingConsent } from './sharing-consent';

/** The patient's own choice, at the kiosk, to share their record between the hospitals. */
describe('SharingConsent', () => {
  let fixture: ComponentFixture<SharingConsent>;
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
    fixture = TestBed.createComponent(SharingConsent);
    document.body.appendChild(page());
    fixture.detectChanges();
  });

  afterEach(() => {
    fixture.destroy();
    page().remove();
    http.verify();
  });

  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (selector: string): string =>
    (page().querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  function click(testid: string): void {
    page().querySelector<HTMLButtonElement>(`[data-testid="${testid}"]`)!.click();
    fixture.detectChanges();
  }
  function answer(body: object): void {
    const req = http.expectOne({ method: 'GET', url: '/api/kiosk/consent' });
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
    req.flush(body);
    fixture.detectChanges();
  }

  it('says in plain words that doctors at the three hospitals can see the record by default', async () => {
    answer({ sharing: 'not-recorded' });
    expect(text('[data-testid="sharing-state"]')).toBe(
      'Bác sĩ đang điều trị cho bạn ở cả ba bệnh viện xem được hồ sơ của bạn, để khám chữa bệnh an toàn hơn.',
    );
    await expectNoAxeViolations(page(), 'the sharing choice');
  });

  it('asks again before withdrawing, then records it with the session and says so', () => {
    answer({ sharing: 'permitted', decidedAt: '2026-11-20T08:00:00+07:00' });
    click('sharing-withdraw');
    expect(text('[data-testid="sharing-confirm"]')).toContain(
      'Bạn chắc chắn không muốn bác sĩ ở bệnh viện khác xem hồ sơ của bạn?',
    );
    http.expectNone({ method: 'PUT', url: '/api/kiosk/consent' });

    click('sharing-withdraw-confirm');
    const put = http.expectOne({ method: 'PUT', url: '/api/kiosk/consent' });
    expect(put.request.body).toEqual({ share: false });
    expect(put.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
    put.flush({ sharing: 'withdrawn', decidedAt: '2026-11-25T09:30:00+07:00' });
    fixture.detectChanges();

    expect(text('[data-testid="sharing-saved"]')).toBe('Đã ghi nhận: không chia sẻ.');
    expect(text('[data-testid="sharing-state"]')).toContain(
      'Bạn đã rút lại đồng ý: bác sĩ ở bệnh viện khác không xem được hồ sơ của bạn tại đây',
    );
    expect(page().querySelector('[data-testid="sharing-permit"]')).not.toBeNull();
  });

  it('permits sharing again in one touch, and shows the reason when it cannot be saved', () => {
    answer({ sharing: 'withdrawn', decidedAt: '2026-11-25T09:30:00+07:00' });
    click('sharing-permit');
    http
      .expectOne({ method: 'PUT', url: '/api/kiosk/consent' })
      .flush({ status: 503 }, { status: 503, statusText: 'Service Unavailable' });
    fixture.detectChanges();
    expect(page().querySelector('[data-testid="sharing-error"]')).not.toBeNull();
    expect(text('[data-testid="sharing-state"]')).toContain('Bạn đã rút lại đồng ý');
  });
});
