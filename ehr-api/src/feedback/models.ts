import { Schema, type Connection, type Model } from 'mongoose';
import type { FeedbackRatings, FeedbackStatus, FeedbackVisitStatus } from '@qn/contracts';

/*
 * FerretDB loses concurrent updates of one document (see scheduling/models.ts), so every rule
 * here rests on an insert into a unique key:
 * - one piece of feedback per booking: the feedback's `_id` is the booking id;
 * - one resolution per piece of feedback: the resolution's `_id` is the feedback id;
 * - replies are documents of their own, never an array pushed onto the feedback.
 * The feedback's `status`, `resolvedAt` and `resolvedBy` are a copy kept for filtering the
 * queue; the resolution document is the record of truth, and a read that finds the copy behind
 * repairs it (FeedbackService.queue).
 */

/** Who did something, as staff see it (never shown to patients). */
export interface FeedbackStaffRef {
  userId: string;
  displayName: string;
  role: string;
}

export type FeedbackChannel = 'kiosk' | 'web';

export interface FeedbackDocument {
  /** The booking id: inserting it is the claim that this booking has been rated. */
  _id: string;
  patientId: string;
  hospitalId: string;
  hospitalName: string;
  serviceId: string;
  serviceName: string;
  departmentCode: string;
  ticketCode: string;
  visitStart: Date;
  /** Local (UTC+7) day of the visit. */
  visitDay: string;
  visitStatus: FeedbackVisitStatus;
  ratings: FeedbackRatings;
  comment?: string;
  channel: FeedbackChannel;
  status: FeedbackStatus;
  createdAt: Date;
  resolvedAt?: Date;
  resolvedBy?: FeedbackStaffRef;
}

export interface FeedbackReplyDocument {
  _id: string;
  feedbackId: string;
  hospitalId: string;
  text: string;
  at: Date;
  by: FeedbackStaffRef;
}

export interface FeedbackResolutionDocument {
  /** The feedback id: the first resolution inserted wins. */
  _id: string;
  hospitalId: string;
  at: Date;
  by: FeedbackStaffRef;
  note?: string;
}

/** The key feedback links are signed with, created once by whichever instance needs it first. */
export interface FeedbackLinkKeyDocument {
  _id: string;
  /** 32 random bytes, base64url. */
  key: string;
  createdAt: Date;
}

const staffRefSchema = new Schema<FeedbackStaffRef>(
  {
    userId: { type: String, required: true },
    displayName: { type: String, required: true },
    role: { type: String, required: true },
  },
  { _id: false },
);

const ratingsSchema = new Schema<FeedbackRatings>(
  {
    waitingTime: { type: Number, required: true, min: 1, max: 5 },
    staff: { type: Number, required: true, min: 1, max: 5 },
    cleanliness: { type: Number, required: true, min: 1, max: 5 },
    overall: { type: Number, required: true, min: 1, max: 5 },
  },
  { _id: false },
);

const feedbackSchema = new Schema<FeedbackDocument>(
  {
    _id: { type: String, required: true },
    patientId: { type: String, required: true },
    hospitalId: { type: String, required: true },
    hospitalName: { type: String, required: true },
    serviceId: { type: String, required: true },
    serviceName: { type: String, required: true },
    departmentCode: { type: String, required: true },
    ticketCode: { type: String, required: true },
    visitStart: { type: Date, required: true },
    visitDay: { type: String, required: true },
    visitStatus: { type: String, required: true, enum: ['checked-in', 'cancelled'] },
    ratings: { type: ratingsSchema, required: true },
    comment: String,
    channel: { type: String, required: true, enum: ['kiosk', 'web'] },
    status: { type: String, required: true, enum: ['open', 'replied', 'resolved'] },
    createdAt: { type: Date, required: true },
    resolvedAt: Date,
    resolvedBy: { type: staffRefSchema },
  },
  { collection: 'feedback', versionKey: false },
);
// Equality on hospitalId (and status, department) reaches PostgreSQL on FerretDB; see the service.
feedbackSchema.index({ hospitalId: 1, status: 1, createdAt: -1 });
feedbackSchema.index({ hospitalId: 1, departmentCode: 1, createdAt: -1 });
feedbackSchema.index({ patientId: 1, createdAt: -1 });
feedbackSchema.index({ createdAt: -1 });

const replySchema = new Schema<FeedbackReplyDocument>(
  {
    _id: { type: String, required: true },
    feedbackId: { type: String, required: true },
    hospitalId: { type: String, required: true },
    text: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: staffRefSchema, required: true },
  },
  { collection: 'feedback_replies', versionKey: false },
);
replySchema.index({ feedbackId: 1, at: 1 });

const resolutionSchema = new Schema<FeedbackResolutionDocument>(
  {
    _id: { type: String, required: true },
    hospitalId: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: staffRefSchema, required: true },
    note: String,
  },
  { collection: 'feedback_resolutions', versionKey: false },
);
resolutionSchema.index({ hospitalId: 1 });

const linkKeySchema = new Schema<FeedbackLinkKeyDocument>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'feedback_link_keys', versionKey: false },
);

export interface FeedbackModels {
  feedback: Model<FeedbackDocument>;
  replies: Model<FeedbackReplyDocument>;
  resolutions: Model<FeedbackResolutionDocument>;
  linkKeys: Model<FeedbackLinkKeyDocument>;
}

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

export function feedbackModels(connection: Connection): FeedbackModels {
  return {
    feedback: model(connection, 'Feedback', feedbackSchema),
    replies: model(connection, 'FeedbackReply', replySchema),
    resolutions: model(connection, 'FeedbackResolution', resolutionSchema),
    linkKeys: model(connection, 'FeedbackLinkKey', linkKeySchema),
  };
}
