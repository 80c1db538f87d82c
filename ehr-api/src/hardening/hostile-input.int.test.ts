import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { AvailableSlot } from '@qn/contracts';
import { cardModel } from '../cards/card-model.js';
import { loadConfig } from '../config.js';
import { seedDemoTemplates } from '../scheduling/demo-templates.js';
import { addDays, localDayOf } from '../scheduling/local-time.js';
import { schedulingModels } from '../scheduling/models.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';

/**
 * Hostile request bodies against the real API on the test stack: oversized and deeply nested
 * JSON, prototype-pollution keys, fields a client must not set, malformed JSON and wrong content
 * types. Each is a 4xx problem, never a 500 or a hang, and nothing of it reaches the store.
 * The server runs in this process, so a polluted Object.prototype would show here.
 */
const RUN = randomBytes(3).toString('hex');
const PASSWORD = `hostile-${RUN}-pw`;
const PATIENT = `it-hostile-${RUN}`;
const MEGABYTE = 1024 * 1024;

type Role = 'receptionist' | 'doctor' | 'it' | 'admin';
const USERNAMES: Record<Role, string> = {
  receptionist: 'reception.bvdk',
  doctor: 'doctor.bvdk',
  it: 'it.bvdk',
  admin: 'admin',
};

interface Target {
  name: string;
  path: string;
  role?: Role;
  headers?: Record<string, string>;
}

/** Every JSON-taking endpoint with its caller, so the body is read (authentication comes first on most). */
const JSON_TARGETS: Target[] = [
  { name: 'sign-in', path: '/api/auth/sign-in' },
  {
    name: 'staff booking',
    path: '/api/bookings',
    role: 'receptionist',
    headers: { 'Idempotency-Key': `hostile-${RUN}` },
  },
  {
    name: 'kiosk booking',
    path: '/api/kiosk/bookings',
    headers: { 'Idempotency-Key': `hostile-${RUN}` },
  },
  { name: 'card issue', path: '/api/cards', role: 'receptionist' },
  { name: 'card revoke', path: '/api/cards/QN-NONE-0000/revoke', role: 'receptionist' },
  { name: 'identity unlink', path: '/api/identity/unlink', role: 'it' },
  { name: 'identity decision', path: '/api/identity/reviews/none/decision', role: 'it' },
  { name: 'break-glass', path: `/api/patients/${PATIENT}/record/break-glass`, role: 'doctor' },
  { name: 'FHIR facade', path: '/fhir/Patient', role: 'admin' },
];

