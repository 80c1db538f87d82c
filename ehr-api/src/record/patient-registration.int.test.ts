import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomInt, randomUUID } from 'node:crypto';
import type { Patient, Person } from 'fhir/r4.js';
import type { PatientSearchResult } from '@qn/contracts';
import { loadConfig } from '../config.js';
import { demoDirectoryBundle } from '../directory/demo-directory.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';

/**
 * Registering a new patient at reception, on the real stack: the record goes through the ingestion
 * pipeline into HAPI, the person is linked to their record at another hospital by CCCD, search
 * finds them at once, and every rule a desk can break answers 4xx naming the field.
 */
const PASSWORD = `reg-${randomUUID()}`;

interface Answer<T> {
  status: number;
  body: T & { type?: string; detail?: string; errors?: Array<{ field: string; message: string }> };
}
interface Registered {
  patient: PatientSearchResult;
  alsoKnownAt: Array<{ id: string; name: string }>;
}

describe('registering a new patient at reception', () => {
  let server: RunningServer;
  const hapi = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });
  const tokens: Record<string, Record<string, string>> = {};
  // A woman born in 1985 in Quảng Ninh (022), 20th century female (1): 0221 85 + 6 digits.
  const cccd = `022185${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  const lan = {
    fullName: 'Vũ Thị Ngọc Lan',
    birthDate: '1985-03-02',
    gender: 'female',
    cccd: `${cccd.slice(0, 4)} ${cccd.slice(4, 8)} ${cccd.slice(8)}`,
    bhyt: `GD4${cccd.slice(0, 2)}${cccd.slice(2)}`.slice(0, 15),
    phone: '0912 345 678',
    address: 'Tổ 5, khu 3, phường Bãi Cháy, Hạ Long',
  };

  async function call<T>(who: string, body: unknown): Promise<Answer<T>> {
    const response = await fetch(`${server.url}/api/patients`, {
      method: 'POST',
      headers: { ...tokens[who], 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer<T>['body'] };
  }

  beforeAll(async () => {
    await hapi.transaction(demoDirectoryBundle());
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('registration'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_LOG_LEVEL: process.env.QN_TEST_LOG_LEVEL ?? 'silent',
      }),
    );
    await server.context.users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    for (const username of ['reception.bvdk', 'reception.baichay', 'doctor.bvdk', 'admin']) {
      const response = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      const { accessToken } = (await response.json()) as { accessToken: string };
      tokens[username] = { authorization: `Bearer ${accessToken}` };
    }
  }, 120_000);

  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it("registers at the desk's hospital with a new patient number, into HAPI with the project's profile, and search finds her without diacritics", async () => {
    const first = await call<Registered>('reception.bvdk', lan);
    expect(first.status).toBe(201);
    expect(first.body.patient).toMatchObject({
      hospital: { id: 'bvdk-tinh-quang-ninh' },
      name: 'Vũ Thị Ngọc Lan',
      birthDate: '1985-03-02',
      cccdMasked: `********${cccd.slice(-4)}`,
      phone: '0912345678',
    });
    expect(first.body.patient.mrn).toMatch(/^DK\d{10}$/);
    expect(first.body.alsoKnownAt).toEqual([]);

    const patient = await hapi.read<Patient>('Patient', first.body.patient.patientId);
    expect(patient.meta?.profile?.[0]).toMatch(/vnqn-patient$/);
    expect(patient.identifier?.map((i) => i.value)).toEqual(
      expect.arrayContaining([first.body.patient.mrn, cccd]),
    );
    expect(patient.managingOrganization?.reference).toBe('Organization/bvdk-tinh-quang-ninh');

    const search = await fetch(
      `${server.url}/api/patients?q=${encodeURIComponent('vu thi ngoc lan')}`,
      {
        headers: tokens['reception.baichay'],
      },
    );
    const found = (await search.json()) as PatientSearchResult[];
    expect(found.map((p) => p.patientId)).toContain(first.body.patient.patientId);
  });

  it('links her registration at a second hospital to the first by CCCD, and refuses the same CCCD twice at one hospital', async () => {
    const atBvdk = (await (
      await fetch(`${server.url}/api/patients?q=${cccd}`, { headers: tokens['reception.bvdk'] })
    ).json()) as PatientSearchResult[];
    const again = await call<Registered>('reception.bvdk', { ...lan, fullName: 'Vũ Thị Lan' });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/patient-already-registered$/);
    expect(again.body).toMatchObject({ patientId: atBvdk[0]!.patientId });

    const second = await call<Registered>('reception.baichay', lan);
    expect(second.status).toBe(201);
    expect(second.body.patient.mrn).toMatch(/^BC/);
    expect(second.body.alsoKnownAt).toEqual([
      { id: 'bvdk-tinh-quang-ninh', name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh' },
    ]);
    const persons = await hapi.search<Person>('Person', {
      link: `Patient/${second.body.patient.patientId}`,
    });
    const linked = (persons.entry?.[0]?.resource?.link ?? []).map((l) => l.target.reference);
    expect(linked).toEqual(
      expect.arrayContaining([
        `Patient/${atBvdk[0]!.patientId}`,
        `Patient/${second.body.patient.patientId}`,
      ]),
    );
  });

  it('answers 400 naming the field for a CCCD that contradicts sex or birth year, a malformed BHYT or phone, and unknown fields', async () => {
    const male = await call('reception.bvdk', { ...lan, cccd: `022085${cccd.slice(6)}` });
    expect(male.status).toBe(400);
    expect(male.body.errors?.map((e) => e.field)).toContain('cccd');
    expect(male.body.detail).toMatch(/sex/);
    const bhyt = await call('reception.bvdk', { ...lan, bhyt: 'GD12345' });
    expect(bhyt.status).toBe(400);
    expect(bhyt.body.errors?.[0]?.field).toBe('bhyt');
    const phone = await call('reception.bvdk', { ...lan, phone: '12345' });
    expect(phone.body.errors?.[0]?.field).toBe('phone');
    const extra = await call('reception.bvdk', {
      ...lan,
      status: 'vip',
      __proto__: { admin: true },
    });
    expect(extra.status).toBe(400);
  });

  it('registers a person once when two desks send the same CCCD at the same moment', async () => {
    const twin = `022190${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const body = { ...lan, cccd: twin, birthDate: '1990-01-01', bhyt: undefined };
    const answers = await Promise.all([
      call<Registered>('reception.baichay', body),
      call<Registered>('reception.baichay', body),
      call<Registered>('reception.baichay', body),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const found = (await (
      await fetch(`${server.url}/api/patients?q=${twin}`, { headers: tokens['reception.baichay'] })
    ).json()) as PatientSearchResult[];
    expect(found).toHaveLength(1);
  });

  it('answers 400 naming the birth date when it is not a calendar day, before 1900 or ahead', async () => {
    for (const birthDate of ['1985-02-30', '1985-13-45', '1850-01-01', '2999-01-01']) {
      const answer = await call('reception.bvdk', { ...lan, cccd: undefined, birthDate });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.field).toBe('birthDate');
    }
  });

  it('is for reception and administrators only, each at a hospital they may register at', async () => {
    const other = { ...lan, cccd: undefined, fullName: 'Đỗ Văn Hùng', gender: 'male' };
    expect((await call('doctor.bvdk', other)).status).toBe(403);
    const elsewhere = await call('reception.bvdk', { ...other, hospital: 'bv-bai-chay' });
    expect(elsewhere.status).toBe(403);
    const adminNoHospital = await call('admin', other);
    expect(adminNoHospital.status).toBe(400);
    expect(adminNoHospital.body.errors?.[0]?.field).toBe('hospital');
    const admin = await call<Registered>('admin', { ...other, hospital: 'bv-san-nhi-quang-ninh' });
    expect(admin.status).toBe(201);
    expect(admin.body.patient.mrn).toMatch(/^SN/);
  });
});
