import type {
  Appointment,
  AppointmentParticipant,
  Bundle,
  CodeableConcept,
  Identifier,
  Schedule,
  Slot,
} from 'fhir/r4.js';
import { DateTime, FixedOffsetZone } from 'luxon';
import { PeriodicTask } from '../jobs/periodic-task.js';
import { claimLease, newOwnerId } from '../jobs/lease.js';
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

/** Bookings sent to HAPI at once. */
const PUBLISH_CONCURRENCY = 6;

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

/**
 * The transaction that makes HAPI show a booking: its department's Schedule and its Slot (PUT by
 * ids derived from the service and slot) and its Appointment (conditional PUT by the booking-id
 * identifier), each declaring the province profile HAPI enforces. Every entry is an idempotent
 * upsert, so sending it twice never duplicates.
 */
export function bookingBundle(
  doc: BookingDocument,
  seatsTaken: number,
  patientExists: boolean,
  /** false when HAPI already holds the department's Schedule (it never changes for a service). */
  withSchedule = true,
): Bundle {
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
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      ...(withSchedule
        ? [
            {
              fullUrl: `Schedule/${schedule.id}`,
              resource: schedule,
              request: { method: 'PUT' as const, url: `Schedule/${schedule.id}` },
            },
          ]
        : []),
      {
        fullUrl: `Slot/${slot.id}`,
        resource: slot,
        request: { method: 'PUT', url: `Slot/${slot.id}` },
      },
      {
        resource: appointment,
        request: {
          method: 'PUT',
          url: `Appointment?identifier=${encodeURIComponent(`${BOOKING_IDENTIFIER_SYSTEM}|${doc._id}`)}`,
        },
      },
    ],
  };
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
    // Several transactions in flight: one at a time, HAPI's round trips set the pace and a
    // backlog of 1,000 bookings after an outage took minutes to drain. Each booking is its own
    // transaction, so one HAPI refuses does not hold back the others. The bookings of one slot
    // go one after another, in order, so the Slot's seat count in HAPI ends at the latest one.
    const bySlot = new Map<string, string[]>();
    for (const { _id, slotId } of due) bySlot.set(slotId, [...(bySlot.get(slotId) ?? []), _id]);
    const next = bySlot.values();
    const worker = async (): Promise<void> => {
      for (const slotBookings of next) {
        for (const _id of slotBookings) {
          if (failing || this.task.isStopped || !this.monitor.isUp('hapi-fhir')) return;
          const lease = await this.acquire(_id);
          if (!lease) continue;
          const doc = await this.models.bookings.findById(_id).lean<BookingDocument>();
          if (!doc || doc.publishedToFhir) {
            await this.models.leases.deleteOne({ _id, owner: this.owner });
            continue;
          }
          // HAPI failing: let the next tick (and the monitor) decide when to try again.
          if (!(await this.publish(doc, lease.attempts))) failing = true;
          else published++;
        }
      }
    };
    const workers = Math.max(1, Math.min(PUBLISH_CONCURRENCY, bySlot.size));
    await Promise.all(Array.from({ length: workers }, worker));
    return published;
  }

  /** Claims a booking for this instance, or undefined when another holds it or it is backing off. */
  private async acquire(bookingId: string): Promise<{ attempts: number } | undefined> {
    return claimLease(
      this.models.leases,
      bookingId,
      this.owner,
      this.clock(),
      this.options.leaseMs ?? 30_000,
    );
  }

  private async publish(doc: BookingDocument, previousAttempts: number): Promise<boolean> {
    try {
      const seatsTaken = await this.models.bookings.countDocuments({
        serviceId: doc.serviceId,
        start: doc.start,
        ...keepsSeat(this.clock()),
      });
      const withSchedule = !this.schedulesInHapi.has(doc.serviceId);
      const bundle = bookingBundle(
        doc,
        seatsTaken,
        await this.patientExists(doc.patientId),
        withSchedule,
      );
      try {
        await this.store.transaction(bundle);
      } catch (error) {
        // HAPI may have lost what we remembered (a restored database): send everything next time.
        this.schedulesInHapi.delete(doc.serviceId);
        this.patientsInHapi.delete(doc.patientId);
        throw error;
      }
      this.schedulesInHapi.add(doc.serviceId);
      await this.models.bookings.updateOne(
        { _id: doc._id, outboxVersion: doc.outboxVersion },
        { $set: { publishedToFhir: true, outbox: [] } },
      );
      await this.models.leases.deleteOne({ _id: doc._id, owner: this.owner });
      // If a decision (cancel, check-in, no-show) raced with our write (FerretDB), put it back; it will be published next.
      if (doc.status === 'booked' && (await this.models.cancellations.exists({ _id: doc._id })))
        await this.reconcileCancellation(doc._id);
      return true;
    } catch (error) {
      const attempts = previousAttempts + 1;
      const delay =
        Math.min(this.options.maxBackoffMs, 500 * 2 ** Math.min(attempts, 20)) +
        Math.floor(Math.random() * 250);
      const reason = error instanceof Error ? error.message : String(error);
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
      return false;
    }
  }

  private async patientExists(patientId: string): Promise<boolean> {
    if (!FHIR_ID.test(patientId)) return false;
    if (this.patientsInHapi.has(patientId)) return true;
    try {
      await this.store.read('Patient', patientId);
      if (this.patientsInHapi.size >= 10_000) this.patientsInHapi.clear();
      this.patientsInHapi.add(patientId);
      return true;
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 410))
        return false;
      throw error;
    }
  }
}
