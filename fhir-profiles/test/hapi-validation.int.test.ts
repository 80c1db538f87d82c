import { beforeAll, describe, expect, it } from '@jest/globals';
import { PROFILE } from '../src/canonical.js';
import {
  type FhirPackage,
  type FhirResource,
  readFhirPackage,
  readInvalidExamples,
} from './support/fhir-package.js';

// Needs a HAPI FHIR server that installed build/package.tgz, e.g.
//   HAPI_PORT=18090 HAPI_IG_PACKAGES=$PWD/fhir-profiles/build/package.tgz java -jar docker/hapi-fhir/target/hapi-fhir-launcher.jar
//   HAPI_FHIR_URL=http://127.0.0.1:18090/fhir npm run test:int -w fhir-profiles
const baseUrl = process.env['HAPI_FHIR_URL']?.replace(/\/+$/, '');
if (!baseUrl) {
  throw new Error(
    'HAPI_FHIR_URL is not set: the fhir-profiles integration tests need a running HAPI FHIR server that installed ' +
      'fhir-profiles/build/package.tgz (e.g. HAPI_FHIR_URL=http://127.0.0.1:18090/fhir).',
  );
}

interface Issue {
  severity: string;
  diagnostics?: string;
}
interface OperationOutcome extends FhirResource {
  issue: Issue[];
}

async function put(resource: FhirResource): Promise<{ status: number; body: FhirResource }> {
  const response = await fetch(`${baseUrl}/${resource.resourceType}/${resource.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
    body: JSON.stringify(resource),
  });
  return { status: response.status, body: (await response.json()) as FhirResource };
}

async function validate(resource: FhirResource): Promise<OperationOutcome> {
  const response = await fetch(`${baseUrl}/${resource.resourceType}/$validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
    body: JSON.stringify(resource),
  });
  return (await response.json()) as OperationOutcome;
}

/** Examples ordered so that each comes after the examples it references (HAPI checks references). */
function inDependencyOrder(examples: FhirResource[]): FhirResource[] {
  const byKey = new Map(examples.map((e) => [`${e.resourceType}/${e.id}`, e]));
  const refsOf = (value: unknown, out: string[] = []): string[] => {
    if (Array.isArray(value)) value.forEach((v) => refsOf(v, out));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'reference' && typeof v === 'string') out.push(v);
        else refsOf(v, out);
      }
    }
    return out;
  };
  const ordered: FhirResource[] = [];
  const done = new Set<string>();
  const visit = (key: string, path: string[]): void => {
    if (done.has(key)) return;
    if (path.includes(key))
      throw new Error(`reference cycle among examples: ${[...path, key].join(' → ')}`);
    const example = byKey.get(key);
    if (!example) return;
    for (const ref of refsOf(example)) visit(ref, [...path, key]);
    done.add(key);
    ordered.push(example);
  };
  for (const key of [...byKey.keys()].sort()) visit(key, []);
  return ordered;
}

let pkg: FhirPackage;

beforeAll(async () => {
  pkg = await readFhirPackage();
  const metadata = await fetch(`${baseUrl}/metadata`, {
    headers: { accept: 'application/fhir+json' },
  }).catch((error: unknown) => {
    throw new Error(`HAPI FHIR is not reachable at HAPI_FHIR_URL=${baseUrl}: ${String(error)}`);
  });
  if (!metadata.ok)
    throw new Error(`HAPI FHIR at ${baseUrl} answered ${metadata.status} to GET /metadata`);
}, 60_000);

