import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { AvailabilityQuery, AvailableSlot, Booking } from '@qn/contracts';
import { badRequest, HttpError, notFound } from '../errors/http-error.js';
import { requestFingerprint } from './fingerprint.js';
import { IdempotencyStore } from './idempotency.js';
import { localDayOf, addDays } from './local-time.js';
import {
  ensureSchedulingIndexes,
  isDuplicateKey,
  keepsSeat,
  type BookingCallDocument,
  type BookingDecision,
  type BookingDocument,
  type BookingRule,
  type HoldDecision,
  type OutboxEntry,
  type RuleOverride,
  type SchedulingModels,
} from './models.js';
import { formatSlotId, parseSlotId } from './slot-id.js';
import { expandTemplate, slotAt, type ScheduleTemplate } from './template.js';
import { newTicketCode } from './ticket-code.js';

export interface SchedulingOptions {
  /** No booking closer than this to the slot's start. */
  minNoticeMinutes: number;
  /** No booking further ahead than this. */
  horizonDays: number;
  /** How long a hold keeps its seat (default 5). */
  holdMinutes?: number;
  /** At most this many bookings and holds ahead per patient, unless an administrator overrides (default 4). */
  maxFutureBookings?: number;
  clock?: () => Date;
}

/** Called after a seat was let go (cancellation, lapsed hold), so the waitlist can offer it at once. */
export type SeatFreedListener = (serviceId: string, start: Date) => Promise<void>;

/** Who asks for a booking, for the log and the record: a member of staff, a kiosk session. */
export interface BookingActor {
  kind: 'anonymous' | 'staff' | 'kiosk';
  id?: string;
}

export interface BookCommand {
  patientId: string;
  slotId: string;
  idempotencyKey: string;
  actor: BookingActor;
  /** Rules set aside by an administrator (the route checks the role), with the reason. */
  override?: { rules: BookingRule[]; reason: string };
}

export interface HoldCommand {
  patientId: string;
  slotId: string;
  idempotencyKey: string;
  actor: BookingActor;
  /** Longer than the default for a waitlist offer. */
  holdMinutes?: number;
  waitlistEntryId?: string;
}

export interface RescheduleCommand {
  bookingId: string;
  slotId: string;
  idempotencyKey: string;
  actor: BookingActor;
}

export interface BookResult {
  status: number;
  booking: Booking;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

const ALTERNATIVES = 3;
const DEFAULT_HOLD_MINUTES = 5;
const DEFAULT_MAX_FUTURE_BOOKINGS = 4;
/** A reschedule whose old booking is not let go after this long was interrupted: the sweep finishes it. */
export const RESCHEDULE_STALE_MS = 30_000;

/** "Not before the queue number is set": the publisher leaves a booking alone until then. */
const HIDDEN_FROM_PUBLISHER = new Date('9999-01-01T00:00:00Z');
/**
 * How long a request keeps its Idempotency-Key to itself before a retry from elsewhere may take
 * over. An attempt of this process that already failed is taken over at once (IdempotencyStore).
 */
const IN_FLIGHT_LOCK_MS = 30_000;
/** How long a slot found full is refused from memory (see SchedulingService.fullUntil). */
const FULL_SLOT_MEMORY_MS = 1000;

function actorLabel(actor: BookingActor): string {
  return actor.id ? `${actor.kind}:${actor.id}` : actor.kind;
}

function slotProblem(detail: string): HttpError {
  return badRequest(detail, { field: 'slotId' });
}

export function toBooking(doc: BookingDocument): Booking {
  return {
    id: doc._id,
    patientId: doc.patientId,
    hospitalId: doc.hospitalId,
    hospitalName: doc.hospitalName,
    serviceId: doc.serviceId,
    serviceName: doc.serviceName,
    departmentCode: doc.departmentCode,
    start: doc.start.toISOString(),
    end: doc.end.toISOString(),
    status: doc.status,
    queueNumber: doc.queueNumber ?? 0,
    ticketCode: doc.ticketCode,
    directions: doc.directions,
    createdAt: doc.createdAt.toISOString(),
    publishedToFhir: doc.publishedToFhir,
    ...(doc.holdExpiresAt ? { holdExpiresAt: doc.holdExpiresAt.toISOString() } : {}),
    ...(doc.checkedInAt ? { checkedInAt: doc.checkedInAt.toISOString() } : {}),
    ...(doc.seenAt ? { seenAt: doc.seenAt.toISOString() } : {}),
    ...(doc.waitlistEntryId ? { waitlistEntryId: doc.waitlistEntryId } : {}),
    ...(doc.rescheduledFrom ? { rescheduledFrom: doc.rescheduledFrom } : {}),
    ...(doc.rescheduledTo ? { rescheduledTo: doc.rescheduledTo } : {}),
    ...(doc.overrides?.length
      ? { overrides: doc.overrides.map((o) => ({ ...o, at: o.at.toISOString() })) }
      : {}),
  };
}

/**
 * Availability and booking. Slots are computed from the weekly templates; MongoDB holds only the
 * bookings. Every invariant rests on single-document atomic operations (FerretDB has no
 * multi-document transactions):
 *
 * - **Seat claim.** A booking document is inserted *into a seat*: `seatKey` =
 *   `<serviceId>|<start>|<seat>` has a unique index, and the service tries seats 0..capacity-1.
 *   The insert is the claim, so two patients can never hold one seat and a slot can never take
 *   more than `capacity` bookings, whatever the concurrency, on any number of API instances.
 *   Chosen over a per-slot counter document because the booking and its claim are then one
 *   write: there is no counter to fall out of step after a crash. Cancelling rewrites `seatKey`
 *   to `released:<bookingId>` in the same update that cancels, which frees the seat at once.
 * - **Holds** are the same insert with status `held` and `holdExpiresAt`. A lapsed hold still
 *   owns its keys until it is expired (by the sweep, or by whoever runs into it), but counts as
 *   free in availability. Confirming and expiring race through one unique insert in
 *   `hold_decisions`, so a hold is either confirmed or expired, never both.
 * - **Per-patient rules**: one active booking per patient, department and day (`patientDayKey`,
 *   unique) and at most N bookings ahead (`patientQuotaKey` = `<patient>|future|<k>`, k < N,
 *   unique): both are keys of the same insert, released the same way. An administrator may set
 *   either aside for one booking, and the reason is stored with it.
 * - **Reschedule**: the new booking is inserted (its seat taken) before the old one is cancelled;
 *   if the old one cannot be cancelled any more, the new one is. A reschedule interrupted
 *   between the two is finished by the sweep (`rescheduleState: 'pending'`), so the patient
 *   never ends up with neither.
 * - **Queue numbers**: drawn only after a seat was booked (not while held), by inserting
 *   `<serviceId>|<day>|<n>` (unique `_id`) with n = highest so far + 1, retrying with the next n
 *   when another booking took it. Numbers run 1, 2, 3… with no gaps and no duplicates. (A counter
 *   document bumped with `findOneAndUpdate({key}, {$inc: {next: 1}}, {upsert: true})` is the
 *   usual way and is atomic on MongoDB, but FerretDB 1.24 loses concurrent `$inc`s: see models.ts.)
 * - **Cancellation**: a cancellation document is inserted first (unique by booking id), then the
 *   booking is updated (status, seat and patient keys released, outbox). If that update is
 *   lost to a concurrent writer on FerretDB, the cancellation document says so and the update
 *   is applied again (here and by the publisher).
 * - **Outbox**: the FHIR changes to publish are written into the booking document by the same
 *   insert or update that makes the change; `OutboxPublisher` sends them later. A new booking is
 *   hidden from the publisher (`outboxNextAttemptAt` far ahead) until its queue number is set,
 *   so only one writer touches it at a time; holds are never published.
 */
export class SchedulingService {
  private readonly clock: () => Date;
  private readonly idempotency: IdempotencyStore;
  private readonly holdMs: number;
  private readonly maxFutureBookings: number;
  private indexes: Promise<void> | undefined;
  private seatFreedListener: SeatFreedListener | undefined;
  private readonly recentAlternatives = new Map<
    string,
    { search: Promise<AvailableSlot[]>; until: number }
  >();
  /**
   * Slots a fresh read found with every seat kept, and until when (ms) to refuse them without
   * reading again. When a popular slot fills up, thousands of refusals each re-read all of its
   * bookings (the benchmark's 10,000 on 100 seats: FerretDB decodes every document it returns).
   * A seat freed through this instance clears the entry at once; one freed through another
   * instance is seen at most FULL_SLOT_MEMORY_MS later; a hold that lapses sooner shortens it.
   */
  private readonly fullUntil = new Map<string, number>();
  /** Seats freed through this instance so far: a slot read as full while one was freed is not remembered. */
  private seatsFreed = 0;

