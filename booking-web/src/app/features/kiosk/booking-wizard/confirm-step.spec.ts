import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { bookingFor, session, slot } from '../../../../testing/kiosk-fixtures';
import { KioskApi } from '../kiosk-api';
import { KioskStore } from '../kiosk-store';
import type { Booking } from '../kiosk-types';
import { ConfirmStep } from './confirm-step';

/**
 * The confirm step's hold and its countdown. The app is zoneless (no zone.js), so time is driven
 * with jasmine's mock clock, as in the kiosk page's idle-timeout specs, rather than fakeAsync.
 */
describe('ConfirmStep', () => {
  let fixture: ComponentFixture<ConfirmStep>;
  let http: HttpTestingController;
  let store: KioskStore;
  let booked: Booking[];

  const seat = slot('2025-11-26', '09:30', { slotId: 'slot-b' });
  const held = bookingFor(seat, {
    id: 'hold-1',
    status: 'held',
    queueNumber: 0,
    createdAt: '2025-11-24T01:01:00.000Z',
    holdExpiresAt: '2025-11-24T01:06:00.000Z',
  });

  function create(now: string): void {
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date(now));
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
    store = TestBed.inject(KioskStore);
    store.start(session);
    fixture = TestBed.createComponent(ConfirmStep);
    fixture.componentRef.setInput('slot', seat);
    booked = [];
    fixture.componentInstance.booked.subscribe((b) => booked.push(b));
    fixture.detectChanges();
  }

  afterEach(() => {
    try {
      if (!fixture.componentRef.hostView.destroyed) fixture.destroy();
      http.verify();
    } finally {
      jasmine.clock().uninstall();
    }
  });

  /** The step goes away with the hold live: the seat is let go. */
  function closeLettingGo(): void {
    fixture.destroy();
    http.expectOne('/api/kiosk/holds/hold-1/release').flush({ ...held, status: 'expired' });
  }

  const text = (selector: string): string =>
    ((fixture.nativeElement as HTMLElement).querySelector(selector)?.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim();

  function tick(ms: number): void {
    jasmine.clock().tick(ms);
    fixture.detectChanges();
  }

  function answerHold(body: Booking = held): void {
    http.expectOne({ method: 'POST', url: '/api/kiosk/holds' }).flush(body, {
      status: 201,
      statusText: 'Created',
    });
    fixture.detectChanges();
  }

  it('says the seat is being held, with the confirm button disabled, until the API answers', () => {
    create('2025-11-24T01:01:00.000Z');
    expect(text('[data-testid="hold-status"]')).toBe('Đang giữ chỗ cho bạn…');
    const button = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>(
      '[data-testid="confirm"]',
    )!;
    expect(button.disabled).toBeTrue();
    answerHold();
    expect(button.disabled).toBeFalse();
    expect(store.liveHold()).toBe('hold-1');
    closeLettingGo();
  });

  it('counts the hold down every second, in minutes and seconds', () => {
    create('2025-11-24T01:01:00.000Z');
    answerHold();
    expect(text('[data-testid="hold-countdown"]')).toBe(
      '⏱Chỗ được giữ cho bạn trong 5 phút (còn 5:00)',
    );
    tick(28_000);
    expect(text('[data-testid="hold-countdown"]')).toBe(
      '⏱Chỗ được giữ cho bạn trong 5 phút (còn 4:32)',
    );
    tick(4 * 60_000 + 22_000);
    expect(text('[data-testid="hold-countdown"]')).toContain('(còn 0:10)');
    closeLettingGo();
  });

  it('counts from the API-given length, not from its clock, when the kiosk clock is off', () => {
    // The kiosk's clock runs 10 minutes ahead of the server's.
    create('2025-11-24T01:11:00.000Z');
    answerHold();
    expect(text('[data-testid="hold-countdown"]')).toContain('(còn 5:00)');
    closeLettingGo();
  });

  it('says the hold has run out at zero, and still lets the patient try to confirm', () => {
    create('2025-11-24T01:01:00.000Z');
    answerHold();
    tick(5 * 60_000);
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('[data-testid="hold-countdown"]'),
    ).toBeNull();
    expect(text('[data-testid="hold-lapsed"]')).toContain('Đã hết thời gian giữ chỗ.');
    expect(text('[data-testid="confirm"]')).toBe('Xác nhận đặt lịch');
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="confirm"]')!
      .click();
    http.expectOne('/api/kiosk/holds/hold-1/confirm').flush(bookingFor(seat, { queueNumber: 8 }));
    expect(booked.map((b) => b.queueNumber)).toEqual([8]);
  });

  it('confirms the hold and does not let the booked seat go when the step closes', () => {
    create('2025-11-24T01:01:00.000Z');
    answerHold();
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="confirm"]')!
      .click();
    fixture.detectChanges();
    expect(text('[data-testid="confirm"]')).toBe('Đang đặt lịch…');
    const req = http.expectOne({ method: 'POST', url: '/api/kiosk/holds/hold-1/confirm' });
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
    req.flush(bookingFor(seat, { queueNumber: 8 }));
    expect(store.liveHold()).toBeNull();
    fixture.destroy();
    http.expectNone('/api/kiosk/holds/hold-1/release');
  });

  it('lets the seat go when the step closes with the hold still live', () => {
    create('2025-11-24T01:01:00.000Z');
    answerHold();
    fixture.destroy();
    const release = http.expectOne({ method: 'POST', url: '/api/kiosk/holds/hold-1/release' });
    expect(release.request.headers.get('Authorization')).toBe(`Bearer ${session.token}`);
    release.flush({ ...held, status: 'expired' });
    expect(store.liveHold()).toBeNull();
  });

  it('lets a hold go that the API made after the patient had already left the step', () => {
    create('2025-11-24T01:01:00.000Z');
    const pending = http.expectOne({ method: 'POST', url: '/api/kiosk/holds' });
    fixture.destroy();
    pending.flush(held, { status: 201, statusText: 'Created' });
    http.expectOne('/api/kiosk/holds/hold-1/release').flush({ ...held, status: 'expired' });
    expect(store.liveHold()).toBeNull();
  });

  it('lets the old hold go and holds the new slot with a new key when the patient switches to an alternative', () => {
    create('2025-11-24T01:01:00.000Z');
    const first = http.expectOne({ method: 'POST', url: '/api/kiosk/holds' });
    const firstKey = first.request.headers.get('Idempotency-Key');
    first.flush(held, { status: 201, statusText: 'Created' });
    fixture.detectChanges();
    const other = slot('2025-11-26', '10:00', { slotId: 'slot-c' });
    fixture.componentRef.setInput('slot', other);
    fixture.detectChanges();
    http.expectOne('/api/kiosk/holds/hold-1/release').flush({ ...held, status: 'expired' });
    const second = http.expectOne({ method: 'POST', url: '/api/kiosk/holds' });
    expect(second.request.body).toEqual({ slotId: 'slot-c' });
    expect(second.request.headers.get('Idempotency-Key')).not.toBe(firstKey);
    second.flush({ ...held, id: 'hold-2' });
    fixture.detectChanges();
    expect(store.liveHold()).toBe('hold-2');
    fixture.destroy();
    http.expectOne('/api/kiosk/holds/hold-2/release').flush({ ...held, status: 'expired' });
  });

  it('leaves the letting-go to the page when the session has ended (the store was cleared)', () => {
    create('2025-11-24T01:01:00.000Z');
    answerHold();
    // Spy on the API itself: with the session cleared, a request could not even be sent.
    const release = spyOn(TestBed.inject(KioskApi), 'releaseHold').and.callThrough();
    store.clear();
    fixture.destroy();
    expect(release).not.toHaveBeenCalled();
    http.expectNone('/api/kiosk/holds/hold-1/release');
  });
});
