import { describe, expect, it } from '@jest/globals';
import {
  feedbackReplyRequestSchema,
  kioskFeedbackRequestSchema,
  publicFeedbackFiguresSchema,
} from '@qn/contracts';
import { parseInput } from '../errors/parse-input.js';
import { HttpError } from '../errors/http-error.js';
import { feedbackPaths } from './openapi.js';

const RATINGS = { waitingTime: 3, staff: 5, cleanliness: 4, overall: 4 };
const BOOKING = '0b0c3b4e-1f0a-4c47-9d6e-5c1d2f3a4b5c';

function fieldsOf(value: unknown): Array<{ field: string; message: string }> {
  try {
    parseInput(kioskFeedbackRequestSchema, value, 'body');
  } catch (error) {
    if (error instanceof HttpError && error.status === 400)
      return error.extra.errors as Array<{ field: string; message: string }>;
    throw error;
  }
  throw new Error('accepted');
}

describe('feedback request schemas', () => {
  it('keeps a Vietnamese comment, in NFC, whether it was typed precomposed or with combining marks', () => {
    const typed = 'Bác sĩ rất tận tình, nhưng phải chờ lâu ở quầy thuốc.';
    const decomposed = typed.normalize('NFD');
    expect(decomposed).not.toBe(typed);
    const parsed = kioskFeedbackRequestSchema.parse({
      bookingId: BOOKING,
      ratings: RATINGS,
      comment: `  ${decomposed}\r\n`,
    });
    expect(parsed.comment).toBe(typed);
  });

  it('accepts 2,000 characters of Vietnamese and refuses 2,001, naming the field', () => {
    const ok = 'ệ'.repeat(2000).normalize('NFD');
    expect(
      kioskFeedbackRequestSchema.parse({ bookingId: BOOKING, ratings: RATINGS, comment: ok })
        .comment,
    ).toHaveLength(2000);
    expect(fieldsOf({ bookingId: BOOKING, ratings: RATINGS, comment: 'ệ'.repeat(2001) })).toEqual([
      { field: 'comment', message: 'must be at most 2000 characters' },
    ]);
  });

  it('names each rating that is missing, out of range or not whole', () => {
    const errors = fieldsOf({
      bookingId: BOOKING,
      ratings: { waitingTime: 0, staff: 6, cleanliness: 2.5 },
    });
    expect(errors.map((e) => e.field).sort()).toEqual([
      'ratings.cleanliness',
      'ratings.overall',
      'ratings.staff',
      'ratings.waitingTime',
    ]);
    expect(errors.find((e) => e.field === 'ratings.staff')?.message).toBe(
      'must be a whole number from 1 to 5',
    );
  });

  it('refuses unknown fields, such as a patientId smuggled into the body', () => {
    expect(fieldsOf({ bookingId: BOOKING, ratings: RATINGS, patientId: 'someone-else' })).toEqual([
      expect.objectContaining({ field: 'body' }),
    ]);
  });

  it('refuses an empty reply and control characters', () => {
    expect(feedbackReplyRequestSchema.safeParse({ text: '   ' }).success).toBe(false);
    expect(feedbackReplyRequestSchema.safeParse({ text: 'a\u0007b' }).success).toBe(false);
    expect(feedbackReplyRequestSchema.parse({ text: 'Dạ, bệnh viện\nxin lỗi anh/chị.' }).text).toBe(
      'Dạ, bệnh viện\nxin lỗi anh/chị.',
    );
  });
});

describe('feedbackPaths', () => {
  it('documents the ten operations, the public figures with their JSON schema', () => {
    const paths = feedbackPaths() as Record<
      string,
      Record<
        string,
        {
          operationId: string;
          responses: Record<
            string,
            { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }
          >;
        }
      >
    >;
    const operations = Object.values(paths).flatMap((methods) =>
      Object.values(methods).map((m) => m.operationId),
    );
    expect(operations).toHaveLength(10);
    const figures =
      paths['/api/feedback/public']!.get!.responses['200']!.content!['application/json']!.schema;
    expect(Object.keys(figures.properties ?? {})).toEqual(
      expect.arrayContaining(['from', 'to', 'minGroupSize', 'hospitals']),
    );
    expect(publicFeedbackFiguresSchema.shape.hospitals).toBeDefined();
  });
});