  constructor(
    private readonly models: SchedulingModels,
    private readonly options: SchedulingOptions,
  ) {
    this.clock = options.clock ?? ((): Date => new Date());
    this.holdMs = (options.holdMinutes ?? DEFAULT_HOLD_MINUTES) * 60_000;
    this.maxFutureBookings = options.maxFutureBookings ?? DEFAULT_MAX_FUTURE_BOOKINGS;
    this.idempotency = new IdempotencyStore(models.idempotency, {
      lockMs: IN_FLIGHT_LOCK_MS,
      clock: this.clock,
    });
  }

  /** Builds the unique indexes once per instance; a failure is retried on the next call. */
  ready(): Promise<void> {
    this.indexes ??= ensureSchedulingIndexes(this.models).catch((error: unknown) => {
      this.indexes = undefined;
      throw error;
    });
    return this.indexes;
  }

  /** Who to tell when a seat is let go (the waitlist). */
  onSeatFreed(listener: SeatFreedListener): void {
    this.seatFreedListener = listener;
  }

  now(): Date {
    return this.clock();
  }

  get bookingOptions(): Readonly<Required<Omit<SchedulingOptions, 'clock'>>> {
    return {
      minNoticeMinutes: this.options.minNoticeMinutes,
      horizonDays: this.options.horizonDays,
      holdMinutes: this.holdMs / 60_000,
      maxFutureBookings: this.maxFutureBookings,
    };
  }

  /** Free slots across the hospitals, earliest first, within notice and horizon. */
  async availability(
    query: AvailabilityQuery & { serviceId?: string },
    exclude?: string,
  ): Promise<AvailableSlot[]> {
    if (query.to < query.from)
      throw badRequest('to: the last day must not be before the first day (from)', { field: 'to' });
    const now = this.clock();
    const earliest = new Date(now.getTime() + this.options.minNoticeMinutes * 60_000);
    const latest = new Date(now.getTime() + this.options.horizonDays * 24 * 60 * 60_000);
    const from = query.from > localDayOf(earliest) ? query.from : localDayOf(earliest);
    const to = query.to < localDayOf(latest) ? query.to : localDayOf(latest);
    if (to < from) return [];

    const templates = await this.models.templates
      .find({
        active: true,
        ...(query.department ? { departmentCode: query.department } : {}),
        ...(query.hospital ? { hospitalId: query.hospital } : {}),
        ...(query.serviceId ? { serviceId: query.serviceId } : {}),
      })
      .lean<ScheduleTemplate[]>();
    const candidates: Array<{ template: ScheduleTemplate; start: Date; end: Date }> = [];
    for (const template of templates) {
      for (const slot of expandTemplate(template, from, to)) {
        if (slot.start >= earliest && slot.start <= latest) candidates.push({ template, ...slot });
      }
    }
    if (candidates.length === 0) return [];
    const taken = await this.takenSeats(
      templates.map((t) => t.serviceId),
      candidates.reduce((min, c) => (c.start < min ? c.start : min), candidates[0]!.start),
      candidates.reduce((max, c) => (c.start > max ? c.start : max), candidates[0]!.start),
    );
    candidates.sort(
      (a, b) =>
        a.start.getTime() - b.start.getTime() ||
        a.template.hospitalName.localeCompare(b.template.hospitalName, 'vi') ||
        a.template.serviceId.localeCompare(b.template.serviceId),
    );

    const slots: AvailableSlot[] = [];
    for (const { template, start, end } of candidates) {
      const seatsLeft =
        template.capacity - (taken.get(`${template.serviceId}|${start.getTime()}`) ?? 0);
      const slotId = formatSlotId(template.serviceId, start);
      if (seatsLeft <= 0 || slotId === exclude) continue;
      slots.push({
        slotId,
        hospitalId: template.hospitalId,
        hospitalName: template.hospitalName,
        serviceId: template.serviceId,
        serviceName: template.serviceName,
        departmentCode: template.departmentCode,
        start: start.toISOString(),
        end: end.toISOString(),
        seatsLeft,
      });
      if (slots.length >= query.limit) break;
    }
    return slots;
  }

  /** How many seats are kept in each slot (`<serviceId>|<start ms>`) of these services between two starts. */
  async takenSeats(
    serviceIds: string[],
    firstStart: Date,
    lastStart: Date,
  ): Promise<Map<string, number>> {
    // One query per service: FerretDB hands only top-level equality to PostgreSQL, so a `$in` over
    // the services with a time range read the whole bookings collection on every search.
    const services = [...new Set(serviceIds)];
    const perService = await Promise.all(
      services.map((serviceId) =>
        this.models.bookings.aggregate<{ _id: Date; n: number }>([
          {
            $match: {
              serviceId,
              start: { $gte: firstStart, $lte: lastStart },
              ...keepsSeat(this.clock()),
            },
          },
          { $group: { _id: '$start', n: { $sum: 1 } } },
        ]),
      ),
    );
    const taken = new Map<string, number>();
    services.forEach((serviceId, i) => {
      for (const group of perService[i]!)
        taken.set(`${serviceId}|${new Date(group._id).getTime()}`, group.n);
    });
    return taken;
  }

  /** Books a seat of a slot for a patient; the same idempotency key gives the same answer. */
  async book(command: BookCommand): Promise<BookResult> {
    await this.ready();
    const fingerprint = requestFingerprint('book', {
      patientId: command.patientId,
      slotId: command.slotId,
      ...(command.override ? { override: command.override } : {}),
    });
    const outcome = await this.idempotency.run<Booking>(
      'book',
      command.idempotencyKey,
      fingerprint,
      async () => {
        const slot = await this.bookableSlot(command.slotId);
        const doc = await this.claimSeat({
          id: attemptId('book', command.idempotencyKey),
          patientId: command.patientId,
          slot,
          actor: command.actor,
          status: 'booked',
          overrides: (command.override?.rules ?? []).map((rule) => ({
            rule,
            reason: command.override!.reason,
            by: actorLabel(command.actor),
            at: this.clock(),
          })),
        });
        return { status: 201, body: toBooking(await this.withQueueNumber(doc)) };
      },
    );
    return { status: outcome.status, booking: outcome.body, replayed: outcome.replayed };
  }

