/**
 * Booking benchmark against the real stack (FerretDB on PostgreSQL, HAPI FHIR), with an ehr-api
 * started in a process of its own (api-process.ts) on a fresh database:
 *
 * (a) contention: N patients at once on one slot of capacity C, through POST /api/bookings, then
 *     the outbox drained and the Appointments counted in HAPI;
 * (b) throughput: K kiosks, each booking M slots one after another, over a week of availability;
 * (c) the FHIR-only alternative, against HAPI directly: read the Slot, then one transaction that
 *     updates it with If-Match on its version and creates the Appointment; retry on 409/412.
 *     Run once like (a) (N on one slot) and once like (b) (K workers, K×M bookings).
 * (d) latency at a person's pace: the K kiosks each start a booking every P seconds for a while,
 *     through the API and then FHIR-only. (b) and (c) give every kiosk its next booking the moment
 *     the last one is answered, so their latency is K ÷ throughput whatever the path does.
 *
 * The CPU time of the API, this process, FerretDB, PostgreSQL and HAPI is read from /proc around
 * each phase. Loopback only, every request count bounded, stops by itself.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AvailableSlot } from '@qn/contracts';
import type { Appointment, Bundle, BundleEntry, Schedule, Slot } from 'fhir/r4.js';
import mongoose from 'mongoose';
import { authModels } from '../ehr-api/src/auth/user-model.js';
import { UserService } from '../ehr-api/src/auth/user-service.js';
import { demoDirectoryBundle } from '../ehr-api/src/directory/demo-directory.js';
import { FhirStore } from '../ehr-api/src/fhir/fhir-store.js';
import {
  CANONICAL_BASE,
  CODE_SYSTEM,
  IDENTIFIER_SYSTEM,
  PROFILE,
} from '../ehr-api/src/fhir/profiles.js';
import { HOSPITAL_CODES } from '../ehr-api/src/ingestion/model.js';
import { seedDemoTemplates } from '../ehr-api/src/scheduling/demo-templates.js';
import { BOOKING_IDENTIFIER_SYSTEM } from '../ehr-api/src/scheduling/fhir-publisher.js';
import { addDays, localDayOf } from '../ehr-api/src/scheduling/local-time.js';
import {
  schedulingModels,
  type BookingDocument,
  type SchedulingModels,
} from '../ehr-api/src/scheduling/models.js';
import { staffSignIn, startApiChild, type ApiChild } from './lib/api-child.js';
import { cpuBetween, cpuSnapshot, type CpuGroup, type CpuSpent } from './lib/cpu.js';
import {
  inParallel,
  sleep,
  now,
  progress,
  summarise,
  waitUntil,
  type LatencySummary,
} from './lib/measure.js';

export interface BookingBenchOptions {
  mongoUri: string;
  hapiUrl: string;
  /** (a) concurrent attempts on one slot. */
  contentionAttempts: number;
  /** (a) seats of that slot; undefined: the demo template's own capacity. */
  capacity?: number;
  /** (b)/(c) simulated kiosks (concurrent clients). */
  kiosks: number;
  /** (b)/(c) bookings per kiosk, one after another. */
  perKiosk: number;
  /** (d) kiosks booking at a person's pace. */
  pacedKiosks: number;
  /** (d) each kiosk starts a booking this often. */
  paceMs: number;
  /** (d) for this long, on each path; 0 leaves (d) out. */
  pacedForMs: number;
  /** (c) attempts per booking (read + conditional transaction) before giving up. */
  fhirMaxAttempts: number;
  /** How long to wait for the outbox to reach HAPI. */
  drainTimeoutMs: number;
  logLevel: string;
  /** Processes of the stack (postgres, ferretdb, hapi-fhir…) whose CPU time to report; empty when external. */
  stackProcesses: Array<{ name: string; pid: number }>;
  /** Where the API's log (and CPU profiles) go. */
  logDir: string;
  /** Take a V8 CPU profile of the API during (a) and (b), written into this folder. */
  profileDir?: string;
  /** Count the MongoDB commands the API sends (driver command monitoring) and what one booking costs. */
  mongoTrace: boolean;
  /**
   * The API's MongoDB connection pool (maxPoolSize); 0: the stack's (40). FerretDB 1.24
   * deadlocks once as many updates run at once as it has PostgreSQL connections (180 in our
   * stack, see README); a pool below half of that rules it out.
   */
  apiMongoPool: number;
  /** A booking request not answered in this time counts as a network error (a hung server ends the run). */
  requestTimeoutMs: number;
  /** One receptionist account per kiosk instead of one for all (the per-user rate limit's count stays small). */
  staffPerKiosk: boolean;
  /** Further settings for the API (QN_* variables), e.g. a longer readiness probe timeout. */
  apiEnv: Record<string, string>;
}

export interface Outcomes {
  created: number;
  /** 409 answers by problem type (slot-full, already-booked-that-day, …). */
  conflicts: Record<string, number>;
  /** Other 4xx answers by status. */
  otherClientErrors: Record<string, number>;
  serverErrors: number;
  networkErrors: number;
  /** 409 slot-full answers that offered at least one alternative slot. */
  fullWithAlternatives: number;
  /** First few 5xx / network / unexpected answers, for the report. */
  samples: string[];
}

export interface ApiContentionResult {
  slotId: string;
  capacity: number;
  attempts: number;
  outcomes: Outcomes;
  wallMs: number;
  latency: LatencySummary;
  drainMs: number | undefined;
  appointmentsInHapi: number;
  /** Bookings with exactly one Appointment in HAPI (searched by booking id). */
  bookingsWithOneAppointment: number;
  /** Active bookings in MongoDB beyond their slot's capacity, summed over slots (must be 0). */
  doubleBookings: number;
  /** Latency of a 409 on the full slot with no other load (20 sequential attempts). */
  refusalAlone: LatencySummary;
  /** Queue numbers handed out, sorted (should be distinct, no gaps per department/day). */
  queueNumbers: number[];
}

export interface ApiThroughputResult {
  kiosks: number;
  perKiosk: number;
  slotsOffered: number;
  outcomes: Outcomes;
  wallMs: number;
  bookingsPerSecond: number;
  latency: LatencySummary;
  drainMs: number | undefined;
  publishedPerSecond: number | undefined;
  appointmentsInHapi: number;
  bookingsWithOneAppointment: number;
  doubleBookings: number;
}

