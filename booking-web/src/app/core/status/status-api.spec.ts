import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Subscription } from 'rxjs';

import { readyStatus } from '../../../testing/status-fixtures';
import { API_BASE_URL, STATUS_POLL_INTERVAL_MS, STATUS_REQUEST_TIMEOUT_MS } from '../api-config';
import { StatusApi, type StatusPollResult } from './status-api';

describe('StatusApi.poll', () => {
  let http: HttpTestingController;
  let results: StatusPollResult[];
  let subscription: Subscription;

  beforeEach(() => {
    jasmine.clock().install();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: API_BASE_URL, useValue: 'https://api.example.test' },
        { provide: STATUS_POLL_INTERVAL_MS, useValue: 3000 },
        { provide: STATUS_REQUEST_TIMEOUT_MS, useValue: 8000 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    results = [];
    subscription = TestBed.inject(StatusApi)
      .poll()
      .subscribe((r) => results.push(r));
  });

  afterEach(() => {
    subscription.unsubscribe();
    http.verify();
    jasmine.clock().uninstall();
  });

  const URL = 'https://api.example.test/api/status';

  it('asks at once and then every interval when the API answers', () => {
    jasmine.clock().tick(0);
    http.expectOne(URL).flush(readyStatus());
    jasmine.clock().tick(3000);
    http.expectOne(URL).flush(readyStatus());

    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok']);
  });

  it('reports an HTTP error as unreachable and keeps polling', () => {
    jasmine.clock().tick(0);
    http.expectOne(URL).flush('down', { status: 503, statusText: 'Service Unavailable' });
    jasmine.clock().tick(3000);
    http.expectOne(URL).flush(readyStatus());

    expect(results[0]).toEqual(
      jasmine.objectContaining({ kind: 'unreachable', reason: 'HTTP 503 Service Unavailable' }),
    );
    expect(results[1]?.kind).toBe('ok');
  });

  it('does not start a second request while one is still running, and times a hung one out', () => {
    jasmine.clock().tick(0);
    const first = http.expectOne(URL);
    jasmine.clock().tick(3000);
    jasmine.clock().tick(3000);
    http.expectNone(URL); // ticks at 3 s and 6 s were skipped, not queued or cancelling
    jasmine.clock().tick(2000); // 8 s: the request times out
    expect(first.cancelled).toBeTrue();
    expect(results).toEqual([jasmine.objectContaining({ kind: 'unreachable', reason: 'timeout' })]);
    jasmine.clock().tick(1000); // next tick at 9 s asks again
    http.expectOne(URL).flush(readyStatus());
    expect(results[1]?.kind).toBe('ok');
  });
});
