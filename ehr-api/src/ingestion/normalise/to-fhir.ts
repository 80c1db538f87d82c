import { createHash } from 'node:crypto';
import type {
  ClinicalImpression,
  Condition,
  Coverage,
  DiagnosticReport,
  Encounter,
  FhirResource,
  Identifier,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
  Provenance,
} from 'fhir/r4.js';
import {
  CANONICAL_BASE,
  CORE_EXTENSION,
  EXTENSION,
  EXTERNAL_CODE_SYSTEM,
  IDENTIFIER_SYSTEM,
  PROFILE,
  TERMINOLOGY,
} from '../../fhir/profiles.js';
import type {
  DiagnosisFacts,
  HospitalCode,
  HospitalRecord,
  LabResultFacts,
  PatientFacts,
  RecordIssue,
} from '../model.js';
import { loincFor, ucumFor } from './codes.js';

/** Per hospital: the short prefix of resource ids and the identifier / code systems of its own. */
export const HOSPITAL_SYSTEMS: Record<
  HospitalCode,
  { short: string; mrn: string; maLk: string; localLab: string }
> = {
  'bvdk-tinh-quang-ninh': {
    short: 'dkt',
    mrn: IDENTIFIER_SYSTEM.mrnDaKhoaTinh,
    maLk: IDENTIFIER_SYSTEM.maLkDaKhoaTinh,
    localLab: TERMINOLOGY.localLabDaKhoaTinh,
  },
  'bv-san-nhi-quang-ninh': {
    short: 'snh',
    mrn: IDENTIFIER_SYSTEM.mrnSanNhi,
    maLk: IDENTIFIER_SYSTEM.maLkSanNhi,
    localLab: TERMINOLOGY.localLabSanNhi,
  },
  'bv-bai-chay': {
    short: 'bch',
    mrn: IDENTIFIER_SYSTEM.mrnBaiChay,
    maLk: IDENTIFIER_SYSTEM.maLkBaiChay,
    localLab: TERMINOLOGY.localLabBaiChay,
  },
};

/** The social security office that pays BHYT claims (Coverage.payor), seeded with the directory. */
export const BHYT_PAYOR_ID = 'bhxh-quang-ninh';

/** Identifies the record a resource came from, on every Provenance: one system per hospital and format. */
export function sourceRecordSystem(hospital: HospitalCode, format: string): string {
  return `${CANONICAL_BASE}/sid/source-record/${HOSPITAL_SYSTEMS[hospital].short}/${format}`;
}

export const INGESTION_JOB_SYSTEM = `${CANONICAL_BASE}/sid/ingestion-job`;

/**
 * Resource ids derived from what the source says a thing is (hospital + MRN, hospital + visit
 * number + line), so that loading a file again, or twice at once, PUTs the same ids and creates
 * nothing new. Hashed because source keys may hold characters FHIR ids cannot.
 */
export function resourceId(hospital: HospitalCode, kind: string, ...key: string[]): string {
  const digest = createHash('sha256')
    .update([hospital, kind, ...key].join('\u0000'))
    .digest('hex')
    .slice(0, 24);
  return `${HOSPITAL_SYSTEMS[hospital].short}-${kind}-${digest}`;
}

export function patientResourceId(hospital: HospitalCode, mrn: string): string {
  return resourceId(hospital, 'pat', mrn);
}

export class NormaliseError extends Error {
  constructor(readonly issues: RecordIssue[]) {
    super(issues.map((issue) => `${issue.location}: ${issue.message}`).join('; '));
  }
}

export interface NormalisedRecord {
  patientId: string;
  /** Every resource of the record, ids set, in dependency order (the patient first). */
  resources: Array<FhirResource & { id: string }>;
  /** Whether `resources` includes the Patient (results-only messages leave an existing one alone). */
  includesPatient: boolean;
  warnings: RecordIssue[];
}

export interface NormaliseOptions {
  jobId: string;
  /** False for a results-only message about a patient HAPI already has: its thin PID must not overwrite the registration. */
  writePatient?: boolean;
  /** False for a results-only message about a visit HAPI already has: the results only point at it. */
  writeEncounter?: boolean;
  /** When the API is the one receiving (an upload, MLLP), recorded on the Provenance. */
  recordedAt?: Date;
}

