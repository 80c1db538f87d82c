import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type { WaitlistEntry } from '@qn/contracts';
import { badRequest, HttpError, notFound } from '../errors/http-error.js';
import type { Logger } from '../logger.js';
import { addDays, localDayOf } from './local-time.js';
import {
  isDuplicateKey,
  type BookingDocument,
  type SchedulingModels,
  type WaitlistEntryDocument,
} from './models.js';
import type { ReminderDocument } from './reminders.js';
import { vietnameseTime } from './reminders.js';
import type { BookingActor, SchedulingService } from './scheduling-service.js';
import type { ScheduleTemplate } from './template.js';

export interface WaitlistOptions {
  /** How long an offered seat is kept for the patient to confirm (default 120). */
  offerMinutes: number;
}

export interface JoinCommand {
  patientId: string;
  serviceId: string;
  fromDay: string;
  toDay: string;
  actor: BookingActor;
}

function actorLabel(actor: BookingActor): string {
  return actor.id ? `${actor.kind}:${actor.id}` : actor.kind;
}

/**
 * The waitlist of each department of each hospital. When a seat frees up (a cancellation, a
 * lapsed hold) the first waiting patient whose days include it is offered it: the seat is *held*
 * for them (an ordinary hold, so every booking rule and the seat claim apply unchanged) and they
 * are told through the notification outbox. An offer not confirmed in time lapses, the patient
 * leaves the list and the seat goes to the next one.
 *
 * One place in one queue per patient (`activeKey`, unique). Entries are changed only by the
 * offering round (one instance at a time, under a lease) and by their own patient's requests.
 */
export class Waitlist {
  constructor(
    private readonly models: SchedulingModels,
    private readonly reminders: Model<ReminderDocument>,
    private readonly scheduling: SchedulingService,
    private readonly options: WaitlistOptions,
    private readonly logger: Logger,
  ) {}

  async join(command: JoinCommand): Promise<WaitlistEntry> {
    await this.scheduling.ready();
    if (command.toDay < command.fromDay)
      throw badRequest('toDay: the last day must not be before the first day (fromDay)', {
        field: 'toDay',
      });
    const now = this.scheduling.now();
    const today = localDayOf(now);
    const lastDay = addDays(today, this.scheduling.bookingOptions.horizonDays);
    if (command.toDay < today)
      throw badRequest(`toDay: ${command.toDay} has passed; choose days from ${today}`, {
        field: 'toDay',
      });
    if (command.fromDay > lastDay)
      throw badRequest(
        `fromDay: bookings open ${this.scheduling.bookingOptions.horizonDays} days ahead, so the list can only wait for days up to ${lastDay}`,
        { field: 'fromDay' },
      );
    const template = await this.models.templates
      .findOne({ serviceId: command.serviceId, active: true })
      .lean<ScheduleTemplate>();
    if (!template)
      throw badRequest(`serviceId: ${command.serviceId} is not a department taking bookings`, {
        field: 'serviceId',
      });
    const free = await this.scheduling.availability({
      serviceId: command.serviceId,
      from: command.fromDay,
      to: command.toDay,
      limit: 3,
    });
    if (free.length > 0)
      throw new HttpError({
        status: 409,
        code: 'seats-available',
        title: 'Seats are free',
        detail: `${template.serviceName} (${template.hospitalName}) still has free seats on those days: book one of them instead of waiting.`,
        extra: { alternatives: free },
      });
    const entry: WaitlistEntryDocument = {
      _id: randomUUID(),
      patientId: command.patientId,
      serviceId: template.serviceId,
      hospitalId: template.hospitalId,
      serviceName: template.serviceName,
      hospitalName: template.hospitalName,
      fromDay: command.fromDay < today ? today : command.fromDay,
      toDay: command.toDay > lastDay ? lastDay : command.toDay,
      status: 'waiting',
      activeKey: `${command.patientId}|${template.serviceId}`,
      offers: [],
      createdBy: actorLabel(command.actor),
      createdAt: now,
    };
    try {
      await this.models.waitlist.create(entry);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.models.waitlist.findOne({ activeKey: entry.activeKey }).lean();
      throw new HttpError({
        status: 409,
        code: 'already-waiting',
        title: 'Already on the waitlist',
        detail: `The patient is already waiting for ${template.serviceName} (${template.hospitalName}); leave that place first to wait for other days.`,
        extra: { entryId: existing?._id },
      });
    }
    return this.view(entry);
  }

