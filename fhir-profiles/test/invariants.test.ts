import { beforeAll, describe, expect, it } from '@jest/globals';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import {
  EXTENSION,
  EXTERNAL_CODE_SYSTEM,
  IDENTIFIER_SYSTEM,
  INVARIANT,
  PROFILE,
  SOURCE_RECORD_SYSTEMS,
  TERMINOLOGY,
  sourceRecordSystem,
} from '../src/canonical.js';
import {
  type ElementConstraint,
  type FhirPackage,
  type FhirResource,
  readFhirPackage,
  readInvalidExamples,
} from './support/fhir-package.js';

// The expressions come from the compiled StructureDefinitions in build/package.tgz, so these tests
// exercise the exact FHIRPath text HAPI evaluates.

let pkg: FhirPackage;

beforeAll(async () => {
  pkg = await readFhirPackage();
});

/** The constraint `key` on the element `elementId` of the profile `profileUrl` (snapshot). */
function constraintOf(profileUrl: string, elementId: string, key: string): ElementConstraint {
  const element = pkg
    .structureDefinition(profileUrl)
    .snapshot?.element.find((e) => e.id === elementId);
  const constraint = element?.constraint?.find((c) => c.key === key);
  if (!constraint?.expression)
    throw new Error(`${profileUrl}: no constraint ${key} on ${elementId}`);
  return constraint;
}

/** Evaluates a constraint the way a validator does: on one element, with %resource bound. */
function holds(
  constraint: ElementConstraint,
  element: unknown,
  resource: FhirResource = { resourceType: 'Patient' },
): boolean {
  const result = fhirpath.evaluate(
    element,
    constraint.expression ?? '',
    { resource },
    r4Model,
  ) as unknown[];
  if (result.length !== 1 || typeof result[0] !== 'boolean') {
    throw new Error(`${constraint.key} did not evaluate to one boolean: ${JSON.stringify(result)}`);
  }
  return result[0];
}

const CCCD = 'https://fhir.quangninh.gov.vn/sid/cccd';
const BHYT = 'http://fhir.ehealth.gov.vn/core/sid/insurance_number';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const LOCAL_LAB = 'https://fhir.quangninh.gov.vn/CodeSystem/local-lab-da-khoa-tinh';

const cccd = (value: string): { system: string; value: string } => ({
  system: CCCD,
  value,
});
const bhyt = (value: string): { system: string; value: string } => ({
  system: BHYT,
  value,
});

describe('CCCD invariants on VNQNPatient.identifier:cccd', () => {
  const on = (key: string): ElementConstraint =>
    constraintOf(PROFILE.Patient, 'Patient.identifier:cccd', key);

  it('are errors, except the birth-year and sex cross-checks which only warn', () => {
    expect(on(INVARIANT.cccdTwelveDigits).severity).toBe('error');
    expect(on(INVARIANT.cccdProvinceCode).severity).toBe('error');
    expect(on(INVARIANT.cccdCenturyDigit).severity).toBe('error');
    expect(on(INVARIANT.cccdBirthYearMatches).severity).toBe('warning');
    expect(on(INVARIANT.cccdSexMatches).severity).toBe('warning');
  });

  it.each(['022068001234', '001190012345', '079203000001', '096099999999'])(
    'accepts %s as 12 digits',
    (value) => {
      expect(holds(on(INVARIANT.cccdTwelveDigits), cccd(value))).toBe(true);
    },
  );

  it.each(['02206800123', '0220680012345', '022 068 001234', '02206800123A', '', 'O22068001234'])(
    'rejects "%s" as not 12 digits',
    (value) => {
      expect(holds(on(INVARIANT.cccdTwelveDigits), cccd(value))).toBe(false);
    },
  );

  it.each(['001', '022', '031', '079', '096'])('accepts province code %s', (code) => {
    expect(holds(on(INVARIANT.cccdProvinceCode), cccd(`${code}068001234`))).toBe(true);
  });

  it.each(['000', '003', '023', '097', '100', '999'])('rejects province code %s', (code) => {
    expect(holds(on(INVARIANT.cccdProvinceCode), cccd(`${code}068001234`))).toBe(false);
  });

  it('leaves the province check to qn-cccd-1 when the value is not 12 digits (one message per mistake)', () => {
    expect(holds(on(INVARIANT.cccdProvinceCode), cccd('99906800123'))).toBe(true);
  });

  it.each(['0', '1', '2', '3'])('accepts century-and-sex digit %s', (digit) => {
    expect(holds(on(INVARIANT.cccdCenturyDigit), cccd(`022${digit}68001234`))).toBe(true);
  });

  it.each(['4', '5', '8', '9'])('rejects century-and-sex digit %s (born after 2099)', (digit) => {
    expect(holds(on(INVARIANT.cccdCenturyDigit), cccd(`022${digit}68001234`))).toBe(false);
  });

  it.each([
    ['022068001234', '1968-03-12'],
    ['022190005678', '1990-07'],
    ['022219003456', '2019-05-20'],
    ['001300000001', '2000'],
  ])('finds the year of birth of %s consistent with birthDate %s', (value, birthDate) => {
    expect(
      holds(on(INVARIANT.cccdBirthYearMatches), cccd(value), {
        resourceType: 'Patient',
        birthDate,
      }),
    ).toBe(true);
  });

  it.each([
    ['022068001234', '1986-03-12'],
    ['022268001234', '1968-03-12'],
  ])('warns when the year of birth of %s differs from birthDate %s', (value, birthDate) => {
    expect(
      holds(on(INVARIANT.cccdBirthYearMatches), cccd(value), {
        resourceType: 'Patient',
        birthDate,
      }),
    ).toBe(false);
  });

  it('does not check the year of birth when the patient has no birthDate', () => {
    expect(
      holds(on(INVARIANT.cccdBirthYearMatches), cccd('022068001234'), { resourceType: 'Patient' }),
    ).toBe(true);
  });

  it.each([
    ['022068001234', 'male', true],
    ['022168001234', 'female', true],
    ['022219003456', 'male', true],
    ['022319003456', 'female', true],
    ['022068001234', 'female', false],
    ['022168001234', 'male', false],
    ['022168001234', 'unknown', true],
    ['022168001234', undefined, true],
  ])('checks the sex digit of %s against gender %s (holds: %s)', (value, gender, expected) => {
    const patient: FhirResource = { resourceType: 'Patient', ...(gender ? { gender } : {}) };
    expect(holds(on(INVARIANT.cccdSexMatches), cccd(value), patient)).toBe(expected);
  });
});

