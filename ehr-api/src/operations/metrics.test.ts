import { describe, expect, it } from '@jest/globals';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { operationsMetrics } from './metrics.js';
import type { MetricsSnapshot } from './operations-service.js';

function snapshot(overrides: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  return {
    day: '2026-03-04',
    bookingsToday: [
      { hospitalId: 'bv-bai-chay', departmentCode: 'ngoai', status: 'booked', count: 4 },
      { hospitalId: 'bv-bai-chay', departmentCode: 'ngoai', status: 'no-show', count: 0 },
    ],
    stations: [
      {
        deviceId: 'kiosk-1',
        online: true,
        readers: ['R1'],
        lastSeenAt: '2026-03-04T03:00:00.000Z',
        lastCardEventAt: '2026-03-04T02:58:00.000Z',
      },
      { deviceId: 'desk-1', online: false, readers: [] },
    ],
    ingestion: [{ hospital: 'bv-bai-chay', state: 'rejected', count: 2 }],
    waitToday: [
      {
        hospitalId: 'bv-bai-chay',
        wait: { seen: 3, notSeen: 1, medianMinutes: 18, p90Minutes: 41.5 },
      },
      {
        hospitalId: 'bv-san-nhi-quang-ninh',
        wait: { seen: 0, notSeen: 2, medianMinutes: null, p90Minutes: null },
      },
    ],
    waitingToBeSeen: [
      { hospitalId: 'bv-bai-chay', departmentCode: 'ngoai', count: 1 },
      { hospitalId: 'bv-san-nhi-quang-ninh', departmentCode: 'san', count: 2 },
    ],
    feedback: [{ hospitalId: 'bv-bai-chay', received: 9, resolved: 4 }],
    ...overrides,
  };
}

/** Series of one family as `labels → value`, labels written `k=v,k=v` in sorted order. */
function series(text: string, name: string): Record<string, number> {
  const family = parsePrometheusTextFormat(text).find((f) => f.name === name);
  if (!family) throw new Error(`no family ${name} in:\n${text}`);
  return Object.fromEntries(
    family.metrics.map((m) => [
      Object.entries(m.labels ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      Number(m.value),
    ]),
  );
}

describe('operationsMetrics', () => {
  it('exposes bookings, stations and ingestion as gauges when scraped', async () => {
    const registry = operationsMetrics({ metricsSnapshot: () => Promise.resolve(snapshot()) });
    const text = await registry.metrics();
    expect(series(text, 'qn_bookings_today')).toEqual({
      'department=ngoai,hospital=bv-bai-chay,status=booked': 4,
      'department=ngoai,hospital=bv-bai-chay,status=no-show': 0,
    });
    expect(series(text, 'qn_stations_online')).toEqual({ '': 1 });
    expect(series(text, 'qn_stations_registered')).toEqual({ '': 2 });
    expect(series(text, 'qn_station_online')).toEqual({
      'station=kiosk-1': 1,
      'station=desk-1': 0,
    });
    expect(series(text, 'qn_station_last_card_tap_timestamp_seconds')).toEqual({
      'station=kiosk-1': Date.parse('2026-03-04T02:58:00.000Z') / 1000,
    });
    expect(series(text, 'qn_ingestion_records_last_7_days')).toEqual({
      'hospital=bv-bai-chay,state=rejected': 2,
    });
  });

  it('exposes the wait from check-in, the queues in front of the doctors and feedback', async () => {
    const registry = operationsMetrics({ metricsSnapshot: () => Promise.resolve(snapshot()) });
    const text = await registry.metrics();
    // A hospital where nobody was called in yet has no quantile: absent, not a made-up zero.
    expect(series(text, 'qn_wait_from_checkin_minutes')).toEqual({
      'hospital=bv-bai-chay,quantile=0.5': 18,
      'hospital=bv-bai-chay,quantile=0.9': 41.5,
    });
    expect(series(text, 'qn_patients_waiting_to_be_seen')).toEqual({
      'department=ngoai,hospital=bv-bai-chay': 1,
      'department=san,hospital=bv-san-nhi-quang-ninh': 2,
    });
    expect(series(text, 'qn_feedback_received')).toEqual({ 'hospital=bv-bai-chay': 9 });
    expect(series(text, 'qn_feedback_resolved')).toEqual({ 'hospital=bv-bai-chay': 4 });
  });

  it("reports the admission gate's load when it has one, and no such series when not", async () => {
    const load = { active: 64, waiting: 7 };
    const registry = operationsMetrics(
      { metricsSnapshot: () => Promise.resolve(snapshot()) },
      { load: () => load },
    );
    const text = await registry.metrics();
    expect(series(text, 'qn_api_requests_active')).toEqual({ '': 64 });
    expect(series(text, 'qn_api_requests_waiting')).toEqual({ '': 7 });
    load.waiting = 0;
    expect(series(await registry.metrics(), 'qn_api_requests_waiting')).toEqual({ '': 0 });
    const without = operationsMetrics({ metricsSnapshot: () => Promise.resolve(snapshot()) });
    expect(await without.metrics()).not.toContain('qn_api_requests_waiting');
  });

  it('reads the database once per scrape however many gauges there are', async () => {
    let reads = 0;
    const registry = operationsMetrics({
      metricsSnapshot: () => {
        reads += 1;
        return Promise.resolve(snapshot());
      },
    });
    await registry.metrics();
    expect(reads).toBe(1);
    await registry.metrics();
    expect(reads).toBe(2);
  });

  it('drops a series whose labels are gone when the next scrape no longer has them', async () => {
    let current = snapshot();
    const registry = operationsMetrics({ metricsSnapshot: () => Promise.resolve(current) });
    await registry.metrics();
    current = snapshot({ stations: [{ deviceId: 'kiosk-2', online: true, readers: [] }] });
    const text = await registry.metrics();
    expect(series(text, 'qn_station_online')).toEqual({ 'station=kiosk-2': 1 });
  });

  it('fails the scrape when the snapshot cannot be read, rather than serve stale numbers', async () => {
    const registry = operationsMetrics({
      metricsSnapshot: () => Promise.reject(new Error('database down')),
    });
    await expect(registry.metrics()).rejects.toThrow('database down');
  });
});
