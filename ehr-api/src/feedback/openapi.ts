import { z } from 'zod';
import {
  feedbackBodySchema,
  feedbackLinkInfoSchema,
  feedbackLinkSchema,
  feedbackQueueSchema,
  feedbackReplyRequestSchema,
  feedbackResolveRequestSchema,
  kioskFeedbackOverviewSchema,
  kioskFeedbackRequestSchema,
  patientFeedbackSchema,
  publicFeedbackFiguresSchema,
  staffFeedbackSchema,
} from '@qn/contracts';
import { HOSPITAL_CODES } from '../ingestion/model.js';

const schema = (s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });
const json = (s: z.ZodType, description: string): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: schema(s, 'output') } },
});
const body = (s: z.ZodType): Record<string, unknown> => ({
  required: true,
  content: { 'application/json': { schema: schema(s, 'input') } },
});
const problem = (description: string): Record<string, unknown> => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const idParam = (name: string, description: string): Record<string, unknown> => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' },
});
const tokenParam = {
  name: 'token',
  in: 'path',
  required: true,
  description: 'The link token printed (as a QR code) on the ticket: `<bookingId>.<mac>`',
  schema: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}\\.[A-Za-z0-9_-]{22}$' },
};
const kiosk = [{ kioskSession: [] }];
const staff = [{ staffToken: [] }];
const noSession = problem('No live kiosk session for this token');
const notRateable = problem(
  'The booking cannot be rated: `visit-ahead`, `visit-not-checked-in`, `no-visit` (no-show) or `feedback-window-closed` (30 days after the visit or the cancellation)',
);
const rated = problem('`feedback-exists`: this booking has been rated already (once per booking)');

