import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { AuditEvent, Patient } from 'fhir/r4.js';
import { startAccessTestApp, type AccessTestApp } from '../auth/access-test-app.js';
import type { DemoPasswords } from '../auth/user-service.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { PROFILE } from '../fhir/profiles.js';
import { createLogger } from '../logger.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import type { AuditRecord } from './audit-log.js';
import { AuditPublisher } from './audit-publisher.js';
import { SYSTEM } from './balp.js';

/**
 * The audit log on the real FerretDB and HAPI FHIR: one record per access (denied ones too), the
 * patient's and the admin's views, and publishing to HAPI as BALP AuditEvents read back from HAPI.
 */
const SUFFIX = randomBytes(4).toString('hex');
const PATIENT = `it-audit-${SUFFIX}`;
const OTHER_PATIENT = `it-audit-other-${SUFFIX}`;
const PASSWORDS: DemoPasswords = {
  receptionist: `le-tan-${SUFFIX}-x`,
  doctor: `bac-si-${SUFFIX}-x`,
  'hospital-it': `it-${SUFFIX}-xx`,
  admin: `quan-tri-${SUFFIX}-x`,
};
const record = (hospital: string, patientId = PATIENT): string =>
  `/api/test/hospitals/${hospital}/patients/${patientId}/encounters/enc-${SUFFIX}`;

interface AccessList {
  patientId: string;
  accesses: Array<{
    at: string;
    action: string;
    who: { displayName?: string; role?: string; hospital?: string };
  }>;
}