const ICD10 = /^[A-Z][0-9]{2}([.][0-9A-Z]{1,4})?$/;
/** The 54 GSO ethnic-group codes, "01" to "54". */
const ETHNIC_GROUP_CODE = /^(0[1-9]|[1-4][0-9]|5[0-4])$/;
const CCCD = /^[0-9]{12}$/;
const BHYT = /^[A-Z]{2}[1-5][0-9]{2}[0-9]{10}$/;

/** The Ministry writes ICD-10 codes both as "J18.9" and "J189"; the profile wants the dotted form. */
export function normaliseIcd10(code: string): string {
  const compact = code.trim().toUpperCase().replace(/\s+/g, '');
  const undotted = /^([A-Z][0-9]{2})([0-9A-Z]{1,4})$/.exec(compact);
  return undotted ? `${undotted[1]}.${undotted[2]}` : compact;
}

function checkPatient(patient: PatientFacts, issues: RecordIssue[]): void {
  if (!patient.mrn.trim())
    issues.push({
      severity: 'error',
      location: 'patient.mrn',
      code: 'missing-mrn',
      message:
        'The patient number (MRN) is empty: every record needs the hospital’s patient number.',
    });
  if (!patient.fullName.trim())
    issues.push({
      severity: 'error',
      location: 'patient.fullName',
      code: 'missing-name',
      message: 'The patient’s name is empty.',
    });
  if (patient.cccd !== undefined) {
    if (!CCCD.test(patient.cccd)) {
      issues.push({
        severity: 'error',
        location: 'patient.cccd',
        code: 'cccd-format',
        message: `CCCD "${patient.cccd}" must be exactly 12 digits.`,
      });
    } else {
      const century = Number(patient.cccd[3]);
      const year = Number(patient.cccd.slice(4, 6));
      const birthYear = patient.birthDate ? Number(patient.birthDate.slice(0, 4)) : undefined;
      const centuryStart = 1900 + Math.floor(century / 2) * 100;
      if (birthYear !== undefined && birthYear !== centuryStart + year) {
        issues.push({
          severity: 'error',
          location: 'patient.cccd',
          code: 'cccd-birth-year',
          message: `CCCD "${patient.cccd}" encodes birth year ${centuryStart + year} but the record says ${birthYear}: one of them is wrong.`,
        });
      }
      const sex = century % 2 === 0 ? 'male' : 'female';
      if (
        patient.gender &&
        (patient.gender === 'male' || patient.gender === 'female') &&
        patient.gender !== sex
      ) {
        issues.push({
          severity: 'error',
          location: 'patient.cccd',
          code: 'cccd-sex',
          message: `CCCD "${patient.cccd}" encodes sex ${sex} but the record says ${patient.gender}.`,
        });
      }
    }
  }
  if (patient.bhyt && !BHYT.test(patient.bhyt.number)) {
    issues.push({
      severity: 'error',
      location: 'patient.bhyt',
      code: 'bhyt-format',
      message: `BHYT number "${patient.bhyt.number}" must be 2 capital letters, a benefit level 1–5, a 2-digit province code and 10 digits (15 characters).`,
    });
  }
}

function splitName(patient: PatientFacts): { family: string; given: string[] } {
  if (patient.family) return { family: patient.family, given: patient.given ?? [] };
  const words = patient.fullName.trim().split(/\s+/);
  return { family: words[0] ?? '', given: words.slice(1) };
}