describe('BHYT invariant on VNQNPatient.identifier:bhyt', () => {
  const rule = (): ElementConstraint =>
    constraintOf(PROFILE.Patient, 'Patient.identifier:bhyt', INVARIANT.bhytFormat);

  it('is an error', () => {
    expect(rule().severity).toBe('error');
  });

  it.each([
    'HT3222212345678',
    'DN4222298765432',
    'TE1222212345679',
    'HN2010123456789',
    'CK5790000000001',
  ])('accepts %s', (value) => {
    expect(holds(rule(), bhyt(value))).toBe(true);
  });

  it.each([
    ['DN4222298765', 'too short'],
    ['DN42222987654321', 'too long'],
    ['dn4222298765432', 'lower-case letters'],
    ['DN6222298765432', 'benefit level 6'],
    ['DN0222298765432', 'benefit level 0'],
    ['D14222298765432', 'one letter'],
    ['DN4 22 2298765432', 'spaces'],
    ['DN422229876543X', 'letter among the digits'],
  ])('rejects %s (%s)', (value) => {
    expect(holds(rule(), bhyt(value))).toBe(false);
  });
});

describe('other invariants', () => {
  it('warns on a facility code that is not 5 digits', () => {
    const rule = constraintOf(
      PROFILE.Organization,
      'Organization.identifier:mohFacilityCode',
      INVARIANT.facilityCodeFormat,
    );
    expect(rule.severity).toBe('warning');
    expect(holds(rule, { value: '22001' })).toBe(true);
    expect(holds(rule, { value: '2201' })).toBe(false);
  });

  it('requires the full name in name.text on patients and practitioners', () => {
    for (const [profile, elementId] of [
      [PROFILE.Patient, 'Patient.name'],
      [PROFILE.Practitioner, 'Practitioner.name'],
    ] as const) {
      const rule = constraintOf(profile, elementId, INVARIANT.nameHasText);
      expect(rule.severity).toBe('error');
      expect(holds(rule, { text: 'Nguyễn Văn An', family: 'Nguyễn', given: ['Văn', 'An'] })).toBe(
        true,
      );
      expect(holds(rule, { family: 'Nguyễn', given: ['Văn', 'An'] })).toBe(false);
    }
  });
});

describe('ICD-10 invariants on VNQNCondition.code', () => {
  const on = (key: string): ElementConstraint =>
    constraintOf(PROFILE.Condition, 'Condition.code', key);
  const icd10 = (code: string): { coding: { system: string; code: string }[] } => ({
    coding: [{ system: ICD10, code }],
  });

  it('rejects a malformed ICD-10 code as an error and only warns when there is no ICD-10 coding', () => {
    expect(on(INVARIANT.icd10Format).severity).toBe('error');
    expect(on(INVARIANT.conditionHasIcd10).severity).toBe('warning');
  });

  it.each(['J18.9', 'E11', 'I10', 'E11.9', 'U07.1', 'S72.00', 'C34.1X', 'O80.0', 'Z00.0000'])(
    'accepts %s as an ICD-10 code',
    (code) => {
      expect(holds(on(INVARIANT.icd10Format), icd10(code))).toBe(true);
    },
  );

  it.each([
    'J18-9',
    'j18.9',
    'J189.',
    'J1.9',
    'J18.',
    'J18.12345',
    '18.9',
    'J18 9',
    ' J18.9',
    'JJ8.9',
  ])('rejects "%s" as not an ICD-10 code', (code) => {
    expect(holds(on(INVARIANT.icd10Format), icd10(code))).toBe(false);
  });

  it('checks only ICD-10 codings, so a hospital code beside it may have any form', () => {
    const code = {
      coding: [
        { system: ICD10, code: 'J18.9' },
        { system: 'urn:local', code: 'vp-01' },
      ],
    };
    expect(holds(on(INVARIANT.icd10Format), code)).toBe(true);
  });

  it('holds on a text-only diagnosis but warns that it has no ICD-10 code', () => {
    const code = { text: 'Viêm phổi' };
    expect(holds(on(INVARIANT.icd10Format), code)).toBe(true);
    expect(holds(on(INVARIANT.conditionHasIcd10), code)).toBe(false);
    expect(holds(on(INVARIANT.conditionHasIcd10), icd10('J18.9'))).toBe(true);
  });
});

