import { Gauge, Registry } from 'prom-client';
import type { AdmissionGate } from '../hardening/admission.js';
import type { MetricsSnapshot } from './operations-service.js';

/** What the gauges read on each scrape. */
export interface MetricsSource {
  metricsSnapshot(): Promise<MetricsSnapshot>;
}

/**
 * The operations gauges for the IOC's Prometheus, in a registry of their own (not prom-client's
 * global one, so two apps in one process, as in the tests, do not clash). Values are computed on
 * scrape by the gauges' `collect` callbacks. prom-client starts every metric's `collect` in the
 * same tick, so they share one in-flight snapshot: one scrape reads the database once, and
 * concurrent scrapes share that read too.
 */
export function operationsMetrics(
  source: MetricsSource,
  /** This instance's admission gate (hardening/admission.ts), when it has one. */
  admission?: Pick<AdmissionGate, 'load'>,
): Registry {
  const registry = new Registry();
  let inFlight: Promise<MetricsSnapshot> | undefined;
  const snapshot = (): Promise<MetricsSnapshot> => {
    inFlight ??= source.metricsSnapshot().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  new Gauge({
    name: 'qn_bookings_today',
    help: 'Bookings for slots today (Asia/Ho_Chi_Minh), by hospital, department and status; every active department is listed, at zero too.',
    labelNames: ['hospital', 'department', 'status'] as const,
    registers: [registry],
    async collect() {
      const { bookingsToday } = await snapshot();
      this.reset();
      for (const row of bookingsToday)
        this.set(
          { hospital: row.hospitalId, department: row.departmentCode, status: row.status },
          row.count,
        );
    },
  });
  new Gauge({
    name: 'qn_wait_from_checkin_minutes',
    help: 'Minutes from check-in to being called in by a doctor, over the patients called in today, by hospital: median (quantile 0.5) and 90th percentile (0.9); absent while nobody was called in.',
    labelNames: ['hospital', 'quantile'] as const,
    registers: [registry],
    async collect() {
      const { waitToday } = await snapshot();
      this.reset();
      for (const { hospitalId, wait } of waitToday) {
        if (wait.medianMinutes !== null)
          this.set({ hospital: hospitalId, quantile: '0.5' }, wait.medianMinutes);
        if (wait.p90Minutes !== null)
          this.set({ hospital: hospitalId, quantile: '0.9' }, wait.p90Minutes);
      }
    },
  });
  new Gauge({
    name: 'qn_patients_waiting_to_be_seen',
    help: 'Patients checked in today and not called in yet, by hospital and department; every active department is listed, at zero too.',
    labelNames: ['hospital', 'department'] as const,
    registers: [registry],
    async collect() {
      const { waitingToBeSeen } = await snapshot();
      this.reset();
      for (const row of waitingToBeSeen)
        this.set({ hospital: row.hospitalId, department: row.departmentCode }, row.count);
    },
  });
  new Gauge({
    name: 'qn_feedback_received',
    help: 'Pieces of patient feedback received, ever, by hospital.',
    labelNames: ['hospital'] as const,
    registers: [registry],
    async collect() {
      const { feedback } = await snapshot();
      this.reset();
      for (const row of feedback) this.set({ hospital: row.hospitalId }, row.received);
    },
  });
  new Gauge({
    name: 'qn_feedback_resolved',
    help: 'Pieces of patient feedback marked resolved by staff, ever, by hospital; received minus resolved is still open.',
    labelNames: ['hospital'] as const,
    registers: [registry],
    async collect() {
      const { feedback } = await snapshot();
      this.reset();
      for (const row of feedback) this.set({ hospital: row.hospitalId }, row.resolved);
    },
  });
  new Gauge({
    name: 'qn_stations_online',
    help: 'Card-reader stations connected and heard from recently.',
    registers: [registry],
    async collect() {
      const { stations } = await snapshot();
      this.set(stations.filter((s) => s.online).length);
    },
  });
  new Gauge({
    name: 'qn_stations_registered',
    help: 'Card-reader stations registered, online or not.',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).stations.length);
    },
  });
  new Gauge({
    name: 'qn_station_online',
    help: '1 when the station is online, 0 when not.',
    labelNames: ['station'] as const,
    registers: [registry],
    async collect() {
      const { stations } = await snapshot();
      this.reset();
      for (const station of stations)
        this.set({ station: station.deviceId }, station.online ? 1 : 0);
    },
  });
  new Gauge({
    name: 'qn_station_last_card_tap_timestamp_seconds',
    help: 'When a card was last tapped on the station (Unix time); absent for a station never tapped.',
    labelNames: ['station'] as const,
    registers: [registry],
    async collect() {
      const { stations } = await snapshot();
      this.reset();
      for (const station of stations) {
        if (station.lastCardEventAt)
          this.set({ station: station.deviceId }, Date.parse(station.lastCardEventAt) / 1000);
      }
    },
  });
  new Gauge({
    name: 'qn_ingestion_records_last_7_days',
    help: 'Ingested records that ended loaded, merged or rejected in the seven local days ending today, by hospital and state.',
    labelNames: ['hospital', 'state'] as const,
    registers: [registry],
    async collect() {
      const { ingestion } = await snapshot();
      this.reset();
      for (const row of ingestion)
        this.set({ hospital: row.hospital, state: row.state }, row.count);
    },
  });
  if (admission) {
    // Read from memory, not the database: they still answer when the database is what is slow.
    new Gauge({
      name: 'qn_api_requests_active',
      help: 'API requests this instance is working on now (at most QN_ADMISSION_CONCURRENCY).',
      registers: [registry],
      collect() {
        this.set(admission.load().active);
      },
    });
    new Gauge({
      name: 'qn_api_requests_waiting',
      help: 'API requests waiting for their turn at this instance; a queue that keeps growing means it is overloaded.',
      registers: [registry],
      collect() {
        this.set(admission.load().waiting);
      },
    });
  }
  return registry;
}
