import { beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  CANONICAL_BASE,
  CORE_EXTENSION,
  DATATYPE_PROFILE,
  EXTENSION,
  IDENTIFIER_SYSTEM,
  INVARIANT,
  PACKAGE_ID,
  PACKAGE_VERSION,
  PROFILE,
  PROFILE_RESOURCE_TYPE,
  type ProfileKey,
  SOURCE_RECORD_SYSTEMS,
  TERMINOLOGY,
  UNPROFILED_RESOURCE_TYPES,
  profilesFor,
  queueNumberValue,
  sourceRecordSystem,
} from '../src/canonical.js';
import {
  type FhirPackage,
  type FhirResource,
  INVALID_EXAMPLES_DIR,
  readFhirPackage,
} from './support/fhir-package.js';

interface IndexFile {
  'index-version': number;
  files: { filename: string; resourceType: string; id: string; url?: string }[];
}

let pkg: FhirPackage;

beforeAll(async () => {
  pkg = await readFhirPackage();
});

describe('package manifest', () => {
  it('names the province package and depends on R4 core when read from package/package.json', () => {
    const manifest = pkg.json<Record<string, unknown>>('package/package.json');
    expect(manifest).toMatchObject({
      name: PACKAGE_ID,
      version: PACKAGE_VERSION,
      canonical: CANONICAL_BASE,
      fhirVersions: ['4.0.1'],
      type: 'fhir.ig',
      dependencies: { 'hl7.fhir.r4.core': '4.0.1' },
    });
  });

  it('lists every root resource in package/.index.json with its filename, type, id and url', () => {
    const index = pkg.json<IndexFile>('package/.index.json');
    expect(index['index-version']).toBe(1);
    const listed = index.files.map((f) => `package/${f.filename}`).sort();
    const present = [...pkg.files.keys()]
      .filter((f) => /^package\/[^/.][^/]*\.json$/.test(f) && f !== 'package/package.json')
      .sort();
    expect(listed).toEqual(present);
    for (const entry of index.files) {
      const resource = pkg.json(`package/${entry.filename}`);
      expect(entry).toMatchObject({ resourceType: resource.resourceType, id: resource.id });
      expect(entry.filename).toBe(`${resource.resourceType}-${resource.id}.json`);
      if (resource.url) expect(entry.url).toBe(resource.url);
    }
  });

  it('lists every example in package/example/.index.json', () => {
    const index = pkg.json<IndexFile>('package/example/.index.json');
    const listed = index.files.map((f) => `package/example/${f.filename}`).sort();
    const present = [...pkg.files.keys()]
      .filter((f) => /^package\/example\/[^/.][^/]*\.json$/.test(f))
      .sort();
    expect(listed).toEqual(present);
  });
});