describe('lab invariants on VNQNObservationLab', () => {
  const localCode = (): ElementConstraint =>
    constraintOf(PROFILE.ObservationLab, 'Observation.code', INVARIANT.labHasLocalCode);
  const ucum = (): ElementConstraint =>
    constraintOf(PROFILE.ObservationLab, 'Observation', INVARIANT.labUnitIsUcum);
  const observation = (valueQuantity: Record<string, unknown>): FhirResource => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOCAL_LAB, code: 'HH-GLU' }] },
    valueQuantity,
  });

  it('are errors', () => {
    expect(localCode().severity).toBe('error');
    expect(ucum().severity).toBe('error');
  });

  it('accepts a local code alone or with LOINC, from any hospital', () => {
    for (const system of [
      LOCAL_LAB,
      'https://fhir.quangninh.gov.vn/CodeSystem/local-lab-san-nhi',
      'https://fhir.quangninh.gov.vn/CodeSystem/local-lab-bai-chay',
    ]) {
      expect(holds(localCode(), { coding: [{ system, code: 'X1' }] })).toBe(true);
      expect(
        holds(localCode(), {
          coding: [
            { system: 'http://loinc.org', code: '14749-6' },
            { system, code: 'X1' },
          ],
        }),
      ).toBe(true);
    }
  });

  it.each([
    ['LOINC only', { coding: [{ system: 'http://loinc.org', code: '14749-6' }] }],
    ['text only', { text: 'Glucose' }],
    ['a local system without a code', { coding: [{ system: LOCAL_LAB, display: 'Glucose' }] }],
    [
      'another province system',
      {
        coding: [
          { system: 'https://fhir.quangninh.gov.vn/CodeSystem/department', code: 'xet-nghiem' },
        ],
      },
    ],
  ])('rejects a code with %s', (_what, code) => {
    expect(holds(localCode(), code)).toBe(false);
  });

  it('accepts UCUM units, units given as text only, and non-quantity values', () => {
    expect(
      holds(
        ucum(),
        observation({
          value: 7.8,
          unit: 'mmol/L',
          system: 'http://unitsofmeasure.org',
          code: 'mmol/L',
        }),
      ),
    ).toBe(true);
    expect(holds(ucum(), observation({ value: 15.2, unit: 'G/L' }))).toBe(true);
    expect(holds(ucum(), { resourceType: 'Observation', valueString: 'Âm tính' })).toBe(true);
    expect(holds(ucum(), { resourceType: 'Observation' })).toBe(true);
  });

  it('rejects a coded unit from another system, or with no system', () => {
    expect(
      holds(
        ucum(),
        observation({ value: 7.8, unit: 'mmol/l', system: 'urn:local-units', code: 'MMOL_L' }),
      ),
    ).toBe(false);
    expect(holds(ucum(), observation({ value: 7.8, unit: 'mmol/l', code: 'mmol/L' }))).toBe(false);
  });
});

describe('medication invariant on VNQNMedicationRequest', () => {
  const rule = (): ElementConstraint =>
    constraintOf(PROFILE.MedicationRequest, 'MedicationRequest', INVARIANT.medicationHasText);

  it('warns when the coded drug has no name in text, and holds otherwise', () => {
    expect(rule().severity).toBe('warning');
    const named = {
      resourceType: 'MedicationRequest',
      medicationCodeableConcept: { text: 'Paracetamol 500mg' },
    };
    const codeOnly = {
      resourceType: 'MedicationRequest',
      medicationCodeableConcept: { coding: [{ code: '40.17' }] },
    };
    const byReference = {
      resourceType: 'MedicationRequest',
      medicationReference: { reference: 'Medication/x' },
    };
    expect(holds(rule(), named, named)).toBe(true);
    expect(holds(rule(), codeOnly, codeOnly)).toBe(false);
    expect(holds(rule(), byReference, byReference)).toBe(true);
  });
});

