import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express from 'express';
import mongoose, { type Connection } from 'mongoose';
import type {
  FeedbackLink,
  FeedbackLinkInfo,
  FeedbackQueue,
  KioskFeedbackOverview,
  PatientFeedback,
  PublicFeedbackFigures,
  StaffFeedback,
} from '@qn/contracts';
import { auditModels } from '../audit/audit-model.js';
import { authenticate } from '../auth/middleware.js';
import { loadConfig } from '../config.js';
import { errorHandler, notFoundHandler } from '../errors/error-handler.js';
import type { HospitalCode } from '../ingestion/model.js';
import { hashToken } from '../kiosk/kiosk-service.js';
import { kioskSessionModel } from '../kiosk/session-model.js';
import { createLogger } from '../logger.js';
import { localDayOf, localInstant } from '../scheduling/local-time.js';
import {
  schedulingModels,
  type BookingDocument,
  type BookingStatus,
} from '../scheduling/models.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { FeedbackService } from './feedback-service.js';
import {
  feedbackModels,
  type FeedbackDocument,
  type FeedbackResolutionDocument,
} from './models.js';
import { feedbackRoutes } from './routes.js';

/**
 * Patient feedback on the real FerretDB, through the whole API (app.ts wiring, authentication,
 * audit): a patient rates visits at the kiosk and by the ticket link, staff of the right hospital
 * reply and resolve, the patient sees the reply after the next tap. Then the public figures
 * against a workload whose every number is worked out by hand.
 */
const RUN = randomBytes(3).toString('hex');
const PASSWORD = `feedback-${RUN}-pw`;
const BVDK: HospitalCode = 'bvdk-tinh-quang-ninh';
const BAI_CHAY: HospitalCode = 'bv-bai-chay';
const NAMES: Record<HospitalCode, string> = {
  'bvdk-tinh-quang-ninh': 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
  'bv-san-nhi-quang-ninh': 'Bệnh viện Sản Nhi Quảng Ninh',
  'bv-bai-chay': 'Bệnh viện Bãi Cháy',
};
const PATIENT_A = `it-fb-a-${RUN}`;
const PATIENT_B = `it-fb-b-${RUN}`;
const HOUR = 3600_000;
const DAY_MS = 24 * HOUR;
const COMMENT = 'Bác sĩ khám rất tận tình, nhưng chờ ở quầy thu ngân hơi lâu. Phòng chờ sạch sẽ.';
const RATINGS = { waitingTime: 2, staff: 5, cleanliness: 4, overall: 4 };

let sequence = 0;
/** A booking as scheduling stores it, written straight through its model with the times given. */
function booking(
  patientId: string,
  hospital: HospitalCode,
  department: string,
  start: Date,
  status: BookingStatus,
  times: Partial<Pick<BookingDocument, 'checkedInAt' | 'cancelledAt' | 'noShowAt'>> = {},
): BookingDocument {
  sequence += 1;
  const id = randomUUID();
  const serviceId = `hs-${hospital}-${department}`;
  return {
    _id: id,
    patientId,
    serviceId,
    hospitalId: hospital,
    hospitalName: NAMES[hospital],
    serviceName:
      department === 'noi' ? 'Khoa Nội' : department === 'nhi' ? 'Khoa Nhi' : 'Khám bệnh',
    departmentCode: department,
    directions: '',
    locationId: `loc-${hospital}`,
    slotId: `${serviceId}|${start.getTime()}`,
    start,
    end: new Date(start.getTime() + 15 * 60_000),
    localDay: localDayOf(start),
    capacity: 3,
    seat: 0,
    seatKey: `fb-${RUN}-seat-${sequence}`,
    patientDayKey: `fb-${RUN}-day-${sequence}`,
    patientQuotaKey: `fb-${RUN}-quota-${sequence}`,
    ticketCode: `FB${RUN}${sequence}`.toUpperCase(),
    status,
    queueNumber: sequence,
    createdBy: 'staff:feedback-test',
    createdAt: new Date(start.getTime() - 2 * DAY_MS),
    updatedAt: times.checkedInAt ?? times.cancelledAt ?? times.noShowAt ?? start,
    ...times,
    outbox: [],
    outboxVersion: 1,
    publishedToFhir: true,
    outboxNextAttemptAt: new Date(start.getTime() + 365 * DAY_MS),
  };
}

