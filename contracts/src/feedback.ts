import { z } from 'zod';

/**
 * Patient feedback on a visit (or a cancelled one): ratings and a comment from the kiosk after a
 * tap or from the link printed on the ticket, routed to the hospital and department of the
 * booking; staff reply and mark it resolved; the public page shows aggregates only.
 */
const isoTimestamp = z.string().datetime({ offset: true });
const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const count = z.number().int().nonnegative();

/** Longest comment a patient may leave, in characters (after NFC normalisation). */
export const FEEDBACK_COMMENT_MAX = 2000;
/** Longest reply or resolution note staff may write. */
export const FEEDBACK_REPLY_MAX = 2000;
/** The public page publishes no group with fewer pieces of feedback than this (small-cell suppression). */
export const FEEDBACK_MIN_PUBLIC_GROUP = 5;

/** The four things a patient rates, each 1 (very poor) to 5 (very good). */
export const FEEDBACK_ASPECTS = ['waitingTime', 'staff', 'cleanliness', 'overall'] as const;
export type FeedbackAspect = (typeof FEEDBACK_ASPECTS)[number];

const rating = z
  .number({ error: 'must be a whole number from 1 to 5' })
  .int('must be a whole number from 1 to 5')
  .min(1, 'must be a whole number from 1 to 5')
  .max(5, 'must be a whole number from 1 to 5');

export const feedbackRatingsSchema = z
  .object({
    waitingTime: rating,
    staff: rating,
    cleanliness: rating,
    overall: rating,
  })
  .strict();
export type FeedbackRatings = z.infer<typeof feedbackRatingsSchema>;

/**
 * Free text kept as typed, in Unicode NFC: Vietnamese typed with combining marks (NFD, as some
 * keyboards send it) and precomposed is the same text, counts the same length, and matches.
 * Control characters other than line breaks and tabs are refused rather than silently dropped.
 */
function freeText(max: number): z.ZodType<string, string> {
  return z
    .string()
    .transform((value) => value.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max, `must be at most ${max} characters`)
        .refine((value) => !/(?![\n\t])\p{Cc}/u.test(value), {
          message: 'must not contain control characters',
        }),
    );
}

const comment = freeText(FEEDBACK_COMMENT_MAX);

/** What a patient sends: the ratings and, if they like, a comment. */
export const feedbackBodySchema = z
  .object({
    ratings: feedbackRatingsSchema,
    comment: comment.optional(),
  })
  .strict();
export type FeedbackBody = z.infer<typeof feedbackBodySchema>;

/** `POST /api/kiosk/feedback`: the booking rated, of the session's own patient. */
export const kioskFeedbackRequestSchema = feedbackBodySchema
  .extend({
    bookingId: z
      .string()
      .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'an id of 1 to 64 letters, digits, dashes or dots'),
  })
  .strict();
export type KioskFeedbackRequest = z.infer<typeof kioskFeedbackRequestSchema>;

/** `POST /api/feedback/:id/replies`. */
export const feedbackReplyRequestSchema = z
  .object({
    text: freeText(FEEDBACK_REPLY_MAX).pipe(z.string().min(1, 'must not be empty')),
  })
  .strict();
export type FeedbackReplyRequest = z.infer<typeof feedbackReplyRequestSchema>;

/** `POST /api/feedback/:id/resolve`: an optional note on what was done. */
export const feedbackResolveRequestSchema = z
  .object({ note: freeText(FEEDBACK_REPLY_MAX).optional() })
  .strict();
export type FeedbackResolveRequest = z.infer<typeof feedbackResolveRequestSchema>;

/** open: nobody has answered yet; replied: staff answered; resolved: closed by staff. */
export const feedbackStatusSchema = z.enum(['open', 'replied', 'resolved']);
export type FeedbackStatus = z.infer<typeof feedbackStatusSchema>;

/** The booking's state when it was rated: a visit that happened, or one that was cancelled. */
export const feedbackVisitStatusSchema = z.enum(['checked-in', 'cancelled']);
export type FeedbackVisitStatus = z.infer<typeof feedbackVisitStatusSchema>;

export const feedbackChannelSchema = z.enum(['kiosk', 'web']);

/** A member of staff as feedback shows them to other staff. */
export const feedbackStaffSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.string(),
});

/** One piece of feedback as staff see it in their queue. */
export const staffFeedbackSchema = z.object({
  /** The booking id: one piece of feedback per booking. */
  id: z.string(),
  patientId: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  departmentCode: z.string(),
  serviceName: z.string(),
  visitStart: isoTimestamp,
  visitDay: localDay,
  visitStatus: feedbackVisitStatusSchema,
  ticketCode: z.string(),
  ratings: feedbackRatingsSchema,
  comment: z.string().optional(),
  channel: feedbackChannelSchema,
  status: feedbackStatusSchema,
  createdAt: isoTimestamp,
  replies: z.array(
    z.object({ id: z.string(), text: z.string(), at: isoTimestamp, by: feedbackStaffSchema }),
  ),
  resolution: z
    .object({
      at: isoTimestamp,
      by: feedbackStaffSchema,
      note: z.string().optional(),
      /** From the feedback's arrival to its resolution. */
      hoursToResolve: z.number().nonnegative(),
    })
    .optional(),
});
export type StaffFeedback = z.infer<typeof staffFeedbackSchema>;