describe('BHYT invariants on VNQNCoverage', () => {
  const bhytLevelClass = (value: string): Record<string, unknown> => ({
    type: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' }],
    },
    value,
  });
  const coverage = (number: string, level?: string): FhirResource => ({
    resourceType: 'Coverage',
    identifier: [bhyt(number)],
    ...(level ? { class: [bhytLevelClass(level)] } : {}),
  });

  it('applies the patient BHYT format (qn-bhyt-1) to identifier:bhyt, as an error', () => {
    const rule = constraintOf(PROFILE.Coverage, 'Coverage.identifier:bhyt', INVARIANT.bhytFormat);
    expect(rule.severity).toBe('error');
    expect(rule.expression).toBe(
      constraintOf(PROFILE.Patient, 'Patient.identifier:bhyt', INVARIANT.bhytFormat).expression,
    );
    expect(holds(rule, bhyt('HT3222212345678'))).toBe(true);
    expect(holds(rule, bhyt('HT322221234567'))).toBe(false);
  });

  it('checks subscriberId, when given, with the same format', () => {
    const rule = constraintOf(
      PROFILE.Coverage,
      'Coverage.subscriberId',
      INVARIANT.bhytSubscriberIdFormat,
    );
    expect(rule.severity).toBe('error');
    expect(holds(rule, 'DN4222298765432')).toBe(true);
    expect(holds(rule, 'DN42222987654')).toBe(false);
  });

  it.each(['1', '2', '3', '4', '5'])('accepts benefit level %s', (level) => {
    const rule = constraintOf(
      PROFILE.Coverage,
      'Coverage.class:benefitLevel',
      INVARIANT.bhytBenefitLevel,
    );
    expect(holds(rule, bhytLevelClass(level))).toBe(true);
  });

  it.each(['0', '6', '35', 'A', ''])('rejects benefit level "%s"', (level) => {
    const rule = constraintOf(
      PROFILE.Coverage,
      'Coverage.class:benefitLevel',
      INVARIANT.bhytBenefitLevel,
    );
    expect(rule.severity).toBe('error');
    expect(holds(rule, bhytLevelClass(level))).toBe(false);
  });

  it.each([
    ['HT3222212345678', '3', true],
    ['HT3222212345678', '4', false],
    ['DN4222298765432', undefined, true],
    ['HT32222123', '4', true],
  ])(
    'compares the class benefit level with the card number %s / %s (holds: %s), as a warning',
    (number, level, expected) => {
      const rule = constraintOf(
        PROFILE.Coverage,
        'Coverage',
        INVARIANT.bhytBenefitLevelMatchesNumber,
      );
      expect(rule.severity).toBe('warning');
      const resource = coverage(number, level);
      expect(holds(rule, resource, resource)).toBe(expected);
    },
  );

  it('checks the registered primary-care facility code like an organization facility code (warning)', () => {
    const rule = constraintOf(
      EXTENSION.bhytPrimaryCareFacility,
      'Extension.value[x]',
      INVARIANT.facilityCodeFormat,
    );
    expect(rule.severity).toBe('warning');
    expect(holds(rule, { system: IDENTIFIER_SYSTEM.mohFacilityCode, value: '22112' })).toBe(true);
    expect(holds(rule, { system: IDENTIFIER_SYSTEM.mohFacilityCode, value: '22-112' })).toBe(false);
  });
});

describe('packaged clinical examples against the new invariants', () => {
  const examplesOf = (profile: string): FhirResource[] =>
    pkg.examples().filter((e) => e.meta?.profile?.[0] === profile);

  it('pass every invariant of their profiles, on the elements that carry them', () => {
    const checks: [string, string, string, (r: FhirResource) => unknown[]][] = [
      [PROFILE.Condition, 'Condition.code', INVARIANT.icd10Format, (r) => [r['code']]],
      [PROFILE.Condition, 'Condition.code', INVARIANT.conditionHasIcd10, (r) => [r['code']]],
      [PROFILE.ObservationLab, 'Observation.code', INVARIANT.labHasLocalCode, (r) => [r['code']]],
      [PROFILE.ObservationLab, 'Observation', INVARIANT.labUnitIsUcum, (r) => [r]],
      [PROFILE.MedicationRequest, 'MedicationRequest', INVARIANT.medicationHasText, (r) => [r]],
      [PROFILE.Coverage, 'Coverage', INVARIANT.bhytBenefitLevelMatchesNumber, (r) => [r]],
      [
        PROFILE.Coverage,
        'Coverage.identifier:bhyt',
        INVARIANT.bhytFormat,
        (r) => ((r['identifier'] ?? []) as { system?: string }[]).filter((i) => i.system === BHYT),
      ],
      [
        PROFILE.Coverage,
        'Coverage.subscriberId',
        INVARIANT.bhytSubscriberIdFormat,
        (r) => (r['subscriberId'] === undefined ? [] : [r['subscriberId']]),
      ],
    ];
    let evaluated = 0;
    for (const [profile, elementId, key, elementsOf] of checks) {
      const examples = examplesOf(profile);
      expect([profile, examples.length > 0]).toEqual([profile, true]);
      for (const example of examples)
        for (const element of elementsOf(example)) {
          evaluated += 1;
          expect([
            example.id,
            key,
            holds(constraintOf(profile, elementId, key), element, example),
          ]).toEqual([example.id, key, true]);
        }
    }
    expect(evaluated).toBeGreaterThanOrEqual(12);
  });

  it('include a lab result with the local code only (not yet mapped to LOINC)', () => {
    const localOnly = examplesOf(PROFILE.ObservationLab).filter((o) =>
      ((o['code'] as { coding: { system: string }[] }).coding ?? []).every(
        (c) => c.system !== 'http://loinc.org',
      ),
    );
    expect(localOnly.length).toBeGreaterThan(0);
  });
});