  /**
   * Keeps a seat for the patient for a few minutes (a kiosk patient reviewing the ticket, a
   * waitlist offer for longer); confirm it to book. The same per-patient rules as a booking apply.
   */
  async hold(command: HoldCommand): Promise<BookResult> {
    await this.ready();
    const fingerprint = requestFingerprint('hold', {
      patientId: command.patientId,
      slotId: command.slotId,
    });
    const outcome = await this.idempotency.run<Booking>(
      'hold',
      command.idempotencyKey,
      fingerprint,
      async () => {
        const slot = await this.bookableSlot(command.slotId);
        const holdMs = (command.holdMinutes ?? this.holdMs / 60_000) * 60_000;
        const doc = await this.claimSeat({
          id: attemptId('hold', command.idempotencyKey),
          patientId: command.patientId,
          slot,
          actor: command.actor,
          status: 'held',
          holdExpiresAt: new Date(this.clock().getTime() + holdMs),
          ...(command.waitlistEntryId ? { waitlistEntryId: command.waitlistEntryId } : {}),
        });
        return { status: 201, body: toBooking(doc) };
      },
    );
    return { status: outcome.status, booking: outcome.body, replayed: outcome.replayed };
  }

  /** Turns a hold into a booking; confirming a confirmed hold answers the same. */
  async confirmHold(id: string, actor: BookingActor): Promise<Booking> {
    await this.ready();
    const doc = await this.models.bookings.findById(id).lean<BookingDocument>();
    if (!doc?.holdExpiresAt) throw notFound(`There is no hold ${id}.`);
    const recorded = await this.models.holdDecisions.findById(id).lean();
    if (!recorded) {
      const lapsed = doc.holdExpiresAt.getTime() <= this.clock().getTime();
      await this.recordHoldDecision(id, lapsed ? 'expired' : 'confirmed', actor);
    }
    const applied = await this.applyHoldDecision(id);
    if (applied.status === 'expired') throw await this.holdGone(applied);
    return toBooking(await this.withQueueNumber(applied));
  }

  /** Lets a held seat go at once (the patient changed their mind); answers the hold as it now is. */
  async releaseHold(id: string, actor: BookingActor): Promise<Booking> {
    await this.ready();
    const doc = await this.models.bookings.findById(id).lean<BookingDocument>();
    if (!doc?.holdExpiresAt) throw notFound(`There is no hold ${id}.`);
    await this.recordHoldDecision(id, 'released', actor);
    const applied = await this.applyHoldDecision(id);
    if (applied.status !== 'expired')
      throw new HttpError({
        status: 409,
        code: 'hold-confirmed',
        title: 'Hold already confirmed',
        detail: `Hold ${id} was already confirmed into a booking; cancel the booking instead.`,
      });
    return toBooking(applied);
  }

  /**
   * Lets go at once of the holds one actor made for one patient and did not confirm: a kiosk
   * session that ended (card lifted, signed out, idle) must not keep seats for five more minutes.
   * Waitlist offers are the waitlist's, not the kiosk's, and are left alone.
   */
  async releaseHoldsOf(actor: BookingActor, patientId: string): Promise<number> {
    const holds = await this.models.bookings
      .find(
        {
          patientId,
          status: 'held',
          createdBy: actorLabel(actor),
          waitlistEntryId: { $exists: false },
        },
        { _id: 1 },
      )
      .lean<Array<Pick<BookingDocument, '_id'>>>();
    let released = 0;
    for (const { _id } of holds) {
      await this.releaseHold(_id, actor).then(
        () => released++,
        () => undefined,
      );
    }
    return released;
  }

  /** Expires every hold whose time is up; returns how many. Run by the sweep. */
  async expireLapsedHolds(limit = 500): Promise<number> {
    await this.ready();
    const lapsed = await this.models.bookings
      .find({ status: 'held', holdExpiresAt: { $lte: this.clock() } }, { _id: 1 })
      .limit(limit)
      .lean<Array<Pick<BookingDocument, '_id'>>>();
    let expired = 0;
    for (const { _id } of lapsed) {
      await this.recordHoldDecision(_id, 'expired', { kind: 'anonymous', id: 'hold-sweep' });
      if ((await this.applyHoldDecision(_id)).status === 'expired') expired++;
    }
    return expired;
  }

  /** Inserts a hold's outcome; the first one wins and a later one is silently ignored. */
  private async recordHoldDecision(
    id: string,
    decision: HoldDecision,
    actor: BookingActor,
  ): Promise<void> {
    await this.models.holdDecisions
      .create({ _id: id, decision, at: this.clock(), by: actorLabel(actor) })
      .catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
  }

  /**
   * Makes a hold say what its decision says: booked (confirmed) or expired (keys released). Checked
   * by reading back, as in applyDecision. A lapsed hold offered to a waitlist patient or made by a
   * reschedule is finished by its owner, never expired under them once confirmed.
   */
  private async applyHoldDecision(id: string): Promise<BookingDocument> {
    const recorded = await this.models.holdDecisions.findById(id).lean();
    let doc = await this.models.bookings.findById(id).lean<BookingDocument>();
    if (!doc) throw notFound(`There is no hold ${id}.`);
    if (!recorded || doc.status !== 'held') return doc;
    for (let attempt = 0; attempt < 6 && doc.status === 'held'; attempt++) {
      const change =
        recorded.decision === 'confirmed'
          ? { status: 'booked', confirmedAt: recorded.at }
          : {
              status: 'expired',
              seatKey: `released:${id}`,
              patientDayKey: `released:${id}`,
              patientQuotaKey: `released:${id}`,
            };
      await this.models.bookings.updateOne({ _id: id, status: 'held' }, { $set: change });
      doc = (await this.models.bookings.findById(id).lean<BookingDocument>()) ?? doc;
    }
    if (doc.status === 'expired') await this.seatFreed(doc);
    return doc;
  }

  private async holdGone(doc: BookingDocument): Promise<HttpError> {
    const template = await this.models.templates
      .findOne({ serviceId: doc.serviceId })
      .lean<ScheduleTemplate>();
    const detail = `Hold ${doc._id} ended at ${doc.holdExpiresAt?.toISOString() ?? '?'} without being confirmed, and its seat was let go. Choose the slot again or one of the alternatives.`;
    if (!template)
      return new HttpError({ status: 409, code: 'hold-expired', title: 'Hold expired', detail });
    return this.conflict('hold-expired', 'Hold expired', detail, template, doc.start, '');
  }

  /**
   * Moves a booking to another slot. The new seat is taken first; only then is the old booking
   * cancelled, so the patient never has neither. The same key replays the first answer.
   */
  async reschedule(command: RescheduleCommand): Promise<BookResult> {
    await this.ready();
    const fingerprint = requestFingerprint('reschedule', {
      bookingId: command.bookingId,
      slotId: command.slotId,
    });
    const outcome = await this.idempotency.run<Booking>(
      'reschedule',
      command.idempotencyKey,
      fingerprint,
      async () => ({ status: 201, body: await this.rescheduleOnce(command) }),
    );
    return { status: outcome.status, booking: outcome.body, replayed: outcome.replayed };
  }

