import type {
  Appointment,
  AppointmentParticipant,
  Bundle,
  BundleEntry,
  CodeableConcept,
  Identifier,
  Patient,
  Schedule,
  Slot,
} from 'fhir/r4.js';
import { DateTime, FixedOffsetZone } from 'luxon';
import { PeriodicTask } from '../jobs/periodic-task.js';
import { claimLeases, newOwnerId } from '../jobs/lease.js';
import { publishEachAlone, type PublishOutcome } from '../jobs/publish-batch.js';
import { HttpError } from '../errors/http-error.js';
import type { FhirStore } from '../fhir/fhir-store.js';
import { CODE_SYSTEM, IDENTIFIER_SYSTEM, PROFILE, queueNumberValue } from '../fhir/profiles.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import type { Logger } from '../logger.js';
import { keepsSeat, type BookingDocument, type SchedulingModels } from './models.js';
import { fhirSlotId } from './slot-id.js';

/** Appointment.identifier system of the booking id (the profile's required `bookingId` slice). */
export const BOOKING_IDENTIFIER_SYSTEM = IDENTIFIER_SYSTEM.bookingId;

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const VIETNAM = FixedOffsetZone.instance(7 * 60);

export interface PublisherOptions {
  intervalMs: number;
  /** Longest wait between two attempts at one booking while HAPI refuses it. */
  maxBackoffMs: number;
  /** How long one instance holds a claimed document before another may take it. */
  leaseMs?: number;
  /** Documents handled per tick at most, so one tick never runs away. */
  batchSize?: number;
  clock?: () => Date;
}

/**
 * Holds (`held`, `expired`) are never published (see models.ts) but the API's FHIR face shows them
 * (a held seat is a pending Appointment). A patient called in has begun the encounter, which FHIR
 * R4 counts as a fulfilled appointment.
 */
const APPOINTMENT_STATUS: Record<BookingDocument['status'], Appointment['status']> = {
  held: 'pending',
  expired: 'cancelled',
  booked: 'booked',
  'checked-in': 'checked-in',
  cancelled: 'cancelled',
  'no-show': 'noshow',
};

/** The Appointment status of a booking, as published to HAPI and as the FHIR face answers. */
export function appointmentStatus(booking: {
  status: BookingDocument['status'];
  seenAt?: Date | string | undefined;
}): Appointment['status'] {
  return booking.status === 'checked-in' && booking.seenAt
    ? 'fulfilled'
    : APPOINTMENT_STATUS[booking.status];
}

/** Transactions sent to HAPI at once. */
const PUBLISH_CONCURRENCY = 3;
/** Bookings in one transaction at most, unless one slot alone has more. */
const BOOKINGS_PER_TRANSACTION = 20;

export function scheduleId(serviceId: string): string {
  return `sch-${serviceId}`;
}

/** An instant as a FHIR instant in Vietnam's offset, e.g. `2026-12-01T08:00:00.000+07:00`. */
export function vnInstant(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: VIETNAM }).toISO() ?? instant.toISOString();
}

/**
 * The department code, bound (required) to the appointment service types, which include the
 * department codes. No display: the code system's own display ("Da liễu") is not the clinic's name,
 * which goes in text.
 */
function serviceType(doc: BookingDocument): CodeableConcept[] {
  return [
    {
      coding: [{ system: CODE_SYSTEM.department, code: doc.departmentCode }],
      text: doc.serviceName,
    },
  ];
}

function identifiers(doc: BookingDocument): Identifier[] {
  return [
    { system: IDENTIFIER_SYSTEM.bookingId, value: doc._id },
    { system: IDENTIFIER_SYSTEM.bookingTicket, value: doc.ticketCode },
    ...(doc.queueNumber !== undefined
      ? [
          {
            system: IDENTIFIER_SYSTEM.queueNumber,
            value: queueNumberValue(doc.serviceId, doc.localDay, doc.queueNumber),
          },
        ]
      : []),
  ];
}