describe('Provenance invariants on VNQNProvenance', () => {
  const on = (key: string): ElementConstraint =>
    constraintOf(PROFILE.Provenance, 'Provenance', key);
  const PPT = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';
  /** A Provenance shaped exactly as ehr-api/src/ingestion/normalise/to-fhir.ts writes one. */
  const ingested = (): FhirResource => ({
    resourceType: 'Provenance',
    meta: { profile: [PROFILE.Provenance] },
    target: [{ reference: 'Patient/dkt-pat-0123' }, { reference: 'Encounter/dkt-enc-0456' }],
    recorded: '2026-11-21T02:15:04.218Z',
    agent: [
      {
        type: { coding: [{ system: PPT, code: 'author' }] },
        who: { reference: 'Organization/bvdk-tinh-quang-ninh' },
      },
      {
        type: { coding: [{ system: PPT, code: 'assembler' }] },
        who: { display: 'ehr-api ingestion (hl7v2)' },
        onBehalfOf: { reference: 'Organization/bvdk-tinh-quang-ninh' },
      },
    ],
    entity: [
      {
        role: 'source',
        what: {
          identifier: { system: sourceRecordSystem('dkt', 'hl7v2'), value: 'MSG00042' },
          display: 'HIS-DKT: MSG00042',
        },
      },
      {
        role: 'derivation',
        what: { identifier: { system: IDENTIFIER_SYSTEM.ingestionJob, value: 'job-1' } },
      },
    ],
  });

  it('are errors that hold on what the ingestion writes, for every hospital and format', () => {
    expect(on(INVARIANT.provenanceSourceHospital).severity).toBe('error');
    expect(on(INVARIANT.provenanceSourceRecord).severity).toBe('error');
    for (const system of SOURCE_RECORD_SYSTEMS) {
      const provenance = ingested();
      (
        provenance['entity'] as { what: { identifier: { system: string } } }[]
      )[0]!.what.identifier.system = system;
      expect([system, holds(on(INVARIANT.provenanceSourceRecord), provenance, provenance)]).toEqual(
        [system, true],
      );
      expect(holds(on(INVARIANT.provenanceSourceHospital), provenance, provenance)).toBe(true);
    }
  });

  it('accept the hospital as an absolute reference too', () => {
    const provenance = ingested();
    (provenance['agent'] as { who: { reference: string } }[])[0]!.who.reference =
      'https://fhir.quangninh.gov.vn/fhir/Organization/bv-bai-chay';
    expect(holds(on(INVARIANT.provenanceSourceHospital), provenance, provenance)).toBe(true);
  });

  it('reject an author that is not an Organization, or a hospital named only as assembler', () => {
    const byPerson = ingested();
    (byPerson['agent'] as { who: unknown }[])[0]!.who = { reference: 'Practitioner/prac-1' };
    expect(holds(on(INVARIANT.provenanceSourceHospital), byPerson, byPerson)).toBe(false);
    const assemblerOnly = ingested();
    assemblerOnly['agent'] = (assemblerOnly['agent'] as unknown[]).slice(1);
    expect(holds(on(INVARIANT.provenanceSourceHospital), assemblerOnly, assemblerOnly)).toBe(false);
  });

  it('reject a source entity without a value, or with another identifier system', () => {
    const noValue = ingested();
    delete (noValue['entity'] as { what: { identifier: { value?: string } } }[])[0]!.what.identifier
      .value;
    expect(holds(on(INVARIANT.provenanceSourceRecord), noValue, noValue)).toBe(false);
    const otherSystem = ingested();
    (
      otherSystem['entity'] as { what: { identifier: { system: string } } }[]
    )[0]!.what.identifier.system = IDENTIFIER_SYSTEM.maLkBaiChay;
    expect(holds(on(INVARIANT.provenanceSourceRecord), otherSystem, otherSystem)).toBe(false);
  });

  it('hold on the packaged Provenance example', () => {
    const examples = pkg.examples().filter((e) => e.resourceType === 'Provenance');
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples)
      for (const key of [INVARIANT.provenanceSourceHospital, INVARIANT.provenanceSourceRecord])
        expect([example.id, key, holds(on(key), example, example)]).toEqual([
          example.id,
          key,
          true,
        ]);
  });
});

describe('packaged examples against the invariants', () => {
  it('pass every error and warning invariant of their identifier slices', () => {
    const patients = pkg.examples().filter((e) => e.resourceType === 'Patient');
    expect(patients.length).toBeGreaterThan(0);
    const slices: [string, string, string[]][] = [
      [
        'Patient.identifier:cccd',
        'https://fhir.quangninh.gov.vn/sid/cccd',
        ['qn-cccd-1', 'qn-cccd-2', 'qn-cccd-3', 'qn-cccd-4', 'qn-cccd-5'],
      ],
      [
        'Patient.identifier:bhyt',
        'http://fhir.ehealth.gov.vn/core/sid/insurance_number',
        ['qn-bhyt-1'],
      ],
    ];
    for (const patient of patients) {
      const identifiers = (patient['identifier'] ?? []) as { system: string; value: string }[];
      for (const [elementId, system, keys] of slices) {
        for (const identifier of identifiers.filter((i) => i.system === system)) {
          for (const key of keys)
            expect([
              patient.id,
              key,
              holds(constraintOf(PROFILE.Patient, elementId, key), identifier, patient),
            ]).toEqual([patient.id, key, true]);
        }
      }
    }
  });
});