describe('conformance resources', () => {
  it('contains a resource profile for each resource type the API writes', () => {
    for (const [key, url] of Object.entries(PROFILE)) {
      const sd = pkg.structureDefinition(url);
      expect(sd).toMatchObject({
        type: PROFILE_RESOURCE_TYPE[key as ProfileKey],
        kind: 'resource',
        derivation: 'constraint',
        status: 'active',
      });
      expect(sd.snapshot?.element.length).toBeGreaterThan(0);
    }
  });

  it('contains no resource profile other than the ones listed in src/canonical.ts', () => {
    const profiles = pkg
      .conformance()
      .filter(
        (r) =>
          r.resourceType === 'StructureDefinition' &&
          r['kind'] === 'resource' &&
          r['derivation'] === 'constraint',
      )
      .map((r) => r.url);
    expect([...profiles].sort()).toEqual(Object.values(PROFILE).sort());
  });

  it('leaves unprofiled only the identity links and clinical notes, by design', () => {
    expect([...UNPROFILED_RESOURCE_TYPES].sort()).toEqual(['ClinicalImpression', 'Person']);
    const profiledTypes = new Set(
      pkg
        .conformance()
        .filter((r) => r.resourceType === 'StructureDefinition' && r['kind'] === 'resource')
        .map((r) => r['type']),
    );
    for (const type of UNPROFILED_RESOURCE_TYPES) {
      expect([type, profilesFor(type)]).toEqual([type, []]);
      expect([type, profiledTypes.has(type)]).toEqual([type, false]);
    }
  });

  it('profiles Provenance (written by the ingestion) and Consent', () => {
    expect(profilesFor('Provenance')).toEqual([PROFILE.Provenance]);
    expect(profilesFor('Consent')).toEqual([PROFILE.Consent]);
  });

  it('profiles scheduling (Schedule, Slot, Appointment), MedicationStatement and AuditEvent, one profile each', () => {
    for (const type of [
      'Schedule',
      'Slot',
      'Appointment',
      'MedicationStatement',
      'AuditEvent',
    ] as const)
      expect([type, profilesFor(type)]).toEqual([type, [PROFILE[type]]]);
  });

  it('binds serviceType (required) to the appointment service types on Schedule, Slot and Appointment', () => {
    for (const [url, type] of [
      [PROFILE.Schedule, 'Schedule'],
      [PROFILE.Slot, 'Slot'],
      [PROFILE.Appointment, 'Appointment'],
    ] as const) {
      const element = pkg
        .structureDefinition(url)
        .snapshot?.element.find((e) => e.id === `${type}.serviceType`) as
        { binding?: { strength: string; valueSet: string } } | undefined;
      expect([type, element?.binding?.strength, element?.binding?.valueSet]).toEqual([
        type,
        'required',
        TERMINOLOGY.appointmentServiceTypeValueSet,
      ]);
    }
  });

  it('fixes the Appointment identifier slices to the booking id (required), ticket and queue number systems', () => {
    const elements = pkg.structureDefinition(PROFILE.Appointment).snapshot?.element ?? [];
    const slice = (name: string): { min?: number; max?: string; fixedUri?: string } => {
      const root = elements.find((e) => e.id === `Appointment.identifier:${name}`);
      const system = elements.find((e) => e.id === `Appointment.identifier:${name}.system`) as
        { fixedUri?: string } | undefined;
      return { min: root?.min, max: root?.max, fixedUri: system?.fixedUri };
    };
    expect(slice('bookingId')).toEqual({ min: 1, max: '1', fixedUri: IDENTIFIER_SYSTEM.bookingId });
    expect(slice('ticketCode')).toEqual({
      min: 0,
      max: '1',
      fixedUri: IDENTIFIER_SYSTEM.bookingTicket,
    });
    expect(slice('queueNumber')).toEqual({
      min: 0,
      max: '1',
      fixedUri: IDENTIFIER_SYSTEM.queueNumber,
    });
    expect(queueNumberValue('hs-bv-bai-chay-tai-mui-hong', '2026-12-01', 12)).toBe(
      'hs-bv-bai-chay-tai-mui-hong/2026-12-01/12',
    );
  });

  it('puts the scheduling, medication and audit rules on their profiles, as errors', () => {
    const rootKeys = (url: string, type: string): string[] =>
      (pkg.structureDefinition(url).snapshot?.element.find((e) => e.id === type)?.constraint ?? [])
        .filter((c) => c.severity === 'error')
        .map((c) => c.key);
    expect(rootKeys(PROFILE.Schedule, 'Schedule')).toEqual(
      expect.arrayContaining([
        INVARIANT.scheduleNamesWhoIsBooked,
        INVARIANT.scheduleLeadsToHospital,
      ]),
    );
    expect(rootKeys(PROFILE.Slot, 'Slot')).toContain(INVARIANT.endAfterStart);
    expect(rootKeys(PROFILE.Appointment, 'Appointment')).toEqual(
      expect.arrayContaining([
        INVARIANT.endAfterStart,
        INVARIANT.appointmentHasPatient,
        INVARIANT.appointmentHasPlace,
      ]),
    );
    expect(rootKeys(PROFILE.MedicationStatement, 'MedicationStatement')).toContain(
      INVARIANT.medicationHasLocalCode,
    );
    expect(rootKeys(PROFILE.AuditEvent, 'AuditEvent')).toEqual(
      expect.arrayContaining([
        INVARIANT.auditClientAndServerAgents,
        INVARIANT.auditPatientEntityNamesPatient,
      ]),
    );
  });

  it('derives the vital signs profile from the base R4 vital signs profile', () => {
    expect(pkg.structureDefinition(PROFILE.ObservationVitalSigns).baseDefinition).toBe(
      'http://hl7.org/fhir/StructureDefinition/vitalsigns',
    );
  });

  it('gives each clinical profile the cardinalities agreed for real hospital data', () => {
    const minOf = (url: string, id: string): number | undefined =>
      pkg.structureDefinition(url).snapshot?.element.find((e) => e.id === id)?.min;
    expect(minOf(PROFILE.Encounter, 'Encounter.serviceProvider')).toBe(1);
    expect(minOf(PROFILE.Encounter, 'Encounter.subject')).toBe(1);
    expect(minOf(PROFILE.Encounter, 'Encounter.identifier')).toBe(0);
    expect(minOf(PROFILE.Encounter, 'Encounter.period')).toBe(0);
    expect(minOf(PROFILE.Condition, 'Condition.code')).toBe(1);
    expect(minOf(PROFILE.Condition, 'Condition.encounter')).toBe(0);
    expect(minOf(PROFILE.Condition, 'Condition.recordedDate')).toBe(0);
    expect(minOf(PROFILE.ObservationLab, 'Observation.category:laboratory')).toBe(1);
    expect(minOf(PROFILE.ObservationLab, 'Observation.code.coding:loinc')).toBe(0);
    expect(minOf(PROFILE.ObservationLab, 'Observation.referenceRange')).toBe(0);
    expect(minOf(PROFILE.MedicationRequest, 'MedicationRequest.dosageInstruction')).toBe(0);
    expect(minOf(PROFILE.Coverage, 'Coverage.identifier:bhyt')).toBe(0);
    expect(minOf(PROFILE.Coverage, 'Coverage.class:benefitLevel')).toBe(0);
    expect(minOf(PROFILE.Provenance, 'Provenance.target')).toBe(1);
    expect(minOf(PROFILE.Provenance, 'Provenance.entity')).toBe(0);
    expect(minOf(PROFILE.Consent, 'Consent.patient')).toBe(1);
    expect(minOf(PROFILE.Consent, 'Consent.dateTime')).toBe(1);
    expect(minOf(PROFILE.Consent, 'Consent.organization')).toBe(0);
    expect(minOf(PROFILE.Slot, 'Slot.schedule')).toBe(1);
    expect(minOf(PROFILE.Slot, 'Slot.start')).toBe(1);
    expect(minOf(PROFILE.Slot, 'Slot.end')).toBe(1);
    expect(minOf(PROFILE.Schedule, 'Schedule.serviceType')).toBe(0);
    expect(minOf(PROFILE.Appointment, 'Appointment.start')).toBe(1);
    expect(minOf(PROFILE.Appointment, 'Appointment.end')).toBe(1);
    expect(minOf(PROFILE.Appointment, 'Appointment.slot')).toBe(1);
    expect(minOf(PROFILE.Appointment, 'Appointment.cancelationReason')).toBe(0);
    expect(minOf(PROFILE.MedicationStatement, 'MedicationStatement.effective[x]')).toBe(1);
    expect(minOf(PROFILE.MedicationStatement, 'MedicationStatement.medication[x].coding:atc')).toBe(
      0,
    );
    expect(minOf(PROFILE.AuditEvent, 'AuditEvent.outcome')).toBe(1);
    expect(minOf(PROFILE.AuditEvent, 'AuditEvent.action')).toBe(1);
  });

  it('puts the source-hospital and source-record rules on the Provenance profile itself, as errors', () => {
    const root = pkg
      .structureDefinition(PROFILE.Provenance)
      .snapshot?.element.find((e) => e.id === 'Provenance');
    const keys = (root?.constraint ?? []).filter((c) => c.severity === 'error').map((c) => c.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        INVARIANT.provenanceSourceHospital,
        INVARIANT.provenanceSourceRecord,
      ]),
    );
  });

  it('contains the address profile and the administrative unit extension', () => {
    expect(pkg.structureDefinition(DATATYPE_PROFILE.Address).type).toBe('Address');
    expect(pkg.structureDefinition(EXTENSION.administrativeUnit).type).toBe('Extension');
  });

  it('contains the BHYT primary-care facility extension, on Coverage, with a facility code', () => {
    const sd = pkg.structureDefinition(EXTENSION.bhytPrimaryCareFacility);
    expect(sd).toMatchObject({
      type: 'Extension',
      context: [{ type: 'element', expression: 'Coverage' }],
    });
    const system = sd.snapshot?.element.find((e) => e.id === 'Extension.value[x].system') as
      { fixedUri?: string } | undefined;
    expect(system?.fixedUri).toBe(IDENTIFIER_SYSTEM.mohFacilityCode);
  });

  it('has the clinical code systems (content not-present) and the encounter class ValueSet', () => {
    const byUrl = new Map(pkg.conformance().map((r) => [r.url, r]));
    for (const url of [
      TERMINOLOGY.localLabDaKhoaTinh,
      TERMINOLOGY.localLabSanNhi,
      TERMINOLOGY.localLabBaiChay,
      TERMINOLOGY.mohDrug,
      TERMINOLOGY.mohTechnicalService,
      TERMINOLOGY.localDrugDaKhoaTinh,
      TERMINOLOGY.localDrugSanNhi,
      TERMINOLOGY.localDrugBaiChay,
    ])
      expect(byUrl.get(url)).toMatchObject({
        resourceType: 'CodeSystem',
        status: 'active',
        content: 'not-present',
      });
    const vs = byUrl.get(TERMINOLOGY.encounterClassValueSet);
    expect(vs).toMatchObject({ resourceType: 'ValueSet', status: 'active' });
    const include = (
      vs?.['compose'] as { include: { system: string; concept: { code: string }[] }[] }
    ).include;
    expect(include.map((i) => i.system)).toEqual([
      'http://terminology.hl7.org/CodeSystem/v3-ActCode',
    ]);
    expect(include[0]?.concept.map((c) => c.code)).toEqual(['AMB', 'IMP', 'EMER']);
  });

  it('has a NamingSystem for every identifier system the profiles use', () => {
    const namingSystems = pkg.conformance().filter((r) => r.resourceType === 'NamingSystem');
    const uniqueIds = namingSystems.flatMap((ns) =>
      (ns['uniqueId'] as { type: string; value: string; preferred?: boolean }[])
        .filter((u) => u.preferred)
        .map((u) => u.value),
    );
    expect([...uniqueIds].sort()).toEqual(
      [...Object.values(IDENTIFIER_SYSTEM), ...SOURCE_RECORD_SYSTEMS].sort(),
    );
    for (const ns of namingSystems) expect(ns['status']).toBe('active');
  });

  it('names a source-record system per hospital and format, as the ingestion writes them', () => {
    expect(SOURCE_RECORD_SYSTEMS).toHaveLength(9);
    expect(sourceRecordSystem('bch', 'xml130')).toBe(
      'https://fhir.quangninh.gov.vn/sid/source-record/bch/xml130',
    );
    expect(new Set(SOURCE_RECORD_SYSTEMS).size).toBe(9);
  });

  it('fixes each identifier slice to a system that has a NamingSystem', () => {
    const known = new Set<string>(Object.values(IDENTIFIER_SYSTEM));
    for (const url of Object.values(PROFILE)) {
      const sd = pkg.structureDefinition(url);
      const fixedSystems = (sd.snapshot?.element ?? [])
        .filter((e) => /\.identifier:[^.]+\.system$/.test(e.id))
        .map((e) => (e as unknown as { fixedUri?: string }).fixedUri);
      for (const system of fixedSystems) expect(known.has(system ?? '')).toBe(true);
    }
  });

  it('has the department CodeSystem with Vietnamese display and an English designation for every code', () => {
    const cs = pkg
      .conformance()
      .find((r) => r.resourceType === 'CodeSystem' && r.url === TERMINOLOGY.departmentCodeSystem);
    expect(cs).toBeDefined();
    type Concept = {
      code: string;
      display: string;
      designation?: { language: string; value: string }[];
      concept?: Concept[];
    };
    const flatten = (concepts: Concept[]): Concept[] =>
      concepts.flatMap((c) => [c, ...flatten(c.concept ?? [])]);
    const concepts = flatten((cs as FhirResource & { concept: Concept[] }).concept);
    const codes = concepts.map((c) => c.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'kham-benh',
        'noi',
        'ngoai',
        'san',
        'nhi',
        'tim-mach',
        'mat',
        'tai-mui-hong',
        'rang-ham-mat',
        'da-lieu',
        'xet-nghiem',
        'chan-doan-hinh-anh',
      ]),
    );
    expect(new Set(codes).size).toBe(codes.length);
    expect(cs?.['count'] ?? concepts.length).toBe(concepts.length);
    for (const c of concepts) {
      expect(c.designation?.find((d) => d.language === 'en')?.value).toEqual(expect.any(String));
    }
    expect(concepts.find((c) => c.code === 'tai-mui-hong')?.display).toBe('Tai Mũi Họng');
  });

  it('has the department ValueSet including the whole CodeSystem', () => {
    const vs = pkg
      .conformance()
      .find((r) => r.resourceType === 'ValueSet' && r.url === TERMINOLOGY.departmentValueSet);
    expect(vs?.['compose']).toEqual({ include: [{ system: TERMINOLOGY.departmentCodeSystem }] });
  });

  it('has the 54 ethnic groups with their two-digit GSO codes and Vietnamese names', () => {
    const cs = pkg
      .conformance()
      .find(
        (r) => r.resourceType === 'CodeSystem' && r.url === TERMINOLOGY.ethnicGroupCodeSystem,
      ) as
      | (FhirResource & { content: string; concept: { code: string; display: string }[] })
      | undefined;
    expect(cs?.content).toBe('complete');
    const codes = cs?.concept.map((c) => c.code) ?? [];
    expect(codes).toEqual(Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, '0')));
    const display = new Map(cs?.concept.map((c) => [c.code, c.display]));
    expect([display.get('01'), display.get('02'), display.get('04'), display.get('06')]).toEqual([
      'Kinh',
      'Tày',
      'Hoa',
      'Mường',
    ]);
    expect([display.get('53'), display.get('54')]).toEqual(['Ơ Đu', 'Rơ-măm']);
    const vs = pkg
      .conformance()
      .find((r) => r.resourceType === 'ValueSet' && r.url === TERMINOLOGY.ethnicGroupValueSet);
    expect(vs?.['compose']).toEqual({ include: [{ system: TERMINOLOGY.ethnicGroupCodeSystem }] });
  });

  it('lists Quảng Ninh and its 54 commune-level units of 1 July 2025 as a fragment, under the address code system', () => {
    type Concept = {
      code: string;
      display: string;
      property?: { code: string; valueCode: string }[];
      concept?: Concept[];
    };
    const cs = pkg
      .conformance()
      .find((r) => r.resourceType === 'CodeSystem' && r.url === TERMINOLOGY.adminUnitCodeSystem) as
      (FhirResource & { content: string; description: string; concept: Concept[] }) | undefined;
    expect(TERMINOLOGY.adminUnitCodeSystem).toBe(IDENTIFIER_SYSTEM.adminUnit);
    expect(cs?.content).toBe('fragment');
    expect(cs?.description).toContain('1 July 2025');
    const [province, ...others] = cs?.concept ?? [];
    expect(others).toEqual([]);
    expect([province?.code, province?.display]).toEqual(['22', 'Tỉnh Quảng Ninh']);
    const prop = (c: Concept, code: string): string | undefined =>
      c.property?.find((p) => p.code === code)?.valueCode;
    const units = province?.concept ?? [];
    const current = units.filter((u) => prop(u, 'status') === 'active');
    const retired = units.filter((u) => prop(u, 'status') === 'retired');
    expect(current).toHaveLength(54);
    expect(current.filter((u) => prop(u, 'level') === 'phuong')).toHaveLength(30);
    expect(current.filter((u) => prop(u, 'level') === 'xa')).toHaveLength(22);
    expect(current.filter((u) => prop(u, 'level') === 'dac-khu').map((u) => u.display)).toEqual([
      'Đặc khu Vân Đồn',
      'Đặc khu Cô Tô',
    ]);
    for (const unit of current) expect(unit.code).toMatch(/^[0-9]{5}$/);
    expect(retired.map((u) => u.code)).toEqual([
      '193',
      '194',
      '195',
      '196',
      '198',
      '199',
      '200',
      '201',
      '202',
      '203',
      '205',
      '206',
      '207',
    ]);
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
  });

  it('has the appointment service types (with the department codes) and the card statuses the API uses', () => {
    const byUrl = new Map(pkg.conformance().map((r) => [r.url, r]));
    expect(byUrl.get(TERMINOLOGY.appointmentServiceTypeValueSet)?.['compose']).toEqual({
      include: [
        { system: TERMINOLOGY.appointmentServiceTypeCodeSystem },
        { system: TERMINOLOGY.departmentCodeSystem },
      ],
    });
    const serviceTypes = (
      byUrl.get(TERMINOLOGY.appointmentServiceTypeCodeSystem) as FhirResource & {
        concept: { code: string }[];
      }
    ).concept.map((c) => c.code);
    expect(serviceTypes).toEqual(expect.arrayContaining(['kham-benh', 'tai-kham', 'kham-thai']));
    const cardStatuses = (
      byUrl.get(TERMINOLOGY.cardStatusCodeSystem) as FhirResource & { concept: { code: string }[] }
    ).concept.map((c) => c.code);
    // ehr-api/src/cards/card-model.ts CARD_STATUSES
    expect(cardStatuses).toEqual(['active', 'revoked', 'replaced', 'expired']);
    expect(byUrl.get(TERMINOLOGY.cardStatusValueSet)).toMatchObject({ status: 'active' });
  });

  it('gives VNQNPatient an ethnicity extension bound (required) to the ethnic groups, and the core nationality extension', () => {
    const elements = pkg.structureDefinition(PROFILE.Patient).snapshot?.element ?? [];
    type ExtensionSlice = { type?: { profile?: string[] }[]; max?: string };
    const slice = (name: string): ExtensionSlice | undefined =>
      elements.find((e) => e.id === `Patient.extension:${name}`);
    expect(slice('ethnicity')?.type?.[0]?.profile).toEqual([EXTENSION.ethnicity]);
    expect(slice('nationality')?.type?.[0]?.profile).toEqual([CORE_EXTENSION.nationality]);
    expect([slice('ethnicity')?.max, slice('nationality')?.max]).toEqual(['1', '1']);
    const value = pkg
      .structureDefinition(EXTENSION.ethnicity)
      .snapshot?.element.find((e) => e.id === 'Extension.value[x]') as
      { binding?: { strength: string; valueSet: string }; type?: { code: string }[] } | undefined;
    expect(value?.binding).toMatchObject({
      strength: 'required',
      valueSet: TERMINOLOGY.ethnicGroupValueSet,
    });
    expect(value?.type?.map((t) => t.code)).toEqual(['Coding']);
  });

  it('puts every conformance resource under the canonical base', () => {
    for (const r of pkg.conformance()) {
      if (r.url) expect(r.url.startsWith(`${CANONICAL_BASE}/`)).toBe(true);
    }
  });
});

