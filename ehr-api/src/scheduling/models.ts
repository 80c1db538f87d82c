import { Schema, type Connection, type Model } from 'mongoose';
import type { ScheduleTemplate } from './template.js';

/*
 * What the scheduling invariants may rely on. MongoDB makes every single-document update atomic,
 * conditional ones included. FerretDB 1.24 on PostgreSQL (our local and test stack) does not:
 * measured here, 100 concurrent `$inc` of one field left 31; 50 concurrent
 * `findOneAndUpdate({key}, {$inc: {next: 1}}, {upsert: true})` handed out 4 distinct numbers and
 * created 6 counter documents; 50 concurrent compare-and-set updates (`{_id, v: 0}` → `v: 1`) all
 * "won" 10 times. Its updates read and then write the whole document (FerretDB issue 3040).
 * Inserts against a unique index, on the other hand, held in every run (50 concurrent bookings of
 * a 3-seat slot: exactly 3 inserted). So every claim below is an insert into a unique key, and a
 * document is updated by one writer at a time wherever we can arrange it.
 */

/** A change still to be published to HAPI FHIR, written in the same update as the change itself. */
export interface OutboxEntry {
  change: 'appointment-upsert' | 'slot-upsert';
  at: Date;
}

export type BookingStatus = 'booked' | 'checked-in' | 'cancelled' | 'no-show';

export interface BookingDocument {
  _id: string;
  patientId: string;
  serviceId: string;
  hospitalId: string;
  hospitalName: string;
  serviceName: string;
  departmentCode: string;
  directions: string;
  locationId: string;
  slotId: string;
  start: Date;
  end: Date;
  /** Local (UTC+7) day of `start`, `YYYY-MM-DD`. */
  localDay: string;
  capacity: number;
  seat: number;
  /**
   * `<serviceId>|<start ms>|<seat>` while the booking holds its seat; `released:<id>` once cancelled.
   * Unique: inserting the booking is the seat claim, so two patients can never hold one seat.
   */
  seatKey: string;
  /** `<patientId>|<serviceId>|<localDay>` while active; `released:<id>` once cancelled. Unique. */
  patientDayKey: string;
  ticketCode: string;
  status: BookingStatus;
  queueNumber?: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt?: Date;
  checkedInAt?: Date;
  noShowAt?: Date;
  outbox: OutboxEntry[];
  /** Bumped by every change that adds to the outbox; the publisher only clears what it has sent. */
  outboxVersion: number;
  publishedToFhir: boolean;
  /** The publisher leaves the booking alone before this (far ahead until the queue number is set). */
  outboxNextAttemptAt: Date;
}

/**
 * One queue number of one department on one local day, claimed by inserting it: `_id` =
 * `<serviceId>|<localDay>|<n>` is unique, so no number is given twice.
 */
export interface QueueNumberDocument {
  _id: string;
  key: string;
  n: number;
  bookingId: string;
}

/** A cancellation, inserted before the booking is changed: the record of truth if that change is lost. */
/** What happened to a booking in the end, decided once: cancelled, the patient came, or did not. */
export type BookingDecision = 'cancelled' | 'checked-in' | 'no-show';

/**
 * A booking's one final decision, keyed by the booking id (collection `booking_cancellations`, its
 * name from when cancelling was the only one): the first insert wins, so a cancellation and a
 * check-in racing each other cannot both happen. Absent `decision` means cancelled (older documents).
 */
export interface CancellationDocument {
  _id: string;
  decision?: BookingDecision;
  at: Date;
  by: string;
}

/** One publisher's hold on one booking, claimed by inserting it; also carries the retry backoff. */
export interface OutboxLeaseDocument {
  _id: string;
  owner: string;
  until: Date;
  attempts: number;
  lastError?: string;
}

export interface IdempotencyDocument {
  _id: string;
  fingerprint: string;
  state: 'in-flight' | 'done';
  lockedUntil: Date;
  status?: number;
  /** The first answer: a booking on success, the problem's fields on a 4xx. */
  response?: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
}