describe('invalid examples (invalid-examples/index.json)', () => {
  it('quote, for each constraint they break, the exact human message of the compiled constraint', async () => {
    for (const { testCase, resource } of await readInvalidExamples()) {
      if (!testCase.constraint) continue;
      const profile = resource.meta?.profile?.[0] ?? '';
      const sd = pkg.structureDefinition(profile);
      const constraint = sd.snapshot?.element
        .flatMap((e) => e.constraint ?? [])
        .find((c) => c.key === testCase.constraint);
      expect([testCase.file, constraint?.human]).toEqual([testCase.file, testCase.expectedMessage]);
    }
  });

  it('break the constraint they name, evaluated on the elements that carry it', async () => {
    const identifiers = (resource: FhirResource, system: string): unknown[] =>
      ((resource['identifier'] ?? []) as { system?: string }[]).filter((i) => i.system === system);
    const codeOf = (resource: FhirResource): unknown[] =>
      resource['code'] === undefined ? [] : [resource['code']];
    const plan = (resource: FhirResource): unknown[] =>
      ((resource['class'] ?? []) as { type?: { coding?: { code?: string }[] } }[]).filter((c) =>
        c.type?.coding?.some((coding) => coding.code === 'plan'),
      );
    /** constraint key → where it sits: profile, element id, and the elements of a resource it applies to. */
    const targets: Record<string, (r: FhirResource) => [string, string, unknown[]]> = {
      [INVARIANT.cccdTwelveDigits]: (r) => [
        PROFILE.Patient,
        'Patient.identifier:cccd',
        identifiers(r, CCCD),
      ],
      [INVARIANT.cccdProvinceCode]: (r) => [
        PROFILE.Patient,
        'Patient.identifier:cccd',
        identifiers(r, CCCD),
      ],
      [INVARIANT.cccdCenturyDigit]: (r) => [
        PROFILE.Patient,
        'Patient.identifier:cccd',
        identifiers(r, CCCD),
      ],
      [INVARIANT.bhytFormat]: (r) =>
        r.resourceType === 'Coverage'
          ? [PROFILE.Coverage, 'Coverage.identifier:bhyt', identifiers(r, BHYT)]
          : [PROFILE.Patient, 'Patient.identifier:bhyt', identifiers(r, BHYT)],
      [INVARIANT.nameHasText]: (r) => [
        PROFILE.Patient,
        'Patient.name',
        (r['name'] ?? []) as unknown[],
      ],
      [INVARIANT.icd10Format]: (r) => [PROFILE.Condition, 'Condition.code', codeOf(r)],
      [INVARIANT.labHasLocalCode]: (r) => [PROFILE.ObservationLab, 'Observation.code', codeOf(r)],
      [INVARIANT.labUnitIsUcum]: (r) => [PROFILE.ObservationLab, 'Observation', [r]],
      [INVARIANT.bhytBenefitLevel]: (r) => [
        PROFILE.Coverage,
        'Coverage.class:benefitLevel',
        plan(r),
      ],
      [INVARIANT.provenanceSourceHospital]: (r) => [PROFILE.Provenance, 'Provenance', [r]],
      [INVARIANT.provenanceSourceRecord]: (r) => [PROFILE.Provenance, 'Provenance', [r]],
      [INVARIANT.scheduleNamesWhoIsBooked]: (r) => [PROFILE.Schedule, 'Schedule', [r]],
      [INVARIANT.scheduleLeadsToHospital]: (r) => [PROFILE.Schedule, 'Schedule', [r]],
      [INVARIANT.endAfterStart]: (r) =>
        r.resourceType === 'Slot'
          ? [PROFILE.Slot, 'Slot', [r]]
          : [PROFILE.Appointment, 'Appointment', [r]],
      [INVARIANT.appointmentHasPatient]: (r) => [PROFILE.Appointment, 'Appointment', [r]],
      [INVARIANT.appointmentHasPlace]: (r) => [PROFILE.Appointment, 'Appointment', [r]],
      [INVARIANT.medicationHasLocalCode]: (r) => [
        PROFILE.MedicationStatement,
        'MedicationStatement',
        [r],
      ],
      [INVARIANT.auditClientAndServerAgents]: (r) => [PROFILE.AuditEvent, 'AuditEvent', [r]],
      [INVARIANT.auditPatientEntityNamesPatient]: (r) => [PROFILE.AuditEvent, 'AuditEvent', [r]],
    };
    for (const { testCase, resource } of await readInvalidExamples()) {
      if (!testCase.constraint) continue;
      const target = targets[testCase.constraint];
      expect([testCase.file, target !== undefined]).toEqual([testCase.file, true]);
      const [profile, elementId, elements] = target!(resource);
      const rule = constraintOf(profile, elementId, testCase.constraint);
      const broken = elements.some((element) => !holds(rule, element, resource));
      expect([testCase.file, broken]).toEqual([testCase.file, true]);
    }
  });
});

