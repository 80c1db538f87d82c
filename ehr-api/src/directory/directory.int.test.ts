import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DepartmentSummary, Facility, HospitalSummary } from '@qn/contracts';
import { loadConfig } from '../config.js';
import { FhirStore } from '../fhir/fhir-store.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';
import { BHYT_PAYOR_ID } from '../ingestion/normalise/to-fhir.js';
import { DEMO_HOSPITALS, demoDirectoryBundle } from './demo-directory.js';

describe('hospital directory loaded into HAPI FHIR', () => {
  let server: RunningServer;
  const store = new FhirStore(testHapiUrl(), { timeoutMs: 60_000 });

  beforeAll(async () => {
    await store.transaction(demoDirectoryBundle());
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('directory'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_LOG_LEVEL: 'warn',
      }),
    );
  });
  afterAll(async () => {
    await server.context.mongo.dropDatabase().catch(() => undefined);
    await server.stop();
  });

  it('changes nothing when the demo directory is loaded a second time', async () => {
    const again = await store.transaction(demoDirectoryBundle());
    const statuses = (again.entry ?? []).map((entry) => entry.response?.status ?? '');
    expect(statuses.length).toBe(demoDirectoryBundle().entry?.length);
    expect(statuses.filter((status) => status.startsWith('201'))).toEqual([]);
  });

  it('lists the three hospitals with their Ministry of Health facility codes', async () => {
    const response = await fetch(`${server.url}/api/directory/hospitals`);
    expect(response.status).toBe(200);
    const hospitals = (await response.json()) as HospitalSummary[];
    for (const demo of DEMO_HOSPITALS) {
      const hospital = hospitals.find((h) => h.id === demo.id);
      expect(hospital).toMatchObject({ name: demo.name, facilityCode: demo.facilityCode });
      expect(hospital?.departmentCount).toBeGreaterThanOrEqual(demo.departments.length);
      expect(hospital?.practitionerCount).toBeGreaterThanOrEqual(demo.practitioners.length);
    }
  });

  it('lists every demo department with its department code and directions for patients', async () => {
    const departments = (await (
      await fetch(`${server.url}/api/directory/departments`)
    ).json()) as DepartmentSummary[];
    for (const demo of DEMO_HOSPITALS) {
      for (const department of demo.departments) {
        expect(departments).toContainEqual({
          hospitalId: demo.id,
          serviceId: `hs-${demo.id}-${department.code}`,
          code: department.code,
          name: department.name,
          directions: department.directions,
        });
      }
    }
  });

  it('gives the public directory each hospital with address, coordinates, contacts and departments from HAPI', async () => {
    const response = await fetch(`${server.url}/api/directory/facilities`);
    expect(response.status).toBe(200);
    const facilities = (await response.json()) as Facility[];
    for (const demo of DEMO_HOSPITALS) {
      const facility = facilities.find((f) => f.id === demo.id);
      expect(facility).toMatchObject({
        name: demo.name,
        facilityCode: demo.facilityCode,
        address: {
          text: demo.address.text,
          lines: [demo.address.line],
          ward: demo.address.ward,
          city: 'Hạ Long',
          province: 'Quảng Ninh',
        },
        position: demo.position,
      });
      expect(facility?.aliases).toContain(demo.englishName);
      // The campus and the hospital both list the same phone: said once.
      expect(facility?.contacts.filter((c) => c.system === 'phone')).toEqual([
        { system: 'phone', value: demo.phone },
      ]);
      expect(facility?.contacts.filter((c) => c.system === 'url')).toEqual(
        demo.website ? [{ system: 'url', value: demo.website }] : [],
      );
      for (const department of demo.departments) {
        expect(facility?.departments).toContainEqual({
          hospitalId: demo.id,
          serviceId: `hs-${demo.id}-${department.code}`,
          code: department.code,
          name: department.name,
          directions: department.directions,
        });
      }
      // Only this hospital's departments, in Vietnamese alphabetical order.
      expect(facility?.departments.every((d) => d.hospitalId === demo.id)).toBe(true);
      const names = facility?.departments.map((d) => d.name) ?? [];
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'vi')));
    }
    // Insurers (no facility code) are not places to go for a check-up.
    expect(facilities.map((f) => f.id)).not.toContain(BHYT_PAYOR_ID);
  });
});