/** The feedback endpoints. */
export function feedbackPaths(): Record<string, unknown> {
  return {
    '/api/kiosk/feedback': {
      get: {
        operationId: 'getKioskFeedback',
        summary:
          "The session patient's visits of the last 30 days still to rate (checked in or cancelled), and their latest feedback with the hospital's replies",
        security: kiosk,
        responses: {
          '200': json(kioskFeedbackOverviewSchema, 'Visits to rate and earlier feedback'),
          '401': noSession,
        },
      },
      post: {
        operationId: 'createKioskFeedback',
        summary:
          "Rate one of the session patient's own visits: four ratings 1–5 and an optional comment (at most 2,000 characters)",
        security: kiosk,
        requestBody: body(kioskFeedbackRequestSchema),
        responses: {
          '201': json(patientFeedbackSchema, 'Recorded'),
          '400': problem(
            'A missing or out-of-range rating, or a comment too long; `errors` names the field',
          ),
          '401': noSession,
          '404': problem("No such booking for this patient (another patient's answers the same)"),
          '409': rated,
          '422': notRateable,
        },
      },
    },
    '/api/kiosk/feedback/links/{bookingId}': {
      get: {
        operationId: 'getKioskFeedbackLink',
        summary: "The ticket's feedback link of one of the session patient's own bookings",
        security: kiosk,
        parameters: [idParam('bookingId', 'The booking')],
        responses: {
          '200': json(feedbackLinkSchema, 'The link'),
          '400': problem('The booking id is malformed'),
          '401': noSession,
          '404': problem('No such booking for this patient'),
        },
      },
    },
    '/api/feedback-links/{token}': {
      get: {
        operationId: 'getFeedbackLink',
        summary:
          'No sign-in: the visit a ticket link is for, and whether it can be rated now (`open`, `rated`, `not-yet`, `closed`, `not-eligible`)',
        parameters: [tokenParam],
        responses: {
          '200': json(feedbackLinkInfoSchema, 'The visit and its state'),
          '404': problem('Not a valid feedback link'),
          '429': problem('Too many requests from this address'),
        },
      },
      post: {
        operationId: 'createFeedbackByLink',
        summary: "No sign-in: rate the link's one booking",
        parameters: [tokenParam],
        requestBody: body(feedbackBodySchema),
        responses: {
          '201': json(patientFeedbackSchema, 'Recorded'),
          '400': problem(
            'A missing or out-of-range rating, or a comment too long; `errors` names the field',
          ),
          '404': problem('Not a valid feedback link'),
          '409': rated,
          '422': notRateable,
          '429': problem('Too many requests from this address'),
        },
      },
    },
    '/api/feedback/links/{bookingId}': {
      get: {
        operationId: 'getFeedbackLinkForStaff',
        summary:
          "A booking's feedback link, to print on a ticket made at reception: receptionists of the booking's hospital, admins",
        security: staff,
        parameters: [idParam('bookingId', 'The booking')],
        responses: {
          '200': json(feedbackLinkSchema, 'The link'),
          '400': problem('The booking id is malformed'),
          '401': problem('Not signed in'),
          '403': problem("Another role, or another hospital's booking"),
          '404': problem('No such booking'),
        },
      },
    },
    '/api/hospitals/{hospitalId}/feedback': {
      get: {
        operationId: 'listHospitalFeedback',
        summary:
          "One hospital's feedback queue, newest first, with replies and resolution: receptionists and doctors of that hospital, admins",
        security: staff,
        parameters: [
          {
            name: 'hospitalId',
            in: 'path',
            required: true,
            schema: { type: 'string', enum: [...HOSPITAL_CODES] },
          },
          { name: 'department', in: 'query', required: false, schema: { type: 'string' } },
          {
            name: 'status',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['open', 'replied', 'resolved'] },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
          {
            name: 'before',
            in: 'query',
            required: false,
            description: 'The `next` cursor of the previous page',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': json(feedbackQueueSchema, 'One page of the queue, with counts by status'),
          '400': problem('A bad filter; `errors` names the field'),
          '401': problem('Not signed in'),
          '403': problem("Another role, or another hospital's queue"),
        },
      },
    },
    '/api/feedback/{id}/replies': {
      post: {
        operationId: 'replyToFeedback',
        summary:
          'Reply to a piece of feedback (the patient sees it at their next tap): staff of its hospital, admins',
        security: staff,
        parameters: [idParam('id', 'The feedback (its booking id)')],
        requestBody: body(feedbackReplyRequestSchema),
        responses: {
          '201': json(staffFeedbackSchema, 'The feedback with the reply'),
          '400': problem('Empty or too long; `errors` names the field'),
          '401': problem('Not signed in'),
          '403': problem("Another role, or another hospital's feedback"),
          '404': problem('No such feedback'),
          '409': problem('`feedback-resolved`: it is resolved and takes no more replies'),
        },
      },
    },
    '/api/feedback/{id}/resolve': {
      post: {
        operationId: 'resolveFeedback',
        summary:
          'Mark a piece of feedback resolved, with an optional note; records who and when: staff of its hospital, admins',
        security: staff,
        parameters: [idParam('id', 'The feedback (its booking id)')],
        requestBody: { ...body(feedbackResolveRequestSchema), required: false },
        responses: {
          '200': json(staffFeedbackSchema, 'The feedback, resolved'),
          '400': problem('The id or the note is malformed'),
          '401': problem('Not signed in'),
          '403': problem("Another role, or another hospital's feedback"),
          '404': problem('No such feedback'),
          '409': problem('`feedback-resolved`: resolved already'),
        },
      },
    },
    '/api/feedback/public': {
      get: {
        operationId: 'getPublicFeedbackFigures',
        summary:
          'For the public page and the IOC: per hospital and department, the number of pieces of feedback, share resolved, median hours to resolve and mean ratings over the 90 days ending with `day`; groups of fewer than 5 are withheld or pooled; no personal data, no comments',
        parameters: [
          {
            name: 'day',
            in: 'query',
            required: false,
            description: 'Last day of the window, YYYY-MM-DD in Asia/Ho_Chi_Minh (default: today)',
            schema: { type: 'string', format: 'date' },
          },
        ],
        responses: {
          '200': json(publicFeedbackFiguresSchema, 'The figures'),
          '400': problem('A bad day; `errors` names the field'),
          '429': problem('Too many requests from this address'),
          '503': problem('MongoDB is not reachable'),
        },
      },
    },
  };
}