/** One booking to publish, with what the publisher found out about it. */
export interface BookingToPublish {
  doc: BookingDocument;
  /** Seats of its slot taken now: the Slot is busy once they reach the capacity. */
  seatsTaken: number;
  /** Whether HAPI holds the Patient (else the Appointment names the patient by identifier). */
  patientExists: boolean;
}

function bookingResources(
  doc: BookingDocument,
  seatsTaken: number,
  patientExists: boolean,
): { schedule: Schedule & { id: string }; slot: Slot & { id: string }; appointment: Appointment } {
  const slotId = fhirSlotId(doc.serviceId, doc.start);
  const schedule: Schedule & { id: string } = {
    resourceType: 'Schedule',
    id: scheduleId(doc.serviceId),
    meta: { profile: [PROFILE.Schedule] },
    active: true,
    serviceType: serviceType(doc),
    actor: [
      { reference: `HealthcareService/${doc.serviceId}`, display: doc.serviceName },
      { reference: `Location/${doc.locationId}`, display: doc.hospitalName },
    ],
    comment: `${doc.serviceName} — ${doc.hospitalName}`,
  };
  const slot: Slot & { id: string } = {
    resourceType: 'Slot',
    id: slotId,
    meta: { profile: [PROFILE.Slot] },
    schedule: { reference: `Schedule/${schedule.id}` },
    serviceType: serviceType(doc),
    status: seatsTaken >= doc.capacity ? 'busy' : 'free',
    start: vnInstant(doc.start),
    end: vnInstant(doc.end),
    comment: `${seatsTaken}/${doc.capacity}`,
  };
  // HAPI refuses a reference to a Patient it does not hold (referential integrity on write), so a
  // patient not (yet) in HAPI is a logical reference: type Patient and the `Type/id` as identifier,
  // which is what the profile (qn-appt-1) accepts besides a literal reference.
  const patient: AppointmentParticipant = {
    actor: patientExists
      ? { reference: `Patient/${doc.patientId}` }
      : {
          type: 'Patient',
          identifier: {
            system: IDENTIFIER_SYSTEM.fhirReference,
            value: `Patient/${doc.patientId}`,
          },
          display: `Patient ${doc.patientId}`,
        },
    required: 'required',
    status: 'accepted',
  };
  const appointment: Appointment = {
    resourceType: 'Appointment',
    meta: { profile: [PROFILE.Appointment] },
    identifier: identifiers(doc),
    status: appointmentStatus(doc),
    serviceType: serviceType(doc),
    start: vnInstant(doc.start),
    end: vnInstant(doc.end),
    created: vnInstant(doc.createdAt),
    slot: [{ reference: `Slot/${slotId}` }],
    participant: [
      patient,
      {
        actor: { reference: `HealthcareService/${doc.serviceId}`, display: doc.serviceName },
        required: 'required',
        status: 'accepted',
      },
      {
        actor: { reference: `Location/${doc.locationId}`, display: doc.hospitalName },
        required: 'required',
        status: 'accepted',
      },
    ],
    ...(doc.queueNumber !== undefined
      ? { description: `Số thứ tự ${doc.queueNumber} — ${doc.serviceName}, ${doc.hospitalName}` }
      : {}),
  };
  return { schedule, slot, appointment };
}

/**
 * The transaction that makes HAPI show bookings: each department's Schedule and each Slot (PUT by
 * ids derived from the service and slot, once per transaction, the Slot with the seat count of its
 * last booking) and each booking's Appointment (conditional PUT by the booking-id identifier),
 * every one declaring the province profile HAPI enforces. Every entry is an idempotent upsert, so
 * sending a transaction twice never duplicates.
 */