describe('audit log', () => {
  let app: AccessTestApp;
  let hapi: FhirStore;
  const tokens: Record<string, string> = {};
  const up = { isUp: (): boolean => true };
  const logger = createLogger('silent');

  function publisher(): AuditPublisher {
    return new AuditPublisher(app.auditModels, hapi, up, logger, {
      intervalMs: 60_000,
      maxBackoffMs: 60_000,
      observer: 'ehr-api-it',
      serverAddress: 'http://127.0.0.1/it',
    });
  }

  async function get(path: string, token: string): Promise<Response> {
    return fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  }

  async function signIn(username: string, password: string): Promise<string> {
    const response = await fetch(`${app.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async function events(query: string): Promise<AuditRecord[]> {
    const response = await get(`/api/audit/events?${query}`, tokens.admin!);
    expect(response.status).toBe(200);
    return ((await response.json()) as { events: AuditRecord[] }).events;
  }

  beforeAll(async () => {
    hapi = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });
    const patient: Patient & { id: string } = {
      resourceType: 'Patient',
      id: PATIENT,
      meta: { profile: [PROFILE.Patient] },
      name: [{ use: 'official', text: 'Phạm Thị Hoa', family: 'Phạm', given: ['Thị', 'Hoa'] }],
      gender: 'female',
      birthDate: '1975-04-30',
    };
    await hapi.update(patient);
    app = await startAccessTestApp({ mongoUri: isolatedMongoUri('audit') });
    await app.users.seedDemoUsers(PASSWORDS);
    tokens.doctor = await signIn('doctor.bvdk', PASSWORDS.doctor);
    tokens.otherDoctor = await signIn('doctor.baichay', PASSWORDS.doctor);
    tokens.receptionist = await signIn('reception.bvdk', PASSWORDS.receptionist);
    tokens.admin = await signIn('admin', PASSWORDS.admin);
    tokens.kiosk = randomBytes(32).toString('base64url');
    app.kioskTokens.set(tokens.kiosk, {
      kind: 'patient',
      patientId: PATIENT,
      kioskSessionId: `ks-${SUFFIX}`,
      stationId: 'kiosk-it-audit',
    });
  }, 120_000);

  afterAll(async () => {
    await app?.mongo.dropDatabase().catch(() => undefined);
    await app?.stop();
  });

  it('records one success per read and one denial per refused read, with who, why and the patient', async () => {
    expect((await get(record('bvdk-tinh-quang-ninh'), tokens.doctor!)).status).toBe(200);
    expect((await get(record('bvdk-tinh-quang-ninh'), tokens.receptionist!)).status).toBe(403);
    expect((await get(record('bvdk-tinh-quang-ninh'), tokens.otherDoctor!)).status).toBe(403);

    const list = await events(`patientId=${PATIENT}&action=read`);
    expect(list).toHaveLength(3);
    const success = list.filter((e) => e.outcome === 'success');
    expect(success).toHaveLength(1);
    expect(success[0]).toMatchObject({
      action: 'read',
      patientIds: [PATIENT],
      resource: { type: 'Encounter', id: `enc-${SUFFIX}` },
      who: {
        kind: 'staff',
        role: 'doctor',
        hospital: 'bvdk-tinh-quang-ninh',
        practitionerId: 'bs-nguyen-van-hung',
        displayName: 'BS. Nguyễn Văn Hùng',
      },
      endpoint: `GET ${record('bvdk-tinh-quang-ninh')}`,
    });
    expect(success[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const denied = list.filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => `${e.who.role}: ${e.outcomeReason}`).sort()).toEqual([
      expect.stringMatching(
        /^doctor: This record belongs to bvdk-tinh-quang-ninh; you work for bv-bai-chay/,
      ),
      expect.stringMatching(/^receptionist: This needs the role doctor or admin/),
    ]);
  });

  it('keeps one record per read when 60 reads come at once (their records share database round trips)', async () => {
    const patientId = `pt-burst-${SUFFIX}`;
    const path = record('bvdk-tinh-quang-ninh', patientId);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        get(path, i % 3 === 2 ? tokens.receptionist! : tokens.doctor!),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(40);
    expect(answers.filter((a) => a.status === 403)).toHaveLength(20);
    const list = await events(`patientId=${patientId}&limit=500`);
    expect(list.filter((e) => e.outcome === 'success')).toHaveLength(40);
    expect(list.filter((e) => e.outcome === 'denied')).toHaveLength(20);
    expect(new Set(list.map((e) => e.requestId)).size).toBe(60);
  });

  it('records sign-ins, failed ones with the username typed, and sign-outs', async () => {
    await fetch(`${app.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `khong-co-${SUFFIX}`, password: 'sai mật khẩu' }),
    });
    const failed = await events('action=sign-in&outcome=failed');
    expect(failed).toEqual([
      expect.objectContaining({
        who: { kind: 'anonymous', username: `khong-co-${SUFFIX}` },
        outcomeReason: 'wrong username or password',
      }),
    ]);
    const token = await signIn('it.bvdk', PASSWORDS['hospital-it']);
    await fetch(`${app.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const user = await app.users.findByUsername('it.bvdk');
    const mine = await events(`userId=${user!.id}`);
    expect(mine.map((e) => `${e.action}/${e.outcome}`)).toEqual([
      'sign-out/success',
      'sign-in/success',
    ]);
  });

  it("shows the patient who opened their record (not who read its audit trail), and refuses another patient's list", async () => {
    const response = await get(`/api/audit/patients/${PATIENT}/access`, tokens.kiosk!);
    expect(response.status).toBe(200);
    const list = (await response.json()) as AccessList;
    expect(list.accesses).toEqual([
      expect.objectContaining({
        action: 'read',
        who: {
          displayName: 'BS. Nguyễn Văn Hùng',
          role: 'doctor',
          hospital: 'bvdk-tinh-quang-ninh',
        },
      }),
    ]);

    const other = await get(`/api/audit/patients/${OTHER_PATIENT}/access`, tokens.kiosk!);
    expect(other.status).toBe(403);
    expect((await get(`/api/audit/patients/${PATIENT}/access`, tokens.receptionist!)).status).toBe(
      403,
    );
    expect((await get(`/api/audit/patients/${PATIENT}/access`, tokens.admin!)).status).toBe(200);
    // The refused look at another patient's list is itself on record, as the patient's.
    const refused = await events(`patientId=${OTHER_PATIENT}&outcome=denied`);
    expect(refused).toEqual([
      expect.objectContaining({
        action: 'search',
        who: expect.objectContaining({ kind: 'patient', patientId: PATIENT }),
        stationId: 'kiosk-it-audit',
      }),
    ]);
  });

  it('answers a bad filter with 400 naming the field, and a non-admin with 403', async () => {
    const bad = await get('/api/audit/events?from=yesterday&limit=9999', tokens.admin!);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: Array<{ field: string; message: string }> };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['from', 'limit']);
    expect((await get('/api/audit/events', tokens.doctor!)).status).toBe(403);
  });

  it('pages through records newest first without losing or repeating one', async () => {
    const all = await events('limit=500');
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const response = await get(
        `/api/audit/events?limit=3${next ? `&before=${next}` : ''}`,
        tokens.admin!,
      );
      const page = (await response.json()) as { events: AuditRecord[]; next?: string };
      seen.push(...page.events.map((e) => e.eventId));
      next = page.next;
    } while (next);
    // Each page read is recorded too: compare with what existed before paging began.
    expect(seen.slice(-all.length)).toEqual(all.map((e) => e.eventId));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('publishes every record to HAPI once, as BALP AuditEvents, even with two publishers at once', async () => {
    const due = await app.auditModels.events.countDocuments({ publishedToFhir: false });
    expect(due).toBeGreaterThan(5);
    // Two publishers at once, round after round (each takes at most a batch per round).
    let published = 0;
    for (let round = 0; round < 10; round++) {
      const counts = await Promise.all([publisher().publishDue(), publisher().publishDue()]);
      if (counts[0] + counts[1] === 0) break;
      published += counts[0] + counts[1];
    }
    expect(published).toBe(due);
    expect(await app.auditModels.events.countDocuments({ publishedToFhir: false })).toBe(0);

    const [read] = await events(`patientId=${PATIENT}&action=read&outcome=success`);
    const stored = await app.auditModels.events.findById(read!.eventId).lean();
    expect(stored).toMatchObject({
      publishedToFhir: true,
      fhirIds: [read!.eventId],
      publishAttempts: 0,
    });
    const fhir = await hapi.read<AuditEvent>('AuditEvent', read!.eventId);
    expect(fhir).toMatchObject({
      type: { system: SYSTEM.eventType, code: 'rest' },
      subtype: [{ system: SYSTEM.restful, code: 'read' }],
      action: 'R',
      outcome: '0',
      source: { observer: { display: 'ehr-api-it' } },
    });
    expect(fhir.recorded).toMatch(/\+07:00$/);
    expect(fhir.agent.find((a) => a.requestor)).toMatchObject({
      who: { identifier: { system: SYSTEM.staffUser }, display: 'BS. Nguyễn Văn Hùng' },
      type: { coding: [{ code: 'IRCP' }] },
    });
    expect(fhir.entity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          what: { reference: `Patient/${PATIENT}` },
          role: expect.objectContaining({ code: '1' }),
        }),
      ]),
    );

    const [denied] = await events(`patientId=${PATIENT}&action=read&outcome=denied`);
    expect(await hapi.read<AuditEvent>('AuditEvent', denied!.eventId)).toMatchObject({
      outcome: '4',
      outcomeDesc: denied!.outcomeReason,
    });
  });

  it('publishes a record naming a patient HAPI does not hold, with the patient as an identifier', async () => {
    const missing = `it-audit-missing-${SUFFIX}`;
    const entry = await app.audit.record({
      who: { kind: 'staff', userId: 'usr-x', role: 'doctor', displayName: 'BS. Thử' },
      action: 'search',
      outcome: 'success',
      patientIds: [PATIENT, missing],
      resource: { type: 'Patient', query: 'name=Phạm' },
    });
    expect(await publisher().publishDue()).toBeGreaterThanOrEqual(1);
    expect(await app.auditModels.events.findById(entry.eventId).lean()).toMatchObject({
      publishedToFhir: true,
      fhirIds: [`${entry.eventId}-1`, `${entry.eventId}-2`],
    });
    const [first, second] = await Promise.all([
      hapi.read<AuditEvent>('AuditEvent', `${entry.eventId}-1`),
      hapi.read<AuditEvent>('AuditEvent', `${entry.eventId}-2`),
    ]);
    const patientOf = (event: AuditEvent): unknown =>
      event.entity?.find((e) => e.role?.code === '1')?.what;
    expect(patientOf(first)).toEqual({ reference: `Patient/${PATIENT}` });
    expect(patientOf(second)).toEqual({
      identifier: { system: SYSTEM.fhirReference, value: `Patient/${missing}` },
      type: 'Patient',
    });
    expect(first.entity?.find((e) => e.role?.code === '24')?.description).toBe('name=Phạm');
  });

  it('publishes, under the province AuditEvent profile, a record on a card (no FHIR resource) by a staff member known by username only', async () => {
    const entry = await app.audit.record({
      who: { kind: 'staff', username: 'le.tan.moi', role: 'receptionist' },
      action: 'update',
      outcome: 'success',
      patientIds: [PATIENT],
      resource: { type: 'Card', id: `QNC-${SUFFIX}` },
    });
    expect(await publisher().publishDue()).toBeGreaterThanOrEqual(1);
    expect(await app.auditModels.events.findById(entry.eventId).lean()).toMatchObject({
      publishedToFhir: true,
      publishAttempts: 0,
    });
    const fhir = await hapi.read<AuditEvent>('AuditEvent', entry.eventId);
    expect(fhir.meta?.profile).toEqual([PROFILE.AuditEvent]);
    expect(fhir.entity?.find((e) => e.role?.code === '4')?.what).toEqual({
      identifier: { system: SYSTEM.fhirReference, value: `Card/QNC-${SUFFIX}` },
      display: `Card QNC-${SUFFIX}`,
    });
    expect(fhir.agent.find((a) => a.requestor)).toMatchObject({
      altId: 'le.tan.moi',
      role: [{ text: 'receptionist' }],
    });
    expect(fhir.agent.find((a) => a.requestor)?.who).toBeUndefined();
  });
});
