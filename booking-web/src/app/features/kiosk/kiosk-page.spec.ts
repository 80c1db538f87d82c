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
import { expectNoAxeViolations } from '../../../testing/axe';
import { hapiDownStatus } from '../../../testing/status-fixtures';
import { KioskPage } from './kiosk-page';
import { nextVnDays } from './kiosk-time';
import { EVENT_SOURCE_FACTORY } from './station-events';

describe('KioskPage', () => {
  let fixture: ComponentFixture<KioskPage>;
  let http: HttpTestingController;

  /**
   * The page at `?<queryParams>`. By default its `@defer` blocks are rendered at once; with
   * `Playthrough` they load on their own triggers, as in the browser.
   */
  async function setUp(
    queryParams: Record<string, string> = { station: 'kiosk-01' },
    deferBlockBehavior = DeferBlockBehavior.Manual,
  ): Promise<void> {
    FakeEventSource.reset();
    TestBed.configureTestingModule({
      imports: [KioskPage],
      deferBlockBehavior,
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
    for (const [name, value] of Object.entries(queryParams)) {
      fixture.componentRef.setInput(name, value);
    }
    fixture.detectChanges();
    if (deferBlockBehavior === DeferBlockBehavior.Manual) await renderDeferredScreens(fixture);
  }

  afterEach(() => {
    fixture.destroy();
    http.match('/api/status'); // the idle screen's status panel polls; not under test here
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
    fixture.detectChanges();
  }

  function click(selector: string, index = 0): void {
    const element = all(selector)[index];
    if (!element) throw new Error(`nothing matches ${selector}[${index}]`);
    element.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    element.click();
    render();
  }

  function expectAuthorized(req: TestRequest): void {
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
  }

  /** A card tap: the session starts and the home screen loads the patient's bookings and waitlist. */
  function signIn(bookings = [bookingFor(slot('2025-11-26', '08:30'))]): void {
    const source = FakeEventSource.latest();
    source.open();
    source.emit(sessionStarted());
    render();
    const req = http.expectOne('/api/kiosk/bookings');
    expectAuthorized(req);
    req.flush(bookings);
    const waitlist = http.expectOne('/api/kiosk/waitlist');
    expectAuthorized(waitlist);
    waitlist.flush([]);
    render();
  }

  function expectNoPatientLeft(): void {
    expect(text('h1')).toBe('Chạm thẻ để bắt đầu');
    expect(page().textContent).not.toContain(session.patient.maskedName);
    expect(page().querySelector('[data-testid="appointment"]')).toBeNull();
    expect(page().querySelector('[data-testid="ticket"]')).toBeNull();
    for (const storage of [sessionStorage, localStorage]) {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i)!;
        expect(`${key}=${storage.getItem(key)}`).not.toContain(session.token);
        expect(`${key}=${storage.getItem(key)}`).not.toContain(session.patient.maskedName);
      }
    }
  }

  async function waitFor(condition: () => boolean, what: string): Promise<void> {
    const started = performance.now();
    while (!condition()) {
      if (performance.now() - started > 4000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      render();
    }
  }

  describe('idle screen', () => {
    beforeEach(() => setUp());

    it('listens to its station and asks for a card tap when nobody is signed in', () => {
      expect(FakeEventSource.latest().url).toBe('/api/stations/kiosk-01/events');
      expect(text('h1')).toBe('Chạm thẻ để bắt đầu');
      expect(page().querySelector('.prompt__art')).not.toBeNull();
    });

    it('passes the axe accessibility rules on the idle screen', async () => {
      await expectNoAxeViolations(page(), 'the idle screen');
    });

    it('passes the axe accessibility rules with a refused card, the stream down and the staff status open', async () => {
      FakeEventSource.latest().emit({
        type: 'card.rejected',
        code: 'card-revoked',
        message: 'Thẻ này đã bị khóa. Vui lòng liên hệ quầy lễ tân.',
        at: '2025-11-24T01:00:00.000Z',
      });
      FakeEventSource.latest().fail();
      page().querySelector('details')!.open = true;
      // The panel polls on a timer: let its first tick fire, then answer it.
      await new Promise((resolve) => setTimeout(resolve, 10));
      for (const req of http.match('/api/status')) req.flush(hapiDownStatus());
      fixture.detectChanges();
      expect(text('[data-testid="card-rejected"]')).toContain('Thẻ này đã bị khóa');
      expect(text('[data-testid="station-down"]')).toContain('đang kết nối lại');
      expect(text('app-status-panel')).toContain('Ngừng hoạt động');
      await expectNoAxeViolations(page(), 'the idle screen with its alerts and the status panel');
    });

    it('keeps the status panel folded away for staff when idle', () => {
      const details = page().querySelector('details');
      expect(details?.querySelector('app-status-panel')).not.toBeNull();
      expect(details?.open).toBeFalse();
    });

    it('shows the card-rejected message for 8 seconds when card.rejected arrives', () => {
      jasmine.clock().install();
      try {
        FakeEventSource.latest().emit({
          type: 'card.rejected',
          code: 'card-revoked',
          message: 'Thẻ này đã bị khóa. Vui lòng liên hệ quầy lễ tân.',
          at: '2025-11-24T01:00:00.000Z',
        });
        render();
        expect(text('[data-testid="card-rejected"]')).toContain('Thẻ này đã bị khóa');
        expect(text('[data-testid="card-rejected"]')).toContain('Không dùng được thẻ này');

        jasmine.clock().tick(7900);
        render();
        expect(page().querySelector('[data-testid="card-rejected"]')).not.toBeNull();

        jasmine.clock().tick(200);
        render();
        expect(page().querySelector('[data-testid="card-rejected"]')).toBeNull();
      } finally {
        jasmine.clock().uninstall();
      }
    });

    it('says it is reconnecting when the event stream drops', () => {
      FakeEventSource.latest().fail();
      render();
      expect(text('[data-testid="station-down"]')).toContain('đang kết nối lại');
    });

    it('ignores events that are not well-formed station events', () => {
      FakeEventSource.latest().emitRaw('{"type":"session.started"}');
      FakeEventSource.latest().emitRaw('not json');
      render();
      expect(text('h1')).toBe('Chạm thẻ để bắt đầu');
    });
  });

  it('says the kiosk is not configured and opens no event stream when the URL has no station', async () => {
    await setUp({});
    expect(text('h1')).toBe('Ki-ốt này chưa được cấu hình');
    expect(text('[data-testid="no-station"]')).toContain('?station=');
    expect(FakeEventSource.all.length).toBe(0);
  });

  it('fetches the signed-in screens by itself and shows the home screen when a card is tapped', async () => {
    await setUp({ station: 'kiosk-01' }, DeferBlockBehavior.Playthrough);
    expect(text('h1')).toBe('Chạm thẻ để bắt đầu');
    FakeEventSource.latest().open();
    FakeEventSource.latest().emit(sessionStarted());
    await waitFor(
      () => page().querySelector('[data-testid="greeting"]') !== null,
      'the home screen',
    );
    http.expectOne('/api/kiosk/bookings').flush([]);
    http.expectOne('/api/kiosk/waitlist').flush([]);
    render();
    expect(text('[data-testid="greeting"]')).toBe('Xin chào, Nguyễn T*** L**');
    expect(page().querySelector('[data-testid="start-booking"]')).not.toBeNull();
  });

  describe('signed in', () => {
    beforeEach(() => setUp());

    it('greets the patient by masked name and lists the upcoming appointments when a session starts', () => {
      signIn([
        bookingFor(slot('2025-11-27', '14:00'), { id: 'b2', queueNumber: 5 }),
        bookingFor(slot('2025-11-25', '07:30'), { id: 'b1', queueNumber: 12 }),
        bookingFor(slot('2025-11-28', '09:00'), { id: 'b3', status: 'cancelled' }),
      ]);

      expect(text('[data-testid="greeting"]')).toBe('Xin chào, Nguyễn T*** L**');
      const cards = all('[data-testid="appointment"]');
      expect(cards.length).toBe(2);
      // Earliest first, in Viet Nam time with the weekday in Vietnamese.
      expect(cards[0]!.textContent).toMatch(/thứ ba, 25\/11\/2025/i);
      expect(cards[0]!.textContent).toContain('07:30');
      expect(cards[0]!.textContent).toContain('Tim mạch');
      expect(cards[0]!.textContent).toContain('Bệnh viện Đa khoa tỉnh');
      expect(cards[0]!.querySelector('[data-testid="queue-number"]')?.textContent).toBe('12');
      expect(cards[1]!.textContent).toContain('14:00');
    });

    it('passes the axe accessibility rules on the greeting and appointment list', async () => {
      signIn([
        bookingFor(slot('2025-11-25', '07:30'), { id: 'b1', queueNumber: 12 }),
        bookingFor(slot('2025-11-27', '14:00'), { id: 'b2', queueNumber: 5 }),
      ]);
      await expectNoAxeViolations(page(), 'the greeting and appointments');
    });

    it('says there are no appointments when the patient has none', () => {
      signIn([]);
      expect(text('[data-testid="no-bookings"]')).toBe('Bạn chưa có lịch khám nào sắp tới.');
    });

    it('clears the patient and returns to the idle screen when session.ended arrives', () => {
      signIn();
      FakeEventSource.latest().emit({
        type: 'session.ended',
        reason: 'card-removed',
        at: '2025-11-24T01:02:00.000Z',
      });
      render();
      expectNoPatientLeft();
    });

    it('clears the session when any patient call answers 401', () => {
      signIn();
      click('[data-testid="cancel"]');
      click('[data-testid="confirm-cancel"]');
      http
        .expectOne('/api/kiosk/bookings/bk-slot-2025-11-26-0830/cancel')
        .flush({ detail: 'Phiên đã hết hạn.' }, { status: 401, statusText: 'Unauthorized' });
      render();
      expectNoPatientLeft();
    });

    it('signs out at the API and forgets the patient when the patient presses "Kết thúc"', () => {
      signIn();
      click('[data-testid="sign-out"]');
      expectAuthorized(http.expectOne({ method: 'POST', url: '/api/kiosk/session/end' }));
      expectNoPatientLeft();
    });

    it('asks the API whether the session still exists when the event stream reconnects', () => {
      signIn();
      const source = FakeEventSource.latest();
      source.fail();
      render();
      // retry after 1 s with a new EventSource
      return new Promise<void>((resolve) => setTimeout(resolve, 1100)).then(() => {
        const again = FakeEventSource.latest();
        expect(again).not.toBe(source);
        expect(source.closed).toBeTrue();
        again.open();
        const req = http.expectOne('/api/kiosk/session');
        expectAuthorized(req);
        req.flush({ detail: 'Không còn phiên.' }, { status: 401, statusText: 'Unauthorized' });
        render();
        expectNoPatientLeft();
      });
    });
  });

  describe('idle timeout', () => {
    beforeEach(async () => {
      jasmine.clock().install();
      jasmine.clock().mockDate(new Date('2025-11-24T01:00:00.000Z'));
      await setUp();
    });

    afterEach(() => jasmine.clock().uninstall());

    it('shows a countdown in the last 10 seconds and then clears everything when nobody touches the screen for 60 s', () => {
      signIn();
      jasmine.clock().tick(49_000);
      render();
      expect(page().querySelector('[data-testid="idle-countdown"]')).toBeNull();

      jasmine.clock().tick(1_000);
      render();
      expect(text('[data-testid="idle-countdown"] [role="timer"]')).toBe(
        'Màn hình sẽ trở về trang đầu sau 10 giây',
      );
      jasmine.clock().tick(3_000);
      render();
      expect(text('[data-testid="idle-countdown"] [role="timer"]')).toContain('sau 7 giây');

      jasmine.clock().tick(7_000);
      render();
      expectAuthorized(http.expectOne({ method: 'POST', url: '/api/kiosk/session/end' }));
      expectNoPatientLeft();
      expect(page().querySelector('[data-testid="idle-countdown"]')).toBeNull();
    });

    it('starts the minute again when the patient touches the screen', () => {
      signIn();
      jasmine.clock().tick(55_000);
      render();
      expect(page().querySelector('[data-testid="idle-countdown"]')).not.toBeNull();

      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      render();
      expect(page().querySelector('[data-testid="idle-countdown"]')).toBeNull();

      jasmine.clock().tick(59_000);
      render();
      expect(text('[data-testid="greeting"]')).toContain(session.patient.maskedName);
    });

    it('clears the wizard choices too when the timeout comes in the middle of booking', () => {
      signIn();
      click('[data-testid="start-booking"]');
      http.expectOne('/api/directory/hospitals').flush(hospitals);
      render();
      click('[data-testid="hospital"]');
      http.expectOne('/api/directory/departments').flush(departments);
      render();
      expect(page().querySelector('app-booking-wizard')).not.toBeNull();

      jasmine.clock().tick(60_000);
      render();
      http.expectOne('/api/kiosk/session/end').flush(null);
      expectNoPatientLeft();
      expect(page().querySelector('app-booking-wizard')).toBeNull();
      expect(page().textContent).not.toContain('Bệnh viện Đa khoa tỉnh');
    });
  });

  describe('booking wizard', () => {
    const days = nextVnDays(14);
    const day = days[2]!;
    const first = slot(day, '08:00', { slotId: 'slot-a', seatsLeft: 4 });
    const second = slot(day, '09:30', { slotId: 'slot-b', seatsLeft: 1 });

    beforeEach(async () => {
      await setUp();
      signIn([]);
    });

    /** Hospital → department → day → time, answering each step's request. */
    function walkToConfirm(): void {
      click('[data-testid="start-booking"]');
      expect(text('h2')).toBe('Bạn muốn khám ở bệnh viện nào?');
      http.expectOne('/api/directory/hospitals').flush(hospitals);
      render();
      expect(all('[data-testid="hospital"]').map((b) => b.textContent?.trim())).toEqual(
        hospitals.map((h) => h.name),
      );
      expect(text('[data-testid="hospital-any"]')).toBe('Bệnh viện nào cũng được, sớm nhất');
      click('[data-testid="hospital"]', 0);

      http.expectOne('/api/directory/departments').flush(departments);
      render();
      expect(all('[data-testid="department"]').map((b) => b.textContent?.trim())).toEqual([
        'Khám bệnh',
        'Tim mạch',
      ]);
      click('[data-testid="department"]', 1);

      const range = http.expectOne((r) => r.url === '/api/availability');
      expect(range.request.params.get('department')).toBe('tim-mach');
      expect(range.request.params.get('hospital')).toBe('bvdk');
      expect(range.request.params.get('from')).toBe(days[0]!);
      expect(range.request.params.get('to')).toBe(days[13]!);
      range.flush([first, second, slot(days[5]!, '10:00', { seatsLeft: 0 })]);
      render();
      const dayButtons = all('[data-testid="day"]');
      expect(dayButtons.length).toBe(14);
      const open = dayButtons.filter((b) => b.textContent?.includes('Còn chỗ'));
      expect(open.map((b) => b.dataset['day'])).toEqual([day]);
      expect(open[0]!.textContent).toContain('Còn chỗ');
      click(`[data-day="${day}"]`);

      const daySlots = http.expectOne((r) => r.url === '/api/availability');
      expect(daySlots.request.params.get('from')).toBe(day);
      expect(daySlots.request.params.get('to')).toBe(day);
      daySlots.flush([first, second]);
      render();
      const times = all('[data-testid="slot"]');
      expect(times.map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
        '08:00 Còn 4 chỗ',
        '09:30 Còn 1 chỗ',
      ]);
      click('[data-testid="slot"]', 1);
      expect(text('h2')).toBe('Kiểm tra và xác nhận');
      expect(text('[data-testid="summary"]')).toContain('09:30');
      expect(text('[data-testid="summary"]')).toContain('Tim mạch');
    }

    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

    /** The held seat the API answers for `s`: 5 minutes, no queue number yet. */
    function heldFor(s: typeof second, id = `hold-${s.slotId}`): ReturnType<typeof bookingFor> {
      return bookingFor(s, {
        id,
        status: 'held',
        queueNumber: 0,
        createdAt: '2025-11-24T01:01:00.000Z',
        holdExpiresAt: '2025-11-24T01:06:00.000Z',
      });
    }

    /** The confirm step holds the seat on arrival: answer the hold. */
    function answerHold(s: typeof second = second): TestRequest {
      const req = http.expectOne({ method: 'POST', url: '/api/kiosk/holds' });
      expectAuthorized(req);
      expect(req.request.body).toEqual({ slotId: s.slotId });
      req.flush(heldFor(s), { status: 201, statusText: 'Created' });
      render();
      return req;
    }

    it('holds the seat with an Idempotency-Key on the confirm step, confirms the hold and shows the ticket with queue number and QR code', async () => {
      walkToConfirm();
      const hold = answerHold();
      expect(hold.request.headers.get('Idempotency-Key')).toMatch(UUID);
      expect(text('[data-testid="hold-countdown"]')).toContain('Chỗ được giữ cho bạn trong 5 phút');
      click('[data-testid="confirm"]');

      const req = http.expectOne({ method: 'POST', url: '/api/kiosk/holds/hold-slot-b/confirm' });
      expectAuthorized(req);
      req.flush(bookingFor(second, { queueNumber: 23 }));
      render();

      expect(text('h1')).toBe('Đặt lịch thành công');
      expect(text('[data-testid="ticket-queue"]')).toBe('23');
      expect(text('[data-testid="ticket"]')).toContain('Bệnh viện Đa khoa tỉnh');
      expect(text('[data-testid="ticket"]')).toContain('09:30');
      expect(text('[data-testid="ticket-directions"]')).toBe('Nhà B, tầng 2, phòng 204');
      expect(text('[data-testid="ticket-code"]')).toBe('QN-7K3P-9X');
      expect(text('[data-testid="print"]')).toContain('In phiếu');
      // The confirmed hold is not let go when the wizard closes.
      http.expectNone('/api/kiosk/holds/hold-slot-b/release');

      await waitFor(() => !!page().querySelector('[data-testid="ticket-qr"]'), 'the QR code');
      const qr = page().querySelector<HTMLImageElement>('[data-testid="ticket-qr"]')!;
      expect(qr.src).toMatch(/^data:image\/svg\+xml/);
      expect(decodeURIComponent(qr.src)).toContain('<svg');
      expect(qr.alt).toBe('Mã QR của phiếu QN-7K3P-9X');
    });

    it('passes the axe accessibility rules on every booking step and on the ticket', async () => {
      click('[data-testid="start-booking"]');
      http.expectOne('/api/directory/hospitals').flush(hospitals);
      render();
      await expectNoAxeViolations(page(), 'the hospital step');
      click('[data-testid="hospital"]', 0);
      http.expectOne('/api/directory/departments').flush(departments);
      render();
      await expectNoAxeViolations(page(), 'the department step');
      click('[data-testid="department"]', 1);
      http.expectOne((r) => r.url === '/api/availability').flush([first, second]);
      render();
      await expectNoAxeViolations(page(), 'the day step');
      click(`[data-day="${day}"]`);
      http.expectOne((r) => r.url === '/api/availability').flush([first, second]);
      render();
      await expectNoAxeViolations(page(), 'the time step');
      click('[data-testid="slot"]', 1);
      answerHold();
      await expectNoAxeViolations(page(), 'the confirm step');
      click('[data-testid="confirm"]');
      http
        .expectOne('/api/kiosk/holds/hold-slot-b/confirm')
        .flush(bookingFor(second, { queueNumber: 23 }));
      render();
      await waitFor(() => !!page().querySelector('[data-testid="ticket-qr"]'), 'the QR code');
      await expectNoAxeViolations(page(), 'the ticket');
    });

    it('still holds with an Idempotency-Key when the page is plain HTTP, where crypto.randomUUID is missing', () => {
      // Browsers define randomUUID only in secure contexts (HTTPS or localhost).
      const own = Object.getOwnPropertyDescriptor(crypto, 'randomUUID');
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
      try {
        walkToConfirm();
        const hold = answerHold();
        expect(hold.request.headers.get('Idempotency-Key')).toMatch(UUID);
        click('[data-testid="confirm"]');
        http
          .expectOne('/api/kiosk/holds/hold-slot-b/confirm')
          .flush(bookingFor(second, { queueNumber: 23 }));
        render();
        expect(text('[data-testid="ticket-queue"]')).toBe('23');
      } finally {
        if (own) Object.defineProperty(crypto, 'randomUUID', own);
        else delete (crypto as { randomUUID?: unknown }).randomUUID;
      }
    });

    it('prints the ticket when the patient presses "In phiếu"', () => {
      walkToConfirm();
      answerHold();
      click('[data-testid="confirm"]');
      http.expectOne('/api/kiosk/holds/hold-slot-b/confirm').flush(bookingFor(second));
      render();
      const print = spyOn(window, 'print');
      click('[data-testid="print"]');
      expect(print).toHaveBeenCalledTimes(1);
    });

    it('offers the alternatives from the 409 and holds the chosen one with a new key when the seat was taken', () => {
      walkToConfirm();
      const taken = http.expectOne({ method: 'POST', url: '/api/kiosk/holds' });
      const firstKey = taken.request.headers.get('Idempotency-Key');
      const alternative = slot(day, '10:15', { slotId: 'slot-c' });
      taken.flush(
        {
          type: 'https://qn.example/problems/slot-full',
          title: 'Slot full',
          status: 409,
          detail: 'Every seat of this slot is taken (1 per slot).',
          alternatives: [alternative],
        },
        { status: 409, statusText: 'Conflict' },
      );
      render();

      expect(text('[data-testid="book-error"]')).toBe('✕Giờ khám này vừa hết chỗ.');
      expect(text('[data-testid="alternatives"] h3')).toContain('Chỗ này vừa có người đặt');
      expect(all('[data-testid="alternative"]').length).toBe(1);
      expect(text('[data-testid="alternative"]')).toContain('10:15');

      click('[data-testid="alternative"]');
      expect(text('[data-testid="summary"]')).toContain('10:15');
      const retry = http.expectOne({ method: 'POST', url: '/api/kiosk/holds' });
      expect(retry.request.body).toEqual({ slotId: 'slot-c' });
      expect(retry.request.headers.get('Idempotency-Key')).toMatch(UUID);
      expect(retry.request.headers.get('Idempotency-Key')).not.toBe(firstKey);
      retry.flush(heldFor(alternative, 'hold-c'), { status: 201, statusText: 'Created' });
      render();
      click('[data-testid="confirm"]');
      http
        .expectOne('/api/kiosk/holds/hold-c/confirm')
        .flush(bookingFor(alternative, { queueNumber: 4 }));
      render();
      expect(text('[data-testid="ticket-queue"]')).toBe('4');
    });

    it('sends the same Idempotency-Key again when the patient retries the hold after a server error', () => {
      walkToConfirm();
      const failed = http.expectOne({ method: 'POST', url: '/api/kiosk/holds' });
      const key = failed.request.headers.get('Idempotency-Key');
      failed.flush(
        { title: 'Unavailable', status: 503, detail: 'Hệ thống đang bận, vui lòng thử lại.' },
        { status: 503, statusText: 'Service Unavailable' },
      );
      render();
      expect(text('[data-testid="book-error"]')).toContain('Hệ thống đang bận');
      expect(text('[data-testid="confirm"]')).toBe('Thử lại');

      click('[data-testid="confirm"]');
      const retry = http.expectOne({ method: 'POST', url: '/api/kiosk/holds' });
      expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
      retry.flush(heldFor(second));
      render();
      expect(text('[data-testid="confirm"]')).toBe('Xác nhận đặt lịch');
      click('[data-testid="confirm"]');
      http.expectOne('/api/kiosk/holds/hold-slot-b/confirm').flush(bookingFor(second));
      render();
      expect(page().querySelector('[data-testid="ticket"]')).not.toBeNull();
    });

    it('searches every hospital and lists each department once when the patient picks "any hospital"', () => {
      click('[data-testid="start-booking"]');
      http.expectOne('/api/directory/hospitals').flush(hospitals);
      render();
      click('[data-testid="hospital-any"]');
      http.expectOne('/api/directory/departments').flush(departments);
      render();
      expect(all('[data-testid="department"]').map((b) => b.textContent?.trim())).toEqual([
        'Khám bệnh',
        'Nhi',
        'Tim mạch',
      ]);
      click('[data-testid="department"]', 0);
      const req = http.expectOne((r) => r.url === '/api/availability');
      expect(req.request.params.get('department')).toBe('kham-benh');
      expect(req.request.params.has('hospital')).toBeFalse();
      req.flush([]);
      render();
      expect(text('h2')).toBe('Bạn muốn khám ngày nào?');
      expect(page().textContent).toContain('Không còn chỗ trống trong những ngày tới');
    });

    it('goes back one step, and home from the first step, when the patient presses "Quay lại"', () => {
      click('[data-testid="start-booking"]');
      http.expectOne('/api/directory/hospitals').flush(hospitals);
      render();
      click('[data-testid="hospital"]');
      http.expectOne('/api/directory/departments').flush(departments);
      render();
      click('[data-testid="back"]');
      http.expectOne('/api/directory/hospitals').flush(hospitals);
      render();
      expect(text('h2')).toBe('Bạn muốn khám ở bệnh viện nào?');
      click('[data-testid="back"]');
      http.expectOne('/api/kiosk/bookings').flush([]);
      http.expectOne('/api/kiosk/waitlist').flush([]);
      render();
      expect(text('[data-testid="greeting"]')).toContain('Xin chào');
    });
  });

  describe('cancelling an appointment', () => {
    const booking = bookingFor(slot('2025-11-26', '08:30'), { id: 'bk-9' });

    beforeEach(async () => {
      await setUp();
      signIn([booking]);
    });

    it('cancels the appointment and removes it from the list when the patient confirms', () => {
      click('[data-testid="cancel"]');
      expect(text('[data-testid="appointment"]')).toContain(
        'Bạn có chắc muốn hủy lịch khám này không?',
      );
      click('[data-testid="confirm-cancel"]');
      const req = http.expectOne({ method: 'POST', url: '/api/kiosk/bookings/bk-9/cancel' });
      expectAuthorized(req);
      req.flush({ ...booking, status: 'cancelled' });
      render();
      expect(all('[data-testid="appointment"]').length).toBe(0);
      expect(text('[data-testid="notice"]')).toContain('Đã hủy lịch khám Tim mạch');
    });

    it('keeps the appointment and sends nothing when the patient says no', () => {
      click('[data-testid="cancel"]');
      click('.confirm .kiosk-btn:not(.kiosk-btn--danger)');
      expect(all('[data-testid="appointment"]').length).toBe(1);
      expect(page().querySelector('[data-testid="confirm-cancel"]')).toBeNull();
    });

    it('shows the API problem detail and keeps the appointment when the cancellation is refused', () => {
      click('[data-testid="cancel"]');
      click('[data-testid="confirm-cancel"]');
      http.expectOne('/api/kiosk/bookings/bk-9/cancel').flush(
        {
          title: 'Too late',
          status: 422,
          detail: 'Không thể hủy lịch trong vòng 2 giờ trước giờ khám.',
        },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      render();
      expect(text('.confirm [role="alert"]')).toBe(
        'Không thể hủy lịch trong vòng 2 giờ trước giờ khám.',
      );
      expect(all('[data-testid="appointment"]').length).toBe(1);
    });
  });
});