  private async rescheduleOnce({ bookingId, slotId, actor }: RescheduleCommand): Promise<Booking> {
    const old = await this.models.bookings.findById(bookingId).lean<BookingDocument>();
    if (!old || old.status === 'held' || old.status === 'expired')
      throw notFound(`There is no booking ${bookingId}.`);
    const decided = await this.models.cancellations.findById(bookingId).lean();
    if (old.status !== 'booked' || decided) {
      throw new HttpError({
        status: 409,
        code: 'booking-not-reschedulable',
        title: 'Booking cannot be moved',
        detail: `Booking ${bookingId} is already ${decided?.decision ?? old.status}; only a booking still ahead can be moved. Book a new slot instead.`,
      });
    }
    if (old.slotId === slotId) return toBooking(await this.withQueueNumber(old));
    const slot = await this.bookableSlot(slotId);
    const id = randomUUID();
    // Same department and day: the new booking cannot take the patient-day key before the old one
    // lets it go, so it waits under a key of its own and takes the real one when the old is cancelled.
    const sameDay =
      slot.template.serviceId === old.serviceId && localDayOf(slot.start) === old.localDay;
    const created = await this.claimSeat({
      id,
      patientId: old.patientId,
      slot,
      actor,
      status: 'booked',
      rescheduledFrom: bookingId,
      rescheduleState: 'pending',
      // The moved booking replaces one that already counts against the limit.
      patientQuotaKey: `pending:${id}`,
      ...(sameDay ? { patientDayKey: `pending:${id}` } : {}),
      excludeFromDayRule: bookingId,
    });
    return toBooking(await this.withQueueNumber(await this.finishReschedule(created, actor)));
  }