describe('patient feedback through the API', () => {
  let server: RunningServer;
  const tokens: Record<string, string> = {};
  const now = new Date();
  const ago = (ms: number): Date => new Date(now.getTime() - ms);
  // Patient A's bookings, each chosen for one rule.
  const visited = booking(PATIENT_A, BVDK, 'noi', ago(DAY_MS), 'checked-in', {
    checkedInAt: ago(DAY_MS - 60_000),
  });
  const cancelled = booking(
    PATIENT_A,
    BVDK,
    'nhi',
    new Date(now.getTime() + 5 * DAY_MS),
    'cancelled',
    { cancelledAt: ago(3 * DAY_MS) },
  );
  const ahead = booking(PATIENT_A, BVDK, 'noi', new Date(now.getTime() + 2 * DAY_MS), 'booked');
  const longAgo = booking(PATIENT_A, BAI_CHAY, 'kham-benh', ago(40 * DAY_MS), 'checked-in', {
    checkedInAt: ago(40 * DAY_MS),
  });
  // Checked in, but the booking's own update was lost: only the decision record says so.
  const decided = booking(PATIENT_A, BVDK, 'noi', ago(2 * DAY_MS), 'booked');
  const noShow = booking(PATIENT_A, BVDK, 'noi', ago(4 * DAY_MS), 'no-show', {
    noShowAt: ago(4 * DAY_MS - HOUR),
  });
  const atBaiChay = booking(
    PATIENT_A,
    BAI_CHAY,
    'kham-benh',
    ago(2 * DAY_MS + HOUR),
    'checked-in',
    { checkedInAt: ago(2 * DAY_MS + HOUR) },
  );
  const ofB = booking(PATIENT_B, BVDK, 'noi', ago(DAY_MS + HOUR), 'checked-in', {
    checkedInAt: ago(DAY_MS + HOUR),
  });

  async function call<T = unknown>(
    method: 'GET' | 'POST',
    path: string,
    who?: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; text: string }> {
    const token = who ? tokens[who] : undefined;
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, text };
  }

  /** A card tap of `patientId` at a station: a fresh session token, replacing the station's last. */
  async function tap(name: string, patientId: string): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const at = new Date();
    await kioskSessionModel(server.context.mongo).findOneAndUpdate(
      { _id: `kiosk-fb-${name}-${RUN}` },
      {
        $set: {
          tokenHash: hashToken(token),
          patientId,
          cardId: `card-${name}-${RUN}`,
          patient: { id: patientId, maskedName: 'Nguyễn T** L**' },
          createdAt: at,
          lastActivityAt: at,
          expiresAt: new Date(at.getTime() + 600_000),
        },
      },
      { upsert: true },
    );
    tokens[name] = token;
  }

  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        QN_API_HOST: '127.0.0.1',
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('feedback'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_LOG_LEVEL: 'silent',
      }),
    );
    await server.context.users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    for (const username of [
      'reception.bvdk',
      'doctor.bvdk',
      'reception.baichay',
      'it.bvdk',
      'admin',
    ]) {
      const outcome = await server.context.auth.signIn({ username, password: PASSWORD });
      if (!outcome.ok) throw new Error(`sign-in of ${username} failed`);
      tokens[username] = outcome.accessToken;
    }
    const scheduling = schedulingModels(server.context.mongo);
    await scheduling.bookings.insertMany(
      [visited, cancelled, ahead, longAgo, decided, noShow, atBaiChay, ofB],
      { timestamps: false },
    );
    await scheduling.cancellations.create({
      _id: decided._id,
      decision: 'checked-in',
      at: ago(2 * DAY_MS - HOUR),
      by: 'staff:reception',
    });
    await tap('a', PATIENT_A);
    await tap('b', PATIENT_B);
  }, 120_000);

  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('lists at the kiosk the visits of the last 30 days that were checked in or cancelled', async () => {
    const { status, body } = await call<KioskFeedbackOverview>('GET', '/api/kiosk/feedback', 'a');
    expect(status).toBe(200);
    // Newest visit first; the visit still ahead, the no-show, the one 40 days ago and B's are not there.
    expect(body.visits.map((v) => v.bookingId)).toEqual([
      cancelled._id,
      visited._id,
      decided._id,
      atBaiChay._id,
    ]);
    expect(body.visits.find((v) => v.bookingId === decided._id)?.status).toBe('checked-in');
    expect(body.visits[0]).toMatchObject({
      hospitalName: NAMES[BVDK],
      serviceName: 'Khoa Nhi',
      status: 'cancelled',
    });
    expect(body.feedback).toEqual([]);
  });

  it('records a rating after a visit, keeping the Vietnamese comment as typed', async () => {
    const { status, body } = await call<PatientFeedback>('POST', '/api/kiosk/feedback', 'a', {
      bookingId: visited._id,
      ratings: RATINGS,
      comment: COMMENT.normalize('NFD'),
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      id: visited._id,
      ratings: RATINGS,
      comment: COMMENT,
      status: 'open',
      replies: [],
    });
    const stored = await feedbackModels(server.context.mongo)
      .feedback.findById(visited._id)
      .lean<FeedbackDocument>();
    expect(stored).toMatchObject({
      hospitalId: BVDK,
      departmentCode: 'noi',
      patientId: PATIENT_A,
      channel: 'kiosk',
      comment: COMMENT,
    });
  });

  it('refuses a second rating of the same visit with 409 and says why', async () => {
    const { status, body } = await call<{ code?: string; detail: string; type: string }>(
      'POST',
      '/api/kiosk/feedback',
      'a',
      {
        bookingId: visited._id,
        ratings: { ...RATINGS, overall: 1 },
      },
    );
    expect(status).toBe(409);
    expect(body.type).toBe('/problems/feedback-exists');
    expect(body.detail).toContain('đã được đánh giá');
    const stored = await feedbackModels(server.context.mongo)
      .feedback.findById(visited._id)
      .lean<FeedbackDocument>();
    expect(stored?.ratings.overall).toBe(4);
  });

  it('refuses with 422 a visit still ahead, a no-show and one past the 30 days, each in words', async () => {
    const ask = (bookingId: string) =>
      call<{ type: string; detail: string; state: string }>('POST', '/api/kiosk/feedback', 'a', {
        bookingId,
        ratings: RATINGS,
      });
    const soon = await ask(ahead._id);
    expect(soon.status).toBe(422);
    expect(soon.body).toMatchObject({ type: '/problems/visit-ahead', state: 'not-yet' });
    expect(soon.body.detail).toContain('Lượt khám này chưa diễn ra');
    expect((await ask(noShow._id)).body.type).toBe('/problems/no-visit');
    expect((await ask(longAgo._id)).body.type).toBe('/problems/feedback-window-closed');
    expect(
      await feedbackModels(server.context.mongo).feedback.countDocuments({
        _id: { $in: [ahead._id, noShow._id, longAgo._id] },
      }),
    ).toBe(0);
  });

  it("answers another patient's booking exactly like one that does not exist, and audits the attempt", async () => {
    const theirs = await call<{ detail: string }>('POST', '/api/kiosk/feedback', 'a', {
      bookingId: ofB._id,
      ratings: RATINGS,
    });
    const missingId = randomUUID();
    const missing = await call<{ detail: string }>('POST', '/api/kiosk/feedback', 'a', {
      bookingId: missingId,
      ratings: RATINGS,
    });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.detail.replaceAll(ofB._id, 'X')).toBe(
      missing.body.detail.replaceAll(missingId, 'X'),
    );
    expect(theirs.text).not.toContain(PATIENT_B);
    const link = await call('GET', `/api/kiosk/feedback/links/${ofB._id}`, 'a');
    expect(link.status).toBe(404);
    const denied = await auditModels(server.context.mongo).events.countDocuments({
      patientIds: PATIENT_B,
      outcome: 'denied',
      'who.kind': 'patient',
    });
    expect(denied).toBe(2);
  });

  it('names the field of a bad rating and of a comment over 2,000 characters', async () => {
    const bad = await call<{ errors: Array<{ field: string }> }>(
      'POST',
      '/api/kiosk/feedback',
      'a',
      {
        bookingId: cancelled._id,
        ratings: { ...RATINGS, overall: 7 },
        comment: 'ạ'.repeat(2001),
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['comment', 'ratings.overall']);
  });

  it('rates a cancelled booking by the link on its ticket, without signing in, once', async () => {
    const issued = await call<FeedbackLink>(
      'GET',
      `/api/kiosk/feedback/links/${cancelled._id}`,
      'a',
    );
    expect(issued.status).toBe(200);
    expect(issued.body.path).toBe(`danh-gia/${issued.body.token}`);
    const before = await call<FeedbackLinkInfo>('GET', `/api/feedback-links/${issued.body.token}`);
    expect(before.body).toEqual({
      state: 'open',
      visit: {
        hospitalName: NAMES[BVDK],
        serviceName: 'Khoa Nhi',
        visitDay: localDayOf(cancelled.start),
        start: cancelled.start.toISOString(),
      },
    });
    const rated = await call<PatientFeedback>(
      'POST',
      `/api/feedback-links/${issued.body.token}`,
      undefined,
      {
        ratings: { waitingTime: 5, staff: 3, cleanliness: 5, overall: 3 },
        comment: 'Hủy lịch qua ki-ốt rất nhanh.',
      },
    );
    expect(rated.status).toBe(201);
    expect(rated.body.comment).toBe('Hủy lịch qua ki-ốt rất nhanh.');
    expect(
      (await call<FeedbackLinkInfo>('GET', `/api/feedback-links/${issued.body.token}`)).body.state,
    ).toBe('rated');
    const again = await call('POST', `/api/feedback-links/${issued.body.token}`, undefined, {
      ratings: RATINGS,
    });
    expect(again.status).toBe(409);
    const stored = await feedbackModels(server.context.mongo)
      .feedback.findById(cancelled._id)
      .lean<FeedbackDocument>();
    expect(stored).toMatchObject({ channel: 'web', visitStatus: 'cancelled' });
  });

  it('refuses a forged link and tells a link of a visit still ahead that it is too early', async () => {
    const real = (await call<FeedbackLink>('GET', `/api/kiosk/feedback/links/${ahead._id}`, 'a'))
      .body.token;
    const forged = `${ofB._id}.${real.split('.')[1]}`;
    expect((await call('GET', `/api/feedback-links/${forged}`)).status).toBe(404);
    expect(
      (await call('POST', `/api/feedback-links/${forged}`, undefined, { ratings: RATINGS })).status,
    ).toBe(404);
    const early = await call<FeedbackLinkInfo>('GET', `/api/feedback-links/${real}`);
    expect(early.body).toMatchObject({ state: 'not-yet' });
    expect(early.body.detail).toContain('chưa diễn ra');
  });

  it("shows each hospital's staff their own queue only, by department and status", async () => {
    await call('POST', '/api/kiosk/feedback', 'a', { bookingId: decided._id, ratings: RATINGS });
    await call('POST', '/api/kiosk/feedback', 'a', {
      bookingId: atBaiChay._id,
      ratings: RATINGS,
      comment: 'Tốt',
    });

    const bvdk = await call<FeedbackQueue>(
      'GET',
      `/api/hospitals/${BVDK}/feedback`,
      'reception.bvdk',
    );
    expect(bvdk.status).toBe(200);
    expect(bvdk.body.items.map((i) => i.id).sort()).toEqual(
      [visited._id, cancelled._id, decided._id].sort(),
    );
    expect(bvdk.body.counts).toEqual({ open: 3, replied: 0, resolved: 0, total: 3 });
    expect(bvdk.body.items.find((i) => i.id === visited._id)).toMatchObject({
      patientId: PATIENT_A,
      comment: COMMENT,
      ticketCode: visited.ticketCode,
    });

    const noi = await call<FeedbackQueue>(
      'GET',
      `/api/hospitals/${BVDK}/feedback?department=noi`,
      'doctor.bvdk',
    );
    expect(noi.body.items.map((i) => i.id).sort()).toEqual([visited._id, decided._id].sort());
    const paged = await call<FeedbackQueue>(
      'GET',
      `/api/hospitals/${BVDK}/feedback?limit=2`,
      'admin',
    );
    expect(paged.body.items).toHaveLength(2);
    const rest = await call<FeedbackQueue>(
      'GET',
      `/api/hospitals/${BVDK}/feedback?limit=2&before=${paged.body.next}`,
      'admin',
    );
    expect([...paged.body.items, ...rest.body.items].map((i) => i.id).sort()).toEqual(
      [visited._id, cancelled._id, decided._id].sort(),
    );

    const baiChay = await call<FeedbackQueue>(
      'GET',
      `/api/hospitals/${BAI_CHAY}/feedback`,
      'reception.baichay',
    );
    expect(baiChay.body.items.map((i) => i.id)).toEqual([atBaiChay._id]);

    const other = await call<{ detail: string }>(
      'GET',
      `/api/hospitals/${BVDK}/feedback`,
      'reception.baichay',
    );
    expect(other.status).toBe(403);
    expect(other.text).not.toContain(PATIENT_A);
    expect((await call('GET', `/api/hospitals/${BVDK}/feedback`, 'it.bvdk')).status).toBe(403);
    expect((await call('GET', `/api/hospitals/${BVDK}/feedback`, 'a')).status).toBe(403);
    expect((await call('GET', `/api/hospitals/${BVDK}/feedback`)).status).toBe(401);
    const bad = await call<{ errors: Array<{ field: string }> }>(
      'GET',
      `/api/hospitals/${BVDK}/feedback?status=pending`,
      'admin',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.field).toBe('status');
  });

  it('lets staff of the hospital reply and resolve, recording who and when, and audits both', async () => {
    const stranger = await call(
      'POST',
      `/api/feedback/${visited._id}/replies`,
      'reception.baichay',
      { text: 'Xin chào' },
    );
    expect(stranger.status).toBe(403);

    const reply =
      'Bệnh viện xin lỗi vì phải chờ lâu; quầy thu ngân đã mở thêm một cửa từ tuần này.';
    const replied = await call<StaffFeedback>(
      'POST',
      `/api/feedback/${visited._id}/replies`,
      'doctor.bvdk',
      { text: reply },
    );
    expect(replied.status).toBe(201);
    expect(replied.body.status).toBe('replied');
    expect(replied.body.replies).toEqual([
      expect.objectContaining({ text: reply, by: expect.objectContaining({ role: 'doctor' }) }),
    ]);

    const resolved = await call<StaffFeedback>(
      'POST',
      `/api/feedback/${visited._id}/resolve`,
      'reception.bvdk',
      { note: 'Đã mở thêm cửa thu ngân' },
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.resolution).toMatchObject({
      note: 'Đã mở thêm cửa thu ngân',
      by: { role: 'receptionist', displayName: expect.stringContaining('Lễ tân') },
    });
    const resolution = await feedbackModels(server.context.mongo)
      .resolutions.findById(visited._id)
      .lean<FeedbackResolutionDocument>();
    expect(resolution?.at.toISOString()).toBe(resolved.body.resolution?.at);

    const twice = await call<{ type: string }>(
      'POST',
      `/api/feedback/${visited._id}/resolve`,
      'admin',
      {},
    );
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe('/problems/feedback-resolved');
    expect(
      (await call('POST', `/api/feedback/${visited._id}/replies`, 'doctor.bvdk', { text: 'Thêm' }))
        .status,
    ).toBe(409);
    expect(
      (await call('POST', `/api/feedback/${visited._id}/replies`, 'doctor.bvdk', { text: '  ' }))
        .status,
    ).toBe(400);

    const audit = await auditModels(server.context.mongo)
      .events.find({ 'resource.type': 'Feedback', 'resource.id': visited._id, action: 'update' })
      .lean();
    const byOutcome = audit
      .map((e) => `${e.outcome}:${e.who.role}:${e.resource?.query ?? ''}`)
      .sort();
    expect(byOutcome).toEqual(
      expect.arrayContaining([
        'denied:receptionist:',
        'success:doctor:reply',
        'success:receptionist:resolve',
        'failed:admin:resolve',
      ]),
    );
    expect(audit.every((e) => e.patientIds.includes(PATIENT_A))).toBe(true);
  });

  it('shows the patient the reply after their next tap, without staff names', async () => {
    await tap('a', PATIENT_A);
    const { body } = await call<KioskFeedbackOverview>('GET', '/api/kiosk/feedback', 'a');
    const mine = body.feedback.find((f) => f.id === visited._id);
    expect(mine).toMatchObject({
      status: 'resolved',
      comment: COMMENT,
      replies: [{ text: expect.stringContaining('Bệnh viện xin lỗi') }],
    });
    expect(mine?.resolvedAt).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toMatch(/Lễ tân|BS\.|userId/);
    // What was rated is no longer offered.
    expect(body.visits).toEqual([]);
    const other = await call<KioskFeedbackOverview>('GET', '/api/kiosk/feedback', 'b');
    expect(other.body.feedback).toEqual([]);
    expect(other.body.visits.map((v) => v.bookingId)).toEqual([ofB._id]);
  });

  it('publishes figures with no personal data and no comment', async () => {
    const { status, text, body } = await call<PublicFeedbackFigures>('GET', '/api/feedback/public');
    expect(status).toBe(200);
    for (const secret of [
      PATIENT_A,
      PATIENT_B,
      visited._id,
      visited.ticketCode,
      'tận tình',
      'Bệnh viện xin lỗi',
      'Lễ tân',
      'doctor',
    ])
      expect(text).not.toContain(secret);
    // Three pieces of feedback at one hospital, one at another: too few, so all withheld.
    const bvdk = body.hospitals.find((h) => h.hospitalId === BVDK)!;
    expect(bvdk.total).toMatchObject({ suppressed: true, feedback: null });
  });
});