function patientResource(record: HospitalRecord, id: string): Patient & { id: string } {
  const { patient, hospital } = record;
  const systems = HOSPITAL_SYSTEMS[hospital];
  const identifier: Identifier[] = [{ system: systems.mrn, value: patient.mrn }];
  if (patient.cccd) identifier.push({ system: IDENTIFIER_SYSTEM.cccd, value: patient.cccd });
  if (patient.bhyt) {
    const period =
      patient.bhyt.validFrom || patient.bhyt.validTo
        ? { start: patient.bhyt.validFrom, end: patient.bhyt.validTo }
        : undefined;
    identifier.push({
      system: IDENTIFIER_SYSTEM.bhyt,
      value: patient.bhyt.number,
      ...(period ? { period } : {}),
    });
  }
  const { family, given } = splitName(patient);
  const address = patient.address;
  // Ethnic group as the GSO code the Ministry's files carry (MA_DANTOC "01" = Kinh); nationality when a source gives ISO 3166.
  const extension = [
    ...(patient.ethnicity && ETHNIC_GROUP_CODE.test(patient.ethnicity)
      ? [
          {
            url: EXTENSION.ethnicity,
            valueCoding: { system: TERMINOLOGY.ethnicGroupCodeSystem, code: patient.ethnicity },
          },
        ]
      : []),
    ...(patient.nationality && /^[A-Z]{2}$/.test(patient.nationality)
      ? [
          {
            url: CORE_EXTENSION.nationality,
            extension: [
              {
                url: 'code',
                valueCodeableConcept: {
                  coding: [{ system: EXTERNAL_CODE_SYSTEM.iso3166, code: patient.nationality }],
                },
              },
            ],
          },
        ]
      : []),
  ];
  return {
    resourceType: 'Patient',
    id,
    meta: { profile: [PROFILE.Patient] },
    ...(extension.length ? { extension } : {}),
    identifier,
    active: true,
    name: [
      {
        use: 'official',
        text: patient.fullName.trim(),
        family,
        ...(given.length ? { given } : {}),
      },
    ],
    ...(patient.phone
      ? { telecom: [{ system: 'phone' as const, value: patient.phone, use: 'mobile' as const }] }
      : {}),
    ...(patient.gender ? { gender: patient.gender } : {}),
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(patient.deceasedDateTime ? { deceasedDateTime: patient.deceasedDateTime } : {}),
    ...(address
      ? {
          address: [
            {
              use: 'home' as const,
              text: address.text,
              ...(address.line ? { line: [address.line] } : {}),
              ...(address.ward || address.district
                ? { district: address.ward ?? address.district }
                : {}),
              ...(address.city ? { city: address.city } : {}),
              state: address.province ?? 'Quảng Ninh',
              country: 'VN',
              ...(address.adminUnitCode
                ? {
                    extension: [
                      {
                        url: EXTENSION.administrativeUnit,
                        valueCoding: {
                          system: IDENTIFIER_SYSTEM.adminUnit,
                          code: address.adminUnitCode,
                        },
                      },
                    ],
                  }
                : {}),
            },
          ],
        }
      : {}),
    managingOrganization: { reference: `Organization/${hospital}` },
  };
}

function coverageResource(
  record: HospitalRecord,
  patientId: string,
): (Coverage & { id: string }) | undefined {
  const bhyt = record.patient.bhyt;
  if (!bhyt) return undefined;
  const level = bhyt.number[2] ?? '';
  return {
    resourceType: 'Coverage',
    id: resourceId(record.hospital, 'cov', record.patient.mrn, bhyt.number),
    meta: { profile: [PROFILE.Coverage] },
    ...(bhyt.primaryCareFacility
      ? {
          extension: [
            {
              url: EXTENSION.bhytPrimaryCareFacility,
              valueIdentifier: {
                system: IDENTIFIER_SYSTEM.mohFacilityCode,
                value: bhyt.primaryCareFacility,
              },
            },
          ],
        }
      : {}),
    identifier: [{ system: IDENTIFIER_SYSTEM.bhyt, value: bhyt.number }],
    status: 'active',
    type: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
          code: 'PUBLICPOL',
          display: 'public healthcare',
        },
      ],
    },
    subscriberId: bhyt.number,
    beneficiary: { reference: `Patient/${patientId}` },
    relationship: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' },
      ],
    },
    ...(bhyt.validFrom || bhyt.validTo
      ? { period: { start: bhyt.validFrom, end: bhyt.validTo } }
      : {}),
    payor: [{ reference: `Organization/${BHYT_PAYOR_ID}` }],
    class: [
      {
        type: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' },
          ],
        },
        value: level,
        name: `Mức hưởng ${level}`,
      },
    ],
  };
}

function conditionResource(
  record: HospitalRecord,
  diagnosis: DiagnosisFacts,
  patientId: string,
  encounterId: string,
  recorded: string | undefined,
): Condition & { id: string } {
  const code = normaliseIcd10(diagnosis.icd10);
  return {
    resourceType: 'Condition',
    id: resourceId(record.hospital, 'cond', record.encounter?.visitId ?? '', code),
    meta: { profile: [PROFILE.Condition] },
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
      ],
    },
    verificationStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' },
      ],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'encounter-diagnosis',
          },
        ],
      },
    ],
    code: {
      coding: [
        {
          system: EXTERNAL_CODE_SYSTEM.icd10,
          code,
          ...(diagnosis.text ? { display: diagnosis.text } : {}),
        },
      ],
      ...(diagnosis.text ? { text: diagnosis.text } : {}),
    },
    subject: { reference: `Patient/${patientId}` },
    encounter: { reference: `Encounter/${encounterId}` },
    ...(recorded ? { recordedDate: recorded } : {}),
  };
}