  /**
   * Second half of a reschedule: cancel the old booking (reason `rescheduled:<new id>`), then give
   * the new one the keys the old one let go. If the old booking was decided otherwise in between
   * (checked in, cancelled by someone else), the new one is cancelled instead and the caller told.
   */
  async finishReschedule(created: BookingDocument, actor: BookingActor): Promise<BookingDocument> {
    const oldId = created.rescheduledFrom;
    if (!oldId || created.rescheduleState !== 'pending') return created;
    const old = await this.models.bookings.findById(oldId).lean<BookingDocument>();
    const reason = `rescheduled:${created._id}`;
    try {
      await this.models.cancellations.create({
        _id: oldId,
        decision: 'cancelled',
        at: this.clock(),
        by: actorLabel(actor),
        reason,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const recorded = await this.models.cancellations.findById(oldId).lean();
    if (recorded?.reason !== reason) {
      await this.decide(created._id, 'cancelled', actor, () => undefined).catch(() => undefined);
      throw new HttpError({
        status: 409,
        code: 'booking-not-reschedulable',
        title: 'Booking cannot be moved',
        detail: `Booking ${oldId} was ${recorded?.decision ?? 'changed'} while it was being moved, so the new slot was let go again.`,
      });
    }
    await this.applyDecision(oldId);
    await this.models.bookings.updateOne({ _id: oldId }, { $set: { rescheduledTo: created._id } });
    const keys: Record<string, string> = {};
    if (created.patientDayKey === `pending:${created._id}`)
      keys.patientDayKey = `${created.patientId}|${created.serviceId}|${created.localDay}`;
    if (created.patientQuotaKey === `pending:${created._id}` && old)
      keys.patientQuotaKey = old.patientQuotaKey?.startsWith(`${created.patientId}|future|`)
        ? old.patientQuotaKey
        : `override:${created._id}`;
    for (let attempt = 0; attempt < 6; attempt++) {
      try {
        await this.models.bookings.updateOne(
          { _id: created._id },
          { $set: { ...keys, rescheduleState: 'done' } },
        );
      } catch (error) {
        // The patient took the same key in the same instant through another request: keep ours.
        if (!isDuplicateKey(error)) throw error;
        await this.models.bookings.updateOne(
          { _id: created._id },
          { $set: { rescheduleState: 'done' } },
        );
      }
      const doc = await this.models.bookings.findById(created._id).lean<BookingDocument>();
      if (doc?.rescheduleState === 'done') return doc;
    }
    return created;
  }

  /** Finishes reschedules interrupted between their two halves (a crash); run by the sweep. */
  async finishInterruptedReschedules(): Promise<number> {
    const stale = await this.models.bookings
      .find({
        rescheduleState: 'pending',
        createdAt: { $lte: new Date(this.clock().getTime() - RESCHEDULE_STALE_MS) },
      })
      .limit(100)
      .lean<BookingDocument[]>();
    let finished = 0;
    for (const doc of stale) {
      await this.finishReschedule(doc, { kind: 'anonymous', id: 'reschedule-sweep' }).then(
        () => finished++,
        () => undefined,
      );
    }
    return finished;
  }

  async get(id: string): Promise<Booking> {
    return toBooking(await this.current(id));
  }

  /** The booking as it stands, with any recorded decision applied and its queue number drawn. */
  private async current(id: string): Promise<BookingDocument> {
    const doc = await this.models.bookings.findById(id).lean<BookingDocument>();
    if (!doc) throw notFound(`There is no booking ${id}.`);
    if (doc.status === 'held') {
      const lapsed = doc.holdExpiresAt && doc.holdExpiresAt.getTime() <= this.clock().getTime();
      if (lapsed)
        await this.recordHoldDecision(id, 'expired', { kind: 'anonymous', id: 'hold-sweep' });
      return this.applyHoldDecision(id);
    }
    if (doc.status === 'booked' && (await this.models.cancellations.exists({ _id: id })))
      return this.withQueueNumber(await this.applyDecision(id));
    if (doc.status === 'checked-in' && !doc.seenAt && (await this.models.calls.exists({ _id: id })))
      return this.withQueueNumber(await this.applyCall(id));
    return this.withQueueNumber(doc);
  }

  /**
   * Records a booking's final decision (the first one wins, see CancellationDocument) and applies it.
   * The same decision again answers the same; another one than the recorded answers 409.
   */
  private async decide(
    id: string,
    decision: BookingDecision,
    actor: BookingActor,
    allowed: (doc: BookingDocument) => HttpError | undefined,
  ): Promise<Booking> {
    await this.ready();
    const existing = await this.current(id);
    if (existing.status === 'held' || existing.status === 'expired') {
      if (decision === 'cancelled') return this.releaseHold(id, actor).catch(() => this.get(id));
      throw new HttpError({
        status: 409,
        code: 'hold-not-confirmed',
        title: 'Not a booking yet',
        detail: `${id} is a held seat that was not confirmed, so it cannot be ${decision === 'checked-in' ? 'checked in' : 'marked no-show'}.`,
      });
    }
    const recorded = await this.models.cancellations.findById(id).lean();
    const recordedDecision = recorded
      ? (recorded.decision ?? 'cancelled')
      : existing.status === 'booked'
        ? undefined
        : existing.status;
    if (decision === 'cancelled' && recorded) this.refuseIfMoved(id, recorded.reason);
    if (recordedDecision === decision)
      return toBooking(await this.withQueueNumber(await this.applyDecision(id)));
    if (recordedDecision) throw this.alreadyDecided(id, recordedDecision, decision);
    const refusal = allowed(existing);
    if (refusal) throw refusal;
    try {
      await this.models.cancellations.create({
        _id: id,
        decision,
        at: this.clock(),
        by: actorLabel(actor),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const winner = await this.models.cancellations.findById(id).lean();
      const winning = winner?.decision ?? 'cancelled';
      if (winning !== decision) throw this.alreadyDecided(id, winning, decision);
      this.refuseIfMoved(id, winner?.reason);
    }
    return toBooking(await this.withQueueNumber(await this.applyDecision(id)));
  }

  /** A cancel that finds the booking moved by a reschedule: the patient still has one, say which. */
  private refuseIfMoved(id: string, reason: string | undefined): void {
    if (!reason?.startsWith('rescheduled:')) return;
    const movedTo = reason.slice('rescheduled:'.length);
    throw new HttpError({
      status: 409,
      code: 'booking-rescheduled',
      title: 'Booking moved',
      detail: `Booking ${id} was moved to booking ${movedTo}; cancel that one if the patient is not coming.`,
      extra: { bookingId: movedTo },
    });
  }

  private alreadyDecided(
    id: string,
    recorded: BookingDecision,
    wanted: BookingDecision,
  ): HttpError {
    const words: Record<BookingDecision, string> = {
      cancelled: 'cancelled',
      'checked-in': 'checked in',
      'no-show': 'marked no-show',
    };
    return new HttpError({
      status: 409,
      code: wanted === 'cancelled' ? 'booking-not-cancellable' : 'booking-already-decided',
      title: 'Booking already decided',
      detail: `Booking ${id} is already ${words[recorded]}, so it cannot be ${words[wanted]}.`,
    });
  }

  /**
   * The patient has arrived: at reception, or by tapping their card at a kiosk. Only on the day of
   * the booking, from two hours before its start until its end.
   */
  async checkIn(id: string, actor: BookingActor): Promise<Booking> {
    return this.decide(id, 'checked-in', actor, (doc) => {
      const now = this.clock().getTime();
      if (
        localDayOf(doc.start) !== localDayOf(this.clock()) ||
        now < doc.start.getTime() - 2 * 3600_000 ||
        now > doc.end.getTime()
      ) {
        return new HttpError({
          status: 409,
          code: 'not-check-in-time',
          title: 'Not the time to check in',
          detail: `Booking ${id} is for ${doc.start.toISOString()}: check-in opens two hours before the start, on the day, and closes at its end.`,
        });
      }
      return undefined;
    });
  }

  /**
   * A patient who came without a booking: reception gives them the first seat of the department
   * still open today (the current slot included, minimum notice waived) and checks them in at
   * once. 409 with the next days' alternatives when today is full (the waitlist is the way then).
   */
  async walkIn(
    patientId: string,
    serviceId: string,
    actor: BookingActor,
    /** Throws when the actor may not receive patients at this hospital. */
    authorise: (hospitalId: string) => void = () => undefined,
  ): Promise<Booking> {
    await this.ready();
    const template = await this.models.templates
      .findOne({ serviceId, active: true })
      .lean<ScheduleTemplate>();
    if (!template)
      throw badRequest(`serviceId: ${serviceId} is not a department taking patients`, {
        field: 'serviceId',
      });
    authorise(template.hospitalId);
    const now = this.clock();
    const today = localDayOf(now);
    const open = expandTemplate(template, today, today).filter((slot) => slot.end > now);
    for (const slot of open) {
      const slotId = formatSlotId(serviceId, slot.start);
      try {
        const doc = await this.claimSeat({
          patientId,
          slot: { template, slotId, start: slot.start, end: slot.end },
          actor,
          status: 'booked',
        });
        await this.withQueueNumber(doc);
        return await this.decide(doc._id, 'checked-in', actor, () => undefined);
      } catch (error) {
        if (error instanceof HttpError && error.code === 'slot-full') continue;
        throw error;
      }
    }
    throw await this.conflict(
      'no-seat-today',
      'No seat left today',
      `${template.serviceName} (${template.hospitalName}) has no free seat left today. Offer one of the next days, or put the patient on the waitlist.`,
      template,
      now,
      '',
    );
  }

  /** The patient did not come: only once the slot has ended. */
  async markNoShow(id: string, actor: BookingActor): Promise<Booking> {
    return this.decide(id, 'no-show', actor, (doc) =>
      this.clock().getTime() < doc.end.getTime()
        ? new HttpError({
            status: 409,
            code: 'slot-not-over',
            title: 'Slot not over yet',
            detail: `Booking ${id} ends at ${doc.end.toISOString()}: it can be marked no-show only after that.`,
          })
        : undefined,
    );
  }

  /**
   * A doctor (or the desk) calls a checked-in patient in to be seen, on the day of the booking.
   * The call is claimed by inserting it under the booking id (`booking_calls`), so of two doctors
   * pressing at once one wins and both see who has the patient; the booking's `seenAt` is a copy
   * for reading and publishing, re-applied from the claim wherever it is found missing (FerretDB
   * can lose it to a concurrent update of the booking). The status stays checked-in: the seat is
   * still taken. It gives the operations centre the wait from arrival to being seen, and HAPI an
   * Appointment that is fulfilled.
   */
  async markSeen(id: string, actor: BookingActor): Promise<Booking> {
    await this.ready();
    const existing = await this.current(id);
    if (existing.status !== 'checked-in') {
      throw new HttpError({
        status: 409,
        code: 'not-checked-in',
        title: 'Patient not checked in',
        detail:
          existing.status === 'booked'
            ? `Booking ${id} is not checked in yet: the patient checks in at reception or by tapping their card at a kiosk, then can be called in.`
            : `Booking ${id} is ${existing.status}, so the patient cannot be called in.`,
        extra: { bookingStatus: existing.status },
      });
    }
    if (!existing.seenAt && localDayOf(existing.start) !== localDayOf(this.clock()))
      throw new HttpError({
        status: 409,
        code: 'not-today',
        title: 'Not today',
        detail: `Booking ${id} is for ${localDayOf(existing.start)}: a patient is called in on the day of the visit only.`,
      });
    try {
      await this.models.calls.create({ _id: id, at: this.clock(), by: actorLabel(actor) });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const doc = await this.applyCall(id);
    if (!doc.seenAt)
      throw new HttpError({
        status: 503,
        code: 'call-not-applied',
        title: 'Call not recorded yet',
        detail: `The call of booking ${id} is kept but could not be written onto the booking; press again in a moment.`,
      });
    return toBooking(await this.withQueueNumber(doc));
  }

  /**
   * Makes the booking say what its call document says: `seenAt` and `seenBy`, with the FHIR change
   * in its outbox. Checked by reading back, as applyDecision does.
   */
  private async applyCall(id: string): Promise<BookingDocument> {
    const call = await this.models.calls.findById(id).lean<BookingCallDocument>();
    let doc = await this.models.bookings.findById(id).lean<BookingDocument>();
    if (!doc) throw notFound(`There is no booking ${id}.`);
    for (
      let attempt = 0;
      call && !doc.seenAt && doc.status === 'checked-in' && attempt < 5;
      attempt++
    ) {
      const now = this.clock();
      // `seenAt: null` matches a missing field on MongoDB and on FerretDB alike.
      await this.models.bookings.updateOne(
        { _id: id, status: 'checked-in', seenAt: null },
        {
          $set: {
            seenAt: call.at,
            seenBy: call.by,
            publishedToFhir: false,
            outboxNextAttemptAt: now,
          },
          $push: { outbox: { $each: this.outboxEntries(now) } },
          $inc: { outboxVersion: 1 },
        },
      );
      doc = await this.models.bookings.findById(id).lean<BookingDocument>();
      if (!doc) throw notFound(`There is no booking ${id}.`);
    }
    return doc;
  }

  /** Re-applies calls a concurrent update wiped from these bookings (the day list's, say). */
  private async healCalls(docs: BookingDocument[]): Promise<BookingDocument[]> {
    const missing = docs.filter((d) => d.status === 'checked-in' && !d.seenAt).map((d) => d._id);
    if (missing.length === 0) return docs;
    const calls = await this.models.calls
      .find({ _id: { $in: missing } }, { _id: 1 })
      .lean<Array<{ _id: string }>>();
    if (calls.length === 0) return docs;
    const healed = new Map<string, BookingDocument>();
    for (const { _id } of calls) healed.set(_id, await this.applyCall(_id));
    return docs.map((d) => healed.get(d._id) ?? d);
  }

  /** One hospital's bookings of one local day, by department then time and queue number (the day list at reception). */
  async dayList(hospitalId: string, day: string, serviceId?: string): Promise<Booking[]> {
    await this.ready();
    const docs = await this.models.bookings
      .find({
        hospitalId,
        localDay: day,
        status: { $nin: ['held', 'expired'] },
        ...(serviceId ? { serviceId } : {}),
      })
      .sort({ serviceId: 1, start: 1 })
      .limit(2000)
      .lean<BookingDocument[]>();
    const bookings = await Promise.all(
      (await this.healCalls(docs)).map(async (doc) => toBooking(await this.withQueueNumber(doc))),
    );
    return bookings.sort(
      (a, b) =>
        a.serviceId.localeCompare(b.serviceId) ||
        a.start.localeCompare(b.start) ||
        a.queueNumber - b.queueNumber,
    );
  }

  /** A patient's bookings (and live holds); `upcoming`: only those still ahead and active. */
  async forPatient(patientId: string, upcoming: boolean): Promise<Booking[]> {
    const now = this.clock();
    const docs = await this.models.bookings
      .find(
        upcoming
          ? {
              patientId,
              end: { $gt: now },
              $or: [
                { status: { $in: ['booked', 'checked-in'] } },
                { status: 'held', holdExpiresAt: { $gt: now } },
              ],
            }
          : { patientId, status: { $ne: 'expired' } },
      )
      .sort({ start: 1 })
      .limit(200)
      .lean<BookingDocument[]>();
    return Promise.all(docs.map(async (doc) => toBooking(await this.withQueueNumber(doc))));
  }

  /** Cancels a booking and frees its seat; cancelling a cancelled booking answers the same. */
  async cancel(id: string, actor: BookingActor): Promise<Booking> {
    return this.decide(id, 'cancelled', actor, () => undefined);
  }

  /**
   * Makes the booking document say what its decision document says: cancelled (seat and
   * patient keys released), checked in or no-show (the future-bookings key released), with the
   * FHIR change in its outbox. Checked by reading back, because on FerretDB a concurrent update of
   * the same document can overwrite ours.
   */
  async applyDecision(id: string): Promise<BookingDocument> {
    const recorded = await this.models.cancellations.findById(id).lean();
    const decision: BookingDecision = recorded?.decision ?? 'cancelled';
    for (let attempt = 0; ; attempt++) {
      const now = this.clock();
      const at = recorded?.at ?? now;
      const change =
        decision === 'cancelled'
          ? {
              status: 'cancelled',
              cancelledAt: at,
              seatKey: `released:${id}`,
              patientDayKey: `released:${id}`,
              patientQuotaKey: `released:${id}`,
            }
          : decision === 'checked-in'
            ? { status: 'checked-in', checkedInAt: at, patientQuotaKey: `released:${id}` }
            : { status: 'no-show', noShowAt: at, patientQuotaKey: `released:${id}` };
      const result = await this.models.bookings.updateOne(
        { _id: id, status: 'booked' },
        {
          $set: { ...change, publishedToFhir: false, outboxNextAttemptAt: now },
          $push: { outbox: { $each: this.outboxEntries(now) } },
          $inc: { outboxVersion: 1 },
        },
      );
      const doc = await this.models.bookings.findById(id).lean<BookingDocument>();
      if (!doc) throw notFound(`There is no booking ${id}.`);
      if (doc.status === decision || attempt >= 5) {
        if (result.modifiedCount > 0 && decision === 'cancelled') await this.seatFreed(doc);
        return doc;
      }
    }
  }

  /** Tells the waitlist a seat is free; its failure never fails the change that freed it. */
  private async seatFreed(doc: BookingDocument): Promise<void> {
    this.seatsFreed++;
    this.fullUntil.delete(doc.slotId);
    if (!this.seatFreedListener || doc.start.getTime() <= this.clock().getTime()) return;
    await this.seatFreedListener(doc.serviceId, doc.start).catch(() => undefined);
  }

  private outboxEntries(at: Date): OutboxEntry[] {
    return [
      { change: 'slot-upsert', at },
      { change: 'appointment-upsert', at },
    ];
  }

  /** The template and times of a slot id that can be booked now (notice and horizon), or a 4xx. */
  private async bookableSlot(slotId: string): Promise<BookableSlot> {
    const parsed = parseSlotId(slotId);
    if (typeof parsed === 'string') throw slotProblem(parsed);
    const template = await this.models.templates
      .findOne({ serviceId: parsed.serviceId, active: true })
      .lean<ScheduleTemplate>();
    if (!template)
      throw slotProblem(
        `slotId names ${parsed.serviceId}, which is not a department taking bookings`,
      );
    const slot = slotAt(template, parsed.start);
    if (typeof slot === 'string') throw slotProblem(`slotId is not a real slot: ${slot}`);

    const now = this.clock();
    if (slot.start.getTime() < now.getTime() + this.options.minNoticeMinutes * 60_000) {
      throw await this.conflict(
        'slot-closed',
        'Slot closed for booking',
        `This slot starts too soon (bookings close ${this.options.minNoticeMinutes} minutes before the start) or has passed. Choose a later slot.`,
        template,
        slot.start,
        slotId,
      );
    }
    if (slot.start.getTime() > now.getTime() + this.options.horizonDays * 24 * 60 * 60_000) {
      throw slotProblem(
        `slotId is more than ${this.options.horizonDays} days ahead; bookings open ${this.options.horizonDays} days before the day.`,
      );
    }
    return { template, slotId, start: slot.start, end: slot.end };
  }

  /**
   * Inserts the booking (or hold) into a free seat of the slot, with the patient's day and
   * future-bookings keys in the same insert. Whichever unique key refuses it says what to do:
   * a taken seat → the next seat; a taken future-bookings key → the next key (or 409 when the
   * patient has none left); the patient's day key → 409; a lapsed hold in the way is expired first.
   */
  private async claimSeat(claim: SeatClaim): Promise<BookingDocument> {
    const { template, slotId, start } = claim.slot;
    const id = claim.id ?? randomUUID();
    const now = this.clock();
    const overridden = new Set((claim.overrides ?? []).map((o) => o.rule));
    const localDay = localDayOf(start);
    const patientDayKey =
      claim.patientDayKey ??
      (overridden.has('one-per-department-day')
        ? `override:${id}`
        : `${claim.patientId}|${template.serviceId}|${localDay}`);
    if (
      !patientDayKey.includes(':') &&
      (await this.refuseSecondBooking(patientDayKey, template, claim.excludeFromDayRule, id))
    )
      return this.earlierAttempt(id, claim);
    let patientQuotaKey =
      claim.patientQuotaKey ??
      (overridden.has('max-future-bookings')
        ? `override:${id}`
        : await this.freeQuotaKey(claim.patientId));

    if ((this.fullUntil.get(slotId) ?? 0) > now.getTime()) return this.refuseFull(claim.slot);
    this.fullUntil.delete(slotId);

    // Read who sits in the slot, then try its free seats in random order: under contention the
    // claimers spread over the free seats instead of all colliding on the same one. Refuse only
    // when a fresh read shows every seat kept, so no seat is left empty by a lost race.
    const seatPrefix = `${template.serviceId}|${start.getTime()}|`;
    for (let round = 0, collisions = 0; round < 50 && collisions < 200; round++) {
      const freedBefore = this.seatsFreed;
      const occupants = await this.models.bookings
        .find(
          { serviceId: template.serviceId, start },
          { _id: 1, seat: 1, seatKey: 1, status: 1, holdExpiresAt: 1 },
        )
        .lean<
          Array<Pick<BookingDocument, '_id' | 'seat' | 'seatKey' | 'status' | 'holdExpiresAt'>>
        >();
      if (occupants.some((o) => o._id === id)) return this.earlierAttempt(id, claim);
      const inSeat = new Map(
        occupants.filter((o) => o.seatKey.startsWith(seatPrefix)).map((o) => [o.seat, o]),
      );
      const free = shuffled(
        [...Array(template.capacity).keys()].filter((seat) => !inSeat.has(seat)),
      );
      const lapsed = [...inSeat.values()].filter((o) => isLapsedHold(o, now));
      if (free.length === 0 && lapsed.length === 0) {
        const firstLapse = Math.min(
          ...[...inSeat.values()].map((o) =>
            o.status === 'held' && o.holdExpiresAt ? o.holdExpiresAt.getTime() : Infinity,
          ),
        );
        if (this.seatsFreed === freedBefore)
          this.fullUntil.set(slotId, Math.min(now.getTime() + FULL_SLOT_MEMORY_MS, firstLapse));
        break;
      }
      for (const holder of lapsed) {
        if (await this.expireIfLapsed(holder)) free.push(holder.seat);
      }
      // A few seats per read: after that the read is stale enough to be worth repeating.
      for (const seat of free.slice(0, 3)) {
        const seatKey = `${seatPrefix}${seat}`;
        const outcome = await this.insertIntoSeat(claim, {
          id,
          seat,
          seatKey,
          localDay,
          patientDayKey,
          patientQuotaKey,
          now,
        });
        if (outcome === 'mine') return this.earlierAttempt(id, claim);
        if (outcome !== 'seat-taken' && outcome !== 'refused-otherwise') {
          this.recentAlternatives.clear();
          return outcome;
        }
        collisions++;
        if (outcome === 'seat-taken') continue;
        // Not the seat: one of the patient's keys, or (1 in 2^40) the random ticket code.
        if (!patientDayKey.includes(':'))
          await this.refuseSecondBooking(patientDayKey, template, claim.excludeFromDayRule);
        if (
          patientQuotaKey.includes('|future|') &&
          (await this.models.bookings.exists({ patientQuotaKey }))
        )
          patientQuotaKey = await this.freeQuotaKey(claim.patientId);
        break;
      }
    }
    return this.refuseFull(claim.slot);
  }

  private async refuseFull({ template, start, slotId }: BookableSlot): Promise<never> {
    throw await this.conflict(
      'slot-full',
      'Slot full',
      `Every seat of this slot is taken (${template.capacity} per slot). Choose one of the alternatives or another time.`,
      template,
      start,
      slotId,
    );
  }

  /** Inserts the booking into one seat; says which kind of unique key refused it, if one did. */
  private async insertIntoSeat(
    claim: SeatClaim,
    keys: {
      id: string;
      seat: number;
      seatKey: string;
      localDay: string;
      patientDayKey: string;
      patientQuotaKey: string;
      now: Date;
    },
  ): Promise<BookingDocument | 'mine' | 'seat-taken' | 'refused-otherwise'> {
    const { template, slotId, start, end } = claim.slot;
    try {
      const created = await this.models.bookings.create({
        _id: keys.id,
        patientId: claim.patientId,
        serviceId: template.serviceId,
        hospitalId: template.hospitalId,
        hospitalName: template.hospitalName,
        serviceName: template.serviceName,
        departmentCode: template.departmentCode,
        directions: template.directions,
        locationId: template.locationId,
        slotId,
        start,
        end,
        localDay: keys.localDay,
        capacity: template.capacity,
        seat: keys.seat,
        seatKey: keys.seatKey,
        patientDayKey: keys.patientDayKey,
        patientQuotaKey: keys.patientQuotaKey,
        ticketCode: newTicketCode(),
        status: claim.status,
        createdBy: actorLabel(claim.actor),
        outbox: claim.status === 'held' ? [] : this.outboxEntries(keys.now),
        outboxVersion: 1,
        publishedToFhir: false,
        outboxNextAttemptAt: HIDDEN_FROM_PUBLISHER,
        ...(claim.holdExpiresAt ? { holdExpiresAt: claim.holdExpiresAt } : {}),
        ...(claim.waitlistEntryId ? { waitlistEntryId: claim.waitlistEntryId } : {}),
        ...(claim.rescheduledFrom
          ? { rescheduledFrom: claim.rescheduledFrom, rescheduleState: claim.rescheduleState }
          : {}),
        ...(claim.overrides?.length ? { overrides: claim.overrides } : {}),
      });
      return created.toObject<BookingDocument>();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // Which unique key refused us? Ask the data rather than parse the server's message.
    if (await this.models.bookings.exists({ _id: keys.id })) return 'mine';
    return (await this.models.bookings.exists({ seatKey: keys.seatKey }))
      ? 'seat-taken'
      : 'refused-otherwise';
  }

  /**
   * The booking an earlier attempt of the same request inserted before it was cut off (the
   * database or the network failed before the answer was sent); the retry carries on from it.
   */
  private async earlierAttempt(id: string, claim: SeatClaim): Promise<BookingDocument> {
    const doc = await this.models.bookings.findById(id).lean<BookingDocument>();
    if (!doc) throw new Error(`booking ${id} vanished while its request was retried`);
    // Keys are forgotten after a day; one reused later must not hand over an older booking.
    if (doc.patientId !== claim.patientId || doc.slotId !== claim.slot.slotId)
      throw new HttpError({
        status: 422,
        code: 'idempotency-key-reused',
        title: 'Idempotency key used before',
        detail:
          'This Idempotency-Key was used for another booking some time ago. Send the request again with a new key.',
      });
    return doc;
  }

  /** Expires a hold that has lapsed but still sits on its keys; true when it did. */
  private async expireIfLapsed(
    doc: Pick<BookingDocument, '_id' | 'status' | 'holdExpiresAt'>,
  ): Promise<boolean> {
    if (doc.status !== 'held' || !doc.holdExpiresAt) return false;
    if (doc.holdExpiresAt.getTime() > this.clock().getTime()) return false;
    await this.recordHoldDecision(doc._id, 'expired', { kind: 'anonymous', id: 'hold-sweep' });
    return (await this.applyHoldDecision(doc._id)).status === 'expired';
  }

  /**
   * A future-bookings key the patient does not use yet. Keys kept by bookings that are over, or by
   * lapsed holds, are let go on the way. 409 when every key is in use by a booking still ahead.
   */
  private async freeQuotaKey(patientId: string): Promise<string> {
    const keys = [...Array(this.maxFutureBookings).keys()].map((k) => `${patientId}|future|${k}`);
    const holders = await this.models.bookings
      .find(
        // patientId first: FerretDB passes only top-level equality to PostgreSQL, so `$in` alone
        // read the whole bookings collection (measured: 439 ms → 4 ms over 1,000 bookings).
        { patientId, patientQuotaKey: { $in: keys } },
        { _id: 1, patientQuotaKey: 1, status: 1, end: 1, holdExpiresAt: 1, start: 1 },
      )
      .lean<BookingDocument[]>();
    const used = new Set(holders.map((h) => h.patientQuotaKey));
    const free = keys.find((key) => !used.has(key));
    if (free) return free;
    const now = this.clock().getTime();
    for (const holder of holders) {
      if (await this.expireIfLapsed(holder)) return holder.patientQuotaKey;
      if (holder.end.getTime() <= now) {
        await this.models.bookings.updateOne(
          { _id: holder._id, patientQuotaKey: holder.patientQuotaKey },
          { $set: { patientQuotaKey: `released:${holder._id}` } },
        );
        return holder.patientQuotaKey;
      }
    }
    const ahead = holders.map((h) => localDayOf(h.start)).sort();
    throw new HttpError({
      status: 409,
      code: 'too-many-bookings',
      title: 'Too many bookings ahead',
      detail: `The patient already has ${this.maxFutureBookings} bookings ahead (${ahead.join(', ')}): at most ${this.maxFutureBookings} at a time. Cancel one first, or ask an administrator to override the limit with a reason.`,
      extra: { limit: this.maxFutureBookings, bookingIds: holders.map((h) => h._id) },
    });
  }

  /** 409 when the patient already has a booking that day in that department; true when it is `ownId`. */
  private async refuseSecondBooking(
    patientDayKey: string,
    template: ScheduleTemplate,
    except?: string,
    ownId?: string,
  ): Promise<boolean> {
    const existing = await this.models.bookings
      .findOne({ patientDayKey }, { _id: 1, start: 1, status: 1, holdExpiresAt: 1 })
      .lean<Pick<BookingDocument, '_id' | 'start' | 'status' | 'holdExpiresAt'>>();
    if (!existing || existing._id === except) return false;
    if (existing._id === ownId) return true;
    if (await this.expireIfLapsed(existing)) return false;
    const held = existing.status === 'held';
    throw new HttpError({
      status: 409,
      code: 'already-booked-that-day',
      title: 'Already booked that day',
      detail: `The patient already ${held ? 'holds a seat' : 'has a booking'} at ${template.serviceName} (${template.hospitalName}) on ${localDayOf(existing.start)}: one booking per department per day. ${held ? 'Confirm or let go of that hold' : 'Cancel it or move it'} to choose another time.`,
      extra: { bookingId: existing._id },
    });
  }

  private async conflict(
    code: string,
    title: string,
    detail: string,
    template: ScheduleTemplate,
    start: Date,
    slotId: string,
  ): Promise<HttpError> {
    const day = localDayOf(start);
    const key = `${template.departmentCode}|${day}|${slotId}`;
    // Refusals of one slot arrive together (a popular slot filling up): they share one search
    // for up to a second. Any seat taken through this instance starts the searches afresh.
    const cached = this.recentAlternatives.get(key);
    let search = cached && cached.until > Date.now() ? cached.search : undefined;
    if (!search) {
      search = this.availability(
        {
          department: template.departmentCode,
          from: day,
          to: addDays(day, this.options.horizonDays),
          limit: ALTERNATIVES,
        },
        slotId,
      );
      this.recentAlternatives.set(key, { search, until: Date.now() + FULL_SLOT_MEMORY_MS });
      search.catch(() => this.recentAlternatives.delete(key));
    }
    const alternatives = await search;
    return new HttpError({ status: 409, code, title, detail, extra: { alternatives } });
  }

  /**
   * Gives a booking its queue number if it has none yet (drawn right after the seat is booked;
   * holds and lapsed holds never draw one, so the numbers of a day have no gaps).
   */
  private async withQueueNumber(doc: BookingDocument): Promise<BookingDocument> {
    if (doc.queueNumber !== undefined || doc.status === 'held' || doc.status === 'expired')
      return doc;
    if (doc.holdExpiresAt && !doc.confirmedAt) return doc;
    const queueNumber = await this.drawQueueNumber(doc);
    await this.models.bookings.updateOne(
      { _id: doc._id },
      { $set: { queueNumber, outboxNextAttemptAt: this.clock() } },
    );
    return { ...doc, queueNumber, outboxNextAttemptAt: this.clock() };
  }

  /** The booking's queue number: the one it already drew, or the next free one of its department and day. */
  private async drawQueueNumber(doc: BookingDocument): Promise<number> {
    const key = `${doc.serviceId}|${doc.localDay}`;
    // Drawn before (by an attempt that stopped before writing it on the booking), or just now by
    // a concurrent call for the same booking, whose number we then clashed with.
    const drawnAlready = async (): Promise<number | undefined> =>
      (await this.models.queueNumbers.findOne({ bookingId: doc._id }, { n: 1 }).lean())?.n;
    const earlier = await drawnAlready();
    if (earlier !== undefined) return earlier;
    let n = 0;
    for (let attempt = 0; attempt < 1000; attempt++) {
      // A clash means n is taken: try the next one straight away, and read the highest again
      // only now and then, when many desks draw at once.
      if (attempt % 4 === 0) {
        const last = await this.models.queueNumbers
          .findOne({ key }, { n: 1 })
          .sort({ n: -1 })
          .lean();
        n = Math.max(n, (last?.n ?? 0) + 1);
      }
      try {
        await this.models.queueNumbers.create({ _id: `${key}|${n}`, key, n, bookingId: doc._id });
        return n;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const concurrent = await drawnAlready();
        if (concurrent !== undefined) return concurrent;
        n++;
      }
    }
    throw new Error(`no queue number for booking ${doc._id} after 1000 attempts`);
  }
}

interface BookableSlot {
  template: ScheduleTemplate;
  slotId: string;
  start: Date;
  end: Date;
}

interface SeatClaim {
  id?: string;
  patientId: string;
  slot: BookableSlot;
  actor: BookingActor;
  status: 'held' | 'booked';
  holdExpiresAt?: Date;
  waitlistEntryId?: string;
  rescheduledFrom?: string;
  rescheduleState?: 'pending';
  overrides?: RuleOverride[];
  /** Keys to use instead of the patient's real ones (a reschedule's placeholders). */
  patientDayKey?: string;
  patientQuotaKey?: string;
  /** A booking the one-per-day rule ignores (the one being moved). */
  excludeFromDayRule?: string;
}

/** Booking ids of retried requests are name-based UUIDs (v5) in this namespace. */
const ATTEMPT_NAMESPACE = '5f0c3a52-8d1e-4c57-9b7a-2e41d6f0a9c3';

/**
 * The id of the booking a request creates, derived from its idempotency key: a retry of a request
 * cut off after its insert meets its own booking (the same `_id`) and finishes it, instead of
 * being refused by the seat or the one-per-day rule that its first attempt already took.
 */
function attemptId(scope: 'book' | 'hold', idempotencyKey: string): string {
  return uuidv5(`${scope}:${idempotencyKey}`, ATTEMPT_NAMESPACE);
}

function isLapsedHold(doc: Pick<BookingDocument, 'status' | 'holdExpiresAt'>, now: Date): boolean {
  return (
    doc.status === 'held' && !!doc.holdExpiresAt && doc.holdExpiresAt.getTime() <= now.getTime()
  );
}

/** The items in random order (Fisher–Yates). */
function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