describe('public feedback figures on a known workload', () => {
  const DAY = '2026-03-31';
  const CLOCK = localInstant('2026-04-02', 10 * 60);
  let mongo: Connection;
  let server: Server;
  let url = '';
  const ids: string[] = [];

  const at = (day: string, hhmm: string): Date => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return localInstant(day, h * 60 + m);
  };

  interface Seed {
    hospital: HospitalCode;
    department: string;
    ratings: [waitingTime: number, staff: number, cleanliness: number, overall: number];
    created: Date;
    resolvedAfterHours?: number;
  }
  const seeds: Seed[] = [];
  const add = (
    n: number,
    seed: Omit<Seed, 'created'> & { created?: Date },
    each?: (i: number) => Partial<Seed>,
  ): void => {
    for (let i = 0; i < n; i++)
      seeds.push({ created: at('2026-03-10', '09:00'), ...seed, ...each?.(i) });
  };
  // Bệnh viện Đa khoa tỉnh, Khoa Ngoại, 8 here and a ninth below (3, 5, 4, 4, unresolved by the day's
  // end): overall 5 ×4, 4 ×5 (40/9); waiting 3; staff 5 ×8 and 1 (41/9); cleanliness 4;
  // resolved 4 of 9, after 1, 2, 3 and 10 h: median 2.5.
  const NGOAI_HOURS = [1, 2, 3, 10];
  add(8, { hospital: 'bvdk-tinh-quang-ninh', department: 'ngoai', ratings: [3, 5, 4, 5] }, (i) => ({
    ratings: [3, i === 7 ? 1 : 5, 4, i < 4 ? 5 : 4],
    ...(i < 4 ? { resolvedAfterHours: NGOAI_HOURS[i]! } : {}),
  }));
  // Khoa Nội, 6: 2, 4, 5, 3 each; one resolved after 48 h; the first arrived at the first minute of the window.
  add(6, { hospital: 'bvdk-tinh-quang-ninh', department: 'noi', ratings: [2, 4, 5, 3] }, (i) => ({
    ...(i === 0 ? { created: at('2026-01-01', '00:00'), resolvedAfterHours: 48 } : {}),
  }));
  // Khoa Nhi, 3: 4 each, none resolved. Khoa Mắt, 1: 1 each, resolved after 6 h.
  add(3, { hospital: 'bvdk-tinh-quang-ninh', department: 'nhi', ratings: [4, 4, 4, 4] });
  add(1, {
    hospital: 'bvdk-tinh-quang-ninh',
    department: 'mat',
    ratings: [1, 1, 1, 1],
    resolvedAfterHours: 6,
  });
  // Not counted: a minute before the window, and the first minute after it. The one at 20:00 on the
  // last day counts, but its resolution, after the day, does not.
  add(1, {
    hospital: 'bvdk-tinh-quang-ninh',
    department: 'noi',
    ratings: [1, 1, 1, 1],
    created: at('2025-12-31', '23:59'),
  });
  add(1, {
    hospital: 'bvdk-tinh-quang-ninh',
    department: 'ngoai',
    ratings: [3, 5, 4, 4],
    created: at(DAY, '20:00'),
    resolvedAfterHours: 5,
  });
  add(1, {
    hospital: 'bvdk-tinh-quang-ninh',
    department: 'ngoai',
    ratings: [1, 1, 1, 1],
    created: at('2026-04-01', '00:00'),
  });
  // Bệnh viện Bãi Cháy, 3 in one department: too few to publish anything.
  add(3, {
    hospital: 'bv-bai-chay',
    department: 'kham-benh',
    ratings: [5, 5, 5, 5],
    resolvedAfterHours: 1,
  });

  beforeAll(async () => {
    mongo = await mongoose
      .createConnection(isolatedMongoUri('feedback_public'), { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    const models = feedbackModels(mongo);
    const feedback: FeedbackDocument[] = seeds.map((s, i) => {
      const id = randomUUID();
      ids.push(id);
      return {
        _id: id,
        patientId: `pat-public-${i}`,
        hospitalId: s.hospital,
        hospitalName: NAMES[s.hospital],
        serviceId: `hs-${s.hospital}-${s.department}`,
        serviceName: `Khoa ${s.department}`,
        departmentCode: s.department,
        ticketCode: `PUB${i}`,
        visitStart: new Date(s.created.getTime() - HOUR),
        visitDay: localDayOf(s.created),
        visitStatus: 'checked-in',
        ratings: {
          waitingTime: s.ratings[0],
          staff: s.ratings[1],
          cleanliness: s.ratings[2],
          overall: s.ratings[3],
        },
        comment: `Góp ý riêng tư số ${i}`,
        channel: 'kiosk',
        status: s.resolvedAfterHours === undefined ? 'open' : 'resolved',
        createdAt: s.created,
      };
    });
    await models.feedback.insertMany(feedback);
    await models.resolutions.insertMany(
      seeds.flatMap((s, i) =>
        s.resolvedAfterHours === undefined
          ? []
          : [
              {
                _id: ids[i]!,
                hospitalId: s.hospital,
                at: new Date(s.created.getTime() + s.resolvedAfterHours * HOUR),
                by: {
                  userId: 'u-secret-staff',
                  displayName: 'Lễ tân Bí Mật',
                  role: 'receptionist',
                },
              },
            ],
      ),
    );
    const service = new FeedbackService({ mongo, clock: () => CLOCK });
    const app = express();
    app.use(
      feedbackRoutes({
        feedback: service,
        authenticate: authenticate({
          authenticateToken: () => Promise.reject(new Error('no staff here')),
        }),
      }),
    );
    app.use(notFoundHandler());
    app.use(errorHandler(createLogger('silent')));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('gives the exact counts, shares, medians and means per hospital and department, pooling small departments', async () => {
    const response = await fetch(`${url}/api/feedback/public?day=${DAY}`);
    expect(response.status).toBe(200);
    const figures = (await response.json()) as PublicFeedbackFigures;
    expect(figures).toMatchObject({
      from: '2026-01-01',
      to: DAY,
      minGroupSize: 5,
      generatedAt: CLOCK.toISOString(),
    });
    const bvdk = figures.hospitals.find((h) => h.hospitalId === BVDK)!;
    // Total, 19: overall (40 + 6·3 + 3·4 + 1)/19 = 71/19; waiting (27 + 12 + 12 + 1)/19 = 52/19;
    // staff (41 + 24 + 12 + 1)/19 = 78/19; cleanliness (36 + 30 + 12 + 1)/19 = 79/19;
    // resolved 6 of 19 after 1, 2, 3, 6, 10, 48 h: median (3 + 6)/2.
    expect(bvdk.total).toEqual({
      suppressed: false,
      feedback: 19,
      resolved: 6,
      resolvedShare: 0.3158,
      medianHoursToResolve: 4.5,
      averages: { waitingTime: 2.74, staff: 4.11, cleanliness: 4.16, overall: 3.74 },
    });
    // Nhi (3) and Mắt (1) pool to 4, under five: the smallest published department (Nội, 6) joins them.
    expect(bvdk.departments).toEqual([
      {
        departments: [{ departmentCode: 'ngoai', serviceName: 'Khoa ngoai' }],
        pooled: false,
        figures: {
          suppressed: false,
          feedback: 9,
          resolved: 4,
          resolvedShare: 0.4444,
          medianHoursToResolve: 2.5,
          averages: { waitingTime: 3, staff: 4.56, cleanliness: 4, overall: 4.44 },
        },
      },
      {
        departments: [
          { departmentCode: 'mat', serviceName: 'Khoa mat' },
          { departmentCode: 'nhi', serviceName: 'Khoa nhi' },
          { departmentCode: 'noi', serviceName: 'Khoa noi' },
        ],
        pooled: true,
        // 10: overall (1 + 12 + 18)/10; waiting (1 + 12 + 12)/10; staff (1 + 12 + 24)/10;
        // cleanliness (1 + 12 + 30)/10; resolved after 6 and 48 h.
        figures: {
          suppressed: false,
          feedback: 10,
          resolved: 2,
          resolvedShare: 0.2,
          medianHoursToResolve: 27,
          averages: { waitingTime: 2.5, staff: 3.7, cleanliness: 4.3, overall: 3.1 },
        },
      },
    ]);
    const baiChay = figures.hospitals.find((h) => h.hospitalId === BAI_CHAY)!;
    expect(baiChay.total).toMatchObject({
      suppressed: true,
      feedback: null,
      averages: { overall: null },
    });
    expect(baiChay.departments).toEqual([
      expect.objectContaining({
        pooled: false,
        figures: expect.objectContaining({ suppressed: true, feedback: null }),
      }),
    ]);
    const sanNhi = figures.hospitals.find((h) => h.hospitalId === 'bv-san-nhi-quang-ninh')!;
    expect(sanNhi).toMatchObject({
      total: { suppressed: false, feedback: 0, resolved: 0, resolvedShare: null },
      departments: [],
    });
  });

  it('carries no patient, booking, ticket, comment or member of staff', async () => {
    const text = await (await fetch(`${url}/api/feedback/public?day=${DAY}`)).text();
    for (const secret of [
      ...ids,
      'pat-public-',
      'PUB1',
      'Góp ý riêng tư',
      'u-secret-staff',
      'Lễ tân Bí Mật',
    ])
      expect(text).not.toContain(secret);
    const keys = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          walk(inner);
        }
    };
    walk(JSON.parse(text));
    expect(
      [...keys].filter(
        (k) =>
          /patient|comment|ticket|booking|user|name$/i.test(k) &&
          !['hospitalName', 'serviceName'].includes(k),
      ),
    ).toEqual([]);
  });

  it('names the field of a bad day', async () => {
    const response = await fetch(`${url}/api/feedback/public?day=2026-02-30`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe(
      'day',
    );
  });
});
