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

/**
 * `held`: a seat kept for a patient for a few minutes (or a waitlist offer) until confirmed;
 * `expired`: a hold that lapsed or was let go. Neither was ever a booking: they get no queue number,
 * are never published to HAPI and do not count in the figures.
 */
export type BookingStatus = 'held' | 'expired' | 'booked' | 'checked-in' | 'cancelled' | 'no-show';

/** The per-patient rules an administrator may set aside for one booking, with a recorded reason. */
export type BookingRule = 'one-per-department-day' | 'max-future-bookings';

export interface RuleOverride {
  rule: BookingRule;
  reason: string;
  by: string;
  at: Date;
}

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
  /**
   * `<patientId>|future|<k>`, k < the future-bookings limit, while the booking (or hold) is ahead;
   * `released:<id>` once decided or past; `override:<id>` when an administrator lifted the limit.
   * Unique: each patient has that many keys, so the limit holds under concurrency too.
   */
  patientQuotaKey: string;
  /** Until when a `held` seat is kept; set on holds only (also after they are confirmed). */
  holdExpiresAt?: Date;
  confirmedAt?: Date;
  /** The waitlist entry this hold was offered to. */
  waitlistEntryId?: string;
  /** The booking this one replaced (reschedule) and whether the old one is let go yet. */
  rescheduledFrom?: string;
  rescheduleState?: 'pending' | 'done';
  /** The booking that replaced this one. */
  rescheduledTo?: string;
  overrides?: RuleOverride[];
  ticketCode: string;
  status: BookingStatus;
  queueNumber?: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt?: Date;
  checkedInAt?: Date;
  /** When the checked-in patient was called in to be seen, and by whom (first call wins). */
  seenAt?: Date;
  seenBy?: string;
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
  /** Why, when the system decided: `rescheduled:<new booking id>`. */
  reason?: string;
}

/** How a hold ended: confirmed into a booking, lapsed, or let go. */
export type HoldDecision = 'confirmed' | 'expired' | 'released';

/**
 * A hold's one outcome, keyed by the booking id (first insert wins), so a confirmation racing the
 * expiry sweep cannot both succeed. Separate from the booking's final decision, which comes later.
 */
export interface HoldDecisionDocument {
  _id: string;
  decision: HoldDecision;
  at: Date;
  by: string;
}

/**
 * A patient waiting for a seat at one department of one hospital on one of a range of days. The
 * earliest entry whose days include a freed seat is offered it as a hold (FIFO by `createdAt`).
 */
export interface WaitlistEntryDocument {
  _id: string;
  patientId: string;
  serviceId: string;
  hospitalId: string;
  serviceName: string;
  hospitalName: string;
  /** Local days, `YYYY-MM-DD`, inclusive. */
  fromDay: string;
  toDay: string;
  status: 'waiting' | 'offered' | 'booked' | 'withdrawn' | 'lapsed';
  /** `<patientId>|<serviceId>` while waiting or offered: one place in one queue per patient. Unique. */
  activeKey: string;
  offers: Array<{ bookingId: string; at: Date; until: Date }>;
  createdBy: string;
  createdAt: Date;
  updatedAt?: Date;
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
  /** The API process working on it while in flight (IdempotencyStore.owner). */
  owner?: string;
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
    patientQuotaKey: { type: String, required: true },
    holdExpiresAt: Date,
    confirmedAt: Date,
    waitlistEntryId: String,
    rescheduledFrom: String,
    rescheduleState: String,
    rescheduledTo: String,
    overrides: {
      type: [
        new Schema<RuleOverride>(
          {
            rule: { type: String, required: true },
            reason: { type: String, required: true },
            by: { type: String, required: true },
            at: { type: Date, required: true },
          },
          { _id: false },
        ),
      ],
      default: undefined,
    },
    ticketCode: { type: String, required: true },
    status: { type: String, required: true },
    queueNumber: Number,
    createdBy: { type: String, required: true },
    cancelledAt: Date,
    checkedInAt: Date,
    seenAt: Date,
    seenBy: String,
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
bookingSchema.index({ patientQuotaKey: 1 }, { unique: true, name: 'patient_quota_unique' });
bookingSchema.index({ status: 1, holdExpiresAt: 1 });
bookingSchema.index({ rescheduleState: 1 });
bookingSchema.index({ serviceId: 1, start: 1, status: 1 });
bookingSchema.index({ slotId: 1 });
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
    reason: String,
  },
  { collection: 'booking_cancellations' },
);

const holdDecisionSchema = new Schema<HoldDecisionDocument>(
  {
    _id: { type: String, required: true },
    decision: { type: String, required: true, enum: ['confirmed', 'expired', 'released'] },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  { collection: 'hold_decisions' },
);

const waitlistSchema = new Schema<WaitlistEntryDocument>(
  {
    _id: { type: String, required: true },
    patientId: { type: String, required: true },
    serviceId: { type: String, required: true },
    hospitalId: { type: String, required: true },
    serviceName: { type: String, required: true },
    hospitalName: { type: String, required: true },
    fromDay: { type: String, required: true },
    toDay: { type: String, required: true },
    status: { type: String, required: true },
    activeKey: { type: String, required: true },
    offers: {
      type: [
        new Schema(
          {
            bookingId: { type: String, required: true },
            at: { type: Date, required: true },
            until: { type: Date, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'waitlist_entries', timestamps: { createdAt: false, updatedAt: true } },
);
waitlistSchema.index({ activeKey: 1 }, { unique: true, name: 'waitlist_active_unique' });
waitlistSchema.index({ serviceId: 1, status: 1, createdAt: 1 });
waitlistSchema.index({ status: 1, createdAt: 1 });
waitlistSchema.index({ patientId: 1, createdAt: -1 });

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
    owner: String,
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

/**
 * A doctor's call of a checked-in patient, keyed by the booking id (collection `booking_calls`):
 * the first insert wins. The booking's `seenAt` is a copy, which a concurrent update of the
 * booking (the outbox publisher's) can wipe on FerretDB; readers re-apply it from here.
 */
export interface BookingCallDocument {
  _id: string;
  at: Date;
  by: string;
}

const bookingCallSchema = new Schema<BookingCallDocument>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  { collection: 'booking_calls', versionKey: false },
);

export interface SchedulingModels {
  templates: Model<ScheduleTemplate>;
  bookings: Model<BookingDocument>;
  queueNumbers: Model<QueueNumberDocument>;
  cancellations: Model<CancellationDocument>;
  calls: Model<BookingCallDocument>;
  holdDecisions: Model<HoldDecisionDocument>;
  waitlist: Model<WaitlistEntryDocument>;
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
    calls: model(connection, 'BookingCall', bookingCallSchema),
    holdDecisions: model(connection, 'HoldDecision', holdDecisionSchema),
    waitlist: model(connection, 'WaitlistEntry', waitlistSchema),
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
    models.waitlist.createIndexes(),
  ]);
}

/** Statuses that keep a seat (a `held` one only until its `holdExpiresAt`). */
export const SEAT_KEEPING_STATUSES = ['booked', 'checked-in', 'no-show'] as const;

/** Mongo filter of the bookings that keep their seat at `now`: active ones, and holds not yet lapsed. */
export function keepsSeat(now: Date): Record<string, unknown> {
  return {
    $or: [
      { status: { $in: SEAT_KEEPING_STATUSES } },
      { status: 'held', holdExpiresAt: { $gt: now } },
    ],
  };
}

/** Whether a MongoDB error is a unique-index violation (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}
