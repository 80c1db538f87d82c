import { beforeAll, describe, expect, it } from '@jest/globals';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { INVARIANT, PROFILE } from '../src/canonical.js';
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

const cccd = (value: string): { system: string; value: string } => ({
  system: 'https://fhir.quangninh.gov.vn/sid/cccd',
  value,
});
const bhyt = (value: string): { system: string; value: string } => ({
  system: 'http://fhir.ehealth.gov.vn/core/sid/insurance_number',
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

  it('break the constraint they name, evaluated on the identifiers or names they carry', async () => {
    const slicesBySystem: Record<string, string> = {
      'https://fhir.quangninh.gov.vn/sid/cccd': 'Patient.identifier:cccd',
      'http://fhir.ehealth.gov.vn/core/sid/insurance_number': 'Patient.identifier:bhyt',
    };
    for (const { testCase, resource } of await readInvalidExamples()) {
      if (!testCase.constraint) continue;
      let broken = false;
      if (testCase.constraint === INVARIANT.nameHasText) {
        const rule = constraintOf(PROFILE.Patient, 'Patient.name', testCase.constraint);
        broken = ((resource['name'] ?? []) as unknown[]).some((n) => !holds(rule, n, resource));
      } else {
        for (const identifier of (resource['identifier'] ?? []) as {
          system: string;
          value: string;
        }[]) {
          const elementId = slicesBySystem[identifier.system];
          if (!elementId) continue;
          broken ||= !holds(
            constraintOf(PROFILE.Patient, elementId, testCase.constraint),
            identifier,
            resource,
          );
        }
      }
      expect([testCase.file, broken]).toEqual([testCase.file, true]);
    }
  });
});