const sessionSchema = new Schema(
  {
    weekday: { type: Number, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
  },
  { _id: false },
);

const templateSchema = new Schema<ScheduleTemplate>(
  {
    serviceId: { type: String, required: true, unique: true },
    hospitalId: { type: String, required: true },
    hospitalName: { type: String, required: true },
    serviceName: { type: String, required: true },
    departmentCode: { type: String, required: true },
    directions: { type: String, default: '' },
    locationId: { type: String, required: true },
    slotMinutes: { type: Number, required: true },
    capacity: { type: Number, required: true },
    sessions: { type: [sessionSchema], default: [] },
    active: { type: Boolean, default: true },
  },
  { collection: 'schedule_templates', timestamps: true },
);
templateSchema.index({ departmentCode: 1, hospitalId: 1 });

const outboxEntrySchema = new Schema<OutboxEntry>(
  { change: { type: String, required: true }, at: { type: Date, required: true } },
  { _id: false },
);

const bookingSchema = new Schema<BookingDocument>(
  {
    _id: { type: String, required: true },
    patientId: { type: String, required: true },
    serviceId: { type: String, required: true },
    hospitalId: { type: String, required: true },
    hospitalName: { type: String, required: true },
    serviceName: { type: String, required: true },
    departmentCode: { type: String, required: true },
    directions: { type: String, default: '' },
    locationId: { type: String, required: true },
    slotId: { type: String, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    localDay: { type: String, required: true },
    capacity: { type: Number, required: true },
    seat: { type: Number, required: true },
    seatKey: { type: String, required: true },
    patientDayKey: { type: String, required: true },
    ticketCode: { type: String, required: true },
    status: { type: String, required: true },
    queueNumber: Number,
    createdBy: { type: String, required: true },
    cancelledAt: Date,
    checkedInAt: Date,
    noShowAt: Date,
    outbox: { type: [outboxEntrySchema], default: [] },
    outboxVersion: { type: Number, default: 1 },
    publishedToFhir: { type: Boolean, default: false },
    outboxNextAttemptAt: { type: Date, required: true },
  },
  { collection: 'bookings', timestamps: true },
);
bookingSchema.index({ seatKey: 1 }, { unique: true, name: 'seat_unique' });
bookingSchema.index({ patientDayKey: 1 }, { unique: true, name: 'patient_day_unique' });
bookingSchema.index({ ticketCode: 1 }, { unique: true, name: 'ticket_unique' });
bookingSchema.index({ serviceId: 1, start: 1, status: 1 });
bookingSchema.index({ hospitalId: 1, localDay: 1 });
bookingSchema.index({ localDay: 1, hospitalId: 1 });
bookingSchema.index({ patientId: 1, start: 1 });
bookingSchema.index({ publishedToFhir: 1, outboxNextAttemptAt: 1 });

const queueNumberSchema = new Schema<QueueNumberDocument>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    n: { type: Number, required: true },
    bookingId: { type: String, required: true },
  },
  { collection: 'queue_numbers' },
);
queueNumberSchema.index({ key: 1, n: -1 });
queueNumberSchema.index({ bookingId: 1 });

const cancellationSchema = new Schema<CancellationDocument>(
  {
    _id: { type: String, required: true },
    decision: { type: String, enum: ['cancelled', 'checked-in', 'no-show'] },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  { collection: 'booking_cancellations' },
);

const outboxLeaseSchema = new Schema<OutboxLeaseDocument>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    until: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    lastError: String,
  },
  { collection: 'outbox_leases' },
);

const idempotencySchema = new Schema<IdempotencyDocument>(
  {
    _id: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true },
    lockedUntil: { type: Date, required: true },
    status: Number,
    response: Schema.Types.Mixed,
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys' },
);
// Keys are kept a day. FerretDB 1.24 has no TTL indexes ("expireAfterSeconds is not implemented
// yet"), so expired keys are ignored on use and removed by IdempotencyStore.purgeExpired.
idempotencySchema.index({ expiresAt: 1 });

export interface SchedulingModels {
  templates: Model<ScheduleTemplate>;
  bookings: Model<BookingDocument>;
  queueNumbers: Model<QueueNumberDocument>;
  cancellations: Model<CancellationDocument>;
  leases: Model<OutboxLeaseDocument>;
  idempotency: Model<IdempotencyDocument>;
}

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

export function schedulingModels(connection: Connection): SchedulingModels {
  return {
    templates: model(connection, 'ScheduleTemplate', templateSchema),
    bookings: model(connection, 'Booking', bookingSchema),
    queueNumbers: model(connection, 'QueueNumber', queueNumberSchema),
    cancellations: model(connection, 'BookingCancellation', cancellationSchema),
    leases: model(connection, 'OutboxLease', outboxLeaseSchema),
    idempotency: model(connection, 'IdempotencyKey', idempotencySchema),
  };
}

/**
 * Builds the indexes the invariants rest on (unique seat, unique patient-day, unique ticket code)
 * before the first write; mongoose's background auto-index could otherwise lose the race.
 */
export async function ensureSchedulingIndexes(models: SchedulingModels): Promise<void> {
  await Promise.all([
    models.templates.createIndexes(),
    models.bookings.createIndexes(),
    models.queueNumbers.createIndexes(),
    models.idempotency.createIndexes(),
  ]);
}

/** Whether a MongoDB error is a unique-index violation (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}
