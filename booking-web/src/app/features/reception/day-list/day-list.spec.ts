import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  type TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Booking } from '@qn/contracts';

import { receptionistUser, sessionFor, storageWith } from '../../../../testing/auth-fixtures';
import { BAI_CHAY, BVDK } from '../../../../testing/doctor-fixtures';
import { bookingFor, slot } from '../../../../testing/kiosk-fixtures';
import { receptionDepartments, receptionHospitals } from '../../../../testing/reception-fixtures';
import { AUTH_STORAGE } from '../../../core/auth/auth-service';
import type { StaffSession } from '../../../core/auth/auth-types';
import { vnDay } from '../../kiosk/kiosk-time';
import { DAY_LIST_REFRESH_MS, DayList } from './day-list';

const HOUR_MS = 60 * 60 * 1000;

function visit(
  day: string,
  hhmm: string,
  department: 'kham-benh' | 'tim-mach',
  overrides: Partial<Booking>,
): Booking {
  const name = department === 'kham-benh' ? 'Khám bệnh' : 'Tim mạch';
  const at = slot(day, hhmm, {
    hospitalId: BAI_CHAY.id,
    hospitalName: BAI_CHAY.name,
    serviceId: `hs-${BAI_CHAY.id}-${department}`,
    serviceName: name,
    departmentCode: department,
  });
  return bookingFor(at, overrides);
}

/** A day at Bãi Cháy as the API sorts it: by department, then time and queue number. */
function dayAt(day: string): Booking[] {
  return [
    visit(day, '07:30', 'kham-benh', {
      id: 'bk-kb-1',
      patientId: 'bc-pat-77',
      queueNumber: 1,
      ticketCode: 'QN-KB01-AA',
      status: 'checked-in',
    }),
    visit(day, '07:45', 'kham-benh', {
      id: 'bk-kb-2',
      patientId: 'bc-pat-90',
      queueNumber: 2,
      ticketCode: 'QN-KB02-BB',
    }),
    visit(day, '08:00', 'kham-benh', {
      id: 'bk-kb-3',
      patientId: 'bc-pat-12',
      queueNumber: 3,
      ticketCode: 'QN-KB03-CC',
      status: 'cancelled',
    }),
    visit(day, '08:00', 'tim-mach', {
      id: 'bk-tm-1',
      patientId: 'bc-pat-31',
      queueNumber: 1,
      ticketCode: 'QN-TM01-DD',
      status: 'no-show',
    }),
    visit(day, '09:15', 'tim-mach', {
      id: 'bk-tm-2',
      patientId: 'bc-pat-44',
      queueNumber: 2,
      ticketCode: 'QN-TM02-EE',
    }),
  ];
}

function conflict(type: string, detail: string): [object, { status: number; statusText: string }] {
  return [
    { type: `/problems/${type}`, title: 'Conflict', status: 409, detail },
    { status: 409, statusText: 'Conflict' },
  ];
}