export function bookingsBundle(
  bookings: BookingToPublish[],
  /** Services whose Schedule HAPI already holds (it never changes for a service): left out. */
  schedulesInHapi: ReadonlySet<string> = new Set(),
): Bundle {
  const schedules = new Map<string, BundleEntry>();
  const slots = new Map<string, BundleEntry>();
  const appointments: BundleEntry[] = [];
  for (const { doc, seatsTaken, patientExists } of bookings) {
    const { schedule, slot, appointment } = bookingResources(doc, seatsTaken, patientExists);
    if (!schedulesInHapi.has(doc.serviceId))
      schedules.set(schedule.id, {
        fullUrl: `Schedule/${schedule.id}`,
        resource: schedule,
        request: { method: 'PUT', url: `Schedule/${schedule.id}` },
      });
    slots.set(slot.id, {
      fullUrl: `Slot/${slot.id}`,
      resource: slot,
      request: { method: 'PUT', url: `Slot/${slot.id}` },
    });
    appointments.push({
      resource: appointment,
      request: {
        method: 'PUT',
        url: `Appointment?identifier=${encodeURIComponent(`${BOOKING_IDENTIFIER_SYSTEM}|${doc._id}`)}`,
      },
    });
  }
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [...schedules.values(), ...slots.values(), ...appointments],
  };
}

/** The transaction of one booking (see bookingsBundle). */
export function bookingBundle(
  doc: BookingDocument,
  seatsTaken: number,
  patientExists: boolean,
  /** false when HAPI already holds the department's Schedule. */
  withSchedule = true,
): Bundle {
  return bookingsBundle(
    [{ doc, seatsTaken, patientExists }],
    withSchedule ? new Set() : new Set([doc.serviceId]),
  );
}

/**
 * Publishes bookings' outboxes to HAPI FHIR. Each tick looks for bookings with
 * `publishedToFhir: false` and claims each with a lease before sending it, so several API
 * instances never send the same booking at once. The lease is a document of its own
 * (`outbox_leases`, `_id` = booking id) claimed by inserting it: an insert into a unique key is
 * atomic on MongoDB and on FerretDB alike, where a conditional `findOneAndUpdate` on the booking
 * (e.g. on an `outboxLeaseUntil` field) is not atomic on FerretDB 1.24 and would also risk
 * overwriting a concurrent cancellation (see models.ts). A crashed holder's lease runs out; a
 * failed send keeps the lease until the backoff is over, so the lease is also the retry timer.
 * After a successful send the outbox is cleared only if no change arrived meanwhile
 * (`outboxVersion` unchanged); otherwise it is sent again on the next tick. Bookings never wait
 * on HAPI.
 */
export class OutboxPublisher {
  private readonly task: PeriodicTask;
  private readonly owner = newOwnerId();
  private readonly clock: () => Date;
  /**
   * What HAPI is known to hold, so each booking's transaction leaves it out: the Schedule of a
   * service (the same for every booking) and Patients seen there (read once, not per booking).
   * Each was a third of the work of draining a backlog after an outage. Forgotten when a
   * transaction fails, in case HAPI lost them.
   */
  private readonly schedulesInHapi = new Set<string>();
  private readonly patientsInHapi = new Set<string>();

  constructor(
    private readonly models: SchedulingModels,
    private readonly store: FhirStore,
    /** Re-applies a cancellation whose booking update was lost (see SchedulingService). */
    private readonly reconcileCancellation: (bookingId: string) => Promise<unknown>,
    private readonly monitor: HealthMonitor,
    private readonly logger: Logger,
    private readonly options: PublisherOptions,
  ) {
    this.clock = options.clock ?? ((): Date => new Date());
    this.task = new PeriodicTask(
      'outbox publisher',
      () => this.publishDue(),
      options.intervalMs,
      logger,
    );
  }

  start(): void {
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }

  /** Sends every due document once; returns how many were published. Exposed for tests and tools. */
  async publishDue(): Promise<number> {
    let published = 0;
    let failing = false;
    const batch = this.options.batchSize ?? 100;
    if (!this.monitor.isUp('hapi-fhir') || !this.monitor.isUp('mongodb')) return 0;
    const due = await this.models.bookings
      .find(
        { publishedToFhir: false, outboxNextAttemptAt: { $lte: this.clock() } },
        { _id: 1, slotId: 1 },
      )
      .sort({ outboxNextAttemptAt: 1 })
      .limit(batch)
      .lean<Array<{ _id: string; slotId: string }>>();
    const next = transactionsOf(due).values();
    const worker = async (): Promise<void> => {
      for (const bookingIds of next) {
        if (failing || this.task.isStopped || !this.monitor.isUp('hapi-fhir')) return;
        const claimed = await this.claim(bookingIds);
        if (claimed.length === 0) continue;
        const outcome = await this.publishTogether(claimed);
        published += outcome.published;
        // HAPI failing: let the next tick (and the monitor) decide when to try again.
        if (outcome.hapiFailing) failing = true;
      }
    };
    await Promise.all(Array.from({ length: PUBLISH_CONCURRENCY }, worker));
    return published;
  }

  /**
   * Leases the bookings for this instance and reads them; those another instance holds, or that
   * were published meanwhile, are left out (and their lease let go).
   */
  private async claim(
    bookingIds: string[],
  ): Promise<Array<{ doc: BookingDocument; attempts: number }>> {
    const leases = await claimLeases(
      this.models.leases,
      bookingIds,
      this.owner,
      this.clock(),
      this.options.leaseMs ?? 30_000,
    );
    const attemptsById = new Map([...leases].map(([id, lease]) => [id, lease.attempts]));
    if (attemptsById.size === 0) return [];
    // One read per booking: FerretDB hands only top-level equality to its database, so an `$in`
    // next to `publishedToFhir: false` would read every unpublished booking for each transaction.
    const docs = await Promise.all(
      [...attemptsById.keys()].map((_id) =>
        this.models.bookings.findOne({ _id, publishedToFhir: false }).lean<BookingDocument>(),
      ),
    );
    const unpublished = new Map(
      docs.filter((doc): doc is BookingDocument => doc !== null).map((doc) => [doc._id, doc]),
    );
    const done = [...attemptsById.keys()].filter((id) => !unpublished.has(id));
    if (done.length > 0)
      await this.models.leases.deleteMany({ _id: { $in: done }, owner: this.owner });
    return bookingIds.flatMap((id) => {
      const doc = unpublished.get(id);
      return doc ? [{ doc, attempts: attemptsById.get(id) ?? 0 }] : [];
    });
  }

  /**
   * Publishes claimed bookings in one transaction. When HAPI refuses it (a 4xx: one booking's
   * resources broke a rule), each booking is sent on its own, so one bad booking holds back only
   * itself; when HAPI fails or is unreachable, all of them wait out their backoff.
   */
  private async publishTogether(
    claimed: Array<{ doc: BookingDocument; attempts: number }>,
  ): Promise<PublishOutcome> {
    const docs = claimed.map((c) => c.doc);
    try {
      const now = this.clock();
      const seatsBySlot = new Map<string, number>();
      for (const doc of docs) {
        if (seatsBySlot.has(doc.slotId)) continue;
        seatsBySlot.set(
          doc.slotId,
          await this.models.bookings.countDocuments({ slotId: doc.slotId, ...keepsSeat(now) }),
        );
      }
      const inHapi = await this.patientsInHapiOf(docs.map((doc) => doc.patientId));
      const bundle = bookingsBundle(
        docs.map((doc) => ({
          doc,
          seatsTaken: seatsBySlot.get(doc.slotId) ?? 0,
          patientExists: inHapi.has(doc.patientId),
        })),
        this.schedulesInHapi,
      );
      try {
        await this.store.transaction(bundle);
      } catch (error) {
        // HAPI may have lost what we remembered (a restored database): send everything next time.
        for (const doc of docs) {
          this.schedulesInHapi.delete(doc.serviceId);
          this.patientsInHapi.delete(doc.patientId);
        }
        throw error;
      }
      for (const doc of docs) this.schedulesInHapi.add(doc.serviceId);
      await Promise.all(
        docs.map((doc) =>
          this.models.bookings.updateOne(
            { _id: doc._id, outboxVersion: doc.outboxVersion },
            { $set: { publishedToFhir: true, outbox: [] } },
          ),
        ),
      );
      await this.models.leases.deleteMany({
        _id: { $in: docs.map((doc) => doc._id) },
        owner: this.owner,
      });
      // If a decision (cancel, check-in, no-show) raced with our write (FerretDB), put it back; it will be published next.
      const booked = docs.filter((doc) => doc.status === 'booked').map((doc) => doc._id);
      if (booked.length > 0) {
        const raced = await this.models.cancellations
          .find({ _id: { $in: booked } }, { _id: 1 })
          .lean<Array<{ _id: string }>>();
        for (const { _id } of raced) await this.reconcileCancellation(_id);
      }
      return { published: docs.length, hapiFailing: false };
    } catch (error) {
      const refusedByHapi = error instanceof HttpError && error.status >= 400 && error.status < 500;
      if (refusedByHapi && claimed.length > 1)
        return publishEachAlone(
          claimed,
          error,
          (one) => this.publishTogether([one]),
          (rest, cause) => this.retryLater(rest, cause),
        );
      await this.retryLater(claimed, error);
      return { published: 0, hapiFailing: !refusedByHapi };
    }
  }

