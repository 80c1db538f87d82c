import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  type TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, DeferBlockBehavior, TestBed } from '@angular/core/testing';

import {
  FakeEventSource,
  bookingFor,
  departments,
  hospitals,
  renderDeferredScreens,
  session,
  sessionStarted,
  slot,
} from '../../../testing/kiosk-fixtures';
import { KioskPage } from './kiosk-page';
import { addDays, nextVnDays } from './kiosk-time';
import type { AvailableSlot, Booking, WaitlistEntry } from './kiosk-types';
import { EVENT_SOURCE_FACTORY } from './station-events';

/**
 * The kiosk page with seat holds, the waitlist and rescheduling: what the patient sees and which
 * requests the page makes. The plain booking flow is in kiosk-page.spec.ts.
 */
describe('KioskPage holds, waitlist and rescheduling', () => {
  let fixture: ComponentFixture<KioskPage>;
  let http: HttpTestingController;

  const days = nextVnDays(14);
  const day = days[2]!;
  const nine = slot(day, '09:30', { slotId: 'slot-b', seatsLeft: 1 });

  async function setUp(): Promise<void> {
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
    await TestBed.compileComponents(); // the @defer blocks
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(KioskPage);
    fixture.componentRef.setInput('station', 'kiosk-01');
    fixture.detectChanges();
    await renderDeferredScreens(fixture);
  }

  afterEach(() => {
    fixture.destroy();
    http.match('/api/status');
    http.match((req) => req.url.startsWith('/api/kiosk/feedback')); // the feedback notice and ticket link
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
    http.match((req) => req.url.startsWith('/api/kiosk/feedback'));
    fixture.detectChanges();
  }

  function click(selector: string, index = 0): void {
    const element = all(selector)[index];
    if (!element) throw new Error(`nothing matches ${selector}[${index}]`);
    element.click();
    render();
  }

  function expectAuthorized(req: TestRequest): void {
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
  }

  function signIn(bookings: Booking[] = [], waitlist: WaitlistEntry[] = []): void {
    const source = FakeEventSource.latest();
    source.open();
    source.emit(sessionStarted());
    render();
    answerHome(bookings, waitlist);
  }

  /** The home screen's two reads: the patient's bookings (with live holds) and waitlist. */
  function answerHome(bookings: Booking[], waitlist: WaitlistEntry[]): void {
    const list = http.expectOne('/api/kiosk/bookings');
    expectAuthorized(list);
    list.flush(bookings);
    const places = http.expectOne('/api/kiosk/waitlist');
    expectAuthorized(places);
    places.flush(waitlist);
    render();
  }

  function heldFor(s: AvailableSlot, id = 'hold-1'): Booking {
    return bookingFor(s, {
      id,
      status: 'held',
      queueNumber: 0,
      createdAt: '2025-11-24T01:01:00.000Z',
      holdExpiresAt: '2025-11-24T01:06:00.000Z',
    });
  }

  /** Hospital (Đa khoa) → Tim mạch → the day → `times` on that day. */
  function walkToTimes(range: AvailableSlot[], times: AvailableSlot[], dayIndex = 2): void {
    click('[data-testid="start-booking"]');
    http.expectOne('/api/directory/hospitals').flush(hospitals);
    render();
    click('[data-testid="hospital"]', 0);
    http.expectOne('/api/directory/departments').flush(departments);
    render();
    click('[data-testid="department"]', 1);
    http.expectOne((r) => r.url === '/api/availability').flush(range);
    render();
    click(`[data-day="${days[dayIndex]!}"]`);
    http.expectOne((r) => r.url === '/api/availability').flush(times);
    render();
  }

  /** Through to the confirm step, with the seat held. */
  function walkToHeld(): void {
    walkToTimes([nine], [nine]);
    click('[data-testid="slot"]');
    http
      .expectOne({ method: 'POST', url: '/api/kiosk/holds' })
      .flush(heldFor(nine), { status: 201, statusText: 'Created' });
    render();
    expect(text('[data-testid="hold-countdown"]')).toContain('Chỗ được giữ cho bạn trong 5 phút');
  }

  describe('the hold on the confirm step', () => {
    beforeEach(async () => {
      await setUp();
      signIn();
    });

    it('lets the held seat go when the patient goes back to the times', () => {
      walkToHeld();
      click('[data-testid="back"]');
      const release = http.expectOne({ method: 'POST', url: '/api/kiosk/holds/hold-1/release' });
      expectAuthorized(release);
      release.flush({ ...heldFor(nine), status: 'expired' });
      http.expectOne((r) => r.url === '/api/availability').flush([nine]);
      render();
      expect(text('h2')).toContain('Chọn giờ khám');
    });

    it('lets the held seat go when the patient leaves the wizard for the home screen', () => {
      walkToHeld();
      click('[data-testid="wizard-cancel"]');
      http
        .expectOne('/api/kiosk/holds/hold-1/release')
        .flush({ ...heldFor(nine), status: 'expired' });
      answerHome([], []);
      expect(text('[data-testid="greeting"]')).toContain('Xin chào');
    });

    it('offers the alternatives when the hold lapsed before the patient confirmed (409 hold-expired)', () => {
      walkToHeld();
      click('[data-testid="confirm"]');
      const again = slot(day, '09:30', { slotId: 'slot-b', seatsLeft: 1 });
      const later = slot(day, '11:00', { slotId: 'slot-d', seatsLeft: 2 });
      http.expectOne('/api/kiosk/holds/hold-1/confirm').flush(
        {
          type: '/problems/hold-expired',
          status: 409,
          detail: 'Hold hold-1 ended without being confirmed.',
          alternatives: [again, later],
        },
        { status: 409, statusText: 'Conflict' },
      );
      render();
      expect(text('[data-testid="book-error"]')).toBe(
        '✕Đã hết thời gian giữ chỗ nên chỗ này đã được trả lại.',
      );
      expect(text('[data-testid="alternatives"] h3')).toBe('Chọn lại một giờ còn trống:');
      expect(all('[data-testid="alternative"]').map((b) => b.textContent)).toEqual([
        jasmine.stringContaining('09:30'),
        jasmine.stringContaining('11:00'),
      ]);
      expect(page().querySelector('[data-testid="hold-countdown"]')).toBeNull();

      // Choosing the same time again is a new hold attempt, with a new key.
      click('[data-testid="alternative"]', 0);
      const hold = http.expectOne({ method: 'POST', url: '/api/kiosk/holds' });
      expect(hold.request.body).toEqual({ slotId: 'slot-b' });
      hold.flush(heldFor(again, 'hold-2'));
      render();
      // Leaving now lets the new hold go, not the lapsed one.
      click('[data-testid="wizard-cancel"]');
      http
        .expectOne('/api/kiosk/holds/hold-2/release')
        .flush({ ...heldFor(again), status: 'expired' });
      answerHome([], []);
    });

    it('explains a second booking in the same department and day, without alternatives', () => {
      walkToTimes([nine], [nine]);
      click('[data-testid="slot"]');
      http.expectOne({ method: 'POST', url: '/api/kiosk/holds' }).flush(
        {
          type: '/problems/already-booked-that-day',
          status: 409,
          detail: 'The patient already has a booking at Tim mạch.',
        },
        { status: 409, statusText: 'Conflict' },
      );
      render();
      expect(text('[data-testid="book-error"]')).toContain(
        'Bạn đã có lịch ở khoa này trong ngày đó.',
      );
      expect(page().querySelector('[data-testid="alternatives"]')).toBeNull();
      expect(page().querySelector('[data-testid="confirm"]')).toBeNull();
    });

    it('names the limit when the patient already has too many bookings ahead', () => {
      walkToTimes([nine], [nine]);
      click('[data-testid="slot"]');
      http.expectOne({ method: 'POST', url: '/api/kiosk/holds' }).flush(
        {
          type: '/problems/too-many-bookings',
          status: 409,
          detail: 'The patient already has 3 bookings ahead.',
          limit: 3,
        },
        { status: 409, statusText: 'Conflict' },
      );
      render();
      expect(text('[data-testid="book-error"]')).toBe(
        '✕Bạn đã có 3 lịch khám sắp tới, là số lịch nhiều nhất được giữ cùng lúc. Hãy hủy bớt một lịch trước khi đặt thêm.',
      );
    });
  });

  describe('when the session times out with a seat held', () => {
    beforeEach(async () => {
      jasmine.clock().install();
      // Today, so the days of the wizard are the ones the specs chose above.
      jasmine.clock().mockDate(new Date());
      await setUp();
      signIn();
    });

    afterEach(() => jasmine.clock().uninstall());

    it('lets the held seat go first, with the token it still has, and only then ends the session', () => {
      walkToHeld();
      jasmine.clock().tick(60_000);
      render();
      expect(text('h1')).toBe('Chạm thẻ để bắt đầu');
      const release = http.expectOne({ method: 'POST', url: '/api/kiosk/holds/hold-1/release' });
      expectAuthorized(release);
      http.expectNone('/api/kiosk/session/end');
      release.flush({ ...heldFor(nine), status: 'expired' });
      expectAuthorized(http.expectOne({ method: 'POST', url: '/api/kiosk/session/end' }));
    });

    it('still ends the session when letting the seat go fails', () => {
      walkToHeld();
      jasmine.clock().tick(60_000);
      render();
      http
        .expectOne('/api/kiosk/holds/hold-1/release')
        .flush(null, { status: 502, statusText: 'Bad Gateway' });
      http.expectOne('/api/kiosk/session/end').flush(null);
    });
  });

  describe('the waitlist from a full day', () => {
    beforeEach(async () => {
      await setUp();
      signIn();
    });

    const full = slot(day, '08:00', { slotId: 'slot-full', seatsLeft: 0 });

    function waitlistEntry(overrides: Partial<WaitlistEntry> = {}): WaitlistEntry {
      return {
        id: 'wl-1',
        patientId: 'pat-1',
        serviceId: 'hs-bvdk-tim-mach',
        serviceName: 'Tim mạch',
        hospitalId: 'bvdk',
        hospitalName: 'Bệnh viện Đa khoa tỉnh',
        fromDay: day,
        toDay: addDays(day, 1),
        status: 'waiting',
        position: 3,
        createdAt: '2025-11-24T01:02:00.000Z',
        ...overrides,
      };
    }

    it('lets the patient choose a full day at one hospital and join its waitlist, then shows the place in the queue', () => {
      walkToTimes([full, slot(days[4]!, '08:00', { seatsLeft: 2 })], [full]);
      expect(text('.kiosk-empty[role="status"]')).toBe(
        'Ngày này đã hết chỗ. Vui lòng chọn ngày khác.',
      );
      expect(text('[data-testid="waitlist-offer"] h3')).toBe('Đăng ký danh sách chờ');
      expect(text('[data-testid="waitlist-offer"]')).toContain(
        'chỗ trống sẽ được giữ cho bạn và bạn sẽ nhận tin nhắn SMS/Zalo',
      );

      // The next two days are read to see whether waiting for them makes sense too.
      const following = http.expectOne((r) => r.url === '/api/availability');
      expect(following.request.params.get('hospital')).toBe('bvdk');
      expect(following.request.params.get('from')).toBe(addDays(day, 1));
      expect(following.request.params.get('to')).toBe(addDays(day, 2));
      // The day after is full too; the one after that has seats.
      following.flush([slot(addDays(day, 2), '10:00', { seatsLeft: 1 })]);
      render();
      const options = all('[data-testid="waitlist-join"]').map((b) =>
        b.textContent!.replace(/\s+/g, ' ').trim(),
      );
      const dm = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}`;
      expect(options).toEqual([`Chỉ ngày ${dm(day)}`, `Từ ${dm(day)} đến ${dm(addDays(day, 1))}`]);

      click('[data-testid="waitlist-join"]', 1);
      const join = http.expectOne({ method: 'POST', url: '/api/kiosk/waitlist' });
      expectAuthorized(join);
      expect(join.request.body).toEqual({
        serviceId: 'hs-bvdk-tim-mach',
        fromDay: day,
        toDay: addDays(day, 1),
      });
      join.flush(waitlistEntry(), { status: 201, statusText: 'Created' });
      render();
      expect(text('[data-testid="waitlist-joined"] h3')).toBe(
        '✓ Bạn đã có tên trong danh sách chờ',
      );
      expect(text('[data-testid="waitlist-position"]')).toBe('Vị trí của bạn: số 3');
      expect(text('[data-testid="waitlist-explain"]')).toContain('nhận tin nhắn SMS/Zalo');
      expect(page().querySelector('[data-testid="waitlist-offer"]')).toBeNull();

      click('[data-testid="waitlist-home"]');
      answerHome([], [waitlistEntry()]);
      expect(text('[data-testid="waitlist-entry"]')).toContain('Tim mạch');
      expect(text('[data-testid="waitlist-position"]')).toBe('3');
    });

    it('offers the free times instead when the API says seats are still available', () => {
      walkToTimes([full], [full]);
      http.expectOne((r) => r.url === '/api/availability').flush([]);
      render();
      click('[data-testid="waitlist-join"]', 0);
      const free = slot(addDays(day, 0), '15:00', { slotId: 'slot-free', seatsLeft: 1 });
      http.expectOne('/api/kiosk/waitlist').flush(
        {
          type: '/problems/seats-available',
          status: 409,
          detail: 'Tim mạch still has free seats.',
          alternatives: [free],
        },
        { status: 409, statusText: 'Conflict' },
      );
      render();
      expect(text('[data-testid="waitlist-error"]')).toContain(
        'Những ngày này vẫn còn chỗ trống, bạn có thể đặt lịch ngay thay vì chờ.',
      );
      click('[data-testid="waitlist-instead"] [data-testid="alternative"]');
      expect(text('h2')).toBe('Kiểm tra và xác nhận');
      http.expectOne({ method: 'POST', url: '/api/kiosk/holds' }).flush(heldFor(free));
      render();
      click('[data-testid="wizard-cancel"]');
      http.expectOne('/api/kiosk/holds/hold-1/release').flush(heldFor(free));
      answerHome([], []);
    });

    it('says so when the patient already waits for that department', () => {
      walkToTimes([full], [full]);
      http.expectOne((r) => r.url === '/api/availability').flush([]);
      render();
      click('[data-testid="waitlist-join"]', 0);
      http
        .expectOne('/api/kiosk/waitlist')
        .flush(
          { type: '/problems/already-waiting', status: 409, detail: 'Already waiting.' },
          { status: 409, statusText: 'Conflict' },
        );
      render();
      expect(text('[data-testid="waitlist-error"]')).toContain(
        'Bạn đã có tên trong danh sách chờ của khoa này.',
      );
    });

    it('does not offer the waitlist when any hospital will do', () => {
      click('[data-testid="start-booking"]');
      http.expectOne('/api/directory/hospitals').flush(hospitals);
      render();
      click('[data-testid="hospital-any"]');
      http.expectOne('/api/directory/departments').flush(departments);
      render();
      click('[data-testid="department"]', 0);
      http.expectOne((r) => r.url === '/api/availability').flush([]);
      render();
      const buttons = all('[data-testid="day"]') as HTMLButtonElement[];
      expect(buttons.every((b) => b.disabled)).toBeTrue();
      expect(page().textContent).not.toContain('Đăng ký chờ');
    });
  });

  describe('the home screen', () => {
    const booked = bookingFor(slot('2025-11-26', '08:30'), { id: 'bk-1', queueNumber: 12 });
    const offerSlot = slot('2025-11-27', '07:45', { slotId: 'slot-offer' });
    const offer = bookingFor(offerSlot, {
      id: 'offer-1',
      status: 'held',
      queueNumber: 0,
      waitlistEntryId: 'wl-7',
      holdExpiresAt: '2025-11-26T03:30:00.000Z',
    });
    const waiting: WaitlistEntry = {
      id: 'wl-9',
      patientId: 'pat-1',
      serviceId: 'hs-bvsn-nhi',
      serviceName: 'Nhi',
      hospitalId: 'bvsn',
      hospitalName: 'Bệnh viện Sản Nhi',
      fromDay: '2025-11-28',
      toDay: '2025-11-30',
      status: 'waiting',
      position: 2,
      createdAt: '2025-11-24T01:02:00.000Z',
    };
    const offeredEntry: WaitlistEntry = {
      ...waiting,
      id: 'wl-7',
      serviceId: 'hs-bvdk-tim-mach',
      serviceName: 'Tim mạch',
      status: 'offered',
      offer: { bookingId: 'offer-1', start: offer.start, until: offer.holdExpiresAt! },
    };

    beforeEach(() => setUp());

    it('shows a seat offered from the waitlist first, with its time, place and deadline', () => {
      signIn([booked, offer], [offeredEntry, waiting]);
      const card = page().querySelector('[data-testid="offer"]')!;
      expect(
        card.compareDocumentPosition(page().querySelector('[data-testid="appointment"]')!),
      ).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
      expect(text('[data-testid="offer"] .offer__what')).toBe(
        'Có chỗ trống cho bạn: 07:45, Thứ Năm, 27/11/2025, Tim mạch, Bệnh viện Đa khoa tỉnh.',
      );
      expect(text('[data-testid="offer-until"]')).toBe('Giữ đến 10:30 ngày 26/11.');
      // The offered hold is not listed among the appointments, nor its entry among the waiting.
      expect(all('[data-testid="appointment"]').length).toBe(1);
      expect(all('[data-testid="waitlist-entry"]').length).toBe(1);
    });

    it('confirms the offered seat and shows its ticket when the patient takes it', () => {
      signIn([offer], [offeredEntry]);
      click('[data-testid="offer-take"]');
      const req = http.expectOne({ method: 'POST', url: '/api/kiosk/holds/offer-1/confirm' });
      expectAuthorized(req);
      req.flush(bookingFor(offerSlot, { id: 'offer-1', queueNumber: 6, waitlistEntryId: 'wl-7' }));
      render();
      expect(text('h1')).toBe('Đặt lịch thành công');
      expect(text('[data-testid="ticket-queue"]')).toBe('6');
    });

    it('lets the offered seat go when the patient says "Không cần"', () => {
      signIn([offer], [offeredEntry]);
      click('[data-testid="offer-decline"]');
      const req = http.expectOne({ method: 'POST', url: '/api/kiosk/holds/offer-1/release' });
      expectAuthorized(req);
      req.flush({ ...offer, status: 'expired' });
      render();
      expect(page().querySelector('[data-testid="offer"]')).toBeNull();
      expect(text('[data-testid="notice"]')).toContain(
        'Đã trả lại chỗ trống Tim mạch cho người khác.',
      );
    });

    it('says the offer has lapsed when the patient takes it too late', () => {
      signIn([offer], [offeredEntry]);
      click('[data-testid="offer-take"]');
      http
        .expectOne('/api/kiosk/holds/offer-1/confirm')
        .flush(
          { type: '/problems/hold-expired', status: 409, detail: 'Hold offer-1 ended.' },
          { status: 409, statusText: 'Conflict' },
        );
      render();
      expect(text('[data-testid="offer-error"]')).toBe(
        'Đã hết thời gian giữ chỗ nên chỗ này đã được trả lại.',
      );
    });

    it('lists the places in the waitlist with their position, and leaves one when asked', () => {
      signIn([], [waiting]);
      expect(text('[data-testid="waitlist-entry"]')).toContain('Nhi · Bệnh viện Sản Nhi');
      expect(text('[data-testid="waitlist-entry"]')).toContain('Chờ chỗ từ 28/11 đến 30/11');
      expect(text('[data-testid="waitlist-position"]')).toBe('2');
      click('[data-testid="waitlist-withdraw"]');
      const req = http.expectOne({ method: 'POST', url: '/api/kiosk/waitlist/wl-9/withdraw' });
      expectAuthorized(req);
      req.flush({ ...waiting, status: 'withdrawn' });
      render();
      expect(page().querySelector('[data-testid="waitlist-entry"]')).toBeNull();
      expect(text('[data-testid="notice"]')).toBe(
        '✓Bạn đã rời danh sách chờ khoa Nhi tại Bệnh viện Sản Nhi.',
      );
    });

    it('moves an appointment to a new day and time at the same department and hospital, and shows the new ticket', () => {
      const current = bookingFor(slot(day, '08:00', { slotId: 'slot-old' }), {
        id: 'bk-old',
        queueNumber: 5,
      });
      signIn([current]);
      click('[data-testid="reschedule"]');
      expect(text('h1')).toBe('Đổi giờ khám');
      expect(text('[data-testid="reschedule-current"]')).toContain('Lịch hiện tại: 08:00');

      const range = http.expectOne((r) => r.url === '/api/availability');
      expect(range.request.params.get('department')).toBe('tim-mach');
      expect(range.request.params.get('hospital')).toBe('bvdk');
      const old = slot(day, '08:00', { slotId: 'slot-old', seatsLeft: 2 });
      const later = slot(days[3]!, '10:15', { slotId: 'slot-new', seatsLeft: 2 });
      range.flush([old, later]);
      render();
      // Days without seats cannot be chosen here: moving is not waiting.
      expect(
        (page().querySelector(`[data-day="${days[5]!}"]`) as HTMLButtonElement).disabled,
      ).toBeTrue();
      click(`[data-day="${day}"]`);
      http.expectOne((r) => r.url === '/api/availability').flush([old]);
      render();
      const own = all('[data-testid="slot"]')[0] as HTMLButtonElement;
      expect(own.disabled).toBeTrue();
      expect(own.textContent).toContain('Giờ hiện tại của bạn');
      expect(page().querySelector('[data-testid="waitlist-offer"]')).toBeNull();

      click('[data-testid="back"]');
      http.expectOne((r) => r.url === '/api/availability').flush([old, later]);
      render();
      click(`[data-day="${days[3]!}"]`);
      http.expectOne((r) => r.url === '/api/availability').flush([later]);
      render();
      click('[data-testid="slot"]');
      expect(text('[data-testid="reschedule-new"]')).toContain('10:15');

      click('[data-testid="reschedule-confirm"]');
      const req = http.expectOne({ method: 'POST', url: '/api/kiosk/bookings/bk-old/reschedule' });
      expectAuthorized(req);
      expect(req.request.body).toEqual({ slotId: 'slot-new' });
      expect(req.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
      req.flush(bookingFor(later, { id: 'bk-new', queueNumber: 9, rescheduledFrom: 'bk-old' }), {
        status: 201,
        statusText: 'Created',
      });
      render();
      expect(text('h1')).toBe('Đã đổi giờ khám');
      expect(text('[data-testid="ticket-queue"]')).toBe('9');
      expect(text('[data-testid="ticket"]')).toContain('10:15');
    });

    it('retries a lost reschedule with the same key, and offers other times at the same department when the new time filled up', () => {
      const current = bookingFor(slot(day, '08:00', { slotId: 'slot-old' }), { id: 'bk-old' });
      signIn([current]);
      click('[data-testid="reschedule"]');
      const later = slot(days[3]!, '10:15', { slotId: 'slot-new', seatsLeft: 2 });
      http.expectOne((r) => r.url === '/api/availability').flush([later]);
      render();
      click(`[data-day="${days[3]!}"]`);
      http.expectOne((r) => r.url === '/api/availability').flush([later]);
      render();
      click('[data-testid="slot"]');

      click('[data-testid="reschedule-confirm"]');
      const lost = http.expectOne('/api/kiosk/bookings/bk-old/reschedule');
      const key = lost.request.headers.get('Idempotency-Key');
      lost.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
      render();
      expect(text('[data-testid="reschedule-error"]')).toContain('Không kết nối được với máy chủ');
      expect(text('[data-testid="reschedule-confirm"]')).toBe('Thử lại');

      click('[data-testid="reschedule-confirm"]');
      const retry = http.expectOne('/api/kiosk/bookings/bk-old/reschedule');
      expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
      const sameDept = slot(days[3]!, '11:00', { slotId: 'slot-11', seatsLeft: 1 });
      const elsewhere = slot(days[3]!, '11:30', {
        slotId: 'slot-bc',
        hospitalId: 'bvbc',
        serviceId: 'svc-bc-tm',
      });
      retry.flush(
        {
          type: '/problems/slot-full',
          status: 409,
          detail: 'Every seat of this slot is taken.',
          alternatives: [sameDept, elsewhere],
        },
        { status: 409, statusText: 'Conflict' },
      );
      render();
      expect(text('[data-testid="reschedule-error"]')).toBe('✕Giờ khám này vừa hết chỗ.');
      expect(all('[data-testid="alternative"]').map((b) => b.textContent)).toEqual([
        jasmine.stringContaining('11:00'),
      ]);
      click('[data-testid="alternative"]');
      click('[data-testid="reschedule-confirm"]');
      const third = http.expectOne('/api/kiosk/bookings/bk-old/reschedule');
      expect(third.request.body).toEqual({ slotId: 'slot-11' });
      expect(third.request.headers.get('Idempotency-Key')).not.toBe(key);
      third.flush(bookingFor(sameDept, { id: 'bk-11', rescheduledFrom: 'bk-old' }));
      render();
      expect(text('h1')).toBe('Đã đổi giờ khám');
    });
  });
});
