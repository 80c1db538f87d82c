import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { VnTimePipe } from './vn-time-pipe';

describe('VnTimePipe', () => {
  function pipeFor(locale: string): VnTimePipe {
    TestBed.configureTestingModule({
      providers: [VnTimePipe, { provide: LOCALE_ID, useValue: locale }],
    });
    return TestBed.inject(VnTimePipe);
  }

  // Monday 24 November 2025, 14:05:03 UTC = 21:05:03 in Asia/Ho_Chi_Minh.
  const instant = '2025-11-24T14:05:03.000Z';

  it('shows the time of day in Viet Nam (UTC+7) whatever the machine time zone', () => {
    expect(pipeFor('vi').transform(instant)).toBe('21:05:03');
  });

  it('rolls over to the next Vietnamese day for a late UTC evening', () => {
    expect(pipeFor('vi').transform('2025-11-24T20:30:00Z', 'dateTime')).toBe('03:30:00 25/11/2025');
  });

  it('names the weekday in Vietnamese with the vi locale data', () => {
    expect(pipeFor('vi').transform(instant, 'longDate')).toBe('Thứ Hai, 24/11/2025');
  });

  it('names the weekday in English in the en build, keeping the Vietnamese digit order', () => {
    expect(pipeFor('en').transform(instant, 'longDate')).toBe('Monday, 24/11/2025');
  });

  it('renders nothing for a missing value', () => {
    const pipe = pipeFor('vi');
    expect(pipe.transform(undefined)).toBe('');
    expect(pipe.transform(null)).toBe('');
  });
});