  async get(id: string): Promise<WaitlistEntry> {
    const entry = await this.models.waitlist.findById(id).lean<WaitlistEntryDocument>();
    if (!entry) throw notFound(`There is no waitlist entry ${id}.`);
    return this.view(await this.settle(entry));
  }

  /** Leaves the list; a seat offered and not yet confirmed is let go for the next patient. */
  async withdraw(id: string, actor: BookingActor): Promise<WaitlistEntry> {
    const entry = await this.models.waitlist.findById(id).lean<WaitlistEntryDocument>();
    if (!entry) throw notFound(`There is no waitlist entry ${id}.`);
    if (entry.status !== 'waiting' && entry.status !== 'offered') return this.view(entry);
    // Off the list first, so letting the seat go offers it to the next patient, not back to this one.
    await this.end(entry, 'withdrawn');
    const offer = entry.offers.at(-1);
    if (entry.status === 'offered' && offer)
      await this.scheduling.releaseHold(offer.bookingId, actor).catch(() => undefined);
    return this.get(id);
  }

  /** A patient's entries, newest first. */
  async forPatient(patientId: string): Promise<WaitlistEntry[]> {
    const entries = await this.models.waitlist
      .find({ patientId })
      .sort({ createdAt: -1 })
      .limit(50)
      .lean<WaitlistEntryDocument[]>();
    return Promise.all(entries.map(async (e) => this.view(await this.settle(e))));
  }

  /** Who is waiting (and who has an offer) for one department, first in line first. */
  async queue(serviceId: string): Promise<WaitlistEntry[]> {
    const entries = await this.models.waitlist
      .find({ serviceId, status: { $in: ['waiting', 'offered'] } })
      .sort({ createdAt: 1, _id: 1 })
      .limit(500)
      .lean<WaitlistEntryDocument[]>();
    return Promise.all(entries.map(async (e) => this.view(await this.settle(e))));
  }

  /**
   * One offering round: settle offers that were confirmed or lapsed, then offer free seats to the
   * waiting patients in order. `serviceId` narrows it to one department (a seat just freed).
   * Returns how many offers were made.
   */
  async offerRound(serviceId?: string): Promise<number> {
    const entries = await this.models.waitlist
      .find({ status: { $in: ['waiting', 'offered'] }, ...(serviceId ? { serviceId } : {}) })
      .sort({ createdAt: 1, _id: 1 })
      .limit(500)
      .lean<WaitlistEntryDocument[]>();
    let offered = 0;
    for (const found of entries) {
      const entry = await this.settle(found);
      if (entry.status !== 'waiting') continue;
      if (await this.offer(entry)) offered++;
    }
    return offered;
  }

  /** Offers the earliest free seat of the entry's days, as a hold; false when there is none. */
  private async offer(entry: WaitlistEntryDocument): Promise<boolean> {
    const today = localDayOf(this.scheduling.now());
    if (entry.toDay < today) {
      await this.end(entry, 'lapsed');
      return false;
    }
    const free = await this.scheduling.availability({
      serviceId: entry.serviceId,
      from: entry.fromDay < today ? today : entry.fromDay,
      to: entry.toDay,
      limit: 5,
    });
    for (const slot of free) {
      try {
        const { booking } = await this.scheduling.hold({
          patientId: entry.patientId,
          slotId: slot.slotId,
          // One offer per entry and slot: a second round offering the same seat replays the first.
          idempotencyKey: `waitlist:${entry._id}:${slot.slotId}`,
          actor: { kind: 'anonymous', id: 'waitlist' },
          holdMinutes: this.options.offerMinutes,
          waitlistEntryId: entry._id,
        });
        if (booking.status !== 'held') continue;
        const until = new Date(booking.holdExpiresAt ?? this.scheduling.now());
        await this.models.waitlist.updateOne(
          { _id: entry._id },
          {
            $set: { status: 'offered' },
            $push: { offers: { bookingId: booking.id, at: this.scheduling.now(), until } },
          },
        );
        await this.notify(entry, booking.id, new Date(booking.start), until);
        this.logger.info(
          { entryId: entry._id, bookingId: booking.id, serviceId: entry.serviceId },
          'waitlist: seat offered',
        );
        return true;
      } catch (error) {
        // The seat went to someone else in between, or the patient's own rules refuse it: next one.
        if (error instanceof HttpError && error.status < 500) continue;
        throw error;
      }
    }
    return false;
  }