function labObservation(
  record: HospitalRecord,
  result: LabResultFacts,
  patientId: string,
  encounterId: string | undefined,
): Observation & { id: string } {
  const systems = HOSPITAL_SYSTEMS[record.hospital];
  const loinc = result.loinc
    ? { code: result.loinc, display: undefined }
    : loincFor(result.localName);
  const ucum = ucumFor(result.unit);
  const quantity = (value: number) => ({
    value,
    ...(result.unit ? { unit: result.unit } : {}),
    ...(ucum ? { system: EXTERNAL_CODE_SYSTEM.ucum, code: ucum } : {}),
  });
  const range =
    result.referenceLow !== undefined || result.referenceHigh !== undefined || result.referenceText
      ? [
          {
            ...(result.referenceLow !== undefined ? { low: quantity(result.referenceLow) } : {}),
            ...(result.referenceHigh !== undefined ? { high: quantity(result.referenceHigh) } : {}),
            ...(result.referenceText ? { text: result.referenceText } : {}),
          },
        ]
      : undefined;
  return {
    resourceType: 'Observation',
    id: resourceId(
      record.hospital,
      'obs',
      record.encounter?.visitId ?? record.patient.mrn,
      result.reportId ?? '',
      result.resultId,
    ),
    meta: { profile: [PROFILE.ObservationLab] },
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'laboratory',
            display: 'Laboratory',
          },
        ],
      },
    ],
    code: {
      coding: [
        { system: systems.localLab, code: result.localCode, display: result.localName },
        ...(loinc
          ? [
              {
                system: EXTERNAL_CODE_SYSTEM.loinc,
                code: loinc.code,
                ...(loinc.display ? { display: loinc.display } : {}),
              },
            ]
          : []),
      ],
      text: result.localName,
    },
    subject: { reference: `Patient/${patientId}` },
    ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
    ...(result.effective ? { effectiveDateTime: result.effective } : {}),
    ...(result.issued ? { issued: toInstant(result.issued) } : {}),
    performer: [{ reference: `Organization/${record.hospital}` }],
    ...(typeof result.value === 'number'
      ? { valueQuantity: quantity(result.value) }
      : { valueString: result.value }),
    ...(result.interpretation
      ? {
          interpretation: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
                  code: result.interpretation,
                },
              ],
            },
          ],
        }
      : {}),
    ...(range ? { referenceRange: range } : {}),
    ...(result.note ? { note: [{ text: result.note }] } : {}),
  };
}

