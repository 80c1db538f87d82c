import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Bundle, OperationOutcome, Organization, Patient } from 'fhir/r4.js';
import { randomInt } from 'node:crypto';
import { decodeJwt } from 'jose';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { IDENTIFIER_SYSTEM, PROFILE } from './profiles.js';

const CCCD_SYSTEM = IDENTIFIER_SYSTEM.cccd;

function patient(cccd: string, overrides: Partial<Patient> = {}): Patient {
  return {
    resourceType: 'Patient',
    meta: { profile: [PROFILE.Patient] },
    identifier: [{ system: CCCD_SYSTEM, value: cccd }],
    name: [{ use: 'official', text: 'Nguyễn Thị Lan', family: 'Nguyễn', given: ['Thị', 'Lan'] }],
    gender: 'female',
    birthDate: '1990-05-14',
    ...overrides,
  };
}

/** A CCCD of a woman born in 1990 whose birth was registered in Quang Ninh (province 022). */
function uniqueCccd(): string {
  return `022190${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

describe('FHIR facade against the real HAPI FHIR server', () => {
  let server: RunningServer;
  let hospitalIt: Record<string, string> = {};
  let doctor: Record<string, string> = {};
  let signIn: (username: string) => Promise<Record<string, string>>;

  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('facade'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_LOG_LEVEL: 'warn',
      }),
    );
    // Connected systems sign in as hospital IT; the directory types stay public.
    const password = `facade-${randomInt(1e9)}-pw`;
    await server.context.users.seedDemoUsers({
      receptionist: password,
      doctor: password,
      'hospital-it': password,
      admin: password,
    });
    signIn = async (username: string): Promise<Record<string, string>> => {
      const response = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      return {
        authorization: `Bearer ${((await response.json()) as { accessToken: string }).accessToken}`,
      };
    };
    hospitalIt = await signIn('it.bvdk');
    doctor = await signIn('doctor.bvdk');
  });
  afterAll(async () => {
    await server.context.mongo.dropDatabase().catch(() => undefined);
    await server.stop();
  });

  it('reads the directory without a sign-in, refuses patient data without one and to doctors, and audits the reads', async () => {
    expect((await fetch(`${server.url}/fhir/Organization?_count=1`)).status).toBe(200);
    const anonymous = await fetch(`${server.url}/fhir/Patient?_count=1`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { resourceType: string }).resourceType).toBe(
      'OperationOutcome',
    );
    expect(
      (await fetch(`${server.url}/fhir/Observation?_count=1`, { headers: doctor })).status,
    ).toBe(403);
    expect(
      (await fetch(`${server.url}/fhir/Patient?_count=1`, { headers: hospitalIt })).status,
    ).toBe(200);
    const log = await server.context.audit.search({ limit: 20 });
    expect(
      log.events.some(
        (event) =>
          event.resource?.type === 'Patient' &&
          event.action === 'search' &&
          event.outcome === 'success',
      ),
    ).toBe(true);
    expect(
      log.events.filter(
        (event) => event.outcome === 'denied' && event.resource?.type === 'Observation',
      ),
    ).toHaveLength(1);
  });

  it('stores a profiled patient in HAPI and reads the same patient back', async () => {
    const cccd = uniqueCccd();
    const created = await fetch(`${server.url}/fhir/Patient`, {
      method: 'POST',
      headers: { ...hospitalIt, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(patient(cccd)),
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as Patient;
    expect(body.id).toBeTruthy();
    expect(created.headers.get('location')).toBe(`/fhir/Patient/${body.id}`);

    const read = await fetch(`${server.url}/fhir/Patient/${body.id}`, { headers: hospitalIt });
    expect(read.status).toBe(200);
    const readBack = (await read.json()) as Patient;
    expect(readBack.identifier?.[0]?.value).toBe(cccd);
    expect(readBack.name?.[0]?.text).toBe('Nguyễn Thị Lan');

    const search = await fetch(
      `${server.url}/fhir/Patient?identifier=${encodeURIComponent(`${CCCD_SYSTEM}|${cccd}`)}`,
      { headers: hospitalIt },
    );
    const bundle = (await search.json()) as { total?: number; entry?: unknown[] };
    expect(bundle.entry).toHaveLength(1);
  });

  it("passes on HAPI's OperationOutcome with a 4xx when a CCCD breaks the profile's 12-digit rule", async () => {
    const response = await fetch(`${server.url}/fhir/Patient`, {
      method: 'POST',
      headers: { ...hospitalIt, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(patient('02219000123')),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const outcome = (await response.json()) as OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    const messages = outcome.issue
      .map((issue) => `${issue.diagnostics ?? ''} ${issue.details?.text ?? ''}`)
      .join('\n');
    expect(messages).toMatch(/qn-cccd-1|12 chữ số|12 digits/);
  });

  it('refuses a patient that does not declare the province profile, saying which profile is required', async () => {
    const response = await fetch(`${server.url}/fhir/Patient`, {
      method: 'POST',
      headers: { ...hospitalIt, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(patient(uniqueCccd(), { meta: {} })),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const outcome = (await response.json()) as OperationOutcome;
    expect(JSON.stringify(outcome)).toContain(PROFILE.Patient);
  });

  it('answers 400 with an OperationOutcome when the body and the URL name different resource types', async () => {
    const response = await fetch(`${server.url}/fhir/Organization`, {
      method: 'POST',
      headers: { ...hospitalIt, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(patient(uniqueCccd())),
    });
    expect(response.status).toBe(400);
    const outcome = (await response.json()) as OperationOutcome;
    expect(outcome.issue[0]?.diagnostics).toContain('URL says Organization');
  });

  it("refuses to write a patient's Consent: it decides who reads the record, and has its own API", async () => {
    for (const method of ['POST', 'PUT'] as const) {
      const response = await fetch(
        `${server.url}/fhir/Consent${method === 'PUT' ? '/share-someone' : ''}`,
        {
          method,
          headers: { ...hospitalIt, 'Content-Type': 'application/fhir+json' },
          body: JSON.stringify({ resourceType: 'Consent', status: 'active' }),
        },
      );
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('/api/patients/{id}/consent');
    }
  });

  it('answers 400, not 500, to a body that is not JSON', async () => {
    const response = await fetch(`${server.url}/fhir/Patient`, {
      method: 'POST',
      headers: { ...hospitalIt, 'Content-Type': 'application/fhir+json' },
      body: '{"resourceType": "Patient",',
    });
    expect(response.status).toBe(400);
    const outcome = (await response.json()) as OperationOutcome;
    expect(outcome.issue[0]?.diagnostics).toMatch(/not valid JSON/);
  });

  it('refuses every read, search and write on a signed-out token, though HAPI is asked while the session is checked', async () => {
    const itToken = await signIn('it.bvdk');
    const existing = await fetch(`${server.url}/fhir/Patient`, {
      method: 'POST',
      headers: { ...hospitalIt, 'content-type': 'application/fhir+json' },
      body: JSON.stringify(patient(uniqueCccd())),
    });
    const { id } = (await existing.json()) as Patient;
    // Signed in and able to read...
    expect((await fetch(`${server.url}/fhir/Patient/${id}`, { headers: itToken })).status).toBe(
      200,
    );
    const out = await fetch(`${server.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: itToken,
    });
    expect(out.status).toBe(204);
    const before = await server.context.audit.search({ limit: 50 });
    // ...then signed out: the same token, still within its signature's lifetime, gets nothing.
    const cccd = uniqueCccd();
    const attempts = await Promise.all([
      fetch(`${server.url}/fhir/Patient/${id}`, { headers: itToken }),
      fetch(`${server.url}/fhir/Patient/does-not-exist-${randomInt(1e9)}`, { headers: itToken }),
      fetch(`${server.url}/fhir/Patient?identifier=${CCCD_SYSTEM}|${cccd}`, { headers: itToken }),
      fetch(`${server.url}/fhir/Patient`, {
        method: 'POST',
        headers: { ...itToken, 'content-type': 'application/fhir+json' },
        body: JSON.stringify(patient(cccd)),
      }),
    ]);
    for (const response of attempts) {
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(text).toMatch(/session/);
      expect(text).not.toContain('Nguyễn');
    }
    // Nothing was written, and each refusal is in the audit log, none as a success.
    const search = await fetch(`${server.url}/fhir/Patient?identifier=${CCCD_SYSTEM}|${cccd}`, {
      headers: hospitalIt,
    });
    expect(
      ((await search.json()) as { total?: number; entry?: unknown[] }).entry ?? [],
    ).toHaveLength(0);
    const after = await server.context.audit.search({ limit: 50 });
    const sessionId = decodeJwt(itToken.authorization!.slice('Bearer '.length)).sid;
    const fresh = after.events.filter((e) => !before.events.some((b) => b.eventId === e.eventId));
    expect(
      fresh.filter((e) => e.outcome === 'denied' && e.who.sessionId === undefined),
    ).toHaveLength(4);
    expect(fresh.filter((e) => e.who.sessionId === sessionId)).toHaveLength(0);
  });

  it('pages through the facade: links and fullUrls name the API, never HAPI, and a patient page needs the sign-in', async () => {
    for (let i = 0; i < 2; i++)
      await fetch(`${server.url}/fhir/Patient`, {
        method: 'POST',
        headers: { ...hospitalIt, 'content-type': 'application/fhir+json' },
        body: JSON.stringify(patient(uniqueCccd())),
      });
    type Page = {
      resourceType: string;
      link?: { relation: string; url: string }[];
      entry?: { fullUrl?: string; resource?: { resourceType: string; id?: string } }[];
    };
    const first = (await (
      await fetch(`${server.url}/fhir/Patient?_count=1`, { headers: hospitalIt })
    ).json()) as Page;
    const text = JSON.stringify(first);
    expect(text).not.toContain(testHapiUrl());
    expect(first.entry?.[0]?.fullUrl).toBe(
      `${server.url}/fhir/Patient/${first.entry?.[0]?.resource?.id}`,
    );
    const next = first.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toMatch(new RegExp(`^${server.url}/fhir\\?_getpages=`));

    // Without the sign-in a page of patients is refused; with it, it is the next patient.
    expect((await fetch(next!)).status).toBe(401);
    const before = await server.context.audit.search({ limit: 5 });
    const second = await fetch(next!, { headers: hospitalIt });
    expect(second.status).toBe(200);
    const page = (await second.json()) as Page;
    expect(page.entry).toHaveLength(1);
    expect(page.entry?.[0]?.resource?.id).not.toBe(first.entry?.[0]?.resource?.id);
    expect(JSON.stringify(page)).not.toContain(testHapiUrl());
    const audited = (await server.context.audit.search({ limit: 5 })).events.filter(
      (e) => !before.events.some((b) => b.eventId === e.eventId),
    );
    expect(audited).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'search',
          outcome: 'success',
          patientIds: [page.entry?.[0]?.resource?.id],
        }),
      ]),
    );

    // The directory's pages stay public.
    const organizations = (await (
      await fetch(`${server.url}/fhir/Organization?_count=1`)
    ).json()) as Page;
    const orgNext = organizations.link?.find((l) => l.relation === 'next')?.url;
    expect(orgNext).toMatch(new RegExp(`^${server.url}/fhir\\?_getpages=`));
    const orgPage = await fetch(orgNext!);
    expect(orgPage.status).toBe(200);
    expect(((await orgPage.json()) as Page).entry?.[0]?.resource?.resourceType).toBe(
      'Organization',
    );
    // GET /fhir without a page to fetch says how to search.
    const bare = await fetch(`${server.url}/fhir?name=x`, { headers: hospitalIt });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toMatch(/_getpages/);
  });

  it('answers the directory from its cache, and shows a directory change made through it at once', async () => {
    const id = `it-payer-${randomInt(1e9)}`;
    const organization = (name: string): Organization => ({
      resourceType: 'Organization',
      id,
      meta: { profile: [PROFILE.Organization] },
      active: true,
      name,
    });
    const put = (base: string, name: string, headers: Record<string, string>): Promise<Response> =>
      fetch(`${base}/Organization/${id}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/fhir+json' },
        body: JSON.stringify(organization(name)),
      });
    const nameThroughFacade = async (): Promise<{ name?: string; age: string | null }> => {
      const response = await fetch(`${server.url}/fhir/Organization/${id}`);
      expect(response.status).toBe(200);
      return {
        name: ((await response.json()) as Organization).name,
        age: response.headers.get('age'),
      };
    };
    expect((await put(`${server.url}/fhir`, 'Bảo hiểm A', hospitalIt)).status).toBe(200);
    expect(await nameThroughFacade()).toEqual({ name: 'Bảo hiểm A', age: null });

    // Written straight to HAPI, as another API instance would: this one answers from its cache.
    expect((await put(testHapiUrl(), 'Bảo hiểm B', {})).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const cached = await nameThroughFacade();
    expect(cached.name).toBe('Bảo hiểm A');
    expect(Number(cached.age)).toBeGreaterThanOrEqual(1);

    // Written through this instance: the cache is forgotten, the next read shows the change.
    expect((await put(`${server.url}/fhir`, 'Bảo hiểm C', hospitalIt)).status).toBe(200);
    expect(await nameThroughFacade()).toEqual({ name: 'Bảo hiểm C', age: null });
    const search = await fetch(`${server.url}/fhir/Organization?_id=${id}`);
    expect(((await search.json()) as Bundle<Organization>).entry?.[0]?.resource).toMatchObject({
      name: 'Bảo hiểm C',
    });
  });

  it('answers 404 with an OperationOutcome for a patient that does not exist', async () => {
    const response = await fetch(`${server.url}/fhir/Patient/does-not-exist-${randomInt(1e9)}`, {
      headers: hospitalIt,
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
  });
});