  /** Keeps each booking's lease until its backoff is over: the lease is also the retry timer. */
  private async retryLater(
    claimed: Array<{ doc: BookingDocument; attempts: number }>,
    error: unknown,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    for (const { doc, attempts: previousAttempts } of claimed) {
      const attempts = previousAttempts + 1;
      const delay =
        Math.min(this.options.maxBackoffMs, 500 * 2 ** Math.min(attempts, 20)) +
        Math.floor(Math.random() * 250);
      this.logger.warn(
        { bookingId: doc._id, attempts, retryInMs: delay, err: error },
        `publishing booking to HAPI FHIR failed: ${reason}`,
      );
      await this.models.leases
        .updateOne(
          { _id: doc._id, owner: this.owner },
          {
            $set: {
              attempts,
              until: new Date(this.clock().getTime() + delay),
              lastError: reason.slice(0, 500),
            },
          },
        )
        .catch(() => undefined);
    }
  }

  /** Which of these patients HAPI holds: one search for those not already known to be there. */
  private async patientsInHapiOf(patientIds: string[]): Promise<Set<string>> {
    const unknown = [
      ...new Set(patientIds.filter((id) => FHIR_ID.test(id) && !this.patientsInHapi.has(id))),
    ];
    if (unknown.length > 0) {
      const found = await this.store.search<Patient>('Patient', {
        _id: unknown.join(','),
        _elements: 'id',
        _count: unknown.length,
      });
      if (this.patientsInHapi.size + unknown.length > 10_000) this.patientsInHapi.clear();
      for (const entry of found.entry ?? [])
        if (entry.resource?.id) this.patientsInHapi.add(entry.resource.id);
    }
    return new Set(patientIds.filter((id) => this.patientsInHapi.has(id)));
  }
}

/**
 * Bookings to send together, in order: every booking of a slot in the same transaction (so the
 * Slot is written once, with its latest seat count), a transaction holding whole slots up to
 * BOOKINGS_PER_TRANSACTION bookings. One booking per transaction made HAPI validate the Slot and
 * look up the patient once per booking: draining 1,000 bookings after an outage took over 60 s.
 */
export function transactionsOf(due: Array<{ _id: string; slotId: string }>): string[][] {
  const bySlot = new Map<string, string[]>();
  for (const { _id, slotId } of due) bySlot.set(slotId, [...(bySlot.get(slotId) ?? []), _id]);
  const transactions: string[][] = [];
  let current: string[] = [];
  for (const slotBookings of bySlot.values()) {
    if (current.length > 0 && current.length + slotBookings.length > BOOKINGS_PER_TRANSACTION) {
      transactions.push(current);
      current = [];
    }
    current = [...current, ...slotBookings];
  }
  if (current.length > 0) transactions.push(current);
  return transactions;
}
