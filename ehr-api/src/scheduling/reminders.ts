import { Schema, type Connection, type Model } from 'mongoose';
import { newOwnerId } from '../jobs/lease.js';
import type { Patient } from 'fhir/r4.js';
import type { FhirStore } from '../fhir/fhir-store.js';
import type { Logger } from '../logger.js';
import { PeriodicTask } from '../jobs/periodic-task.js';
import { isDuplicateKey, type BookingDocument, type SchedulingModels } from './models.js';

/** A message to one patient, through whatever channel the province connects (SMS, Zalo, e-mail). */
export interface Notification {
  patientId: string;
  /** Phone number from the patient's record, when there is one. */
  phone?: string;
  text: string;
}

/** The one thing a channel must do; the demo's channel writes to the log. */
export interface NotificationAdapter {
  readonly channel: string;
  send(notification: Notification): Promise<void>;
}

/** The demo channel: each reminder is a log line (a real SMS or Zalo adapter takes its place in production). */
export class ConsoleNotifier implements NotificationAdapter {
  readonly channel = 'console';
  constructor(private readonly logger: Logger) {}

  send(notification: Notification): Promise<void> {
    this.logger.info(
      { notification },
      `reminder to ${notification.phone ?? notification.patientId}: ${notification.text}`,
    );
    return Promise.resolve();
  }
}

/**
 * One reminder of one booking, created by inserting it under `<bookingId>:<kind>` (so two instances
 * never remind twice) and sent by whoever then claims it by setting `claimedBy` on a document
 * nobody else writes. It is the outbox of notifications: the booking never waits on a channel.
 */
export interface ReminderDocument {
  _id: string;
  bookingId: string;
  patientId: string;
  /** The day-before reminder, or the offer of a freed seat to a waitlist patient. */
  kind: 'day-before' | 'waitlist-offer';
  text: string;
  createdAt: Date;
  claimedBy?: string;
  sentAt?: Date;
  channel?: string;
  error?: string;
}

const reminderSchema = new Schema<ReminderDocument>(
  {
    _id: { type: String, required: true },
    bookingId: { type: String, required: true },
    patientId: { type: String, required: true },
    kind: { type: String, required: true },
    text: { type: String, required: true },
    createdAt: { type: Date, required: true },
    claimedBy: String,
    sentAt: Date,
    channel: String,
    error: String,
  },
  { collection: 'booking_reminders', versionKey: false },
);
reminderSchema.index({ sentAt: 1, createdAt: 1 });

export function reminderModel(connection: Connection): Model<ReminderDocument> {
  return (
    (connection.models.BookingReminder as Model<ReminderDocument> | undefined) ??
    connection.model<ReminderDocument>('BookingReminder', reminderSchema)
  );
}

/** "08:30 thứ Năm 26/11/2026" in Asia/Ho_Chi_Minh. */
export function vietnameseTime(instant: Date): string {
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(instant);
}

export function reminderText(
  booking: Pick<
    BookingDocument,
    'start' | 'serviceName' | 'hospitalName' | 'queueNumber' | 'ticketCode' | 'directions'
  >,
): string {
  return `Nhắc lịch khám: ${vietnameseTime(booking.start)} tại ${booking.serviceName}, ${booking.hospitalName}${booking.directions ? ` (${booking.directions})` : ''}. Số thứ tự ${booking.queueNumber ?? '-'}, mã phiếu ${booking.ticketCode}. Hủy lịch tại ki-ốt hoặc quầy tiếp đón nếu không đến được.`;
}

/**
 * Sends each booked patient a reminder the day before: every tick, bookings starting in the next
 * 18 to 30 hours get their reminder document (inserted once), then unsent reminders are sent.
 */
export class Reminders {
  private readonly task: PeriodicTask;
  private readonly owner = newOwnerId();

  constructor(
    private readonly scheduling: SchedulingModels,
    private readonly reminders: Model<ReminderDocument>,
    private readonly fhir: FhirStore,
    private readonly adapter: NotificationAdapter,
    logger: Logger,
    options: { intervalMs: number; clock?: () => Date },
  ) {
    this.clock = options.clock ?? ((): Date => new Date());
    this.task = new PeriodicTask('reminders', () => this.tick(), options.intervalMs, logger);
  }

  private readonly clock: () => Date;

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One round: create the due reminders, then send the unsent ones. Returns how many were sent. */
  async tick(): Promise<number> {
    const now = this.clock().getTime();
    const due = await this.scheduling.bookings
      .find({
        status: 'booked',
        start: { $gte: new Date(now + 18 * 3600_000), $lte: new Date(now + 30 * 3600_000) },
      })
      .limit(1000)
      .lean<BookingDocument[]>();
    for (const booking of due) {
      await this.reminders
        .create({
          _id: `${booking._id}:day-before`,
          bookingId: booking._id,
          patientId: booking.patientId,
          kind: 'day-before',
          text: reminderText(booking),
          createdAt: new Date(now),
        })
        .catch((error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
        });
    }
    let sent = 0;
    const unsent = await this.reminders
      .find({ sentAt: { $exists: false }, claimedBy: { $exists: false } })
      .limit(200)
      .lean<ReminderDocument[]>();
    for (const reminder of unsent) {
      // Claim it; then read back, since FerretDB may let a concurrent claim overwrite ours.
      await this.reminders.updateOne(
        { _id: reminder._id, claimedBy: { $exists: false } },
        { $set: { claimedBy: this.owner } },
      );
      const claimed = await this.reminders.findById(reminder._id).lean<ReminderDocument>();
      if (claimed?.claimedBy !== this.owner) continue;
      const booking = await this.scheduling.bookings
        .findById(reminder.bookingId)
        .lean<BookingDocument>();
      // A reminder goes to a booking still booked; an offer to a seat still held for the patient.
      const wanted = reminder.kind === 'waitlist-offer' ? 'held' : 'booked';
      if (booking?.status !== wanted) {
        await this.reminders.updateOne(
          { _id: reminder._id },
          { $set: { sentAt: this.clock(), channel: 'none', error: `booking no longer ${wanted}` } },
        );
        continue;
      }
      const phone = await this.fhir
        .read<Patient>('Patient', reminder.patientId)
        .then((patient) => patient.telecom?.find((t) => t.system === 'phone')?.value)
        .catch(() => undefined);
      try {
        await this.adapter.send({
          patientId: reminder.patientId,
          ...(phone ? { phone } : {}),
          text: reminder.text,
        });
        await this.reminders.updateOne(
          { _id: reminder._id },
          { $set: { sentAt: this.clock(), channel: this.adapter.channel } },
        );
        sent++;
      } catch (error) {
        // Let it go back to the queue: the next tick tries again.
        await this.reminders.updateOne(
          { _id: reminder._id },
          {
            $unset: { claimedBy: 1 },
            $set: { error: error instanceof Error ? error.message : String(error) },
          },
        );
      }
    }
    return sent;
  }
}