export interface PacedResult {
  kiosks: number;
  paceMs: number;
  forMs: number;
  /** Bookings started per second, on each path. */
  offeredPerSecond: number;
  api: { outcomes: Outcomes; latency: LatencySummary; wallMs: number; doubleBookings: number };
  fhir: { outcomes: FhirOutcomes; latency: LatencySummary; wallMs: number; doubleBookings: number };
}

export interface FhirOutcomes {
  booked: number;
  full: number;
  gaveUp: number;
  errors: number;
  /** 409/412 answers to the conditional transaction (lost races), all attempts together. */
  versionConflicts: number;
  /** Other non-2xx answers by status. */
  errorStatuses: Record<string, number>;
  samples: string[];
}

export interface FhirRunResult {
  attempts: number;
  workers: number;
  outcomes: FhirOutcomes;
  wallMs: number;
  bookingsPerSecond: number;
  latency: LatencySummary;
  appointmentsInHapi: number;
  /** Appointments beyond a Slot's capacity, summed over the Slots. */
  doubleBookings: number;
}

/** MongoDB commands the API sent, by `<command> <collection>`. */
export type CommandCounts = Record<string, number>;

/** What one request costs in MongoDB commands, from sequential requests with nothing else running. */
export interface CommandsPerRequest {
  requests: number;
  /** Commands seen while each request was in flight: the fewest, the median. */
  min: number;
  median: number;
  /** The commands of a request with the fewest (background tasks can only add). */
  fewest: CommandCounts;
  /** Milliseconds the commands took (as the API saw them), mean per request, by command. */
  meanMs: CommandCounts;
  /** Latency of the requests themselves, client side. */
  latency: LatencySummary;
}

export interface MongoTrace {
  booking: CommandsPerRequest;
  refusal: CommandsPerRequest;
  /** Every command of the API while (b) ran, and while its outbox drained, with the bookings of (b). */
  throughputWindow: CommandCounts;
  throughputWindowMs: CommandCounts;
  drainWindow: CommandCounts;
  bookings: number;
}

export interface BookingBenchResult {
  startedAt: Date;
  contention: ApiContentionResult;
  fhirContention: FhirRunResult;
  throughput: ApiThroughputResult;
  fhirThroughput: FhirRunResult;
  paced?: PacedResult;
  /** CPU time per phase, by component (ehr-api, FerretDB, …) plus this process and the whole machine. */
  cpu: Array<{ phase: string; spent: CpuSpent }>;
  /** Names of the CPU groups, in the order to show them. */
  cpuGroups: string[];
  mongoTrace?: MongoTrace;
  /** CPU profiles written, with the bookings (201s) and answers of their phase. */
  profiles: Array<{ file: string; phase: string; created: number; answers: number }>;
  totalMs: number;
}

const FHIR_JSON = 'application/fhir+json';

function emptyOutcomes(): Outcomes {
  return {
    created: 0,
    conflicts: {},
    otherClientErrors: {},
    serverErrors: 0,
    networkErrors: 0,
    fullWithAlternatives: 0,
    samples: [],
  };
}

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

function sample(samples: string[], text: string): void {
  if (samples.length < 8) samples.push(text.slice(0, 400));
}

export function describeOutcomes(o: Outcomes): string {
  const conflicts = Object.entries(o.conflicts).map(([k, n]) => `409 ${k}: ${n}`);
  const others = Object.entries(o.otherClientErrors).map(([k, n]) => `${k}: ${n}`);
  return [
    `201: ${o.created}`,
    ...conflicts,
    ...others,
    `5xx: ${o.serverErrors}`,
    `network: ${o.networkErrors}`,
  ].join(', ');
}

function describeFhir(o: FhirOutcomes): string {
  return `booked ${o.booked}, full ${o.full}, gave up ${o.gaveUp}, errors ${o.errors}, 409/412 ${o.versionConflicts}`;
}

/**
 * Receptionists' sign-ins (staff book on a patient's behalf), set once the API is up: one for
 * every kiosk, or one per kiosk (QN_BENCH_STAFF=per-kiosk); request i books as staffHeaders[i mod n].
 */
let staffHeaders: Array<Record<string, string>> = [];
let requestTimeoutMs = 300_000;

