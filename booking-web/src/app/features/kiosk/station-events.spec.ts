import { TestBed } from '@angular/core/testing';

import { FakeEventSource, sessionStarted } from '../../../testing/kiosk-fixtures';
import { EVENT_SOURCE_FACTORY, type StationFeed, StationEvents, parseStationEvent } from './station-events';

describe('StationEvents', () => {
  let events: StationEvents;

  beforeEach(() => {
    FakeEventSource.reset();
    jasmine.clock().install();
    TestBed.configureTestingModule({
      providers: [{ provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) }],
    });
    events = TestBed.inject(StationEvents);
  });

  afterEach(() => jasmine.clock().uninstall());

  it('emits open and the parsed events when the stream delivers them', () => {
    const seen: StationFeed[] = [];
    const sub = events.watch('kiosk 01').subscribe((f) => seen.push(f));
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/stations/kiosk%2001/events');
    source.open();
    source.emit(sessionStarted());
    expect(seen).toEqual([{ kind: 'open' }, { kind: 'event', event: sessionStarted() }]);
    sub.unsubscribe();
  });

  it("sends the station's display key in the stream URL, since EventSource cannot send headers", () => {
    events.watch('kiosk-01', 'k3y/+=').subscribe().unsubscribe();
    expect(FakeEventSource.latest().url).toBe('/api/stations/kiosk-01/events?key=k3y%2F%2B%3D');
  });

  it('closes the EventSource when unsubscribed', () => {
    events.watch('kiosk-01').subscribe().unsubscribe();
    expect(FakeEventSource.latest().closed).toBeTrue();
  });

  it('reconnects after 1 s, then 2 s, and starts again at 1 s once connected when the stream keeps failing', () => {
    const seen: string[] = [];
    const sub = events.watch('kiosk-01').subscribe((f) => seen.push(f.kind));
    FakeEventSource.latest().fail();
    expect(seen).toEqual(['down']);
    expect(FakeEventSource.all.length).toBe(1);
    expect(FakeEventSource.all[0]!.closed).toBeTrue();

    jasmine.clock().tick(1000);
    expect(FakeEventSource.all.length).toBe(2);
    FakeEventSource.latest().fail();
    jasmine.clock().tick(1999);
    expect(FakeEventSource.all.length).toBe(2);
    jasmine.clock().tick(1);
    expect(FakeEventSource.all.length).toBe(3);

    FakeEventSource.latest().open();
    FakeEventSource.latest().fail();
    jasmine.clock().tick(1000);
    expect(FakeEventSource.all.length).toBe(4);
    expect(seen).toEqual(['down', 'down', 'open', 'down']);
    sub.unsubscribe();
  });
});

describe('parseStationEvent', () => {
  it('returns null when the data is not JSON, not a known type, or a session without a token', () => {
    expect(parseStationEvent('nope')).toBeNull();
    expect(parseStationEvent('{"type":"agent.hello"}')).toBeNull();
    expect(parseStationEvent('{"type":"session.started","session":{}}')).toBeNull();
  });

  it('returns the event when it is a well-formed card.rejected', () => {
    const event = { type: 'card.rejected', code: 'unknown-card', message: 'Thẻ lạ', at: '2025-11-24T01:00:00Z' };
    expect(parseStationEvent(JSON.stringify(event))).toEqual(event as never);
  });
});
