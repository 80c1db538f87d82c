import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import type { Bundle, Encounter, Observation, Patient, Person, Provenance } from 'fhir/r4.js';
import { loadConfig } from '../config.js';
import { demoDirectoryBundle } from '../directory/demo-directory.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { IDENTIFIER_SYSTEM } from '../fhir/profiles.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { writeHl7v2 } from './adapters/hl7v2/index.js';
import { writeXml130 } from './adapters/xml130/index.js';
import type { SharedRecord } from '@qn/contracts';
import type { HospitalRecord } from './model.js';
import {
  HOSPITAL_SYSTEMS,
  patientResourceId,
  resourceId,
  sourceRecordSystem,
} from './normalise/to-fhir.js';

/**
 * Ingestion on the real stack: hospital exports through the adapters into HAPI (validated against
 * the province package), every record in exactly one state, the same file twice (in a row and at
 * once) creating nothing new, bad records rejected with their reason and raw text kept, people
 * linked across hospitals, and the upload endpoint only for the right hospital's IT.
 */
const RUN = randomBytes(3).toString('hex').toUpperCase();
const PASSWORD = `ingest-${RUN}-pw`;

/** A person seen at two hospitals, written differently at each (no diacritics, +84 phone), with this run's own numbers. */
function person(n: number): { dkt: HospitalRecord; snh: HospitalRecord } {
  const cccd = `0221${String(80 + (n % 20)).padStart(2, '0')}${String((Number.parseInt(RUN, 16) % 9000) + n).padStart(6, '0')}`;
  const year = 1980 + (n % 20);
  const base = {
    fullName: 'Hoàng Thị Ngọc Ánh',
    family: 'Hoàng',
    given: ['Thị', 'Ngọc', 'Ánh'],
    gender: 'female' as const,
    birthDate: `${year}-03-0${1 + (n % 9)}`,
    cccd,
    phone: `0912 ${String(n).padStart(3, '0')} ${RUN.slice(0, 3).replace(/\D/g, '1')}`,
    address: {
      text: 'Số 5, đường Lê Thánh Tông, phường Hồng Gai, Hạ Long',
      ward: 'Phường Hồng Gai',
      city: 'Hạ Long',
    },
  };
  const visit = (prefix: string) => ({
    visitId: `${prefix}${RUN}${n}`,
    class: 'AMB' as const,
    status: 'finished' as const,
    start: '2026-10-02T08:10:00+07:00',
    end: '2026-10-02T09:30:00+07:00',
    departmentCode: 'noi',
    departmentText: 'Khoa Nội',
    diagnoses: [
      { icd10: 'E11.9', text: 'Đái tháo đường typ 2', role: 'main' as const },
      { icd10: 'I10', text: 'Tăng huyết áp', role: 'secondary' as const },
    ],
  });
  const glucose = (value: number) => ({
    resultId: '1',
    localCode: 'SH-GLU',
    localName: 'Định lượng Glucose [Máu]',
    value,
    unit: 'mmol/L',
    referenceLow: 3.9,
    referenceHigh: 6.4,
    interpretation: value > 6.4 ? 'H' : 'N',
    effective: '2026-10-02T08:40:00+07:00',
    issued: '2026-10-02T09:00:00+07:00',
    reportId: `XN${n}`,
  });
  return {
    dkt: {
      hospital: 'bvdk-tinh-quang-ninh',
      format: 'hl7v2',
      sourceRecordId: `IT${RUN}${n}`,
      sourceSystem: 'HIS-IT',
      event: 'admit',
      patient: { ...base, mrn: `IT${RUN}${n}` },
      encounter: visit('DK'),
      labResults: [],
      medications: [],
      procedures: [],
      notes: [],
    },
    snh: {
      hospital: 'bv-san-nhi-quang-ninh',
      format: 'xml130',
      sourceRecordId: `SN${RUN}${n}`,
      sourceSystem: 'XML130',
      event: 'claim',
      patient: {
        ...base,
        fullName: 'Hoang Thi Ngoc Anh',
        family: 'Hoang',
        given: ['Thi', 'Ngoc', 'Anh'],
        phone: base.phone.replace(/^0/, '+84 '),
        mrn: `SN${RUN}${n}`,
      },
      encounter: visit('SN'),
      labResults: [glucose(7.1 + n / 10)],
      medications: [
        {
          orderId: '1',
          drugCode: '40.678',
          name: 'Metformin 850mg',
          dosageText: 'Uống 1 viên/lần, ngày 2 lần',
          quantity: 60,
          unit: 'viên',
        },
      ],
      procedures: [],
      notes: [],
    },
  };
}