describe('DayList', () => {
  let fixture: ComponentFixture<DayList>;
  let http: HttpTestingController;
  let today: string;

  function create(
    options: { session?: StaffSession; refreshMs?: number; active?: boolean } = {},
  ): void {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: LOCALE_ID, useValue: 'vi' },
        {
          provide: AUTH_STORAGE,
          useValue: storageWith(options.session ?? sessionFor(receptionistUser)),
        },
        { provide: DAY_LIST_REFRESH_MS, useValue: options.refreshMs ?? HOUR_MS },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    today = vnDay(Date.now());
    fixture = TestBed.createComponent(DayList);
    if (options.active !== undefined) fixture.componentRef.setInput('active', options.active);
    document.body.appendChild(fixture.nativeElement as HTMLElement);
  }

  afterEach(() => {
    fixture.destroy();
    (fixture.nativeElement as HTMLElement).remove();
    http.verify();
  });

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const clean = (value: string | null | undefined): string =>
    (value ?? '').replace(/\s+/g, ' ').trim();
  const text = (selector: string, within: ParentNode = page()): string =>
    clean(within.querySelector(selector)?.textContent);
  const row = (id: string): HTMLElement =>
    page().querySelector<HTMLElement>(`[data-testid="day-row"][data-booking="${id}"]`)!;
  const count = (status: string): string => text(`[data-count="${status}"] .counts__n`);
  const dialog = (): HTMLDialogElement => page().querySelector('dialog')!;
  const listUrl = (date: string, department?: string): string =>
    `/api/hospitals/bv-bai-chay/day-list?date=${date}${department ? `&department=${department}` : ''}`;

  /** The one read still out (a read a newer one replaced is cancelled and left aside). */
  function waiting(): TestRequest {
    const open = http.match(listUrl(today)).filter((r) => !r.cancelled);
    expect(open.length).withContext('day-list reads waiting').toBe(1);
    return open[0]!;
  }

  async function click(selector: string, within: ParentNode = page()): Promise<void> {
    within.querySelector<HTMLElement>(selector)!.click();
    await settle();
  }

  /** Opens the list for the receptionist at Bãi Cháy and answers with `bookings`. */
  async function loaded(bookings?: Booking[]): Promise<void> {
    create();
    await settle();
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne(listUrl(today)).flush(bookings ?? dayAt(today));
    await settle();
  }

  it("reads today's list (Viet Nam's calendar day) of the receptionist's own hospital", async () => {
    // 01:30 on 2 March in Ha Long is still 1 March in UTC.
    spyOn(Date, 'now').and.returnValue(Date.parse('2026-03-01T18:30:00Z'));
    create();
    await settle();
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectNone('/api/directory/hospitals');
    const list = http.expectOne('/api/hospitals/bv-bai-chay/day-list?date=2026-03-02');
    expect(list.request.method).toBe('GET');
    list.flush([]);
    await settle();
    expect(page().querySelector<HTMLInputElement>('#day-list-date')!.value).toBe('2026-03-02');
    expect(text('[data-testid="day-list-title"]')).toBe('Danh sách khám Thứ Hai, 02/03/2026');
    expect(text('[data-testid="day-list-empty"]')).toBe('Không có lịch khám nào trong ngày này.');
    expect(count('total')).toBe('0');
  });

  it('groups the day by department in the API order and counts the bookings per status', async () => {
    await loaded();

    const groups = [...page().querySelectorAll<HTMLElement>('[data-testid="day-group"]')];
    expect(groups.map((g) => g.dataset['department'])).toEqual(['kham-benh', 'tim-mach']);
    expect(text('h3', groups[0])).toBe('Khám bệnh 3 lịch · 1 đã đến · 1 chờ đến');
    expect(text('h3', groups[1])).toBe('Tim mạch 2 lịch · 0 đã đến · 1 chờ đến');
    expect(
      [...groups[0]!.querySelectorAll<HTMLElement>('[data-testid="day-row"]')].map(
        (r) => r.dataset['booking'],
      ),
    ).toEqual(['bk-kb-1', 'bk-kb-2', 'bk-kb-3']);

    expect(count('total')).toBe('5');
    expect(count('booked')).toBe('2');
    expect(count('checked-in')).toBe('1');
    expect(count('no-show')).toBe('1');
    expect(count('cancelled')).toBe('1');
    expect(text('[data-count="booked"] .counts__n + span')).toBe('○ Chờ đến');

    const waiting = clean(row('bk-kb-2').textContent);
    expect(waiting).toContain('2');
    expect(waiting).toContain('07:45–08:00');
    expect(waiting).toContain('QN-KB02-BB');
    expect(text('[data-testid="day-status"]', row('bk-kb-2'))).toBe('○ Chờ đến');
    expect(text('[data-testid="day-status"]', row('bk-kb-1'))).toBe('✓ Đã đến');
    expect(text('[data-testid="day-status"]', row('bk-tm-1'))).toBe('✕ Không đến');
    expect(text('[data-testid="day-status"]', row('bk-kb-3'))).toBe('⊘ Đã hủy');

    // Only a patient still awaited can be checked in or marked as not come; anyone can be looked up.
    expect(row('bk-kb-2').querySelector('[data-testid="check-in"]')).not.toBeNull();
    expect(row('bk-kb-2').querySelector('[data-testid="no-show"]')).not.toBeNull();
    for (const decided of ['bk-kb-1', 'bk-kb-3', 'bk-tm-1']) {
      expect(row(decided).querySelector('[data-testid="check-in"]')).toBeNull();
      expect(row(decided).querySelector('[data-testid="no-show"]')).toBeNull();
      expect(row(decided).querySelector('[data-testid="show-patient"]')).not.toBeNull();
    }
    expect(text('[data-testid="check-in"]', row('bk-kb-2'))).toBe('Đã đến, số 2');
    expect(text('[data-testid="day-list-updated"]')).toContain('tự làm mới mỗi 3600 giây');
  });

  it('checks a patient in, showing them as arrived with the counts updated and the focus on the new status', async () => {
    await loaded();
    await click('[data-testid="check-in"]', row('bk-kb-2'));
    expect(
      row('bk-kb-2').querySelector<HTMLButtonElement>('[data-testid="check-in"]')!.disabled,
    ).toBeTrue();
    const post = http.expectOne({ method: 'POST', url: '/api/bookings/bk-kb-2/check-in' });
    expect(post.request.body).toBeNull();
    post.flush({ ...dayAt(today)[1]!, status: 'checked-in' });
    await settle();

    expect(text('[data-testid="day-status"]', row('bk-kb-2'))).toBe('✓ Đã đến');
    expect(row('bk-kb-2').querySelector('[data-testid="check-in"]')).toBeNull();
    expect(count('checked-in')).toBe('2');
    expect(count('booked')).toBe('1');
    expect(text('[data-testid="day-list-notice"]')).toBe('✓ Đã tiếp đón số 2 (Khám bệnh).');
    expect(document.activeElement?.getAttribute('data-status-of')).toBe('bk-kb-2');
  });

  it('says in words why a check-in outside its hours is refused, and keeps the patient awaited', async () => {
    await loaded();
    await click('[data-testid="check-in"]', row('bk-tm-2'));
    http
      .expectOne('/api/bookings/bk-tm-2/check-in')
      .flush(...conflict('not-check-in-time', 'Booking bk-tm-2 is for 2026-11-24T02:15:00.000Z'));
    await settle();

    expect(text('[data-testid="day-row-error"]', row('bk-tm-2'))).toBe(
      '✕ Chưa tiếp đón được: chỉ tiếp đón trong ngày khám, từ 2 giờ trước giờ hẹn đến khi hết giờ hẹn.',
    );
    expect(text('[data-testid="day-status"]', row('bk-tm-2'))).toBe('○ Chờ đến');
    expect(
      row('bk-tm-2').querySelector<HTMLButtonElement>('[data-testid="check-in"]')!.disabled,
    ).toBeFalse();
    expect(page().querySelectorAll('[data-testid="day-row-error"]').length).toBe(1);
  });

  it('reads the list again when the booking was cancelled meanwhile, and says why it cannot be checked in', async () => {
    await loaded();
    await click('[data-testid="check-in"]', row('bk-kb-2'));
    http
      .expectOne('/api/bookings/bk-kb-2/check-in')
      .flush(...conflict('booking-already-decided', 'Booking bk-kb-2 is already cancelled'));
    await settle();
    const fresh = dayAt(today).map((b) =>
      b.id === 'bk-kb-2' ? { ...b, status: 'cancelled' as const } : b,
    );
    http.expectOne(listUrl(today)).flush(fresh);
    await settle();

    expect(text('[data-testid="day-status"]', row('bk-kb-2'))).toBe('⊘ Đã hủy');
    expect(text('[data-testid="day-row-error"]', row('bk-kb-2'))).toContain(
      'Lịch này đã bị hủy hoặc đã ghi là không đến',
    );
    expect(count('cancelled')).toBe('2');
  });

  it('marks a patient as not come only after a confirmation that names the booking', async () => {
    await loaded();
    await click('[data-testid="no-show"]', row('bk-tm-2'));
    expect(dialog().open).toBeTrue();
    expect(text('#no-show-dialog-what')).toBe(
      'Số thứ tự 2, khoa Tim mạch lúc 09:15, mã phiếu QN-TM02-EE. Lịch sẽ được ghi là không đến và không tiếp đón được nữa.',
    );
    expect(document.activeElement?.textContent?.trim()).toBe('Không, quay lại');
    http.expectNone({ method: 'POST' });

    await click('[data-testid="no-show-confirm"]');
    const post = http.expectOne({ method: 'POST', url: '/api/bookings/bk-tm-2/no-show' });
    post.flush({ ...dayAt(today)[4]!, status: 'no-show' });
    await settle();

    expect(dialog().open).toBeFalse();
    expect(text('[data-testid="day-status"]', row('bk-tm-2'))).toBe('✕ Không đến');
    expect(count('no-show')).toBe('2');
    expect(text('[data-testid="day-list-notice"]')).toBe('✓ Đã ghi số 2 (Tim mạch) là không đến.');
    expect(document.activeElement?.getAttribute('data-status-of')).toBe('bk-tm-2');
  });

  it('keeps the question open with the reason when the slot is not over, and sends nothing on Escape', async () => {
    await loaded();
    await click('[data-testid="no-show"]', row('bk-kb-2'));
    await click('[data-testid="no-show-confirm"]');
    http
      .expectOne('/api/bookings/bk-kb-2/no-show')
      .flush(...conflict('slot-not-over', 'Booking bk-kb-2 ends at 2026-11-24T01:00:00.000Z'));
    await settle();
    expect(dialog().open).toBeTrue();
    expect(text('[data-testid="no-show-error"]')).toBe(
      'Chưa hết giờ hẹn: chỉ ghi "Không đến" sau khi giờ hẹn đã kết thúc.',
    );
    expect(text('[data-testid="day-status"]', row('bk-kb-2'))).toBe('○ Chờ đến');

    dialog().dispatchEvent(new Event('cancel', { cancelable: true }));
    await settle();
    expect(dialog().open).toBeFalse();
    await click('[data-testid="no-show"]', row('bk-tm-2'));
    await click('[data-testid="no-show-keep"]');
    expect(dialog().open).toBeFalse();
    http.expectNone({ method: 'POST' });
  });

  it('reads one department or another day when chosen, without leaving the old list on screen', async () => {
    await loaded();
    const department = page().querySelector<HTMLSelectElement>('#day-list-department')!;
    expect([...department.options].map((o) => o.text.trim())).toEqual([
      'Tất cả các khoa',
      'Khám bệnh',
      'Tim mạch',
    ]);
    department.value = 'tim-mach';
    department.dispatchEvent(new Event('change'));
    await settle();
    expect(page().querySelector('[data-testid="day-group"]')).toBeNull();
    expect(text('[role="status"].muted')).toBe('Đang tải…');
    http.expectOne(listUrl(today, 'tim-mach')).flush(dayAt(today).slice(3));
    await settle();
    expect(page().querySelectorAll('[data-testid="day-group"]').length).toBe(1);
    expect(count('total')).toBe('2');

    const date = page().querySelector<HTMLInputElement>('#day-list-date')!;
    date.value = '2030-12-03';
    date.dispatchEvent(new Event('change'));
    await settle();
    http.expectOne(listUrl('2030-12-03', 'tim-mach')).flush([]);
    await settle();
    expect(text('[data-testid="day-list-title"]')).toBe('Danh sách khám Thứ Ba, 03/12/2030');

    // A cleared date field reads nothing and keeps the day shown.
    date.value = '';
    date.dispatchEvent(new Event('change'));
    await settle();
    http.expectNone((r) => r.url.includes('day-list'));

    await click('.day__controls .btn:not(.btn--primary)'); // "Hôm nay"
    http.expectOne(listUrl(today, 'tim-mach')).flush([]);
    await settle();
  });

  it('reads the list again on its own and on "Làm mới", keeps it through a failed refresh, and stops when hidden or closed', async () => {
    create({ refreshMs: 30 });
    await settle();
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne(listUrl(today)).flush(dayAt(today));
    await settle();

    await sleep(60);
    // exhaustMap: while one read is out, later ticks are skipped, so exactly one is waiting.
    waiting().flush(null, { status: 503, statusText: 'Service Unavailable' });
    await settle();
    expect(page().querySelectorAll('[data-testid="day-row"]').length).toBe(5);
    expect(text('[data-testid="day-list-refresh-error"]')).toBe(
      'Không làm mới được danh sách: Máy chủ báo lỗi (mã 503). Vui lòng thử lại. Danh sách bên dưới có thể đã cũ.',
    );

    await click('[data-testid="day-list-refresh"]');
    waiting().flush(dayAt(today).slice(0, 2));
    await settle();
    expect(page().querySelector('[data-testid="day-list-refresh-error"]')).toBeNull();
    expect(count('total')).toBe('2');

    // Another tab is shown: a read already on its way is cancelled, and nothing more is read.
    fixture.componentRef.setInput('active', false);
    await settle();
    expect(http.match(listUrl(today)).every((r) => r.cancelled)).toBeTrue();
    await sleep(100);
    http.expectNone(listUrl(today));

    fixture.componentRef.setInput('active', true);
    await settle();
    waiting().flush(dayAt(today));
    await settle();

    fixture.destroy();
    expect(http.match(listUrl(today)).every((r) => r.cancelled)).toBeTrue();
    await sleep(100);
    http.expectNone(listUrl(today));
  });

  it('reads nothing until it is first shown', async () => {
    create({ active: false });
    await settle();
    await sleep(10);
    http.expectNone(() => true);
    fixture.componentRef.setInput('active', true);
    await settle();
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne(listUrl(today)).flush([]);
    await settle();
  });

  it("shows the API's refusal when the list cannot be read, and tries again", async () => {
    create();
    await settle();
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    http.expectOne(listUrl(today)).flush(
      {
        type: '/problems/forbidden',
        status: 403,
        detail: 'This booking is at bv-bai-chay; you work at bvdk-tinh-quang-ninh.',
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    expect(text('[data-testid="day-list-error"]')).toBe(
      '✕ This booking is at bv-bai-chay; you work at bvdk-tinh-quang-ninh.',
    );
    await click('[data-testid="day-list-error"] + .btn');
    http.expectOne(listUrl(today)).flush(dayAt(today));
    await settle();
    expect(count('total')).toBe('5');
  });

  it('lets a province administrator, who has no hospital, choose the hospital first', async () => {
    create({
      session: sessionFor({
        id: 'usr-admin',
        username: 'admin',
        displayName: 'Quản trị',
        role: 'admin',
      }),
    });
    await settle();
    http.expectOne('/api/directory/hospitals').flush(receptionHospitals);
    http.expectOne('/api/directory/departments').flush(receptionDepartments);
    await settle();
    expect(text('[data-testid="day-list-idle"]')).toBe('Chọn một bệnh viện để xem danh sách khám.');
    http.expectNone((r) => r.url.includes('day-list'));

    const hospital = page().querySelector<HTMLSelectElement>('#day-list-hospital')!;
    hospital.value = BVDK.id;
    hospital.dispatchEvent(new Event('change'));
    await settle();
    http.expectOne(`/api/hospitals/${BVDK.id}/day-list?date=${today}`).flush([]);
    await settle();
    const departments = [
      ...page().querySelectorAll<HTMLOptionElement>('#day-list-department option'),
    ].map((o) => o.text.trim());
    expect(departments).toEqual(['Tất cả các khoa', 'Nội tiết', 'Tim mạch']);
  });

  it('asks the page to show the patient of a row', async () => {
    await loaded();
    const shown: string[] = [];
    fixture.componentInstance.showPatient.subscribe((id) => shown.push(id));
    await click('[data-testid="show-patient"]', row('bk-tm-1'));
    expect(shown).toEqual(['bc-pat-31']);
  });

  it("prints the feedback slip of a checked-in visit below its department's table", async () => {
    await loaded();
    expect(
      [...page().querySelectorAll<HTMLElement>('[data-testid="day-row"]')]
        .filter((r) => r.querySelector('[data-testid="feedback-link"]'))
        .map((r) => r.dataset['booking']),
    ).toEqual(['bk-kb-1']);

    await click('[data-testid="feedback-link"]', row('bk-kb-1'));
    http
      .expectOne('/api/feedback/links/bk-kb-1')
      .flush({ bookingId: 'bk-kb-1', token: 'bk-kb-1.sig', path: 'danh-gia/bk-kb-1.sig' });
    await settle();
    const group = page().querySelector('[data-testid="day-group"][data-department="kham-benh"]')!;
    expect(group.querySelector('[data-testid="feedback-link-card"]')).not.toBeNull();
    expect(page().querySelectorAll('[data-testid="feedback-link-card"]').length).toBe(1);

    await click('[data-testid="feedback-link-close"]');
    expect(page().querySelector('[data-testid="feedback-link-card"]')).toBeNull();
    expect(document.activeElement?.getAttribute('data-status-of')).toBe('bk-kb-1');
  });
});
