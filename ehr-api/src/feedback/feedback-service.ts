import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Connection, Model } from 'mongoose';
import {
  FEEDBACK_MIN_PUBLIC_GROUP,
  type FeedbackBody,
  type FeedbackLink,
  type FeedbackLinkInfo,
  type FeedbackQueue,
  type FeedbackRatings,
  type FeedbackStatus,
  type FeedbackVisit,
  type KioskFeedbackOverview,
  type PatientFeedback,
  type PublicFeedbackFigures,
  type StaffFeedback,
} from '@qn/contracts';
import { badRequest, HttpError, notFound } from '../errors/http-error.js';
import { HOSPITAL_CODES, HOSPITAL_NAMES } from '../ingestion/model.js';
import { addDays, localDayOf, localInstant, type LocalDay } from '../scheduling/local-time.js';
import {
  isDuplicateKey,
  schedulingModels,
  type BookingDocument,
  type CancellationDocument,
} from '../scheduling/models.js';
import { eligibility, RATING_WINDOW_DAYS, type VisitFacts } from './eligibility.js';
import { FeedbackLinks } from './feedback-links.js';
import {
  feedbackModels,
  type FeedbackChannel,
  type FeedbackDocument,
  type FeedbackModels,
  type FeedbackReplyDocument,
  type FeedbackResolutionDocument,
  type FeedbackStaffRef,
} from './models.js';
import { departmentRows, groupFigures, type FeedbackFact } from './public-figures.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** The public figures cover the feedback of the 90 local days ending with the day asked for. */
export const PUBLIC_WINDOW_DAYS = 90;
/** How many of their earlier pieces of feedback a patient sees at the kiosk, newest first. */
const PATIENT_HISTORY = 10;
/** The public answer is reused this long: anyone may ask, and each answer reads the window. */
const PUBLIC_CACHE_MS = 30_000;
/** Where the web app's rating page is, under its base href (`/vi/`, `/en/`). */
const LINK_PAGE = 'danh-gia';

export interface FeedbackServiceOptions {
  mongo: Connection;
  clock?: () => Date;
}

/** Which part of a hospital's queue: a department, a status, and the page. */
export interface QueueFilter {
  department?: string | undefined;
  status?: FeedbackStatus | undefined;
  limit: number;
  /** Cursor from the previous page. */
  before?: string | undefined;
}

/** The booking behind a piece of feedback: whose it is and where. */
export interface VisitOwner {
  bookingId: string;
  patientId: string;
  hospitalId: string;
}

type BookingRow = Pick<
  BookingDocument,
  | '_id'
  | 'patientId'
  | 'hospitalId'
  | 'hospitalName'
  | 'serviceId'
  | 'serviceName'
  | 'departmentCode'
  | 'ticketCode'
  | 'start'
  | 'status'
  | 'checkedInAt'
  | 'cancelledAt'
  | 'updatedAt'
>;

const BOOKING_FIELDS = {
  _id: 1,
  patientId: 1,
  hospitalId: 1,
  hospitalName: 1,
  serviceId: 1,
  serviceName: 1,
  departmentCode: 1,
  ticketCode: 1,
  start: 1,
  status: 1,
  checkedInAt: 1,
  cancelledAt: 1,
  updatedAt: 1,
} as const;

function ratingsOf(ratings: FeedbackRatings): FeedbackRatings {
  return {
    waitingTime: ratings.waitingTime,
    staff: ratings.staff,
    cleanliness: ratings.cleanliness,
    overall: ratings.overall,
  };
}

function staffRef(by: FeedbackStaffRef): FeedbackStaffRef {
  return { userId: by.userId, displayName: by.displayName, role: by.role };
}

function statusOf(replies: readonly unknown[], resolution: unknown): FeedbackStatus {
  if (resolution) return 'resolved';
  return replies.length > 0 ? 'replied' : 'open';
}