/** `GET /api/hospitals/:hospitalId/feedback`: one page of a hospital's queue, newest first. */
export const feedbackQueueSchema = z.object({
  hospitalId: z.string(),
  /** Counts of the hospital's feedback (in the department asked for) by status. */
  counts: z.object({ open: count, replied: count, resolved: count, total: count }),
  items: z.array(staffFeedbackSchema),
  /** Cursor for the next page (`?before=`), when there is one. */
  next: z.string().optional(),
});
export type FeedbackQueue = z.infer<typeof feedbackQueueSchema>;

/** The patient's own feedback, as the kiosk shows it after a tap: replies without staff names. */
export const patientFeedbackSchema = z.object({
  id: z.string(),
  hospitalName: z.string(),
  serviceName: z.string(),
  visitDay: localDay,
  ratings: feedbackRatingsSchema,
  comment: z.string().optional(),
  status: feedbackStatusSchema,
  createdAt: isoTimestamp,
  replies: z.array(z.object({ text: z.string(), at: isoTimestamp })),
  resolvedAt: isoTimestamp.optional(),
});
export type PatientFeedback = z.infer<typeof patientFeedbackSchema>;

/** A visit the patient may still rate. */
export const feedbackVisitSchema = z.object({
  bookingId: z.string(),
  hospitalName: z.string(),
  serviceName: z.string(),
  departmentCode: z.string(),
  start: isoTimestamp,
  status: feedbackVisitStatusSchema,
  /** The last moment it can be rated. */
  rateUntil: isoTimestamp,
});
export type FeedbackVisit = z.infer<typeof feedbackVisitSchema>;

/** `GET /api/kiosk/feedback`: what to rate, and the replies to what was rated before. */
export const kioskFeedbackOverviewSchema = z.object({
  visits: z.array(feedbackVisitSchema),
  feedback: z.array(patientFeedbackSchema),
});
export type KioskFeedbackOverview = z.infer<typeof kioskFeedbackOverviewSchema>;

/** A link (printed on the ticket) that lets its holder rate that one booking without signing in. */
export const feedbackLinkSchema = z.object({
  bookingId: z.string(),
  token: z.string(),
  /** Path of the rating page under the web app's base (`/vi/` or `/en/`), e.g. `danh-gia/<token>`. */
  path: z.string(),
});
export type FeedbackLink = z.infer<typeof feedbackLinkSchema>;

/**
 * Whether the link's booking can be rated now: `open` (yes), `rated` (already), `not-yet` (the
 * visit is ahead or not checked in), `closed` (the 30 days are over), `not-eligible` (no visit).
 */
export const feedbackLinkStateSchema = z.enum([
  'open',
  'rated',
  'not-yet',
  'closed',
  'not-eligible',
]);
export type FeedbackLinkState = z.infer<typeof feedbackLinkStateSchema>;

/** `GET /api/feedback-links/:token`: the visit the link is for (what the ticket already shows). */
export const feedbackLinkInfoSchema = z.object({
  state: feedbackLinkStateSchema,
  /** Why it cannot be rated, in words for the patient (Vietnamese, then English). */
  detail: z.string().optional(),
  visit: z.object({
    hospitalName: z.string(),
    serviceName: z.string(),
    visitDay: localDay,
    start: isoTimestamp,
  }),
});
export type FeedbackLinkInfo = z.infer<typeof feedbackLinkInfoSchema>;

const average = z.number().min(1).max(5).nullable();

/**
 * Figures of one published group. `suppressed`: the group has 1 to 4 pieces of feedback, so every
 * figure is withheld (null), the count too: small-cell suppression.
 */
export const feedbackGroupFiguresSchema = z.object({
  suppressed: z.boolean(),
  feedback: count.nullable(),
  resolved: count.nullable(),
  /** resolved / feedback, 0 to 1 (4 decimals). */
  resolvedShare: z.number().min(0).max(1).nullable(),
  /** Median hours from arrival to resolution over the resolved ones (1 decimal). */
  medianHoursToResolve: z.number().nonnegative().nullable(),
  /** Mean ratings, 1 to 5 (2 decimals). */
  averages: z.object({
    waitingTime: average,
    staff: average,
    cleanliness: average,
    overall: average,
  }),
});
export type FeedbackGroupFigures = z.infer<typeof feedbackGroupFiguresSchema>;

export const publicFeedbackDepartmentSchema = z.object({
  /** One department, or several pooled so that no published group is smaller than the minimum. */
  departments: z.array(z.object({ departmentCode: z.string(), serviceName: z.string() })),
  pooled: z.boolean(),
  figures: feedbackGroupFiguresSchema,
});
export type PublicFeedbackDepartment = z.infer<typeof publicFeedbackDepartmentSchema>;

/** `GET /api/feedback/public`: per hospital and department, no personal data and no comment. */
export const publicFeedbackFiguresSchema = z.object({
  /** The window: feedback that arrived from `from` to `to` (local days, both included). */
  from: localDay,
  to: localDay,
  generatedAt: isoTimestamp,
  minGroupSize: z.number().int().positive(),
  hospitals: z.array(
    z.object({
      hospitalId: z.string(),
      hospitalName: z.string(),
      total: feedbackGroupFiguresSchema,
      departments: z.array(publicFeedbackDepartmentSchema),
    }),
  ),
});
export type PublicFeedbackFigures = z.infer<typeof publicFeedbackFiguresSchema>;
