import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { PatientSearchResult } from '@qn/contracts';

import { expectNoAxeViolations } from '../../../../testing/axe';
import type { PatientRegistration } from '../reception-api';
import { RegisterPatient } from './register-patient';

const LAN: PatientSearchResult = {
  patientId: 'pat-dk-1',
  hospital: { id: 'bvdk-tinh-quang-ninh', name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh' },
  mrn: 'DK2611240042',
  name: 'Vũ Thị Ngọc Lan',
  birthDate: '1985-03-02',
  gender: 'female',
  cccdMasked: '********6789',
  phone: '0912345678',
};

describe('RegisterPatient', () => {
  let fixture: ComponentFixture<RegisterPatient>;
  let http: HttpTestingController;
  let opened: PatientSearchResult[];

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RegisterPatient);
    opened = [];
    fixture.componentInstance.opened.subscribe((p) => opened.push(p));
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
  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }
  function type(id: string, value: string): void {
    const input = page().querySelector<HTMLInputElement>(`#register-${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
  function choose(gender: string): void {
    const radio = page().querySelector<HTMLInputElement>(`input[value="${gender}"]`)!;
    radio.click();
  }
  async function submit(): Promise<void> {
    page().querySelector<HTMLButtonElement>('[data-testid="register-submit"]')!.click();
    await settle();
  }
  async function fillLan(): Promise<void> {
    type('fullName', '  Vũ Thị Ngọc Lan ');
    type('birthDate', '1985-03-02');
    choose('female');
    type('cccd', '0221 8512 6789');
    type('bhyt', 'gd4 22 2185126789');
    type('phone', '0912 345 678');
    type('address', 'Tổ 5, khu 3, phường Bãi Cháy');
    await settle();
  }

  it('says in Vietnamese which fields are wrong, sends nothing, and puts the cursor on the first', async () => {
    expect(document.activeElement?.id).toBe('register-fullName');
    type('fullName', 'Lan');
    type('cccd', '12345');
    type('phone', '12');
    await submit();

    expect(text('#register-birthDate-error')).toBe('Trường này bắt buộc.');
    expect(text('#register-gender-error')).toBe('Chọn giới tính.');
    expect(text('#register-cccd-error')).toBe('Số CCCD gồm 12 chữ số.');
    expect(text('#register-phone-error')).toBe('Số điện thoại Việt Nam, ví dụ 0912 345 678.');
    expect(page().querySelector('#register-fullName-error')).toBeNull();
    expect(page().querySelector('#register-cccd')!.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('register-birthDate');
    http.expectNone('/api/patients');
    await expectNoAxeViolations(page(), 'the registration form with its errors');
  });

  it('sends the numbers without spaces and opens the registered patient, saying where else she is known', async () => {
    await fillLan();
    await submit();
    const request = http.expectOne('/api/patients');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      fullName: 'Vũ Thị Ngọc Lan',
      birthDate: '1985-03-02',
      gender: 'female',
      cccd: '022185126789',
      bhyt: 'GD4222185126789',
      phone: '0912345678',
      address: 'Tổ 5, khu 3, phường Bãi Cháy',
    });
    expect(
      page().querySelector<HTMLButtonElement>('[data-testid="register-submit"]')!.disabled,
    ).toBeTrue();
    const answer: PatientRegistration = {
      patient: LAN,
      alsoKnownAt: [{ id: 'bv-bai-chay', name: 'Bệnh viện Bãi Cháy' }],
    };
    request.flush(answer, { status: 201, statusText: 'Created' });
    await settle();

    expect(text('[data-testid="register-done"]')).toContain(
      'Đã đăng ký Vũ Thị Ngọc Lan, mã người bệnh DK2611240042.',
    );
    expect(text('[data-testid="register-also-known"]')).toBe(
      'Người bệnh cũng có hồ sơ tại: Bệnh viện Bãi Cháy. Các hồ sơ đã được nối với nhau.',
    );
    page().querySelector<HTMLButtonElement>('[data-testid="register-open"]')!.click();
    expect(opened).toEqual([LAN]);
  });

  it('shows a rule only the API checks under its field, in Vietnamese', async () => {
    await fillLan();
    await submit();
    http.expectOne('/api/patients').flush(
      {
        type: '/problems/bad-request',
        status: 400,
        detail: 'cccd: CCCD "022185126789" encodes sex female but the record says male.',
        errors: [
          {
            field: 'cccd',
            message: 'CCCD "022185126789" encodes sex female but the record says male.',
          },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(text('#register-cccd-error')).toContain('không khớp với giới tính hoặc năm sinh');
    expect(document.activeElement?.id).toBe('register-cccd');
    // Correcting any field clears what the server said.
    type('cccd', '022085126789');
    await settle();
    expect(page().querySelector('#register-cccd-error')).toBeNull();
  });

  it('offers the patient already registered with that CCCD instead of a second registration', async () => {
    await fillLan();
    await submit();
    http.expectOne('/api/patients').flush(
      {
        type: '/problems/patient-already-registered',
        status: 409,
        detail:
          'A patient with CCCD ********6789 is already registered at Bệnh viện Đa khoa tỉnh Quảng Ninh (patient number DK2611240042).',
        patientId: 'pat-dk-1',
        mrn: 'DK2611240042',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(text('[data-testid="register-duplicate"]')).toContain(
      'Số CCCD này đã được đăng ký tại bệnh viện.',
    );
    page().querySelector<HTMLButtonElement>('[data-testid="register-open-existing"]')!.click();
    http.expectOne('/api/patients?q=pat-dk-1').flush([LAN]);
    expect(opened).toEqual([LAN]);
  });
});