function encodeCursor(doc: Pick<FeedbackDocument, '_id' | 'createdAt'>): string {
  return Buffer.from(`${doc.createdAt.getTime()}|${doc._id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { time: Date; id: string } | undefined {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const ms = Number(time);
  // Number.isFinite lets 1e300 through, which is no date (a CastError, 500, further down).
  return id && Number.isFinite(new Date(ms).getTime()) ? { time: new Date(ms), id } : undefined;
}

function facts(booking: BookingRow, decision: CancellationDocument | undefined): VisitFacts {
  return {
    status: booking.status,
    start: booking.start,
    checkedInAt: booking.checkedInAt,
    cancelledAt: booking.cancelledAt,
    updatedAt: booking.updatedAt,
    ...(decision
      ? { decision: { decision: decision.decision ?? 'cancelled', at: decision.at } }
      : {}),
  };
}

/**
 * Patient feedback on visits: the patient rates a visit once (kiosk session or ticket link),
 * it goes to the hospital and department of the booking, that hospital's staff reply and resolve
 * it, and the public sees aggregates with small groups withheld.
 *
 * Bookings are read through the scheduling models, never changed. Every rule is an insert into a
 * unique key (see models.ts). Queries filter by equality on one stored field where they can, as
 * only those reach PostgreSQL on FerretDB 1.24; means and medians are taken in Node, as its
 * `$group` has `$sum` and `$count` only.
 */
export class FeedbackService {
  private readonly models: FeedbackModels;
  private readonly bookings: Model<BookingDocument>;
  private readonly decisions: Model<CancellationDocument>;
  private readonly links: FeedbackLinks;
  private readonly clock: () => Date;
  private readonly publicCache: LRUCache<LocalDay, PublicFeedbackFigures>;

  constructor(options: FeedbackServiceOptions) {
    this.models = feedbackModels(options.mongo);
    const scheduling = schedulingModels(options.mongo);
    this.bookings = scheduling.bookings;
    this.decisions = scheduling.cancellations;
    this.links = new FeedbackLinks(this.models.linkKeys);
    this.clock = options.clock ?? ((): Date => new Date());
    // fetchMethod also makes concurrent requests for one day share one computation.
    this.publicCache = new LRUCache<LocalDay, PublicFeedbackFigures>({
      max: 64,
      ttl: PUBLIC_CACHE_MS,
      fetchMethod: (day) => this.computePublicFigures(day),
    });
  }

  async ready(): Promise<void> {
    await Promise.all([
      this.models.feedback.createIndexes(),
      this.models.replies.createIndexes(),
      this.models.resolutions.createIndexes(),
    ]);
  }

  /** Today in Vietnam. */
  today(): LocalDay {
    return localDayOf(this.clock());
  }

  /** Whose booking this is and at which hospital; undefined when there is no such booking. */
  async visitOwner(bookingId: string): Promise<VisitOwner | undefined> {
    const booking = await this.bookings
      .findById(bookingId, { _id: 1, patientId: 1, hospitalId: 1 })
      .lean<Pick<BookingDocument, '_id' | 'patientId' | 'hospitalId'>>();
    return booking
      ? { bookingId: booking._id, patientId: booking.patientId, hospitalId: booking.hospitalId }
      : undefined;
  }

  /** Whose feedback this is and at which hospital; undefined when there is none. */
  async feedbackOwner(feedbackId: string): Promise<VisitOwner | undefined> {
    const doc = await this.models.feedback
      .findById(feedbackId, { _id: 1, patientId: 1, hospitalId: 1 })
      .lean<Pick<FeedbackDocument, '_id' | 'patientId' | 'hospitalId'>>();
    return doc
      ? { bookingId: doc._id, patientId: doc.patientId, hospitalId: doc.hospitalId }
      : undefined;
  }

  /**
   * What the kiosk shows after a tap: the visits of the last 30 days the patient can still rate
   * (checked in or cancelled, not rated yet), and their latest feedback with the replies.
   */
  async overview(patientId: string): Promise<KioskFeedbackOverview> {
    const now = this.clock();
    // A visit rated within 30 days of its check-in or cancellation started at most that long ago
    // (plus a slot); cancellations made long before the slot are found by the later start anyway.
    const since = new Date(now.getTime() - (RATING_WINDOW_DAYS + 2) * DAY_MS);
    const [bookings, history] = await Promise.all([
      this.bookings
        .find({ patientId, start: { $gte: since } }, BOOKING_FIELDS)
        .lean<BookingRow[]>(),
      this.models.feedback
        .find({ patientId })
        .sort({ createdAt: -1, _id: -1 })
        .limit(PATIENT_HISTORY)
        .lean<FeedbackDocument[]>(),
    ]);
    const pending = bookings.filter((b) => b.status === 'booked').map((b) => b._id);
    const ids = bookings.map((b) => b._id);
    const [decisions, rated] = await Promise.all([
      pending.length > 0
        ? this.decisions.find({ _id: { $in: pending } }).lean<CancellationDocument[]>()
        : [],
      ids.length > 0
        ? this.models.feedback
            .find({ _id: { $in: ids } }, { _id: 1 })
            .lean<Array<{ _id: string }>>()
        : [],
    ]);
    const decisionOf = new Map(decisions.map((d) => [d._id, d]));
    const ratedIds = new Set(rated.map((r) => r._id));
    const visits: FeedbackVisit[] = [];
    for (const booking of bookings) {
      if (ratedIds.has(booking._id)) continue;
      const verdict = eligibility(facts(booking, decisionOf.get(booking._id)), now);
      if (!verdict.ok) continue;
      visits.push({
        bookingId: booking._id,
        hospitalName: booking.hospitalName,
        serviceName: booking.serviceName,
        departmentCode: booking.departmentCode,
        start: booking.start.toISOString(),
        status: verdict.visitStatus,
        rateUntil: verdict.rateUntil.toISOString(),
      });
    }
    visits.sort((a, b) => b.start.localeCompare(a.start));
    const joined = await this.join(history);
    return {
      visits,
      feedback: history.map((doc) =>
        this.toPatient(doc, joined.replies.get(doc._id) ?? [], joined.resolutions.get(doc._id)),
      ),
    };
  }

  /**
   * Rates a booking. The caller has made sure who may (the session's own patient, or the holder
   * of the booking's link). 404 when there is no booking, 422 when it cannot be rated (still
   * ahead, never checked in, a no-show, or past the 30 days), 409 when it was rated already.
   */
  async submit(
    bookingId: string,
    body: FeedbackBody,
    channel: FeedbackChannel,
  ): Promise<PatientFeedback> {
    const now = this.clock();
    const booking = await this.bookings.findById(bookingId, BOOKING_FIELDS).lean<BookingRow>();
    if (!booking) throw noBooking(bookingId);
    const decision =
      booking.status === 'booked'
        ? ((await this.decisions.findById(bookingId).lean<CancellationDocument>()) ?? undefined)
        : undefined;
    const verdict = eligibility(facts(booking, decision), now);
    if (!verdict.ok) {
      throw new HttpError({
        status: 422,
        code: verdict.code,
        title: 'Cannot be rated',
        detail: verdict.detail,
        extra: { state: verdict.state },
      });
    }
    const doc: FeedbackDocument = {
      _id: booking._id,
      patientId: booking.patientId,
      hospitalId: booking.hospitalId,
      hospitalName: booking.hospitalName,
      serviceId: booking.serviceId,
      serviceName: booking.serviceName,
      departmentCode: booking.departmentCode,
      ticketCode: booking.ticketCode,
      visitStart: booking.start,
      visitDay: localDayOf(booking.start),
      visitStatus: verdict.visitStatus,
      ratings: ratingsOf(body.ratings),
      ...(body.comment ? { comment: body.comment } : {}),
      channel,
      status: 'open',
      createdAt: now,
    };
    try {
      await this.models.feedback.create(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw alreadyRated(bookingId);
      throw error;
    }
    return this.toPatient(doc, [], undefined);
  }

  /** The ticket's feedback link for a booking. */
  async linkFor(bookingId: string): Promise<FeedbackLink> {
    const token = await this.links.tokenFor(bookingId);
    return { bookingId, token, path: `${LINK_PAGE}/${token}` };
  }

  /** The booking a link token was made for; undefined for a malformed or forged token. */
  bookingOfLink(token: string): Promise<string | undefined> {
    return this.links.bookingOf(token);
  }

  /** What the rating page of a link shows: the visit, and whether it can be rated now. */
  async linkInfo(bookingId: string): Promise<FeedbackLinkInfo> {
    const booking = await this.bookings.findById(bookingId, BOOKING_FIELDS).lean<BookingRow>();
    if (!booking) throw noBooking(bookingId);
    const visit = {
      hospitalName: booking.hospitalName,
      serviceName: booking.serviceName,
      visitDay: localDayOf(booking.start),
      start: booking.start.toISOString(),
    };
    if (await this.models.feedback.exists({ _id: bookingId }))
      return { state: 'rated', detail: alreadyRated(bookingId).detail, visit };
    const decision =
      booking.status === 'booked'
        ? ((await this.decisions.findById(bookingId).lean<CancellationDocument>()) ?? undefined)
        : undefined;
    const verdict = eligibility(facts(booking, decision), this.clock());
    return verdict.ok
      ? { state: 'open', visit }
      : { state: verdict.state, detail: verdict.detail, visit };
  }

  /** One page of a hospital's feedback, newest first, with replies and resolution. */
  async queue(hospitalId: string, filter: QueueFilter): Promise<FeedbackQueue> {
    const scope = {
      hospitalId,
      ...(filter.department ? { departmentCode: filter.department } : {}),
    };
    const query: Record<string, unknown> = {
      ...scope,
      ...(filter.status ? { status: filter.status } : {}),
    };
    const cursor = filter.before ? decodeCursor(filter.before) : undefined;
    if (filter.before && !cursor)
      throw badRequest(
        'before: not a cursor of this queue; send the `next` value of the previous page',
        { field: 'before' },
      );
    if (cursor)
      query.$or = [
        { createdAt: { $lt: cursor.time } },
        { createdAt: cursor.time, _id: { $lt: cursor.id } },
      ];
    const [docs, groups] = await Promise.all([
      this.models.feedback
        .find(query)
        .sort({ createdAt: -1, _id: -1 })
        .limit(filter.limit + 1)
        .lean<FeedbackDocument[]>(),
      this.models.feedback.aggregate<{ _id: FeedbackStatus; n: number }>([
        { $match: scope },
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ]),
    ]);
    const page = docs.slice(0, filter.limit);
    const joined = await this.join(page);
    const items: StaffFeedback[] = [];
    for (const doc of page) {
      const item = this.toStaff(
        doc,
        joined.replies.get(doc._id) ?? [],
        joined.resolutions.get(doc._id),
      );
      if (item.status !== doc.status)
        await this.repairStatus(doc, item.status, joined.resolutions.get(doc._id));
      // A piece filed under the wrong status (its copy lost an update) is left out of that filter.
      if (!filter.status || item.status === filter.status) items.push(item);
    }
    const counts = { open: 0, replied: 0, resolved: 0, total: 0 };
    for (const { _id, n } of groups) {
      if (_id === 'open' || _id === 'replied' || _id === 'resolved') counts[_id] += n;
      counts.total += n;
    }
    const last = page[page.length - 1];
    return {
      hospitalId,
      counts,
      items,
      ...(docs.length > filter.limit && last ? { next: encodeCursor(last) } : {}),
    };
  }

  /** A reply from staff; 409 once the feedback is resolved. */
  async reply(feedbackId: string, by: FeedbackStaffRef, text: string): Promise<StaffFeedback> {
    const doc = await this.mustFind(feedbackId);
    const resolution = await this.models.resolutions
      .findById(feedbackId)
      .lean<FeedbackResolutionDocument>();
    if (resolution) throw alreadyResolved(feedbackId, resolution);
    await this.models.replies.create({
      _id: randomUUID(),
      feedbackId,
      hospitalId: doc.hospitalId,
      text,
      at: this.clock(),
      by: staffRef(by),
    });
    if (doc.status === 'open')
      await this.models.feedback.updateOne(
        { _id: feedbackId, status: 'open' },
        { $set: { status: 'replied' } },
      );
    return this.staffView(feedbackId);
  }

  /** Marks the feedback resolved, recording who and when; 409 when it already is. */
  async resolve(feedbackId: string, by: FeedbackStaffRef, note?: string): Promise<StaffFeedback> {
    const doc = await this.mustFind(feedbackId);
    const resolution: FeedbackResolutionDocument = {
      _id: feedbackId,
      hospitalId: doc.hospitalId,
      at: this.clock(),
      by: staffRef(by),
      ...(note ? { note } : {}),
    };
    try {
      await this.models.resolutions.create(resolution);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const winner = await this.models.resolutions
        .findById(feedbackId)
        .lean<FeedbackResolutionDocument>();
      if (winner) throw alreadyResolved(feedbackId, winner);
      throw error;
    }
    await this.repairStatus(doc, 'resolved', resolution);
    return this.staffView(feedbackId);
  }

  /** One piece of feedback as staff see it. */
  async staffView(feedbackId: string): Promise<StaffFeedback> {
    const doc = await this.mustFind(feedbackId);
    const joined = await this.join([doc]);
    return this.toStaff(doc, joined.replies.get(doc._id) ?? [], joined.resolutions.get(doc._id));
  }

  /**
   * Per hospital and department: counts, share resolved, median hours to resolve and mean
   * ratings of the feedback that arrived in the 90 days ending with `day`, resolutions counted as
   * of the end of that day. No patient, comment, booking or member of staff. Reused for 30 s.
   */
  async publicFigures(day: LocalDay): Promise<PublicFeedbackFigures> {
    const figures = await this.publicCache.fetch(day);
    if (!figures) throw new Error(`no public feedback figures for ${day}`);
    return figures;
  }

  private async computePublicFigures(day: LocalDay): Promise<PublicFeedbackFigures> {
    const from = addDays(day, 1 - PUBLIC_WINDOW_DAYS);
    const start = localInstant(from, 0);
    const end = localInstant(day, 24 * 60);
    const docs = await this.models.feedback
      .find(
        { createdAt: { $gte: start, $lt: end } },
        { _id: 1, hospitalId: 1, departmentCode: 1, serviceName: 1, ratings: 1, createdAt: 1 },
      )
      .lean<
        Array<
          Pick<
            FeedbackDocument,
            '_id' | 'hospitalId' | 'departmentCode' | 'serviceName' | 'ratings' | 'createdAt'
          >
        >
      >();
    // The resolution documents, not the copy on the feedback, say what was resolved and when.
    const resolutions =
      docs.length > 0
        ? await this.models.resolutions
            .find({ _id: { $in: docs.map((d) => d._id) }, at: { $lt: end } }, { _id: 1, at: 1 })
            .lean<Array<Pick<FeedbackResolutionDocument, '_id' | 'at'>>>()
        : [];
    const resolvedAt = new Map(resolutions.map((r) => [r._id, r.at]));
    const minGroup = FEEDBACK_MIN_PUBLIC_GROUP;
    return {
      from,
      to: day,
      generatedAt: this.clock().toISOString(),
      minGroupSize: minGroup,
      hospitals: HOSPITAL_CODES.map((hospitalId) => {
        const mine: FeedbackFact[] = docs
          .filter((d) => d.hospitalId === hospitalId)
          .map((d) => ({
            departmentCode: d.departmentCode,
            serviceName: d.serviceName,
            ratings: d.ratings,
            createdAt: d.createdAt,
            resolvedAt: resolvedAt.get(d._id),
          }));
        return {
          hospitalId,
          hospitalName: HOSPITAL_NAMES[hospitalId],
          total: groupFigures(mine, minGroup),
          departments: departmentRows(mine, minGroup),
        };
      }),
    };
  }

  private async mustFind(feedbackId: string): Promise<FeedbackDocument> {
    const doc = await this.models.feedback.findById(feedbackId).lean<FeedbackDocument>();
    if (!doc) throw notFound(`There is no feedback ${feedbackId}.`);
    return doc;
  }

  /** Replies (oldest first) and resolutions of these pieces of feedback. */
  private async join(docs: readonly FeedbackDocument[]): Promise<{
    replies: Map<string, FeedbackReplyDocument[]>;
    resolutions: Map<string, FeedbackResolutionDocument>;
  }> {
    const ids = docs.map((d) => d._id);
    if (ids.length === 0) return { replies: new Map(), resolutions: new Map() };
    const [replies, resolutions] = await Promise.all([
      this.models.replies
        .find({ feedbackId: { $in: ids } })
        .sort({ at: 1, _id: 1 })
        .lean<FeedbackReplyDocument[]>(),
      this.models.resolutions.find({ _id: { $in: ids } }).lean<FeedbackResolutionDocument[]>(),
    ]);
    const byFeedback = new Map<string, FeedbackReplyDocument[]>();
    for (const reply of replies) {
      const list = byFeedback.get(reply.feedbackId) ?? [];
      list.push(reply);
      byFeedback.set(reply.feedbackId, list);
    }
    return { replies: byFeedback, resolutions: new Map(resolutions.map((r) => [r._id, r])) };
  }

  /** Brings the feedback's status copy in line with its replies and resolution. */
  private async repairStatus(
    doc: FeedbackDocument,
    status: FeedbackStatus,
    resolution: FeedbackResolutionDocument | undefined,
  ): Promise<void> {
    await this.models.feedback.updateOne(
      { _id: doc._id },
      {
        $set: {
          status,
          ...(resolution ? { resolvedAt: resolution.at, resolvedBy: staffRef(resolution.by) } : {}),
        },
      },
    );
  }

  private toStaff(
    doc: FeedbackDocument,
    replies: readonly FeedbackReplyDocument[],
    resolution: FeedbackResolutionDocument | undefined,
  ): StaffFeedback {
    return {
      id: doc._id,
      patientId: doc.patientId,
      hospitalId: doc.hospitalId,
      hospitalName: doc.hospitalName,
      departmentCode: doc.departmentCode,
      serviceName: doc.serviceName,
      visitStart: doc.visitStart.toISOString(),
      visitDay: doc.visitDay,
      visitStatus: doc.visitStatus,
      ticketCode: doc.ticketCode,
      ratings: ratingsOf(doc.ratings),
      ...(doc.comment ? { comment: doc.comment } : {}),
      channel: doc.channel,
      status: statusOf(replies, resolution),
      createdAt: doc.createdAt.toISOString(),
      replies: replies.map((r) => ({
        id: r._id,
        text: r.text,
        at: r.at.toISOString(),
        by: staffRef(r.by),
      })),
      ...(resolution
        ? {
            resolution: {
              at: resolution.at.toISOString(),
              by: staffRef(resolution.by),
              ...(resolution.note ? { note: resolution.note } : {}),
              hoursToResolve:
                Math.round(((resolution.at.getTime() - doc.createdAt.getTime()) / HOUR_MS) * 10) /
                10,
            },
          }
        : {}),
    };
  }

  private toPatient(
    doc: FeedbackDocument,
    replies: readonly FeedbackReplyDocument[],
    resolution: FeedbackResolutionDocument | undefined,
  ): PatientFeedback {
    return {
      id: doc._id,
      hospitalName: doc.hospitalName,
      serviceName: doc.serviceName,
      visitDay: doc.visitDay,
      ratings: ratingsOf(doc.ratings),
      ...(doc.comment ? { comment: doc.comment } : {}),
      status: statusOf(replies, resolution),
      createdAt: doc.createdAt.toISOString(),
      // Staff names stay with staff: the patient sees the hospital's answer.
      replies: replies.map((r) => ({ text: r.text, at: r.at.toISOString() })),
      ...(resolution ? { resolvedAt: resolution.at.toISOString() } : {}),
    };
  }
}

/** The same words for a booking that does not exist and for another patient's: nothing leaks. */
export function noBooking(bookingId: string): HttpError {
  return notFound(`Không tìm thấy lượt khám ${bookingId}. (There is no booking ${bookingId}.)`);
}

function alreadyRated(bookingId: string): HttpError {
  return new HttpError({
    status: 409,
    code: 'feedback-exists',
    title: 'Already rated',
    detail:
      'Lượt khám này đã được đánh giá. Mỗi lượt khám chỉ đánh giá một lần. (This visit has already been rated; each visit can be rated once.)',
    extra: { bookingId },
  });
}

function alreadyResolved(feedbackId: string, resolution: FeedbackResolutionDocument): HttpError {
  return new HttpError({
    status: 409,
    code: 'feedback-resolved',
    title: 'Already resolved',
    detail: `This feedback was resolved at ${resolution.at.toISOString()} by ${resolution.by.displayName}; it takes no more replies and cannot be resolved again.`,
    extra: { feedbackId, resolvedAt: resolution.at.toISOString() },
  });
}