  /**
   * Brings an offered entry up to date with its hold: confirmed → booked (off the list), lapsed or
   * let go → lapsed (off the list; the seat goes to the next patient).
   */
  private async settle(entry: WaitlistEntryDocument): Promise<WaitlistEntryDocument> {
    if (entry.status !== 'offered') return entry;
    const offer = entry.offers.at(-1);
    if (!offer) return entry;
    const hold = await this.scheduling.get(offer.bookingId).catch(() => undefined);
    if (!hold || hold.status === 'held') return entry;
    return this.end(entry, hold.status === 'expired' ? 'lapsed' : 'booked');
  }

  private async end(
    entry: WaitlistEntryDocument,
    status: 'booked' | 'withdrawn' | 'lapsed',
  ): Promise<WaitlistEntryDocument> {
    await this.models.waitlist.updateOne(
      { _id: entry._id, status: { $in: ['waiting', 'offered'] } },
      { $set: { status, activeKey: `ended:${entry._id}` } },
    );
    return (await this.models.waitlist.findById(entry._id).lean<WaitlistEntryDocument>()) ?? entry;
  }

  private async notify(
    entry: WaitlistEntryDocument,
    bookingId: string,
    start: Date,
    until: Date,
  ): Promise<void> {
    const text = `Có chỗ trống: ${vietnameseTime(start)} tại ${entry.serviceName}, ${entry.hospitalName}. Chỗ được giữ cho bạn đến ${vietnameseTime(until)}: xác nhận tại ki-ốt (chạm thẻ) hoặc quầy tiếp đón. Sau thời hạn này chỗ sẽ dành cho người kế tiếp.`;
    await this.reminders
      .create({
        _id: `${bookingId}:waitlist-offer`,
        bookingId,
        patientId: entry.patientId,
        kind: 'waitlist-offer',
        text,
        createdAt: this.scheduling.now(),
      })
      .catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
  }

  private async view(entry: WaitlistEntryDocument): Promise<WaitlistEntry> {
    const offer = entry.status === 'offered' ? entry.offers.at(-1) : undefined;
    let position: number | undefined;
    if (entry.status === 'waiting') {
      position =
        (await this.models.waitlist.countDocuments({
          serviceId: entry.serviceId,
          status: 'waiting',
          createdAt: { $lt: entry.createdAt },
        })) + 1;
    }
    let offerStart: string | undefined;
    if (offer) {
      const hold = await this.models.bookings
        .findById(offer.bookingId, { start: 1 })
        .lean<Pick<BookingDocument, 'start'>>();
      offerStart = hold?.start.toISOString();
    }
    return {
      id: entry._id,
      patientId: entry.patientId,
      serviceId: entry.serviceId,
      serviceName: entry.serviceName,
      hospitalId: entry.hospitalId,
      hospitalName: entry.hospitalName,
      fromDay: entry.fromDay,
      toDay: entry.toDay,
      status: entry.status,
      ...(position ? { position } : {}),
      ...(offer && offerStart
        ? {
            offer: {
              bookingId: offer.bookingId,
              start: offerStart,
              until: offer.until.toISOString(),
            },
          }
        : {}),
      createdAt: entry.createdAt.toISOString(),
    };
  }
}