describe('scheduling invariants on VNQNSchedule, VNQNSlot and VNQNAppointment', () => {
  const on = (profile: string, type: string, key: string): ElementConstraint =>
    constraintOf(profile, type, key);
  const schedule = (...references: string[]): FhirResource => ({
    resourceType: 'Schedule',
    actor: references.map((reference) => ({ reference })),
  });
  const whoIsBooked = (r: FhirResource): boolean =>
    holds(on(PROFILE.Schedule, 'Schedule', INVARIANT.scheduleNamesWhoIsBooked), r, r);
  const leadsToHospital = (r: FhirResource): boolean =>
    holds(on(PROFILE.Schedule, 'Schedule', INVARIANT.scheduleLeadsToHospital), r, r);

  it('accept a department schedule as the API publishes it, and a doctor schedule by role, practitioner or absolute reference', () => {
    for (const accepted of [
      schedule('HealthcareService/hs-bv-bai-chay-da-lieu', 'Location/loc-bv-bai-chay'),
      schedule('PractitionerRole/role-vu-duc-thang-tim-mach'),
      schedule('Practitioner/prac-vu-duc-thang', 'Location/loc-bvdk-tinh-phong-kham-tim-mach'),
      schedule('https://fhir.quangninh.gov.vn/fhir/HealthcareService/hs-bv-san-nhi-nhi'),
    ])
      expect([accepted.actor, whoIsBooked(accepted) && leadsToHospital(accepted)]).toEqual([
        accepted.actor,
        true,
      ]);
  });

  it('reject a schedule of a place only (who is booked?) and of a practitioner only (which hospital?)', () => {
    expect(whoIsBooked(schedule('Location/loc-bv-bai-chay-campus'))).toBe(false);
    expect(leadsToHospital(schedule('Location/loc-bv-bai-chay-campus'))).toBe(true);
    expect(whoIsBooked(schedule('Practitioner/prac-do-quang-huy'))).toBe(true);
    expect(leadsToHospital(schedule('Practitioner/prac-do-quang-huy'))).toBe(false);
    // PractitionerRole/… must not pass for Practitioner/…, nor a display for a reference.
    expect(whoIsBooked({ resourceType: 'Schedule', actor: [{ display: 'Khoa Da liễu' }] })).toBe(
      false,
    );
  });

  it('require end after start on slots and appointments, whatever the offsets', () => {
    for (const [profile, type] of [
      [PROFILE.Slot, 'Slot'],
      [PROFILE.Appointment, 'Appointment'],
    ] as const) {
      const rule = on(profile, type, INVARIANT.endAfterStart);
      const timed = (start: string, end: string): FhirResource => ({
        resourceType: type,
        start,
        end,
      });
      expect(rule.severity).toBe('error');
      expect(
        holds(rule, timed('2026-12-01T08:00:00.000+07:00', '2026-12-01T08:15:00.000+07:00')),
      ).toBe(true);
      expect(holds(rule, timed('2026-12-01T08:00:00+07:00', '2026-12-01T01:15:00.000Z'))).toBe(
        true,
      );
      expect(holds(rule, timed('2026-12-01T08:15:00+07:00', '2026-12-01T08:00:00+07:00'))).toBe(
        false,
      );
      expect(holds(rule, timed('2026-12-01T08:00:00+07:00', '2026-12-01T01:00:00Z'))).toBe(false);
    }
  });

  const appointment = (...actors: Record<string, unknown>[]): FhirResource => ({
    resourceType: 'Appointment',
    participant: actors.map((actor) => ({ actor, status: 'accepted' })),
  });
  const hasPatient = (r: FhirResource): boolean =>
    holds(on(PROFILE.Appointment, 'Appointment', INVARIANT.appointmentHasPatient), r, r);
  const hasPlace = (r: FhirResource): boolean =>
    holds(on(PROFILE.Appointment, 'Appointment', INVARIANT.appointmentHasPlace), r, r);
  const department = { reference: 'HealthcareService/hs-bv-bai-chay-da-lieu' };

  it('accept the patient as a reference, or by identifier with type Patient while HAPI does not hold it', () => {
    expect(hasPatient(appointment({ reference: 'Patient/pt-1' }, department))).toBe(true);
    const logical = {
      type: 'Patient',
      identifier: { system: IDENTIFIER_SYSTEM.fhirReference, value: 'Patient/pt-1' },
      display: 'Patient pt-1',
    };
    expect(hasPatient(appointment(logical, department))).toBe(true);
    expect(hasPlace(appointment(logical, department))).toBe(true);
    expect(hasPlace(appointment(logical, { reference: 'Location/loc-bv-bai-chay' }))).toBe(true);
  });

  it('reject a patient named by display only or by identifier without type, and an appointment with no place', () => {
    expect(hasPatient(appointment({ display: 'Patient pt-1' }, department))).toBe(false);
    expect(
      hasPatient(
        appointment(
          { identifier: { system: IDENTIFIER_SYSTEM.fhirReference, value: 'Patient/pt-1' } },
          department,
        ),
      ),
    ).toBe(false);
    expect(hasPatient(appointment({ reference: 'Practitioner/prac-1' }, department))).toBe(false);
    expect(
      hasPlace(
        appointment({ reference: 'Patient/pt-1' }, { reference: 'PractitionerRole/role-1' }),
      ),
    ).toBe(false);
  });
});

