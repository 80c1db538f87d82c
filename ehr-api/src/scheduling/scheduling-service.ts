import { randomUUID } from 'node:crypto';
import type { AvailabilityQuery, AvailableSlot, Booking } from '@qn/contracts';
import { badRequest, HttpError, notFound } from '../errors/http-error.js';
import { requestFingerprint } from './fingerprint.js';
import { IdempotencyStore } from './idempotency.js';
import { localDayOf, addDays } from './local-time.js';
import {
  ensureSchedulingIndexes,
  isDuplicateKey,
  type BookingDecision,
  type BookingDocument,
  type OutboxEntry,
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
  clock?: () => Date;
}

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
}

export interface BookResult {
  status: number;
  booking: Booking;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

const ALTERNATIVES = 3;
/** "Not before the queue number is set": the publisher leaves a booking alone until then. */
const HIDDEN_FROM_PUBLISHER = new Date('9999-01-01T00:00:00Z');
const IN_FLIGHT_LOCK_MS = 30_000;

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
 * - **One active booking per patient, department and day**: `patientDayKey`, unique, released
 *   the same way.
 * - **Queue numbers**: drawn only after a seat was won, by inserting `<serviceId>|<day>|<n>`
 *   (unique `_id`) with n = highest so far + 1, retrying with the next n when another booking
 *   took it. Numbers run 1, 2, 3… with no gaps and no duplicates. (A counter document bumped
 *   with `findOneAndUpdate({key}, {$inc: {next: 1}}, {upsert: true})` is the usual way and is
 *   atomic on MongoDB, but FerretDB 1.24 loses concurrent `$inc`s: see models.ts.)
 * - **Cancellation**: a cancellation document is inserted first (unique by booking id), then the
 *   booking is updated (status, seat and patient-day keys released, outbox). If that update is
 *   lost to a concurrent writer on FerretDB, the cancellation document says so and the update
 *   is applied again (here and by the publisher).
 * - **Outbox**: the FHIR changes to publish are written into the booking document by the same
 *   insert or update that makes the change; `OutboxPublisher` sends them later. A new booking is
 *   hidden from the publisher (`outboxNextAttemptAt` far ahead) until its queue number is set,
 *   so only one writer touches it at a time.
 */
export class SchedulingService {
  private readonly clock: () => Date;
  private readonly idempotency: IdempotencyStore;
  private indexes: Promise<void> | undefined;

  constructor(
    private readonly models: SchedulingModels,
    private readonly options: SchedulingOptions,
  ) {
    this.clock = options.clock ?? ((): Date => new Date());
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

  /** Free slots across the hospitals, earliest first, within notice and horizon. */
  async availability(query: AvailabilityQuery, exclude?: string): Promise<AvailableSlot[]> {
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

  /** How many seats are held in each slot (`<serviceId>|<start ms>`) of these services between two starts. */
  private async takenSeats(
    serviceIds: string[],
    firstStart: Date,
    lastStart: Date,
  ): Promise<Map<string, number>> {
    const groups = await this.models.bookings.aggregate<{
      _id: { serviceId: string; start: Date };
      n: number;
    }>([
      {
        $match: {
          serviceId: { $in: serviceIds },
          start: { $gte: firstStart, $lte: lastStart },
          status: { $ne: 'cancelled' },
        },
      },
      { $group: { _id: { serviceId: '$serviceId', start: '$start' }, n: { $sum: 1 } } },
    ]);
    return new Map(
      groups.map((g) => [`${g._id.serviceId}|${new Date(g._id.start).getTime()}`, g.n]),
    );
  }

  /** Books a seat of a slot for a patient; the same idempotency key gives the same answer. */
  async book(command: BookCommand): Promise<BookResult> {
    await this.ready();
    const fingerprint = requestFingerprint('book', {
      patientId: command.patientId,
      slotId: command.slotId,
    });
    const outcome = await this.idempotency.run<Booking>(
      'book',
      command.idempotencyKey,
      fingerprint,
      async () => ({ status: 201, body: await this.bookOnce(command) }),
    );
    return { status: outcome.status, booking: outcome.body, replayed: outcome.replayed };
  }

  async get(id: string): Promise<Booking> {
    const doc = await this.models.bookings.findById(id).lean<BookingDocument>();
    if (!doc) throw notFound(`There is no booking ${id}.`);
    if (doc.status === 'booked' && (await this.models.cancellations.exists({ _id: id })))
      return toBooking(await this.withQueueNumber(await this.applyDecision(id)));
    return toBooking(await this.withQueueNumber(doc));
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
    const existing = await this.models.bookings.findById(id).lean<BookingDocument>();
    if (!existing) throw notFound(`There is no booking ${id}.`);
    const recorded = await this.models.cancellations.findById(id).lean();
    const recordedDecision = recorded
      ? (recorded.decision ?? 'cancelled')
      : existing.status === 'booked'
        ? undefined
        : existing.status;
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
      const winner = (await this.models.cancellations.findById(id).lean())?.decision ?? 'cancelled';
      if (winner !== decision) throw this.alreadyDecided(id, winner, decision);
    }
    return toBooking(await this.withQueueNumber(await this.applyDecision(id)));
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

  /** One hospital's bookings of one local day, by department then time and queue number (the day list at reception). */
  async dayList(hospitalId: string, day: string, serviceId?: string): Promise<Booking[]> {
    await this.ready();
    const docs = await this.models.bookings
      .find({ hospitalId, localDay: day, ...(serviceId ? { serviceId } : {}) })
      .sort({ serviceId: 1, start: 1 })
      .limit(2000)
      .lean<BookingDocument[]>();
    const bookings = await Promise.all(
      docs.map(async (doc) => toBooking(await this.withQueueNumber(doc))),
    );
    return bookings.sort(
      (a, b) =>
        a.serviceId.localeCompare(b.serviceId) ||
        a.start.localeCompare(b.start) ||
        a.queueNumber - b.queueNumber,
    );
  }

  async forPatient(patientId: string, upcoming: boolean): Promise<Booking[]> {
    const active: BookingDocument['status'][] = ['booked', 'checked-in'];
    const docs = await this.models.bookings
      .find(
        upcoming
          ? { patientId, status: { $in: active }, end: { $gt: this.clock() } }
          : { patientId },
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
   * patient-day keys released), checked in or no-show, with the FHIR change in its outbox. Checked
   * by reading back, because on FerretDB a concurrent update of the same document can overwrite ours.
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
            }
          : decision === 'checked-in'
            ? { status: 'checked-in', checkedInAt: at }
            : { status: 'no-show', noShowAt: at };
      await this.models.bookings.updateOne(
        { _id: id, status: 'booked' },
        {
          $set: { ...change, publishedToFhir: false, outboxNextAttemptAt: now },
          $push: { outbox: { $each: this.outboxEntries(now) } },
          $inc: { outboxVersion: 1 },
        },
      );
      const doc = await this.models.bookings.findById(id).lean<BookingDocument>();
      if (!doc) throw notFound(`There is no booking ${id}.`);
      if (doc.status === decision || attempt >= 5) return doc;
    }
  }