describe('examples', () => {
  it('declares exactly one of our profiles, matching its resource type, in every example', () => {
    const examples = pkg.examples();
    expect(examples.length).toBeGreaterThanOrEqual(54);
    for (const example of examples) {
      expect(example.meta?.profile).toHaveLength(1);
      expect(profilesFor(example.resourceType)).toContain(example.meta?.profile?.[0]);
    }
  });

  it('has an example of every profile, including the three hospitals', () => {
    const examples = pkg.examples();
    for (const url of Object.values(PROFILE))
      expect([url, examples.some((e) => e.meta?.profile?.[0] === url)]).toEqual([url, true]);
    const hospitals = examples
      .filter((e) => e.resourceType === 'Organization')
      .map((e) => e['name']);
    expect(hospitals).toEqual(
      expect.arrayContaining([
        'Bệnh viện Đa khoa tỉnh Quảng Ninh',
        'Bệnh viện Sản Nhi Quảng Ninh',
        'Bệnh viện Bãi Cháy',
      ]),
    );
  });

  it('only references resources that are examples too, so the examples load as a set', () => {
    const ids = new Set(pkg.examples().map((e) => `${e.resourceType}/${e.id}`));
    const references: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (k === 'reference' && typeof v === 'string') references.push(v);
          else walk(v);
        }
      }
    };
    pkg.examples().forEach(walk);
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) expect(ids.has(ref)).toBe(true);
  });

  it('carries an ethnic group and a nationality on patient examples', () => {
    const withEthnicity = pkg
      .examples()
      .filter((e) => e.resourceType === 'Patient')
      .filter((p) =>
        ((p['extension'] ?? []) as { url: string }[]).some((x) => x.url === EXTENSION.ethnicity),
      );
    expect(withEthnicity.map((p) => p.id).sort()).toEqual([
      'patient-nguyen-van-hung',
      'patient-tran-thi-mai',
    ]);
    for (const patient of withEthnicity)
      expect(
        ((patient['extension'] ?? []) as { url: string }[]).some(
          (x) => x.url === CORE_EXTENSION.nationality,
        ),
      ).toBe(true);
  });

  it('keeps the invalid examples out of the package', async () => {
    const invalidFiles = (await fs.readdir(INVALID_EXAMPLES_DIR)).filter((f) => f !== 'index.json');
    const invalidIds = await Promise.all(
      invalidFiles.map(
        async (f) =>
          (
            JSON.parse(
              await fs.readFile(path.join(INVALID_EXAMPLES_DIR, f), 'utf8'),
            ) as FhirResource
          ).id,
      ),
    );
    const packagedIds = new Set(pkg.examples().map((e) => e.id));
    for (const id of invalidIds) expect(packagedIds.has(id)).toBe(false);
  });
});