describe('medication statement invariant on VNQNMedicationStatement', () => {
  const rule = (): ElementConstraint =>
    constraintOf(
      PROFILE.MedicationStatement,
      'MedicationStatement',
      INVARIANT.medicationHasLocalCode,
    );
  const statement = (...coding: Record<string, string>[]): FhirResource => ({
    resourceType: 'MedicationStatement',
    medicationCodeableConcept: { coding, text: 'Amlodipin 5mg' },
  });

  it('accepts the local drug code of any hospital, alone or with ATC', () => {
    expect(rule().severity).toBe('error');
    for (const system of [
      TERMINOLOGY.localDrugDaKhoaTinh,
      TERMINOLOGY.localDrugSanNhi,
      TERMINOLOGY.localDrugBaiChay,
    ]) {
      expect(holds(rule(), statement({ system, code: 'X1' }), statement())).toBe(true);
      const both = statement(
        { system: EXTERNAL_CODE_SYSTEM.atc, code: 'C08CA01' },
        { system, code: 'X1' },
      );
      expect(holds(rule(), both, both)).toBe(true);
    }
  });

  it('rejects ATC or the Ministry code alone, a local system without a code, and a drug by reference', () => {
    for (const rejected of [
      statement({ system: EXTERNAL_CODE_SYSTEM.atc, code: 'C08CA01' }),
      statement({ system: TERMINOLOGY.mohDrug, code: '40.498' }),
      statement({ system: TERMINOLOGY.localDrugBaiChay, display: 'Cefuroxim' }),
      { resourceType: 'MedicationStatement', medicationReference: { reference: 'Medication/m1' } },
    ])
      expect(holds(rule(), rejected, rejected)).toBe(false);
  });
});

describe('audit invariants on VNQNAuditEvent', () => {
  const on = (key: string): ElementConstraint =>
    constraintOf(PROFILE.AuditEvent, 'AuditEvent', key);
  const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
  const agent = (code: string): Record<string, unknown> => ({
    type: { coding: [{ system: DCM, code }] },
    requestor: false,
  });
  const patientEntity = (what?: Record<string, unknown>): Record<string, unknown> => ({
    ...(what ? { what } : {}),
    role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' },
  });

  it('require the client and the server agents by DICOM role, in either direction', () => {
    const rule = on(INVARIANT.auditClientAndServerAgents);
    expect(rule.severity).toBe('error');
    const both = { resourceType: 'AuditEvent', agent: [agent('110152'), agent('110153')] };
    const reversed = { resourceType: 'AuditEvent', agent: [agent('110153'), agent('110152')] };
    const clientOnly = { resourceType: 'AuditEvent', agent: [agent('110152')] };
    expect([holds(rule, both, both), holds(rule, reversed, reversed)]).toEqual([true, true]);
    expect(holds(rule, clientOnly, clientOnly)).toBe(false);
  });

  it('require the patient entity to name the patient, by reference or by identifier', () => {
    const rule = on(INVARIANT.auditPatientEntityNamesPatient);
    const byReference = {
      resourceType: 'AuditEvent',
      entity: [patientEntity({ reference: 'Patient/pt-1' })],
    };
    const byIdentifier = {
      resourceType: 'AuditEvent',
      entity: [
        patientEntity({
          identifier: { system: IDENTIFIER_SYSTEM.fhirReference, value: 'Patient/pt-9' },
          type: 'Patient',
        }),
      ],
    };
    const noPatient = { resourceType: 'AuditEvent', entity: [] };
    const described = { resourceType: 'AuditEvent', entity: [patientEntity()] };
    for (const accepted of [byReference, byIdentifier, noPatient])
      expect(holds(rule, accepted, accepted)).toBe(true);
    expect(holds(rule, described, described)).toBe(false);
  });
});

describe('packaged scheduling, medication and audit examples', () => {
  it('pass every invariant of their profiles', () => {
    const checks: [string, string, string][] = [
      [PROFILE.Schedule, 'Schedule', INVARIANT.scheduleNamesWhoIsBooked],
      [PROFILE.Schedule, 'Schedule', INVARIANT.scheduleLeadsToHospital],
      [PROFILE.Slot, 'Slot', INVARIANT.endAfterStart],
      [PROFILE.Appointment, 'Appointment', INVARIANT.endAfterStart],
      [PROFILE.Appointment, 'Appointment', INVARIANT.appointmentHasPatient],
      [PROFILE.Appointment, 'Appointment', INVARIANT.appointmentHasPlace],
      [PROFILE.MedicationStatement, 'MedicationStatement', INVARIANT.medicationHasLocalCode],
      [PROFILE.MedicationStatement, 'MedicationStatement', INVARIANT.medicationHasText],
      [PROFILE.AuditEvent, 'AuditEvent', INVARIANT.auditClientAndServerAgents],
      [PROFILE.AuditEvent, 'AuditEvent', INVARIANT.auditPatientEntityNamesPatient],
    ];
    let evaluated = 0;
    for (const [profile, elementId, key] of checks) {
      const examples = pkg.examples().filter((e) => e.meta?.profile?.[0] === profile);
      expect([profile, examples.length >= 2]).toEqual([profile, true]);
      for (const example of examples) {
        evaluated += 1;
        expect([
          example.id,
          key,
          holds(constraintOf(profile, elementId, key), example, example),
        ]).toEqual([example.id, key, true]);
      }
    }
    expect(evaluated).toBeGreaterThanOrEqual(20);
  });
});