  private outboxEntries(at: Date): OutboxEntry[] {
    return [
      { change: 'slot-upsert', at },
      { change: 'appointment-upsert', at },
    ];
  }

  private async bookOnce({ patientId, slotId, actor }: BookCommand): Promise<Booking> {
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

    const localDay = localDayOf(slot.start);
    const patientDayKey = `${patientId}|${template.serviceId}|${localDay}`;
    await this.refuseSecondBooking(patientDayKey, template);

    // Start at the first seat that is probably free; wrap round to pick up seats freed by cancellations.
    const hint = Math.min(
      await this.models.bookings.countDocuments({
        serviceId: template.serviceId,
        start: slot.start,
        status: { $ne: 'cancelled' },
      }),
      template.capacity,
    );
    const seats = [...Array(template.capacity).keys()].map((i) => (i + hint) % template.capacity);
    const id = randomUUID();
    for (const seat of seats) {
      const seatKey = `${template.serviceId}|${slot.start.getTime()}|${seat}`;
      for (let ticketAttempt = 0; ticketAttempt < 5; ticketAttempt++) {
        try {
          const created = await this.models.bookings.create({
            _id: id,
            patientId,
            serviceId: template.serviceId,
            hospitalId: template.hospitalId,
            hospitalName: template.hospitalName,
            serviceName: template.serviceName,
            departmentCode: template.departmentCode,
            directions: template.directions,
            locationId: template.locationId,
            slotId,
            start: slot.start,
            end: slot.end,
            localDay,
            capacity: template.capacity,
            seat,
            seatKey,
            patientDayKey,
            ticketCode: newTicketCode(),
            status: 'booked',
            createdBy: actorLabel(actor),
            outbox: this.outboxEntries(now),
            outboxVersion: 1,
            publishedToFhir: false,
            outboxNextAttemptAt: HIDDEN_FROM_PUBLISHER,
          });
          return toBooking(await this.withQueueNumber(created.toObject<BookingDocument>()));
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        // Which unique key refused us? Ask the data rather than parse the server's message.
        if (await this.models.bookings.exists({ seatKey })) break; // seat taken: try the next one
        await this.refuseSecondBooking(patientDayKey, template);
        // Neither: the random ticket code collided (1 in 2^40 per booking); draw another.
      }
    }
    throw await this.conflict(
      'slot-full',
      'Slot full',
      `Every seat of this slot is taken (${template.capacity} per slot). Choose one of the alternatives or another time.`,
      template,
      slot.start,
      slotId,
    );
  }

  private async refuseSecondBooking(
    patientDayKey: string,
    template: ScheduleTemplate,
  ): Promise<void> {
    const existing = await this.models.bookings
      .findOne({ patientDayKey }, { _id: 1, start: 1 })
      .lean<Pick<BookingDocument, '_id' | 'start'>>();
    if (!existing) return;
    throw new HttpError({
      status: 409,
      code: 'already-booked-that-day',
      title: 'Already booked that day',
      detail: `The patient already has a booking at ${template.serviceName} (${template.hospitalName}) on ${localDayOf(existing.start)}: one booking per department per day. Cancel it first to choose another time.`,
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
    const alternatives = await this.availability(
      {
        department: template.departmentCode,
        from: day,
        to: addDays(day, this.options.horizonDays),
        limit: ALTERNATIVES,
      },
      slotId,
    );
    return new HttpError({ status: 409, code, title, detail, extra: { alternatives } });
  }

  /** Gives a booking its queue number if it has none yet (the number is drawn right after the seat). */
  private async withQueueNumber(doc: BookingDocument): Promise<BookingDocument> {
    if (doc.queueNumber !== undefined) return doc;
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
    for (let attempt = 0; attempt < 1000; attempt++) {
      const mine = await this.models.queueNumbers.findOne({ bookingId: doc._id }, { n: 1 }).lean();
      if (mine) return mine.n;
      const last = await this.models.queueNumbers.findOne({ key }, { n: 1 }).sort({ n: -1 }).lean();
      const n = (last?.n ?? 0) + 1;
      try {
        await this.models.queueNumbers.create({ _id: `${key}|${n}`, key, n, bookingId: doc._id });
        return n;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw new Error(`no queue number for booking ${doc._id} after 1000 attempts`);
  }
}