describe('HAPI FHIR with the province package installed', () => {
  it('accepts every packaged example, written in reference order', async () => {
    const examples = inDependencyOrder(pkg.examples());
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const { status, body } = await put(example);
      const summary = `${example.resourceType}/${example.id} → ${status} ${status >= 300 ? JSON.stringify(body) : ''}`;
      expect(summary).toBe(`${example.resourceType}/${example.id} → ${status} `);
      expect([200, 201]).toContain(status);
      expect(body.meta?.profile).toEqual(example.meta?.profile);
    }
  }, 120_000);

  it('rejects each invalid example with a 4xx OperationOutcome that carries its expected message', async () => {
    const cases = await readInvalidExamples();
    expect(cases.length).toBeGreaterThan(0);
    for (const { testCase, resource } of cases) {
      const { status, body } = await put(resource);
      const outcome = body as OperationOutcome;
      const errors = (outcome.issue ?? []).filter(
        (i) => i.severity === 'error' || i.severity === 'fatal',
      );
      const matched = errors.some((i) => (i.diagnostics ?? '').includes(testCase.expectedMessage));
      expect({
        file: testCase.file,
        status: status >= 400 && status < 500,
        resourceType: body.resourceType,
        matched,
        errors: matched ? [] : errors,
      }).toEqual({
        file: testCase.file,
        status: true,
        resourceType: 'OperationOutcome',
        matched: true,
        errors: [],
      });
    }
  }, 120_000);

  it('rejects a resource that does not declare one of our profiles', async () => {
    const patient = {
      ...pkg.examples().find((e) => e.resourceType === 'Patient')!,
      id: 'no-profile-declared',
    };
    delete patient.meta;
    const { status, body } = await put(patient);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(JSON.stringify(body)).toContain(PROFILE.Patient);
  });

  it('refuses a Schedule, Slot, Appointment, MedicationStatement or AuditEvent that declares no profile, naming ours', async () => {
    for (const type of [
      'Schedule',
      'Slot',
      'Appointment',
      'MedicationStatement',
      'AuditEvent',
    ] as const) {
      const example = pkg.examples().find((e) => e.resourceType === type)!;
      const resource: FhirResource = { ...example, id: `no-profile-${type.toLowerCase()}` };
      delete resource.meta;
      const { status, body } = await put(resource);
      expect([
        type,
        status >= 400 && status < 500,
        JSON.stringify(body).includes(PROFILE[type]),
      ]).toEqual([type, true, true]);
    }
  });

  it('accepts, with a warning, a CCCD whose encoded year of birth disagrees with birthDate (real data has such errors)', async () => {
    const patient: FhirResource = {
      resourceType: 'Patient',
      id: 'cccd-year-mismatch',
      meta: { profile: [PROFILE.Patient] },
      identifier: [{ system: 'https://fhir.quangninh.gov.vn/sid/cccd', value: '022068001234' }],
      name: [{ text: 'Nguyễn Văn Hùng', family: 'Nguyễn', given: ['Văn', 'Hùng'] }],
      gender: 'male',
      birthDate: '1986-03-12',
    };
    const outcome = await validate(patient);
    expect(
      outcome.issue.some(
        (i) => i.severity === 'warning' && (i.diagnostics ?? '').includes('qn-cccd-4'),
      ),
    ).toBe(true);
    const { status } = await put(patient);
    expect([200, 201]).toContain(status);
  });

  it('accepts, with warnings, a text-only diagnosis and a BHYT class level that disagrees with the card number', async () => {
    const condition: FhirResource = {
      resourceType: 'Condition',
      id: 'condition-text-only',
      meta: { profile: [PROFILE.Condition] },
      code: { text: 'Viêm phế quản cấp' },
      subject: { reference: 'Patient/patient-tran-thi-mai' },
    };
    const coverage: FhirResource = {
      resourceType: 'Coverage',
      id: 'coverage-level-mismatch',
      meta: { profile: [PROFILE.Coverage] },
      identifier: [
        {
          system: 'http://fhir.ehealth.gov.vn/core/sid/insurance_number',
          value: 'DN4222298765432',
        },
      ],
      status: 'active',
      beneficiary: { reference: 'Patient/patient-tran-thi-mai' },
      payor: [{ reference: 'Organization/bhxh-quang-ninh' }],
      class: [
        {
          type: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' },
            ],
          },
          value: '3',
        },
      ],
    };
    for (const [resource, key] of [
      [condition, 'qn-condition-1'],
      [coverage, 'qn-bhyt-4'],
    ] as const) {
      const outcome = await validate(resource);
      expect([
        key,
        outcome.issue.some((i) => i.severity === 'warning' && (i.diagnostics ?? '').includes(key)),
      ]).toEqual([key, true]);
      const { status } = await put(resource);
      expect([200, 201]).toContain(status);
    }
  });

  it('rejects an Observation that declares no profile: Observation writes need the lab or vital signs profile', async () => {
    const { status, body } = await put({
      resourceType: 'Observation',
      id: 'observation-no-profile',
      status: 'final',
      code: { text: 'Chiều cao' },
      subject: { reference: 'Patient/patient-tran-thi-mai' },
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(JSON.stringify(body)).toContain(PROFILE.ObservationLab);
  });
});