const PEOPLE = [0, 1, 2].map(person);
const MLLP_PORT = 30_000 + Math.floor(Math.random() * 9_000);

/** Sends one framed message over MLLP and returns the ACK's MSA segment. */
async function sendMllp(message: Buffer): Promise<string> {
  const socket = net.connect(MLLP_PORT, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(Buffer.concat([Buffer.from([0x0b]), message, Buffer.from([0x1c, 0x0d])]));
  let received = '';
  for await (const chunk of socket) {
    received += (chunk as Buffer).toString('utf8');
    if (received.includes('\x1c')) break;
  }
  socket.destroy();
  return received.split('\r').find((segment) => segment.startsWith('MSA')) ?? received;
}
const hl7File = Buffer.concat(
  PEOPLE.map((p) => Buffer.concat([writeHl7v2(p.dkt), Buffer.from('\n')])),
);
const xmlFile = writeXml130(
  PEOPLE.map((p) => p.snh),
  { facilityCode: '22017', createdAt: new Date('2026-10-03T00:00:00Z') },
);

describe('ingestion into HAPI', () => {
  let server: RunningServer;
  let hapi: FhirStore;
  const tokens: Record<string, string> = {};

  async function upload(query: string, body: Buffer, token?: string): Promise<Response> {
    return fetch(`${server.url}/api/ingestion/jobs?${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
  }

  async function signIn(username: string): Promise<string> {
    const response = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async function search<T>(query: string): Promise<T[]> {
    const response = await fetch(`${testHapiUrl()}/${query}`, {
      headers: { 'Cache-Control': 'no-cache' },
    });
    const bundle = (await response.json()) as Bundle;
    return (bundle.entry ?? []).map((entry) => entry.resource as T);
  }

  beforeAll(async () => {
    hapi = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });
    await hapi.transaction(demoDirectoryBundle());
    const mongoUri = isolatedMongoUri('ingestion');
    server = await startServer(
      loadConfig({
        QN_API_HOST: '127.0.0.1',
        QN_API_PORT: '0',
        MONGODB_URI: mongoUri,
        HAPI_FHIR_URL: testHapiUrl(),
        QN_LOG_LEVEL: 'silent',
        QN_INGEST_BATCH_SIZE: '2',
        QN_MLLP_LISTENERS: `bvdk-tinh-quang-ninh:${MLLP_PORT}`,
      }),
    );
    await server.context.users.seedDemoUsers({
      receptionist: PASSWORD,
      doctor: PASSWORD,
      'hospital-it': PASSWORD,
      admin: PASSWORD,
    });
    for (const username of ['it.bvdk', 'it.sannhi', 'reception.bvdk', 'admin'])
      tokens[username] = await signIn(username);
  }, 120_000);

  afterAll(async () => {
    await server?.context.mongo.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('loads an HL7 v2 feed and a Decision 130 claim file as profiled FHIR, each record loaded, with its Provenance', async () => {
    const hl7 = await upload(
      'hospital=bvdk-tinh-quang-ninh&format=hl7v2&name=adt.hl7',
      hl7File,
      tokens['it.bvdk'],
    );
    expect(hl7.status).toBe(201);
    expect(await hl7.json()).toMatchObject({
      status: 'finished',
      counts: { received: 3, loaded: 3, merged: 0, rejected: 0 },
    });
    const xml = await upload(
      'hospital=bv-san-nhi-quang-ninh&format=xml130&name=claims.xml',
      xmlFile,
      tokens['it.sannhi'],
    );
    expect(xml.status).toBe(201);
    expect(await xml.json()).toMatchObject({
      counts: { received: 3, loaded: 3, merged: 0, rejected: 0 },
    });

    const first = PEOPLE[0]!;
    const patient = await hapi.read<Patient>(
      'Patient',
      patientResourceId('bv-san-nhi-quang-ninh', first.snh.patient.mrn),
    );
    expect(patient.identifier).toEqual(
      expect.arrayContaining([
        { system: IDENTIFIER_SYSTEM.mrnSanNhi, value: first.snh.patient.mrn },
        { system: IDENTIFIER_SYSTEM.cccd, value: first.snh.patient.cccd },
      ]),
    );
    const encounter = await hapi.read<Encounter>(
      'Encounter',
      resourceId('bv-san-nhi-quang-ninh', 'enc', first.snh.encounter!.visitId),
    );
    expect(encounter.identifier?.[0]).toEqual({
      system: HOSPITAL_SYSTEMS['bv-san-nhi-quang-ninh'].maLk,
      value: first.snh.encounter!.visitId,
    });
    expect(encounter.diagnosis).toHaveLength(2);
    const [observation] = await search<Observation>(
      `Observation?subject=Patient/${patient.id}&code=${encodeURIComponent('http://loinc.org|14749-6')}`,
    );
    expect(observation?.valueQuantity).toMatchObject({
      value: 7.1,
      system: 'http://unitsofmeasure.org',
      code: 'mmol/L',
    });
    const [provenance] = await search<Provenance>(`Provenance?target=Encounter/${encounter.id}`);
    expect(provenance?.entity?.[0]?.what.identifier).toEqual({
      system: sourceRecordSystem('bv-san-nhi-quang-ninh', 'xml130'),
      value: first.snh.sourceRecordId,
    });
    expect(provenance?.agent[0]?.who?.reference).toBe('Organization/bv-san-nhi-quang-ninh');
  });

  it('links the same person at two hospitals by CCCD, though one hospital writes her name without diacritics', async () => {
    for (const p of PEOPLE) {
      const persons = await search<Person>(
        `Person?link=Patient/${patientResourceId('bvdk-tinh-quang-ninh', p.dkt.patient.mrn)}`,
      );
      expect(persons).toHaveLength(1);
      const expected = [
        `Patient/${patientResourceId('bv-san-nhi-quang-ninh', p.snh.patient.mrn)}`,
        `Patient/${patientResourceId('bvdk-tinh-quang-ninh', p.dkt.patient.mrn)}`,
      ];
      expect(persons[0]?.link?.map((l) => l.target.reference).sort()).toEqual(expected.sort());
      expect(persons[0]?.link?.map((l) => l.assurance)).toEqual(['level4', 'level4']);
      const links = await server.context.identity.membersOf(
        (await server.context.identity.personOf('bv-san-nhi-quang-ninh', p.snh.patient.mrn))!
          .personId,
      );
      expect(links.find((link) => link.hospital === 'bv-san-nhi-quang-ninh')?.reasons).toContain(
        'same CCCD',
      );
    }
  });

  it('creates nothing new when the same file comes again, or twice at once: every record is then merged', async () => {
    const countOf = async (query: string): Promise<number> =>
      (
        (await (
          await fetch(`${testHapiUrl()}/${query}&_summary=count`, {
            headers: { 'Cache-Control': 'no-cache' },
          })
        ).json()) as { total: number }
      ).total;
    const encounters = `Encounter?identifier=${encodeURIComponent(HOSPITAL_SYSTEMS['bv-san-nhi-quang-ninh'].maLk + '|')}`;
    const before = {
      encounters: await countOf(encounters),
      observations: await countOf(`Observation?performer=Organization/bv-san-nhi-quang-ninh`),
    };
    const again = await upload(
      'hospital=bv-san-nhi-quang-ninh&format=xml130',
      xmlFile,
      tokens['it.sannhi'],
    );
    expect(await again.json()).toMatchObject({
      counts: { received: 3, loaded: 0, merged: 3, rejected: 0 },
    });
    const parallel = await Promise.all([
      upload('hospital=bv-san-nhi-quang-ninh&format=xml130', xmlFile, tokens['it.sannhi']),
      upload('hospital=bv-san-nhi-quang-ninh&format=xml130', xmlFile, tokens.admin),
    ]);
    for (const response of parallel)
      expect(await response.json()).toMatchObject({
        status: 'finished',
        counts: { received: 3, rejected: 0 },
      });
    expect({
      encounters: await countOf(encounters),
      observations: await countOf(`Observation?performer=Organization/bv-san-nhi-quang-ninh`),
    }).toEqual(before);
  });

  it('rejects a bad record with its reason and raw text, loads the rest of the file, and refuses a merge of an unknown patient', async () => {
    const good = person(7).dkt;
    const badDate = Buffer.from(
      writeHl7v2(person(8).dkt)
        .toString('utf8')
        .replace(/\|1\d{3}030\d\|/, '|19990231|'),
    );
    const wrongCccd = writeHl7v2({
      ...person(9).dkt,
      patient: { ...person(9).dkt.patient, birthDate: '1950-01-01' },
    });
    const merge = writeHl7v2({
      ...good,
      sourceRecordId: `MRG${RUN}`,
      event: 'merge',
      mergedMrn: `NOBODY${RUN}`,
      encounter: undefined,
    });
    const file = Buffer.concat([
      writeHl7v2(good),
      Buffer.from('\n'),
      badDate,
      Buffer.from('\n'),
      wrongCccd,
      Buffer.from('\n'),
      merge,
    ]);
    const response = await upload(
      'hospital=bvdk-tinh-quang-ninh&format=hl7v2',
      file,
      tokens['it.bvdk'],
    );
    const job = (await response.json()) as { _id: string; counts: Record<string, number> };
    expect(job.counts).toEqual({ received: 4, loaded: 1, merged: 0, rejected: 3 });
    const rejected = (await (
      await fetch(`${server.url}/api/ingestion/jobs/${job._id}/rejected`, {
        headers: { authorization: `Bearer ${tokens['it.bvdk']}` },
      })
    ).json()) as {
      total: number;
      records: Array<{
        sourceRecordId: string;
        raw: string;
        outcome: { issue: Array<{ diagnostics: string }> };
      }>;
    };
    expect(rejected.total).toBe(3);
    const reasons = rejected.records.map((r) =>
      r.outcome.issue.map((i) => i.diagnostics).join(' '),
    );
    expect(reasons[0]).toMatch(/PID-7/);
    expect(reasons[1]).toMatch(/CCCD .* encodes birth year/);
    expect(reasons[2]).toMatch(new RegExp(`NOBODY${RUN}.*not known`));
    expect(rejected.records.every((r) => r.raw.startsWith('MSH|'))).toBe(true);
  });

  it('finds the patient by name without diacritics or by CCCD, at both hospitals, for reception and doctors', async () => {
    const p = PEOPLE[1]!;
    const byName = await fetch(
      `${server.url}/api/patients?q=${encodeURIComponent('hoang thi ngoc anh')}&limit=50`,
      { headers: { authorization: `Bearer ${tokens['reception.bvdk']}` } },
    );
    expect(byName.status).toBe(200);
    const names = (await byName.json()) as Array<{
      patientId: string;
      name: string;
      cccdMasked?: string;
    }>;
    expect(names.map((r) => r.patientId)).toEqual(
      expect.arrayContaining([
        patientResourceId('bvdk-tinh-quang-ninh', p.dkt.patient.mrn),
        patientResourceId('bv-san-nhi-quang-ninh', p.snh.patient.mrn),
      ]),
    );
    const byCccd = (await (
      await fetch(`${server.url}/api/patients?q=${p.dkt.patient.cccd}`, {
        headers: { authorization: `Bearer ${tokens['reception.bvdk']}` },
      })
    ).json()) as Array<{ name: string; cccdMasked?: string }>;
    expect(byCccd.map((r) => r.name).sort()).toEqual(['Hoang Thi Ngoc Anh', 'Hoàng Thị Ngọc Ánh']);
    expect(byCccd[0]?.cccdMasked).toBe(`********${p.dkt.patient.cccd!.slice(-4)}`);
    expect(
      (
        await fetch(`${server.url}/api/patients?q=hoang`, {
          headers: { authorization: `Bearer ${tokens['it.bvdk']}` },
        })
      ).status,
    ).toBe(403);
  });

  it('shows a doctor without a booking the record only through break-glass with a reason, merged across hospitals, and logs who looked', async () => {
    const p = PEOPLE[2]!;
    const doctor = await signIn('doctor.bvdk');
    const patientId = patientResourceId('bvdk-tinh-quang-ninh', p.dkt.patient.mrn);
    const headers = { authorization: `Bearer ${doctor}`, 'content-type': 'application/json' };
    const refused = await fetch(`${server.url}/api/patients/${patientId}/record`, { headers });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { type: string }).type).toBe(
      '/problems/break-glass-required',
    );
    const tooShort = await fetch(`${server.url}/api/patients/${patientId}/record/break-glass`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reason: 'cấp cứu' }),
    });
    expect(tooShort.status).toBe(400);
    const reason = 'Người bệnh vào cấp cứu, bất tỉnh, cần xem tiền sử';
    const opened = await fetch(`${server.url}/api/patients/${patientId}/record/break-glass`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reason }),
    });
    expect(opened.status).toBe(200);
    const record = (await opened.json()) as SharedRecord;
    expect(record.access).toEqual({ basis: 'break-glass', reason, consent: 'not-recorded' });
    expect(record.patients.map((linked) => linked.hospital.name).sort()).toEqual([
      'Bệnh viện Sản Nhi Quảng Ninh',
      'Bệnh viện Đa khoa tỉnh Quảng Ninh',
    ]);
    const conditions = record.timeline.filter((entry) => entry.kind === 'condition');
    expect(new Set(conditions.map((entry) => entry.hospital.id))).toEqual(
      new Set(['bvdk-tinh-quang-ninh', 'bv-san-nhi-quang-ninh']),
    );
    expect(conditions.map((entry) => entry.code)).toContain('ICD-10 E11.9');
    expect(record.labSeries.find((series) => series.key === 'loinc:14749-6')?.points).toEqual([
      expect.objectContaining({
        value: 7.3,
        hospital: expect.objectContaining({ id: 'bv-san-nhi-quang-ninh' }),
      }),
    ]);
    const access = (await (
      await fetch(`${server.url}/api/audit/patients/${patientId}/access`, { headers })
    ).json()) as { accesses: Array<{ action: string; who: { displayName?: string } }> };
    expect(access.accesses).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'break-glass' })]),
    );
  });

  it('takes HL7 v2 over MLLP: AA for a loaded message, AE with the reason for a bad one', async () => {
    const good = person(11).dkt;
    expect(await sendMllp(writeHl7v2(good))).toMatch(/^MSA\|AA\|/);
    expect(
      (
        await hapi.read<Patient>(
          'Patient',
          patientResourceId('bvdk-tinh-quang-ninh', good.patient.mrn),
        )
      ).name?.[0]?.text,
    ).toBe('Hoàng Thị Ngọc Ánh');
    const bad = Buffer.from(
      writeHl7v2(person(12).dkt)
        .toString('utf8')
        .replace(/\|1\d{3}030\d\|/, '|19990231|'),
    );
    expect(await sendMllp(bad)).toMatch(/^MSA\|AE\|/);
  });

  it('lets hospital IT upload for their own hospital only, and nobody without a sign-in', async () => {
    expect(
      (await upload('hospital=bv-san-nhi-quang-ninh&format=xml130', xmlFile, tokens['it.bvdk']))
        .status,
    ).toBe(403);
    expect(
      (
        await upload(
          'hospital=bvdk-tinh-quang-ninh&format=hl7v2',
          hl7File,
          tokens['reception.bvdk'],
        )
      ).status,
    ).toBe(403);
    expect((await upload('hospital=bvdk-tinh-quang-ninh&format=hl7v2', hl7File)).status).toBe(401);
    const wrongFormat = await upload(
      'hospital=bvdk-tinh-quang-ninh&format=pdf',
      hl7File,
      tokens['it.bvdk'],
    );
    expect(wrongFormat.status).toBe(400);
    expect(((await wrongFormat.json()) as { detail: string }).detail).toMatch(
      /format must be one of hl7v2, xml130, csv/,
    );
  });
});
