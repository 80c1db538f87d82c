import { describe, expect, it } from '@jest/globals';
import {
  bulkManifest,
  changedSince,
  locationResource,
  scheduleResource,
  slotResource,
  SLOT_FILE_DAYS,
  SMART_SCHEDULING_EXTENSION,
  toNdjson,
} from './bulk-publish.js';
import type { ScheduleTemplate } from './template.js';

const TEMPLATE: ScheduleTemplate = {
  serviceId: 'hs-bv-bai-chay-noi',
  hospitalId: 'bv-bai-chay',
  hospitalName: 'Bệnh viện Bãi Cháy',
  serviceName: 'Khoa Nội',
  departmentCode: 'noi',
  directions: 'Nhà điều trị, tầng 2',
  locationId: 'loc-bv-bai-chay',
  slotMinutes: 15,
  capacity: 3,
  sessions: [{ weekday: 1, start: '07:30', end: '11:30' }],
  active: true,
};
const START = new Date('2026-12-01T00:30:00Z'); // 07:30 in Vietnam
const END = new Date('2026-12-01T00:45:00Z');

describe('bulkManifest', () => {
  it('names one NDJSON file per type under the base URL, with the time in +07:00', () => {
    const manifest = bulkManifest({
      baseUrl: 'https://lich.quangninh.gov.vn',
      request: 'https://lich.quangninh.gov.vn/fhir/$bulk-publish',
      at: START,
    });
    expect(manifest).toEqual({
      transactionTime: '2026-12-01T07:30:00.000+07:00',
      request: 'https://lich.quangninh.gov.vn/fhir/$bulk-publish',
      requiresAccessToken: false,
      output: [
        { type: 'Location', url: 'https://lich.quangninh.gov.vn/fhir/bulk/Location.ndjson' },
        { type: 'Schedule', url: 'https://lich.quangninh.gov.vn/fhir/bulk/Schedule.ndjson' },
        { type: 'Slot', url: 'https://lich.quangninh.gov.vn/fhir/bulk/Slot.ndjson' },
      ],
      error: [],
    });
  });

  it('passes _since on to the Slot file only when the manifest was asked with one', () => {
    const manifest = bulkManifest({
      baseUrl: 'http://127.0.0.1:3000',
      request: 'http://127.0.0.1:3000/fhir/$bulk-publish?_since=x',
      at: START,
      since: new Date('2026-12-01T00:00:00Z'),
    });
    const urls = Object.fromEntries(manifest.output.map((o) => [o.type, new URL(o.url)]));
    expect(urls.Slot!.searchParams.get('_since')).toBe('2026-12-01T07:00:00.000+07:00');
    expect(urls.Location!.search).toBe('');
    expect(urls.Schedule!.search).toBe('');
  });
});

describe('slotResource', () => {
  it('publishes a slot with a seat left as free, with the booking deep link and phone', () => {
    const slot = slotResource(
      { template: TEMPLATE, start: START, end: END, taken: 2 },
      { bookingPageBase: 'https://lich.quangninh.gov.vn', phone: '+84 203 3846 440' },
    );
    expect(slot).toMatchObject({
      resourceType: 'Slot',
      id: 'hs-bv-bai-chay-noi-202612010730',
      schedule: { reference: 'Schedule/sch-hs-bv-bai-chay-noi' },
      status: 'free',
      start: '2026-12-01T07:30:00.000+07:00',
      end: '2026-12-01T07:45:00.000+07:00',
      comment: '2/3',
    });
    expect(slot.extension).toEqual([
      {
        url: SMART_SCHEDULING_EXTENSION.bookingDeepLink,
        valueUrl: 'https://lich.quangninh.gov.vn/dat-lich?slot=hs-bv-bai-chay-noi%40202612010730',
      },
      { url: SMART_SCHEDULING_EXTENSION.bookingPhone, valueString: '+84 203 3846 440' },
    ]);
  });

  it('publishes a full slot as busy, with no booking link', () => {
    const slot = slotResource(
      { template: TEMPLATE, start: START, end: END, taken: 3 },
      { bookingPageBase: 'https://lich.quangninh.gov.vn', phone: '+84 203 3846 440' },
    );
    expect(slot.status).toBe('busy');
    expect(slot.extension).toBeUndefined();
  });
});

describe('scheduleResource and locationResource', () => {
  it('puts the Location first among the Schedule actors, as SMART Scheduling Links reads it', () => {
    expect(scheduleResource(TEMPLATE).actor?.[0]).toEqual({
      reference: 'Location/loc-bv-bai-chay',
      display: 'Bệnh viện Bãi Cháy',
    });
  });

  it('falls back to the hospital name when the directory is not reachable', () => {
    expect(locationResource('loc-bv-bai-chay', 'Bệnh viện Bãi Cháy', undefined)).toEqual({
      resourceType: 'Location',
      id: 'loc-bv-bai-chay',
      status: 'active',
      name: 'Bệnh viện Bãi Cháy',
    });
    expect(
      locationResource('loc-bv-bai-chay', 'x', {
        name: 'Bệnh viện Bãi Cháy — cơ sở chính',
        phone: '+84 203 3846 440',
      }).telecom,
    ).toEqual([{ system: 'phone', value: '+84 203 3846 440' }]);
  });
});

describe('changedSince', () => {
  const since = new Date('2026-12-01T00:00:00Z');
  const template = { updatedAt: new Date('2026-11-01T00:00:00Z') };

  it('keeps a slot whose bookings changed since', () => {
    expect(changedSince({ start: START, template }, since, new Set(['k']), 'k')).toBe(true);
  });

  it('drops an untouched slot that was already in the window then', () => {
    expect(changedSince({ start: START, template }, since, new Set(), 'k')).toBe(false);
  });

  it('keeps a slot that came into the window since, and every slot of a template changed since', () => {
    const beyond = new Date(since.getTime() + (SLOT_FILE_DAYS * 24 + 1) * 3600_000);
    expect(changedSince({ start: beyond, template }, since, new Set(), 'k')).toBe(true);
    expect(
      changedSince(
        { start: START, template: { updatedAt: new Date('2026-12-01T00:00:01Z') } },
        since,
        new Set(),
        'k',
      ),
    ).toBe(true);
  });
});

describe('toNdjson', () => {
  it('writes one minified resource per line, each ended by a newline', () => {
    const text = toNdjson([
      { resourceType: 'Location', id: 'a' },
      { resourceType: 'Location', id: 'b' },
    ]);
    expect(text).toBe(
      '{"resourceType":"Location","id":"a"}\n{"resourceType":"Location","id":"b"}\n',
    );
    expect(toNdjson([])).toBe('');
  });
});
