import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Consent } from 'fhir/r4.js';
import type { AvailableSlot, ConsentState, SharedRecord } from '@qn/contracts';
import { loadConfig } from '../config.js';
import { demoDirectoryBundle } from '../directory/demo-directory.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { demoPopulation } from '../ingestion/demo/population.js';
import type { HospitalCode, HospitalRecord } from '../ingestion/model.js';
import { hashToken } from '../kiosk/kiosk-service.js';
import { kioskSessionModel } from '../kiosk/session-model.js';
import { seedDemoTemplates } from '../scheduling/demo-templates.js';
import { addDays, localDayOf } from '../scheduling/local-time.js';
import { schedulingModels } from '../scheduling/models.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { consentId } from './consent-service.js';

/**
 * The patient's consent to share their record between the hospitals, on the real stack: one
 * person registered at two hospitals with a visit at each; a withdrawal at the kiosk narrows the
 * treating doctor's very next read to his own hospital, and a new permit at reception widens it
 * again. The decisions are FHIR Consents in HAPI.
 */
const PASSWORD = `consent-${randomUUID()}`;
const BVDK: HospitalCode = 'bvdk-tinh-quang-ninh';
const BAI_CHAY: HospitalCode = 'bv-bai-chay';

describe("the patient's consent to share between hospitals", () => {
  let server: RunningServer;
  const hapi = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });
  const headers: Record<string, Record<string, string>> = {};
  const ids: Partial<Record<HospitalCode, string>> = {};
  // A man born in 1962 in Quảng Ninh: 022 0 62 + 6 digits.
  const cccd = `022062${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;

  async function call<T>(
    method: string,
    path: string,
    who: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...headers[who],
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  const hospitalsIn = (record: SharedRecord): string[] =>
    [...new Set(record.timeline.map((entry) => entry.hospital.id))].sort();

  beforeAll(async () => {
    await hapi.transaction(demoDirectoryBundle());
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('consent'),
        HAPI_FHIR_URL: testHapiUrl(),
        // Five desks and doctors sign in from this one address at once.
        QN_AUTH_SIGN_IN_RATE_LIMIT: '100',
        QN_LOG_LEVEL: process.env.QN_TEST_LOG_LEVEL ?? 'silent',
      }),
    );
    await server.context.users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    await server.context.scheduling.ready();
    await seedDemoTemplates(schedulingModels(server.context.mongo));
    for (const username of [
      'reception.bvdk',
      'reception.baichay',
      'reception.sannhi',
      'doctor.bvdk',
      'doctor.baichay',
    ]) {
      const response = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      expect(`${username} ${response.status}`).toBe(`${username} 200`);
      headers[username] = {
        authorization: `Bearer ${((await response.json()) as { accessToken: string }).accessToken}`,
      };
    }
    // Registered at both hospitals (linked by CCCD), then one visit at each through ingestion.
    const template = Object.values(demoPopulation(10, 3).records)
      .flat()
      .find((r) => r.encounter && r.event !== 'results')!;
    for (const [hospital, desk] of [
      [BVDK, 'reception.bvdk'],
      [BAI_CHAY, 'reception.baichay'],
    ] as const) {
      const registered = await call<{ patient: { patientId: string; mrn: string } }>(
        'POST',
        '/api/patients',
        desk,
        {
          fullName: 'Phạm Văn Toàn',
          birthDate: '1962-05-17',
          gender: 'male',
          cccd,
        },
      );
      expect(registered.status).toBe(201);
      ids[hospital] = registered.body.patient.patientId;
      const visit: HospitalRecord = {
        ...template,
        hospital,
        format: 'csv',
        event: 'claim',
        sourceRecordId: `consent-${randomUUID()}`,
        patient: {
          mrn: registered.body.patient.mrn,
          fullName: 'Phạm Văn Toàn',
          gender: 'male',
          birthDate: '1962-05-17',
          cccd,
        },
        encounter: { ...template.encounter!, visitId: `V${randomBytes(4).toString('hex')}` },
        notes: [],
      };
      const loaded = await server.context.ingestion.ingest(
        [{ ok: true, record: visit, warnings: [], raw: '' }],
        {
          hospital,
          format: 'csv',
          source: 'consent-test',
          createdBy: 'test',
        },
      );
      expect(loaded.counts.rejected).toBe(0);
    }
    // A booking at the doctor's hospital: he treats the patient.
    const from = localDayOf(new Date());
    const slots = (await (
      await fetch(
        `${server.url}/api/availability?hospital=${BVDK}&from=${from}&to=${addDays(from, 14)}&limit=3`,
      )
    ).json()) as AvailableSlot[];
    const booked = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: {
        ...headers['reception.bvdk'],
        'content-type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({ slotId: slots[0]!.slotId, patientId: ids[BVDK] }),
    });
    expect(booked.status).toBe(201);
    // The patient's kiosk session, as a tap of his card opens it (taps are covered by the kiosk tests).
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await kioskSessionModel(server.context.mongo).create({
      _id: `kiosk-consent-${randomUUID()}`,
      tokenHash: hashToken(token),
      patientId: ids[BVDK]!,
      cardId: `card-${randomUUID()}`,
      patient: { id: ids[BVDK]!, maskedName: 'Phạm V** T***' },
      createdAt: now,
      lastActivityAt: now,
      expiresAt: new Date(now.getTime() + 600_000),
    });
    headers.kiosk = { authorization: `Bearer ${token}` };
  }, 180_000);

  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('shares both hospitals with the treating doctor while nothing is recorded', async () => {
    const record = await call<SharedRecord>(
      'GET',
      `/api/patients/${ids[BVDK]}/record`,
      'doctor.bvdk',
    );
    expect(record.status).toBe(200);
    expect(record.body.access).toMatchObject({ basis: 'treatment', consent: 'not-recorded' });
    expect(hospitalsIn(record.body)).toEqual([BAI_CHAY, BVDK]);
    expect((await call<ConsentState>('GET', '/api/kiosk/consent', 'kiosk')).body).toEqual({
      sharing: 'not-recorded',
    });
  });

  it("narrows the doctor's very next read to his own hospital once the patient withdraws at the kiosk, leaving nothing of the other in the answer", async () => {
    const withdrawn = await call<ConsentState>('PUT', '/api/kiosk/consent', 'kiosk', {
      share: false,
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ sharing: 'withdrawn', recordedAt: { id: BVDK } });

    const response = await fetch(`${server.url}/api/patients/${ids[BVDK]}/record`, {
      headers: headers['doctor.bvdk'],
    });
    const text = await response.text();
    const record = JSON.parse(text) as SharedRecord;
    expect(record.access.consent).toBe('withdrawn');
    expect(record.access.withheldHospitalCount).toBe(1);
    // Nothing that leads to the other record: not its patient, not the Person linking them.
    expect(record.personId).toBeUndefined();
    expect(text).not.toContain('Bãi Cháy');
    expect(hospitalsIn(record)).toEqual([BVDK]);
    expect(record.patients.map((p) => p.patientId)).toEqual([ids[BVDK]]);
    expect(text).not.toContain(ids[BAI_CHAY]!);

    // In HAPI: the Consent of his record there, a deny.
    const consent = await hapi.read<Consent>('Consent', consentId(ids[BVDK]!));
    expect(consent.meta?.profile?.[0]).toMatch(/vnqn-consent$/);
    expect(consent.provision?.type).toBe('deny');
    expect(consent.policyRule?.coding?.[0]?.code).toBe('OPTOUT');

    // His own view at the kiosk is not narrowed: it is his record.
    const own = await call<SharedRecord>('GET', '/api/kiosk/record', 'kiosk');
    expect(hospitalsIn(own.body)).toEqual([BAI_CHAY, BVDK]);
  });

  it('lets break-glass see everything, saying consent was withdrawn', async () => {
    const glass = await call<SharedRecord>(
      'POST',
      `/api/patients/${ids[BVDK]}/record/break-glass`,
      'doctor.baichay',
      {
        reason: 'Người bệnh hôn mê vào cấp cứu, cần tiền sử dùng thuốc',
      },
    );
    expect(glass.status).toBe(200);
    expect(glass.body.access).toMatchObject({ basis: 'break-glass', consent: 'withdrawn' });
    expect(glass.body.access.withheldHospitalCount).toBeUndefined();
    expect(hospitalsIn(glass.body)).toEqual([BAI_CHAY, BVDK]);
  });

  it('widens it again when the patient permits sharing at another reception: the latest decision wins', async () => {
    const permitted = await call<ConsentState>(
      'PUT',
      `/api/patients/${ids[BAI_CHAY]}/consent`,
      'reception.baichay',
      { share: true },
    );
    expect(permitted.body).toMatchObject({ sharing: 'permitted', recordedAt: { id: BAI_CHAY } });
    const seen = await call<ConsentState>(
      'GET',
      `/api/patients/${ids[BVDK]}/consent`,
      'reception.bvdk',
    );
    expect(seen.body.sharing).toBe('permitted');
    const record = await call<SharedRecord>(
      'GET',
      `/api/patients/${ids[BVDK]}/record`,
      'doctor.bvdk',
    );
    expect(record.body.access.consent).toBe('permitted');
    expect(hospitalsIn(record.body)).toEqual([BAI_CHAY, BVDK]);
  });

  it('keeps a desk where the patient has no record out of his consent, so it cannot reopen what he closed', async () => {
    const read = await call('GET', `/api/patients/${ids[BVDK]}/consent`, 'reception.sannhi');
    expect(read.status).toBe(403);
    const reopen = await call('PUT', `/api/patients/${ids[BVDK]}/consent`, 'reception.sannhi', {
      share: true,
    });
    expect(reopen.status).toBe(403);
  });

  it('refuses a body without a yes or no, a doctor recording consent, and a kiosk asking for staff routes', async () => {
    expect((await call('PUT', '/api/kiosk/consent', 'kiosk', { share: 'maybe' })).status).toBe(400);
    expect(
      (await call('PUT', '/api/kiosk/consent', 'kiosk', { share: true, patientId: ids[BAI_CHAY] }))
        .status,
    ).toBe(400);
    expect(
      (await call('PUT', `/api/patients/${ids[BVDK]}/consent`, 'doctor.bvdk', { share: false }))
        .status,
    ).toBe(403);
    expect((await call('GET', `/api/patients/${ids[BVDK]}/consent`, 'kiosk')).status).toBe(403);
  });
});