describe('hostile request bodies', () => {
  let server: RunningServer;
  const tokens: Partial<Record<Role, string>> = {};
  let slot: AvailableSlot;

  async function send(
    target: Target,
    body: string | Buffer,
    contentType = 'application/json',
  ): Promise<{ status: number; type: string; json: Record<string, unknown>; ms: number }> {
    const token = target.role ? tokens[target.role] : undefined;
    const started = performance.now();
    const response = await fetch(`${server.url}${target.path}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...target.headers,
      },
      body,
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // asserted through `type` by the callers
    }
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      json,
      ms: performance.now() - started,
    };
  }

  async function stillServing(): Promise<void> {
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
  }

  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        QN_API_HOST: '127.0.0.1',
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('hostile'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_CARD_META_KEY: randomBytes(16).toString('hex'),
        QN_CARD_MASTER_KEY: randomBytes(16).toString('hex'),
        QN_INGEST_MAX_UPLOAD_BYTES: String(MEGABYTE),
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
    for (const [role, username] of Object.entries(USERNAMES) as Array<[Role, string]>) {
      const response = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      tokens[role] = ((await response.json()) as { accessToken: string }).accessToken;
    }
    const today = localDayOf(new Date());
    const slots = (await (
      await fetch(
        `${server.url}/api/availability?from=${addDays(today, 1)}&to=${addDays(today, 14)}&limit=1`,
      )
    ).json()) as AvailableSlot[];
    if (!slots[0])
      throw new Error('no free slot in the next two weeks: the demo templates were not seeded');
    slot = slots[0];
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers 413 problem+json to a body over 1 MB on every JSON endpoint, and over the upload limit on ingestion', async () => {
    for (const target of JSON_TARGETS) {
      // The FHIR facade takes resources up to 2 MB.
      const size = target.name === 'FHIR facade' ? 3 * MEGABYTE : MEGABYTE + 1;
      const body = JSON.stringify({ slotId: 'x'.repeat(size) });
      const answer = await send(target, body);
      expect({ target: target.name, status: answer.status }).toEqual({
        target: target.name,
        status: 413,
      });
      if (target.name !== 'FHIR facade') {
        expect(answer.type).toContain('application/problem+json');
        expect(answer.json).toMatchObject({ status: 413, type: '/problems/body-too-large' });
      }
    }
    const upload = await send(
      {
        name: 'upload',
        path: '/api/ingestion/jobs?hospital=bvdk-tinh-quang-ninh&format=hl7v2',
        role: 'it',
      },
      Buffer.alloc(MEGABYTE + 1, 0x41),
      'application/octet-stream',
    );
    expect(upload.status).toBe(413);
    expect(upload.type).toContain('application/problem+json');
    await stillServing();
  });

  it('refuses JSON nested 10,000 deep with a 4xx at once on every JSON endpoint, and keeps serving', async () => {
    const depth = 10_000;
    const deep = `{"slotId":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    for (const target of JSON_TARGETS) {
      const answer = await send(target, deep);
      expect({ target: target.name, status: answer.status >= 400 && answer.status < 500 }).toEqual({
        target: target.name,
        status: true,
      });
      expect(answer.ms).toBeLessThan(2000);
    }
    // The FHIR facade takes 2 MB, so the depth itself must be what refuses it.
    const fhir = await send(
      JSON_TARGETS.find((t) => t.name === 'FHIR facade')!,
      `{"resourceType":"Patient","extension":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );
    expect(fhir.status).toBe(400);
    expect(JSON.stringify(fhir.json)).toContain('nested');
    await stillServing();
  });

  it('stores nothing and pollutes no prototype when bodies carry __proto__ and constructor.prototype keys', async () => {
    const polluting = [
      '{"__proto__":{"polluted":"yes"},"patientId":"p-1","uid":"04AABBCCDDEEFF"}',
      '{"constructor":{"prototype":{"polluted":"yes"}},"patientId":"p-1","uid":"04AABBCCDDEEF0"}',
      '{"username":"reception.bvdk","password":"x","__proto__":{"polluted":"yes","role":"admin"}}',
      `{"slotId":"${slot.slotId}","patientId":"${PATIENT}","__proto__":{"polluted":"yes","status":"checked-in"}}`,
      // resourceType does not match the URL, so the facade refuses it itself and nothing reaches the shared HAPI.
      '{"resourceType":"Observation","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
    ];
    for (const target of JSON_TARGETS) {
      for (const body of polluting) {
        const answer = await send(target, body);
        expect(answer.status).toBeLessThan(500);
      }
    }
    for (const query of [
      '__proto__[polluted]=yes',
      'constructor[prototype][polluted]=yes',
      '__proto__.polluted=yes',
    ]) {
      const answer = await fetch(
        `${server.url}/api/availability?from=2026-01-01&to=2026-01-02&${query}`,
      );
      expect(answer.status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(await cardModel(server.context.mongo).countDocuments({ patientId: 'p-1' })).toBe(0);
    expect(
      await schedulingModels(server.context.mongo).bookings.countDocuments({ patientId: PATIENT }),
    ).toBe(0);
  });

  it('refuses fields a client may not set (status, hospitalId, createdBy, _id, role) on bookings, cards and identity, and stores nothing of them', async () => {
    const forbidden = {
      status: 'checked-in',
      hospitalId: 'bv-bai-chay',
      createdBy: 'user:someone-else',
      _id: `forged-${RUN}`,
      role: 'admin',
    };
    const booking = await send(
      JSON_TARGETS[1]!,
      JSON.stringify({ slotId: slot.slotId, patientId: PATIENT, ...forbidden }),
    );
    expect(booking.status).toBe(400);
    expect(booking.type).toContain('application/problem+json');
    expect(
      await schedulingModels(server.context.mongo).bookings.countDocuments({ patientId: PATIENT }),
    ).toBe(0);

    const uid = `04${randomBytes(6).toString('hex').toUpperCase()}`;
    const card = await send(
      JSON_TARGETS[3]!,
      JSON.stringify({
        patientId: PATIENT,
        uid,
        ...forbidden,
        keyVersion: 0,
        lastCounter: 999_999,
      }),
    );
    expect(card.status).toBe(400);
    expect(await cardModel(server.context.mongo).countDocuments({ uid })).toBe(0);

    const unlink = await send(
      JSON_TARGETS[5]!,
      JSON.stringify({
        hospital: 'bv-bai-chay',
        mrn: 'BC-1',
        reason: 'kiểm tra',
        by: 'user:someone-else',
        ...forbidden,
      }),
    );
    expect(unlink.status).toBe(400);
    const breakGlass = await send(
      JSON_TARGETS[7]!,
      JSON.stringify({ reason: 'cấp cứu, bệnh nhân bất tỉnh', basis: 'treatment' }),
    );
    expect(breakGlass.status).toBe(400);

    // The same requests without those fields are taken, and the stored records are the server's own.
    const valid = await send(
      { ...JSON_TARGETS[1]!, headers: { 'Idempotency-Key': `hostile-valid-${RUN}` } },
      JSON.stringify({ slotId: slot.slotId, patientId: PATIENT }),
    );
    expect(valid.status).toBe(201);
    const stored = await schedulingModels(server.context.mongo)
      .bookings.findOne({ patientId: PATIENT })
      .lean();
    expect(stored).toMatchObject({ status: 'booked', hospitalId: slot.hospitalId });
    expect(stored?._id).not.toBe(`forged-${RUN}`);
  });

  it('signs a member of staff in with their own role whatever role the sign-in body claims', async () => {
    const answer = await send(
      JSON_TARGETS[0]!,
      JSON.stringify({
        username: USERNAMES.receptionist,
        password: PASSWORD,
        role: 'admin',
        hospital: 'bv-bai-chay',
        _id: 'usr-admin',
      }),
    );
    const user = (answer.json.user ?? {}) as Record<string, unknown>;
    if (answer.status === 200) {
      expect(user).toMatchObject({
        username: USERNAMES.receptionist,
        role: 'receptionist',
        hospital: 'bvdk-tinh-quang-ninh',
      });
      const me = await fetch(`${server.url}/api/audit/events?limit=1`, {
        headers: { authorization: `Bearer ${String(answer.json.accessToken)}` },
      });
      expect(me.status).toBe(403);
    } else {
      expect(answer.status).toBe(400);
    }
  });

  it('answers 400 malformed-json problem details to broken JSON on every JSON endpoint', async () => {
    for (const body of ['{"slotId": ', '{slotId: 1}', '{"a":1}}', "{'a':1}", '\u0000{}']) {
      for (const target of JSON_TARGETS) {
        const answer = await send(target, body);
        expect({ target: target.name, body, status: answer.status }).toEqual({
          target: target.name,
          body,
          status: 400,
        });
        if (target.name !== 'FHIR facade')
          expect(answer.json).toMatchObject({ status: 400, type: '/problems/malformed-json' });
      }
    }
    await stillServing();
  });

  it('answers 415 or 400 to a body sent with the wrong content type or charset', async () => {
    const body = JSON.stringify({ patientId: PATIENT, uid: '04AABBCCDDEE01' });
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await send(JSON_TARGETS[3]!, body, contentType);
      expect([400, 415]).toContain(answer.status);
      expect(answer.type).toContain('application/problem+json');
    }
    const latin1 = await send(JSON_TARGETS[3]!, body, 'application/json; charset=x-unknown-8');
    expect(latin1.status).toBe(415);
    expect(await cardModel(server.context.mongo).countDocuments({ uid: '04AABBCCDDEE01' })).toBe(0);
  });

  it('rejects the one export record holding a NUL byte and still loads the rest of the file', async () => {
    const golden = readFileSync(
      path.join(
        path.dirname(fileURLToPath(import.meta.url)),
        '../ingestion/adapters/csv/fixtures/golden/bv-bai-chay-luot-kham.csv',
      ),
      'utf8',
    );
    const rows: string[][] = parseCsv(golden, { relax_column_count: true });
    const [header, first, second] = rows;
    // Run-unique visit and patient numbers and no CCCD or BHYT number: nothing links to other tests' patients.
    const row = (source: string[], n: number, mrn: string): string[] =>
      source.map((value, i) =>
        i === 0 ? `HX${RUN}0${n}` : i === 1 ? mrn : i === 7 || i === 8 ? '' : value,
      );
    const file = stringifyCsv([
      header!,
      row(first!, 1, `HX-${RUN}-1\u0000`),
      row(second!, 2, `HX-${RUN}-2`),
    ]);
    const upload = await send(
      {
        name: 'upload',
        path: '/api/ingestion/jobs?hospital=bv-bai-chay&format=csv&name=nul-byte.csv',
        role: 'admin',
      },
      Buffer.from(file, 'utf8'),
      'text/csv',
    );
    expect(upload.status).toBe(201);
    expect(upload.json).toMatchObject({ status: 'finished', counts: { received: 2, rejected: 1 } });
    const rejected = await fetch(
      `${server.url}/api/ingestion/jobs/${String(upload.json._id)}/rejected`,
      { headers: { authorization: `Bearer ${tokens.admin}` } },
    );
    const page = (await rejected.json()) as {
      records: Array<{ raw: string; outcome: unknown }>;
    };
    expect(page.records).toHaveLength(1);
    expect(JSON.stringify(page.records[0]?.outcome)).toContain('control-character');
    expect(page.records[0]?.raw).toContain(`HX-${RUN}-1\u2400`);
  });

  it('refuses text holding NUL characters with 400 naming the field, instead of failing in the database', async () => {
    const search = await fetch(`${server.url}/api/patients?q=${encodeURIComponent('Lan\u0000')}`, {
      headers: { authorization: `Bearer ${tokens.receptionist}` },
    });
    expect(search.status).toBe(400);
    expect(await search.json()).toMatchObject({ errors: [{ field: 'q' }] });
    const signIn = await send(
      JSON_TARGETS[0]!,
      JSON.stringify({ username: 'admin\u0000', password: 'x' }),
    );
    expect(signIn.status).toBe(400);
    const history = await fetch(
      `${server.url}/api/identity/members/bv-bai-chay/${encodeURIComponent('BC\u0000')}/history`,
      { headers: { authorization: `Bearer ${tokens.it}` } },
    );
    expect(history.status).toBe(400);
  });
});