/** One POST /api/bookings, timed and sorted into the outcomes. Returns the booking id on 201. */
async function postBooking(
  apiUrl: string,
  slotId: string,
  patientId: string,
  outcomes: Outcomes,
  latencies: number[],
  desk = 0,
): Promise<{ id: string; queueNumber: number } | undefined> {
  const started = now();
  try {
    const response = await fetch(`${apiUrl}/api/bookings`, {
      method: 'POST',
      headers: {
        ...staffHeaders[desk % staffHeaders.length],
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({ slotId, patientId }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const text = await response.text();
    latencies.push(now() - started);
    if (response.status === 201) {
      outcomes.created++;
      const booking = JSON.parse(text) as { id: string; queueNumber: number };
      return { id: booking.id, queueNumber: booking.queueNumber };
    }
    if (response.status === 409) {
      const problem = JSON.parse(text) as { type?: string; alternatives?: unknown[] };
      const type = (problem.type ?? '?').split('/').pop() ?? '?';
      bump(outcomes.conflicts, type);
      if (type === 'slot-full' && (problem.alternatives?.length ?? 0) > 0)
        outcomes.fullWithAlternatives++;
    } else if (response.status >= 500) {
      outcomes.serverErrors++;
      sample(outcomes.samples, `${response.status} ${text}`);
    } else {
      bump(outcomes.otherClientErrors, String(response.status));
      sample(outcomes.samples, `${response.status} ${text}`);
    }
  } catch (error) {
    latencies.push(now() - started);
    outcomes.networkErrors++;
    sample(outcomes.samples, `network: ${describeError(error)}`);
  }
  return undefined;
}

/** Free slots of a week, through the API as a kiosk sees them (per day and hospital: at most 200 per answer). */
async function weekOfAvailability(
  apiUrl: string,
  firstDay: string,
  hospitals: string[],
): Promise<AvailableSlot[]> {
  const slots: AvailableSlot[] = [];
  for (let d = 0; d < 7; d++) {
    const day = addDays(firstDay, d);
    for (const hospital of hospitals) {
      const response = await fetch(
        `${apiUrl}/api/availability?from=${day}&to=${day}&hospital=${hospital}&limit=200`,
      );
      if (!response.ok)
        throw new Error(
          `GET /api/availability answered ${response.status}: ${await response.text()}`,
        );
      slots.push(...((await response.json()) as AvailableSlot[]));
    }
  }
  return slots;
}

/** Seats to book in order: every slot once, then every slot again…, so concurrent kiosks mostly hit distinct slots. */
function seatOrder(slots: AvailableSlot[], total: number): AvailableSlot[] {
  const order: AvailableSlot[] = [];
  for (let pass = 0; order.length < total; pass++) {
    const before = order.length;
    for (const slot of slots) {
      if (pass < slot.seatsLeft && order.length < total) order.push(slot);
    }
    if (order.length === before)
      throw new Error(
        `only ${order.length} seats free in the week, ${total} wanted: lower QN_BENCH_KIOSKS or QN_BENCH_PER_KIOSK`,
      );
  }
  return order;
}

/**
 * The Appointments in HAPI carrying these booking ids (searched by the booking identifier system,
 * 40 ids a request): how many in all, and how many bookings have exactly one.
 */
async function appointmentsForBookings(
  hapiUrl: string,
  bookingIds: string[],
): Promise<{ appointments: number; bookingsWithOne: number }> {
  const perBooking = new Map<string, number>();
  let appointments = 0;
  for (let i = 0; i < bookingIds.length; i += 40) {
    const ids = bookingIds
      .slice(i, i + 40)
      .map((id) => encodeURIComponent(`${BOOKING_IDENTIFIER_SYSTEM}|${id}`));
    let url: string | undefined =
      `${hapiUrl}/Appointment?identifier=${ids.join(',')}&_elements=identifier&_count=200`;
    while (url) {
      const response = await fetch(url, {
        headers: { Accept: FHIR_JSON, 'Cache-Control': 'no-cache' },
      });
      if (!response.ok)
        throw new Error(
          `HAPI search answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
        );
      const page = (await response.json()) as Bundle<Appointment>;
      for (const entry of page.entry ?? []) {
        appointments++;
        const id = entry.resource?.identifier?.find(
          (x) => x.system === BOOKING_IDENTIFIER_SYSTEM,
        )?.value;
        if (id) perBooking.set(id, (perBooking.get(id) ?? 0) + 1);
      }
      url = page.link?.find((l) => l.relation === 'next')?.url;
    }
  }
  const wanted = new Set(bookingIds);
  let bookingsWithOne = 0;
  for (const [id, n] of perBooking) if (n === 1 && wanted.has(id)) bookingsWithOne++;
  return { appointments, bookingsWithOne };
}

/** Active bookings beyond their slot's capacity, summed over the slots (read back from MongoDB). */
async function apiDoubleBookings(models: SchedulingModels, slotIds: string[]): Promise<number> {
  const wanted = new Set(slotIds);
  const docs = await models.bookings
    .find({ status: { $in: ['booked', 'checked-in'] } }, { slotId: 1, capacity: 1 })
    .lean<Array<Pick<BookingDocument, 'slotId' | 'capacity'>>>();
  const perSlot = new Map<string, { n: number; capacity: number }>();
  for (const doc of docs) {
    if (!wanted.has(doc.slotId)) continue;
    const slot = perSlot.get(doc.slotId) ?? { n: 0, capacity: doc.capacity };
    slot.n++;
    perSlot.set(doc.slotId, slot);
  }
  let beyond = 0;
  for (const slot of perSlot.values()) beyond += Math.max(0, slot.n - slot.capacity);
  return beyond;
}

/** Waits until the publisher has sent every one of these bookings; the time it took, or undefined on timeout. */
async function drain(
  models: SchedulingModels,
  bookingIds: string[],
  timeoutMs: number,
  label: string,
): Promise<number | undefined> {
  const started = now();
  let pending = bookingIds.length;
  const ticker = progress(
    `${label} outbox`,
    () => `${pending} of ${bookingIds.length} not yet in HAPI`,
  );
  // The bench database holds only this run's bookings, and earlier phases are drained before a
  // later one starts: counting every unpublished booking is cheaper for FerretDB than an $in of ids.
  const done = await waitUntil(
    async () => {
      pending = await models.bookings.countDocuments({ publishedToFhir: false });
      return pending === 0;
    },
    timeoutMs,
    1000,
  );
  ticker.stop();
  return done ? now() - started : undefined;
}

// ---------------------------------------------------------------------------------------------
// (c) FHIR only: Slot + Appointment in HAPI, optimistic locking on the Slot's version.

interface FhirSlotPlan {
  id: string;
  serviceId: string;
  hospitalId: string;
  serviceName: string;
  departmentCode: string;
  capacity: number;
  start: string;
  end: string;
}

// Like the API's outbox (scheduling/fhir-publisher.ts), every write declares the province profile
// HAPI enforces (VNQNSchedule, VNQNSlot, VNQNAppointment) and carries what it requires, so both
// paths pay for the same validation.
function fhirServiceType(plan: FhirSlotPlan): Slot['serviceType'] {
  return [
    {
      coding: [{ system: CODE_SYSTEM.department, code: plan.departmentCode }],
      text: plan.serviceName,
    },
  ];
}

/** The Slots (and their Schedules) the FHIR-only runs book into, written once before timing starts. */
async function createFhirSlots(
  store: FhirStore,
  plans: FhirSlotPlan[],
  runTag: string,
): Promise<void> {
  const services = new Map(plans.map((p) => [p.serviceId, p]));
  const schedules = [...services.values()].map((p): BundleEntry => {
    const schedule: Schedule & { id: string } = {
      resourceType: 'Schedule',
      id: `b${runTag}-sch-${p.serviceId}`,
      meta: { profile: [PROFILE.Schedule] },
      active: true,
      serviceType: fhirServiceType(p),
      actor: [
        { reference: `HealthcareService/${p.serviceId}` },
        { reference: `Location/loc-${p.hospitalId}` },
      ],
      comment: 'booking benchmark, FHIR-only alternative',
    };
    return { resource: schedule, request: { method: 'PUT', url: `Schedule/${schedule.id}` } };
  });
  await store.transaction({ resourceType: 'Bundle', type: 'transaction', entry: schedules });
  for (let i = 0; i < plans.length; i += 100) {
    const entry = plans.slice(i, i + 100).map((p) => {
      const slot: Slot & { id: string } = {
        resourceType: 'Slot',
        id: p.id,
        meta: { profile: [PROFILE.Slot] },
        schedule: { reference: `Schedule/b${runTag}-sch-${p.serviceId}` },
        serviceType: fhirServiceType(p),
        status: 'free',
        start: p.start,
        end: p.end,
        comment: `0/${p.capacity}`,
      };
      return { resource: slot, request: { method: 'PUT' as const, url: `Slot/${slot.id}` } };
    });
    await store.transaction({ resourceType: 'Bundle', type: 'transaction', entry });
  }
}

function emptyFhirOutcomes(): FhirOutcomes {
  return {
    booked: 0,
    full: 0,
    gaveUp: 0,
    errors: 0,
    versionConflicts: 0,
    errorStatuses: {},
    samples: [],
  };
}

/** One FHIR-only booking: read the Slot, claim a seat by a conditional update in one transaction with the Appointment. */
async function fhirBook(
  hapiUrl: string,
  plan: FhirSlotPlan,
  identifierSystem: string,
  patient: { id: string; label: string },
  maxAttempts: number,
  outcomes: FhirOutcomes,
  latencies: number[],
): Promise<void> {
  const started = now();
  const finish = (kind: 'booked' | 'full' | 'gaveUp' | 'errors'): void => {
    latencies.push(now() - started);
    outcomes[kind]++;
  };
  try {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const read = await fetch(`${hapiUrl}/Slot/${plan.id}`, {
        headers: { Accept: FHIR_JSON, 'Cache-Control': 'no-cache' },
      });
      if (!read.ok) {
        bump(outcomes.errorStatuses, `read ${read.status}`);
        sample(outcomes.samples, `read ${read.status} ${await read.text()}`);
        return finish('errors');
      }
      const slot = (await read.json()) as Slot;
      const version = slot.meta?.versionId;
      const taken = Number.parseInt(slot.comment ?? '0', 10);
      if (taken >= plan.capacity) return finish('full');
      const { meta: _meta, ...rest } = slot;
      const updated: Slot = {
        ...rest,
        meta: { profile: [PROFILE.Slot] },
        comment: `${taken + 1}/${plan.capacity}`,
        status: taken + 1 >= plan.capacity ? 'busy' : 'free',
      };
      const bookingId = randomUUID();
      const appointment: Appointment = {
        resourceType: 'Appointment',
        meta: { profile: [PROFILE.Appointment] },
        // The booking id the profile requires, and the run's own system to count this run's Appointments by.
        identifier: [
          { system: IDENTIFIER_SYSTEM.bookingId, value: bookingId },
          { system: identifierSystem, value: bookingId },
        ],
        status: 'booked',
        serviceType: fhirServiceType(plan),
        start: plan.start,
        end: plan.end,
        created: new Date().toISOString(),
        slot: [{ reference: `Slot/${plan.id}` }],
        participant: [
          {
            // Bench patients are not in HAPI: a logical Patient reference, as the outbox writes one.
            actor: {
              type: 'Patient',
              identifier: {
                system: IDENTIFIER_SYSTEM.fhirReference,
                value: `Patient/${patient.id}`,
              },
              display: patient.label,
            },
            required: 'required',
            status: 'accepted',
          },
          {
            actor: { reference: `HealthcareService/${plan.serviceId}` },
            required: 'required',
            status: 'accepted',
          },
          {
            actor: { reference: `Location/loc-${plan.hospitalId}` },
            required: 'required',
            status: 'accepted',
          },
        ],
      };
      const bundle: Bundle = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: updated,
            request: { method: 'PUT', url: `Slot/${plan.id}`, ifMatch: `W/"${version}"` },
          },
          {
            fullUrl: `urn:uuid:${randomUUID()}`,
            resource: appointment,
            request: { method: 'POST', url: 'Appointment' },
          },
        ],
      };
      const response = await fetch(hapiUrl, {
        method: 'POST',
        headers: { Accept: FHIR_JSON, 'Content-Type': FHIR_JSON },
        body: JSON.stringify(bundle),
      });
      const text = await response.text();
      if (response.ok) return finish('booked');
      // HAPI answers a profile violation with 412 too: only a version conflict is a lost race.
      if (
        response.status === 409 ||
        (response.status === 412 && /HAPI-0989|not the current version/.test(text))
      ) {
        outcomes.versionConflicts++;
        // A little jitter, as a real client would, so the losers do not all come back at once.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));
        continue;
      }
      bump(outcomes.errorStatuses, String(response.status));
      sample(outcomes.samples, `transaction ${response.status} ${text}`);
      return finish('errors');
    }
    return finish('gaveUp');
  } catch (error) {
    bump(outcomes.errorStatuses, 'network');
    sample(outcomes.samples, `network: ${describeError(error)}`);
    return finish('errors');
  }
}

/** Appointments of one FHIR-only run (by its identifier system), counted per Slot against capacity. */
async function fhirDoubleBookings(
  hapiUrl: string,
  identifierSystem: string,
  plans: Map<string, FhirSlotPlan>,
): Promise<{ appointments: number; doubleBookings: number }> {
  const perSlot = new Map<string, number>();
  let appointments = 0;
  let url: string | undefined =
    `${hapiUrl}/Appointment?identifier=${encodeURIComponent(`${identifierSystem}|`)}&_elements=slot&_count=500`;
  while (url) {
    const response = await fetch(url, {
      headers: { Accept: FHIR_JSON, 'Cache-Control': 'no-cache' },
    });
    if (!response.ok)
      throw new Error(
        `HAPI search answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
      );
    const page = (await response.json()) as Bundle<Appointment>;
    for (const entry of page.entry ?? []) {
      appointments++;
      const ref = entry.resource?.slot?.[0]?.reference?.replace(/^Slot\//, '') ?? '?';
      perSlot.set(ref, (perSlot.get(ref) ?? 0) + 1);
    }
    url = page.link?.find((l) => l.relation === 'next')?.url;
  }
  let doubleBookings = 0;
  for (const [slotId, n] of perSlot)
    doubleBookings += Math.max(0, n - (plans.get(slotId)?.capacity ?? 0));
  return { appointments, doubleBookings };
}

/**
 * K kiosks, each starting a booking every paceMs (the kiosks spread evenly over one pace) until
 * forMs have passed. A booking slower than the pace delays only its own kiosk's next one.
 */
async function atKioskPace(
  kiosks: number,
  paceMs: number,
  forMs: number,
  book: (index: number, kiosk: number) => Promise<void>,
): Promise<number> {
  const started = now();
  await inParallel(kiosks, async (k) => {
    for (let n = 0; ; n++) {
      const due = (k / kiosks) * paceMs + n * paceMs;
      if (due >= forMs) return;
      const wait = started + due - now();
      if (wait > 0) await sleep(wait);
      await book(n * kiosks + k, k);
    }
  });
  return now() - started;
}

async function fhirRun(
  hapiUrl: string,
  label: string,
  order: FhirSlotPlan[],
  workers: number,
  identifierSystem: string,
  maxAttempts: number,
): Promise<FhirRunResult> {
  const outcomes = emptyFhirOutcomes();
  const latencies: number[] = [];
  let next = 0;
  const ticker = progress(label, () => describeFhir(outcomes));
  const started = now();
  await inParallel(workers, async (w) => {
    for (let i = next++; i < order.length; i = next++)
      await fhirBook(
        hapiUrl,
        order[i]!,
        identifierSystem,
        { id: `bench-${w}-${i}`, label: `Bench patient ${label} ${w}-${i}` },
        maxAttempts,
        outcomes,
        latencies,
      );
  });
  const wallMs = now() - started;
  ticker.stop();
  const plans = new Map(order.map((p) => [p.id, p]));
  const { appointments, doubleBookings } = await fhirDoubleBookings(
    hapiUrl,
    identifierSystem,
    plans,
  );
  console.error(
    `  ${label}: ${describeFhir(outcomes)} in ${(wallMs / 1000).toFixed(1)} s; ${appointments} Appointments in HAPI, ${doubleBookings} beyond capacity`,
  );
  return {
    attempts: order.length,
    workers,
    outcomes,
    wallMs,
    bookingsPerSecond: outcomes.booked / (wallMs / 1000),
    latency: summarise(latencies),
    appointmentsInHapi: appointments,
    doubleBookings,
  };
}

function planFor(slot: AvailableSlot, capacity: number, runTag: string): FhirSlotPlan {
  const stamp = slot.slotId.split('@')[1] ?? '';
  return {
    id: `b${runTag}-${slot.serviceId}-${stamp}`.slice(0, 64),
    serviceId: slot.serviceId,
    hospitalId: slot.hospitalId,
    serviceName: slot.serviceName,
    departmentCode: slot.departmentCode,
    capacity,
    start: slot.start,
    end: slot.end,
  };
}

// ---------------------------------------------------------------------------------------------

function diffCounts(before: CommandCounts, after: CommandCounts): CommandCounts {
  const diff: CommandCounts = {};
  for (const [key, n] of Object.entries(after)) {
    const d = n - (before[key] ?? 0);
    if (d > 0) diff[key] = d;
  }
  return diff;
}

const totalOf = (counts: CommandCounts): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Commands of each request, sent one after another, read from the API before and after each. */
async function commandsPerRequest(
  api: ApiChild,
  requests: Array<() => Promise<unknown>>,
): Promise<CommandsPerRequest> {
  const seen: CommandCounts[] = [];
  const ms: CommandCounts = {};
  const latencies: number[] = [];
  for (const request of requests) {
    const before = await api.commands();
    const started = now();
    await request();
    latencies.push(now() - started);
    const after = await api.commands();
    seen.push(diffCounts(before.counts, after.counts));
    for (const [key, spent] of Object.entries(diffCounts(before.ms, after.ms)))
      ms[key] = (ms[key] ?? 0) + spent / requests.length;
  }
  const totals = seen.map(totalOf).sort((a, b) => a - b);
  const fewest = seen.reduce<CommandCounts | undefined>(
    (best, c) => (best === undefined || totalOf(c) < totalOf(best) ? c : best),
    undefined,
  );
  return {
    requests: seen.length,
    min: totals[0] ?? Number.NaN,
    median: totals[Math.floor(totals.length / 2)] ?? Number.NaN,
    fewest: fewest ?? {},
    meanMs: ms,
    latency: summarise(latencies),
  };
}

const CPU_GROUP_NAMES: Record<string, string> = {
  postgres: 'PostgreSQL',
  ferretdb: 'FerretDB',
  mongod: 'mongod',
  'hapi-fhir': 'HAPI FHIR',
};

export async function runBookingBench(options: BookingBenchOptions): Promise<BookingBenchResult> {
  const startedAt = new Date();
  const benchStarted = now();
  requestTimeoutMs = options.requestTimeoutMs;
  const runTag = randomBytes(3).toString('hex');
  const mongoUrl = new URL(options.mongoUri);
  mongoUrl.pathname = `/bench_booking_${runTag}`;
  for (const url of [mongoUrl, new URL(options.hapiUrl)]) {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
      throw new Error(
        `${url.host} is not a loopback address: the benchmark runs only against a local stack`,
      );
  }

  console.error(
    `▸ seeding the demo directory into HAPI (${options.hapiUrl}) and templates into ${mongoUrl.pathname.slice(1)}…`,
  );
  const store = new FhirStore(options.hapiUrl, { timeoutMs: 120_000 });
  await store.transaction(demoDirectoryBundle());

  // The API's own URI: with command monitoring when traced (the driver reads it from the URI).
  const apiMongoUrl = new URL(mongoUrl);
  if (options.mongoTrace) apiMongoUrl.searchParams.set('monitorCommands', 'true');
  if (options.apiMongoPool > 0)
    apiMongoUrl.searchParams.set('maxPoolSize', String(options.apiMongoPool));
  let api: ApiChild | undefined;
  // This process's own connection: seeding, the counts afterwards, dropping the database.
  const mongo = mongoose.createConnection();
  // A database that goes away fails the awaited call; the connection's event must not end the process.
  mongo.on('error', () => undefined);
  try {
    await mongo.openUri(mongoUrl.toString(), {
      serverSelectionTimeoutMS: 10_000,
      // The API builds the indexes; this connection only reads and seeds.
      autoIndex: false,
      autoCreate: false,
    });
    api = await startApiChild({
      env: {
        QN_API_PORT: '0',
        QN_API_HOST: '127.0.0.1',
        MONGODB_URI: apiMongoUrl.toString(),
        HAPI_FHIR_URL: options.hapiUrl,
        QN_OUTBOX_INTERVAL_MS: '200',
        QN_HAPI_TIMEOUT_MS: '15000',
        // One receptionist account books for every simulated kiosk here: no per-user limit.
        QN_STAFF_BOOKING_LIMIT: '1000000',
        QN_LOG_LEVEL: options.logLevel,
        // Tokens are signed by the child and checked by it alone; a fixed key keeps its log quiet.
        QN_AUTH_JWT_KEYS: `bench:${randomBytes(32).toString('base64url')}`,
        // Every desk signs in from this one address.
        ...(options.staffPerKiosk ? { QN_AUTH_SIGN_IN_RATE_LIMIT: '1000000' } : {}),
        ...options.apiEnv,
        ...(options.mongoTrace ? { QN_BENCH_MONGO_TRACE: '1' } : {}),
      },
      logFile: path.join(options.logDir, `ehr-api-${runTag}.log`),
    });
    const apiUrl = api.url;
    const models = schedulingModels(mongo);
    const { total } = await seedDemoTemplates(models);
    console.error(`  ehr-api (pid ${api.pid}) on ${apiUrl}, ${total} weekly templates`);
    const password = `bench-${randomUUID()}`;
    await new UserService(authModels(mongo)).seedDemoUsers({
      receptionist: password,
      doctor: password,
      'hospital-it': password,
      admin: password,
    });
    const signIn = staffSignIn(apiUrl, password);
    if (options.staffPerKiosk) {
      // One receptionist account per kiosk, as desks have in production (the per-user booking
      // limit then counts one desk's bookings, not every kiosk's). Not timed.
      const users = new UserService(authModels(mongo));
      const desks = Array.from({ length: options.kiosks }, (_, k) => `bench.desk.${k}`);
      console.error(`  creating and signing in ${desks.length} receptionist accounts…`);
      staffHeaders = new Array<Record<string, string>>(desks.length);
      let next = 0;
      await inParallel(4, async () => {
        for (let k = next++; k < desks.length; k = next++) {
          await users.createUser({
            username: desks[k]!,
            displayName: `Bench desk ${k}`,
            role: 'receptionist',
            hospital: HOSPITAL_CODES[0],
            password,
          });
          staffHeaders[k] = await signIn(desks[k]!);
        }
      });
    } else {
      staffHeaders = [await signIn('reception.bvdk')];
    }

    const cpuGroups: CpuGroup[] = [
      { name: 'ehr-api', pids: [api.pid] },
      ...options.stackProcesses.map((p) => ({
        name: CPU_GROUP_NAMES[p.name] ?? p.name,
        pids: [p.pid],
      })),
    ];
    const cpu: BookingBenchResult['cpu'] = [];
    const measureCpu = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
      const before = cpuSnapshot(cpuGroups);
      const result = await work();
      cpu.push({ phase, spent: cpuBetween(before, cpuSnapshot(cpuGroups)) });
      return result;
    };
    const profiles: BookingBenchResult['profiles'] = [];
    const profiled = async (name: string, phase: string, work: () => Promise<Outcomes>) => {
      if (!options.profileDir || !api) return work();
      await api.startProfile();
      const outcomes = await work();
      const file = path.join(options.profileDir, `api-${name}-${runTag}.cpuprofile`);
      await api.stopProfile(file);
      const answers =
        outcomes.created +
        totalOf(outcomes.conflicts) +
        totalOf(outcomes.otherClientErrors) +
        outcomes.serverErrors;
      profiles.push({ file, phase, created: outcomes.created, answers });
      return outcomes;
    };

    // Tomorrow onwards, so no slot closes (minimum notice) during the run.
    const firstDay = addDays(localDayOf(new Date()), 1);
    const hospitals = [
      ...new Set(
        (
          await models.templates
            .find({ active: true }, { hospitalId: 1 })
            .lean<Array<{ hospitalId: string }>>()
        ).map((t) => t.hospitalId),
      ),
    ];

    // (a) contention through the API.
    const first = await fetch(
      `${apiUrl}/api/availability?from=${firstDay}&to=${addDays(firstDay, 7)}&department=noi&limit=1`,
    );
    const [target] = (await first.json()) as AvailableSlot[];
    if (!target) throw new Error('no free slot of department noi in the coming week');
    if (options.capacity !== undefined)
      await models.templates.updateOne(
        { serviceId: target.serviceId },
        { $set: { capacity: options.capacity } },
      );
    const capacity = options.capacity ?? target.seatsLeft;
    console.error(
      `▸ (a) ${options.contentionAttempts} patients at once on ${target.slotId} (capacity ${capacity}) through POST /api/bookings…`,
    );
    const contention = emptyOutcomes();
    const contentionLatencies: number[] = [];
    const won: Array<{ id: string; queueNumber: number }> = [];
    let ticker = progress('(a)', () => describeOutcomes(contention));
    let started = now();
    await measureCpu('(a) ehr-api race', () =>
      profiled('a-contention', '(a) race', async () => {
        await inParallel(options.contentionAttempts, async (i) => {
          const booking = await postBooking(
            apiUrl,
            target.slotId,
            `bench-${runTag}-a-${i}`,
            contention,
            contentionLatencies,
            i,
          );
          if (booking) won.push(booking);
        });
        return contention;
      }),
    );
    const contentionWall = now() - started;
    ticker.stop();
    console.error(
      `  (a) ${describeOutcomes(contention)} in ${(contentionWall / 1000).toFixed(2)} s`,
    );
    // What one refusal costs on its own (a 409 slot-full computes up to 3 alternatives from availability).
    const fullProbe = emptyOutcomes();
    const fullLatencies: number[] = [];
    const refusals = Array.from(
      { length: 20 },
      (_, i) => () =>
        postBooking(apiUrl, target.slotId, `bench-${runTag}-probe-${i}`, fullProbe, fullLatencies),
    );
    let refusalCommands: CommandsPerRequest | undefined;
    if (options.mongoTrace) refusalCommands = await commandsPerRequest(api, refusals);
    else for (const refuse of refusals) await refuse();
    const refusal = summarise(fullLatencies);
    console.error(
      `  (a) one 409 slot-full alone (20 sequential): p50 ${refusal.p50.toFixed(0)} ms, p95 ${refusal.p95.toFixed(0)} ms`,
    );
    const contentionDrain = await drain(
      models,
      won.map((b) => b.id),
      options.drainTimeoutMs,
      '(a)',
    );
    const contentionAppointments = await appointmentsForBookings(
      options.hapiUrl,
      won.map((b) => b.id),
    );
    const contentionDouble = await apiDoubleBookings(models, [target.slotId]);
    console.error(
      `  (a) outbox drained in ${contentionDrain === undefined ? 'TIMEOUT' : `${(contentionDrain / 1000).toFixed(1)} s`}; ${contentionAppointments.appointments} Appointments in HAPI for ${won.length} bookings`,
    );

    // (c, contention) the same race on a FHIR Slot of the same capacity.
    const fhirTarget = planFor(target, capacity, runTag);
    fhirTarget.id = `b${runTag}-race-${target.serviceId}`.slice(0, 64);
    await createFhirSlots(store, [fhirTarget], runTag);
    console.error(
      `▸ (c) the same race FHIR-only: ${options.contentionAttempts} clients on Slot/${fhirTarget.id} (capacity ${capacity}), up to ${options.fhirMaxAttempts} attempts each…`,
    );
    const fhirContention = await measureCpu('(c) FHIR-only race', () =>
      fhirRun(
        options.hapiUrl,
        '(c) race',
        Array.from({ length: options.contentionAttempts }, () => fhirTarget),
        options.contentionAttempts,
        `${CANONICAL_BASE}/sid/bench-${runTag}-race`,
        options.fhirMaxAttempts,
      ),
    );

    // (b) kiosks through the API.
    const wanted = options.kiosks * options.perKiosk;
    const week = (await weekOfAvailability(apiUrl, firstDay, hospitals)).filter(
      (s) => s.slotId !== target.slotId,
    );
    // (d)'s seats and the trace's come after the kiosks' seats, in the same order.
    const pacedCount =
      options.pacedForMs > 0
        ? options.pacedKiosks * Math.ceil(options.pacedForMs / options.paceMs)
        : 0;
    const tracedCount = options.mongoTrace ? 20 : 0;
    const seats = seatOrder(week, wanted + pacedCount + tracedCount);
    const order = seats.slice(0, wanted);
    const pacedSeats = seats.slice(wanted, wanted + pacedCount);
    const tracedSeats = seats.slice(wanted + pacedCount);
    console.error(
      `▸ (b) ${options.kiosks} kiosks × ${options.perKiosk} bookings = ${wanted}, over ${week.length} free slots of ${firstDay} … ${addDays(firstDay, 6)}…`,
    );
    const throughput = emptyOutcomes();
    const throughputLatencies: number[] = [];
    const booked: string[] = [];
    const noCommands = { counts: {}, ms: {} };
    const commandsBeforeB = options.mongoTrace ? await api.commands() : noCommands;
    ticker = progress('(b)', () => describeOutcomes(throughput));
    started = now();
    await measureCpu('(b) ehr-api kiosks', () =>
      profiled('b-kiosks', '(b) kiosks', async () => {
        await inParallel(options.kiosks, async (k) => {
          for (let j = 0; j < options.perKiosk; j++) {
            const i = j * options.kiosks + k;
            const booking = await postBooking(
              apiUrl,
              order[i]!.slotId,
              `bench-${runTag}-b-${i}`,
              throughput,
              throughputLatencies,
              k,
            );
            if (booking) booked.push(booking.id);
          }
        });
        return throughput;
      }),
    );
    const throughputWall = now() - started;
    ticker.stop();
    const commandsAfterB = options.mongoTrace ? await api.commands() : noCommands;
    console.error(
      `  (b) ${describeOutcomes(throughput)} in ${(throughputWall / 1000).toFixed(1)} s`,
    );
    const throughputDrain = await measureCpu('(b) outbox drain', () =>
      drain(models, booked, options.drainTimeoutMs, '(b)'),
    );
    const commandsAfterDrain = options.mongoTrace ? await api.commands() : noCommands;
    const throughputAppointments = await appointmentsForBookings(options.hapiUrl, booked);
    const throughputDouble = await apiDoubleBookings(models, [
      ...new Set(order.map((s) => s.slotId)),
    ]);
    console.error(
      `  (b) outbox drained ${throughputDrain === undefined ? 'TIMEOUT' : `${(throughputDrain / 1000).toFixed(1)} s after the last booking`}; ${throughputAppointments.appointments} Appointments in HAPI for ${booked.length} bookings`,
    );

    // (c, throughput) the same bookings FHIR-only, K workers.
    const capacities = new Map(
      (
        await models.templates
          .find({}, { serviceId: 1, capacity: 1 })
          .lean<Array<{ serviceId: string; capacity: number }>>()
      ).map((t) => [t.serviceId, t.capacity]),
    );
    const plans = new Map<string, FhirSlotPlan>();
    const fhirOrder = order.map((slot) => {
      const plan =
        plans.get(slot.slotId) ??
        planFor(slot, capacities.get(slot.serviceId) ?? slot.seatsLeft, runTag);
      plans.set(slot.slotId, plan);
      return plan;
    });
    console.error(`▸ (c) creating ${plans.size} Slots in HAPI for the FHIR-only run (not timed)…`);
    await createFhirSlots(store, [...plans.values()], runTag);
    console.error(`▸ (c) ${wanted} bookings FHIR-only with ${options.kiosks} workers…`);
    const fhirThroughput = await measureCpu('(c) FHIR-only kiosks', () =>
      fhirRun(
        options.hapiUrl,
        '(c) kiosks',
        fhirOrder,
        options.kiosks,
        `${CANONICAL_BASE}/sid/bench-${runTag}-kiosks`,
        options.fhirMaxAttempts,
      ),
    );

    // (d) the same kiosks at a person's pace, through the API and then FHIR-only.
    let paced: PacedResult | undefined;
    if (pacedCount > 0) {
      const offered = options.pacedKiosks / (options.paceMs / 1000);
      console.error(
        `▸ (d) ${options.pacedKiosks} kiosks, a booking each every ${options.paceMs / 1000} s (${offered.toFixed(1)}/s) for ${options.pacedForMs / 1000} s, through the API…`,
      );
      const pacedOutcomes = emptyOutcomes();
      const pacedLatencies: number[] = [];
      const pacedBooked: string[] = [];
      ticker = progress('(d)', () => describeOutcomes(pacedOutcomes));
      const pacedWall = await measureCpu('(d) ehr-api at a kiosk pace', () =>
        atKioskPace(options.pacedKiosks, options.paceMs, options.pacedForMs, async (i, k) => {
          const booking = await postBooking(
            apiUrl,
            pacedSeats[i]!.slotId,
            `bench-${runTag}-d-${i}`,
            pacedOutcomes,
            pacedLatencies,
            k,
          );
          if (booking) pacedBooked.push(booking.id);
        }),
      );
      ticker.stop();
      await drain(models, pacedBooked, options.drainTimeoutMs, '(d)');
      const pacedDouble = await apiDoubleBookings(models, [
        ...new Set(pacedSeats.map((s) => s.slotId)),
      ]);
      const pacedPlans = pacedSeats.map((slot) => {
        const plan =
          plans.get(slot.slotId) ??
          planFor(slot, capacities.get(slot.serviceId) ?? slot.seatsLeft, runTag);
        if (!plans.has(slot.slotId)) plans.set(slot.slotId, plan);
        return plan;
      });
      const inHapi = new Set(fhirOrder.map((p) => p.id));
      const fresh = [...new Map(pacedPlans.map((p) => [p.id, p])).values()].filter(
        (p) => !inHapi.has(p.id),
      );
      await createFhirSlots(store, fresh, runTag);
      console.error(`▸ (d) the same FHIR-only…`);
      const fhirPaced = emptyFhirOutcomes();
      const fhirPacedLatencies: number[] = [];
      const identifierSystem = `${CANONICAL_BASE}/sid/bench-${runTag}-paced`;
      ticker = progress('(d) FHIR-only', () => describeFhir(fhirPaced));
      const fhirPacedWall = await measureCpu('(d) FHIR-only at a kiosk pace', () =>
        atKioskPace(options.pacedKiosks, options.paceMs, options.pacedForMs, (i, k) =>
          fhirBook(
            options.hapiUrl,
            pacedPlans[i]!,
            identifierSystem,
            { id: `bench-d-${k}-${i}`, label: `Bench patient (d) ${k}-${i}` },
            options.fhirMaxAttempts,
            fhirPaced,
            fhirPacedLatencies,
          ),
        ),
      );
      ticker.stop();
      const fhirPacedDouble = await fhirDoubleBookings(
        options.hapiUrl,
        identifierSystem,
        new Map(pacedPlans.map((p) => [p.id, p])),
      );
      paced = {
        kiosks: options.pacedKiosks,
        paceMs: options.paceMs,
        forMs: options.pacedForMs,
        offeredPerSecond: offered,
        api: {
          outcomes: pacedOutcomes,
          latency: summarise(pacedLatencies),
          wallMs: pacedWall,
          doubleBookings: pacedDouble,
        },
        fhir: {
          outcomes: fhirPaced,
          latency: summarise(fhirPacedLatencies),
          wallMs: fhirPacedWall,
          doubleBookings: fhirPacedDouble.doubleBookings,
        },
      };
      console.error(
        `  (d) API: ${describeOutcomes(pacedOutcomes)}, p95 ${paced.api.latency.p95.toFixed(0)} ms; FHIR-only: ${describeFhir(fhirPaced)}, p95 ${paced.fhir.latency.p95.toFixed(0)} ms`,
      );
    }

    let mongoTrace: MongoTrace | undefined;
    if (options.mongoTrace && refusalCommands) {
      console.error('▸ MongoDB commands of 20 bookings one after another…');
      const probe = emptyOutcomes();
      const bookingCommands = await commandsPerRequest(
        api,
        tracedSeats.map(
          (slot, i) => () =>
            postBooking(apiUrl, slot.slotId, `bench-${runTag}-trace-${i}`, probe, []),
        ),
      );
      mongoTrace = {
        booking: bookingCommands,
        refusal: refusalCommands,
        throughputWindow: diffCounts(commandsBeforeB.counts, commandsAfterB.counts),
        throughputWindowMs: diffCounts(commandsBeforeB.ms, commandsAfterB.ms),
        drainWindow: diffCounts(commandsAfterB.counts, commandsAfterDrain.counts),
        bookings: throughput.created,
      };
    }

    return {
      startedAt,
      contention: {
        slotId: target.slotId,
        capacity,
        attempts: options.contentionAttempts,
        outcomes: contention,
        wallMs: contentionWall,
        latency: summarise(contentionLatencies),
        drainMs: contentionDrain,
        appointmentsInHapi: contentionAppointments.appointments,
        bookingsWithOneAppointment: contentionAppointments.bookingsWithOne,
        doubleBookings: contentionDouble,
        refusalAlone: refusal,
        queueNumbers: won.map((b) => b.queueNumber).sort((a, b) => a - b),
      },
      fhirContention,
      throughput: {
        kiosks: options.kiosks,
        perKiosk: options.perKiosk,
        slotsOffered: week.length,
        outcomes: throughput,
        wallMs: throughputWall,
        bookingsPerSecond: throughput.created / (throughputWall / 1000),
        latency: summarise(throughputLatencies),
        drainMs: throughputDrain,
        publishedPerSecond:
          throughputDrain === undefined
            ? undefined
            : booked.length / ((throughputWall + throughputDrain) / 1000),
        appointmentsInHapi: throughputAppointments.appointments,
        bookingsWithOneAppointment: throughputAppointments.bookingsWithOne,
        doubleBookings: throughputDouble,
      },
      fhirThroughput,
      ...(paced ? { paced } : {}),
      cpu,
      cpuGroups: cpuGroups.map((g) => g.name),
      ...(mongoTrace ? { mongoTrace } : {}),
      profiles,
      totalMs: now() - benchStarted,
    };
  } finally {
    // The API first, so its background tasks stop before the database goes.
    await api?.stop();
    await mongo.dropDatabase().catch(() => undefined);
    await mongo.close().catch(() => undefined);
  }
}