/** `issued` is an instant: a date-only value gets midnight local time. */
function toInstant(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00+07:00`;
  return value;
}

/**
 * One hospital record → the profiled FHIR resources it stands for, with deterministic ids and a
 * Provenance naming the source hospital, system, record and ingestion job. Throws NormaliseError
 * (with issues naming fields) when the record cannot become valid FHIR; HAPI's own validation
 * against the package is the final word at load time.
 */
export function normaliseRecord(
  record: HospitalRecord,
  options: NormaliseOptions,
): NormalisedRecord {
  const issues: RecordIssue[] = [];
  checkPatient(record.patient, issues);
  const encounter = record.encounter;
  if (encounter) {
    if (!encounter.visitId.trim())
      issues.push({
        severity: 'error',
        location: 'encounter.visitId',
        code: 'missing-visit-id',
        message: 'The visit has no visit number (MA_LK / PV1-19).',
      });
    for (const [index, diagnosis] of encounter.diagnoses.entries()) {
      if (!ICD10.test(normaliseIcd10(diagnosis.icd10))) {
        issues.push({
          severity: 'error',
          location: `encounter.diagnoses[${index}]`,
          code: 'icd10-format',
          message: `"${diagnosis.icd10}" is not an ICD-10 code (a capital letter, two digits, optionally a dot and up to 4 more, e.g. J18.9).`,
        });
      }
    }
  }
  const clinicalWithoutVisit =
    record.medications.length + record.procedures.length + record.notes.length > 0 && !encounter;
  if (clinicalWithoutVisit)
    issues.push({
      severity: 'error',
      location: 'encounter',
      code: 'missing-visit',
      message: 'Medications, procedures and notes need the visit they belong to.',
    });
  if (issues.some((issue) => issue.severity === 'error')) throw new NormaliseError(issues);

  const { hospital } = record;
  const systems = HOSPITAL_SYSTEMS[hospital];
  const patientId = patientResourceId(hospital, record.patient.mrn);
  const resources: Array<FhirResource & { id: string }> = [];
  const writePatient = options.writePatient ?? true;
  if (writePatient) {
    resources.push(patientResource(record, patientId));
    const coverage = coverageResource(record, patientId);
    if (coverage) resources.push(coverage);
  }

  let encounterId: string | undefined;
  if (encounter) encounterId = resourceId(hospital, 'enc', encounter.visitId);
  if (encounter && encounterId && (options.writeEncounter ?? true)) {
    // A visit lists each ICD-10 code once; a source repeating a code (main and secondary) keeps the first role.
    const seen = new Set<string>();
    const diagnoses = encounter.diagnoses.filter((diagnosis) => {
      const code = normaliseIcd10(diagnosis.icd10);
      if (seen.has(code)) return false;
      seen.add(code);
      return true;
    });
    const conditions = diagnoses.map((diagnosis) =>
      conditionResource(
        record,
        diagnosis,
        patientId,
        encounterId,
        encounter.end ?? encounter.start,
      ),
    );
    const resource: Encounter & { id: string } = {
      resourceType: 'Encounter',
      id: encounterId,
      meta: { profile: [PROFILE.Encounter] },
      identifier: [{ system: systems.maLk, value: encounter.visitId }],
      status: encounter.status,
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: encounter.class },
      ...(encounter.departmentCode || encounter.departmentText
        ? {
            serviceType: {
              ...(encounter.departmentCode
                ? {
                    coding: [
                      { system: TERMINOLOGY.departmentCodeSystem, code: encounter.departmentCode },
                    ],
                  }
                : {}),
              ...(encounter.departmentText ? { text: encounter.departmentText } : {}),
            },
          }
        : {}),
      subject: { reference: `Patient/${patientId}` },
      ...(encounter.attendingDoctor?.name
        ? { participant: [{ individual: { display: encounter.attendingDoctor.name } }] }
        : {}),
      ...(encounter.start || encounter.end
        ? {
            period: {
              ...(encounter.start ? { start: encounter.start } : {}),
              ...(encounter.end ? { end: encounter.end } : {}),
            },
          }
        : {}),
      ...(encounter.reason ? { reasonCode: [{ text: encounter.reason }] } : {}),
      ...(conditions.length
        ? {
            diagnosis: conditions.map((condition, index) => ({
              condition: { reference: `Condition/${condition.id}` },
              use: {
                coding: [
                  {
                    system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
                    code: diagnoses[index]?.role === 'main' ? 'DD' : 'CM',
                  },
                ],
              },
              rank: index + 1,
            })),
          }
        : {}),
      ...(encounter.dischargeDisposition
        ? { hospitalization: { dischargeDisposition: { text: encounter.dischargeDisposition } } }
        : {}),
      serviceProvider: { reference: `Organization/${hospital}` },
    };
    resources.push(resource, ...conditions);
  }

  const observations = record.labResults.map((result) =>
    labObservation(record, result, patientId, encounterId),
  );
  resources.push(...observations);
  const reports = new Map<
    string,
    {
      name?: string;
      conclusion?: string;
      results: Array<Observation & { id: string }>;
      effective?: string;
      issued?: string;
    }
  >();
  record.labResults.forEach((result, index) => {
    if (!result.reportId) return;
    const report = reports.get(result.reportId) ?? { results: [] };
    report.name ??= result.reportName;
    report.conclusion ??= result.conclusion;
    report.effective ??= result.effective;
    report.issued ??= result.issued;
    report.results.push(observations[index] as Observation & { id: string });
    reports.set(result.reportId, report);
  });
  for (const [reportId, report] of reports) {
    const resource: DiagnosticReport & { id: string } = {
      resourceType: 'DiagnosticReport',
      id: resourceId(hospital, 'rep', encounter?.visitId ?? record.patient.mrn, reportId),
      meta: { profile: [PROFILE.DiagnosticReport] },
      status: 'final',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0074',
              code: 'LAB',
              display: 'Laboratory',
            },
          ],
        },
      ],
      code: { text: report.name ?? 'Phiếu kết quả xét nghiệm' },
      subject: { reference: `Patient/${patientId}` },
      ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
      ...(report.effective ? { effectiveDateTime: report.effective } : {}),
      ...(report.issued ? { issued: toInstant(report.issued) } : {}),
      performer: [{ reference: `Organization/${hospital}` }],
      result: report.results.map((observation) => ({ reference: `Observation/${observation.id}` })),
      ...(report.conclusion ? { conclusion: report.conclusion } : {}),
    };
    resources.push(resource);
  }

  for (const medication of record.medications) {
    const resource: MedicationRequest & { id: string } = {
      resourceType: 'MedicationRequest',
      id: resourceId(hospital, 'med', encounter?.visitId ?? '', medication.orderId),
      meta: { profile: [PROFILE.MedicationRequest] },
      status: encounter?.status === 'finished' ? 'completed' : 'active',
      intent: 'order',
      medicationCodeableConcept: {
        ...(medication.drugCode
          ? { coding: [{ system: TERMINOLOGY.mohDrug, code: medication.drugCode }] }
          : {}),
        text: medication.name,
      },
      subject: { reference: `Patient/${patientId}` },
      ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
      ...(medication.authoredOn ? { authoredOn: medication.authoredOn } : {}),
      requester: { reference: `Organization/${hospital}` },
      ...(medication.dosageText || medication.route
        ? {
            dosageInstruction: [
              {
                ...(medication.dosageText ? { text: medication.dosageText } : {}),
                ...(medication.route ? { route: { text: medication.route } } : {}),
              },
            ],
          }
        : {}),
      ...(medication.quantity !== undefined
        ? {
            dispenseRequest: {
              quantity: {
                value: medication.quantity,
                ...(medication.unit ? { unit: medication.unit } : {}),
              },
            },
          }
        : {}),
    };
    resources.push(resource);
  }

  for (const procedure of record.procedures) {
    const resource: Procedure & { id: string } = {
      resourceType: 'Procedure',
      id: resourceId(hospital, 'proc', encounter?.visitId ?? '', procedure.procedureId),
      meta: { profile: [PROFILE.Procedure] },
      status: 'completed',
      code: {
        ...(procedure.serviceCode
          ? { coding: [{ system: TERMINOLOGY.mohTechnicalService, code: procedure.serviceCode }] }
          : {}),
        text: procedure.name,
      },
      subject: { reference: `Patient/${patientId}` },
      ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
      ...(procedure.performed ? { performedDateTime: procedure.performed } : {}),
      performer: [{ actor: { reference: `Organization/${hospital}` } }],
    };
    resources.push(resource);
  }

  for (const note of record.notes) {
    // Clinical progress (XML5) has no profile of ours: ClinicalImpression is the R4 resource for it.
    const resource: ClinicalImpression & { id: string } = {
      resourceType: 'ClinicalImpression',
      id: resourceId(hospital, 'note', encounter?.visitId ?? '', note.noteId),
      status: 'completed',
      subject: { reference: `Patient/${patientId}` },
      ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
      ...(note.date ? { effectiveDateTime: note.date, date: note.date } : {}),
      description: note.text,
      ...(note.consultation || note.surgery
        ? {
            summary: [
              note.consultation ? `Hội chẩn: ${note.consultation}` : '',
              note.surgery ? `Phẫu thuật: ${note.surgery}` : '',
            ]
              .filter(Boolean)
              .join('\n'),
          }
        : {}),
    };
    resources.push(resource);
  }

  const provenance: Provenance & { id: string } = {
    resourceType: 'Provenance',
    id: resourceId(hospital, 'prov', record.format, record.sourceRecordId),
    meta: { profile: [PROFILE.Provenance] },
    target: resources.map((resource) => ({ reference: `${resource.resourceType}/${resource.id}` })),
    recorded: (options.recordedAt ?? new Date()).toISOString(),
    activity: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'UPDATE' },
      ],
    },
    agent: [
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
              code: 'author',
            },
          ],
        },
        who: { reference: `Organization/${hospital}` },
      },
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
              code: 'assembler',
            },
          ],
        },
        who: { display: `ehr-api ingestion (${record.format})` },
        onBehalfOf: { reference: `Organization/${hospital}` },
      },
    ],
    entity: [
      {
        role: 'source',
        what: {
          identifier: {
            system: sourceRecordSystem(hospital, record.format),
            value: record.sourceRecordId,
          },
          display: `${record.sourceSystem}: ${record.sourceRecordId}`,
        },
      },
      {
        role: 'derivation',
        what: {
          identifier: { system: INGESTION_JOB_SYSTEM, value: options.jobId },
          display: `Ingestion job ${options.jobId}`,
        },
      },
    ],
  };
  resources.push(provenance);
  return { patientId, resources, includesPatient: writePatient, warnings: [] };
}
