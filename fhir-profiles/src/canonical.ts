/**
 * Canonical URLs of the province FHIR package `vn.gov.quangninh.health` (built from input/fsh), for
 * the programs that write or read its resources. A unit test checks every URL here against the
 * compiled package, so this file cannot drift from the FSH.
 */

export const PACKAGE_ID = 'vn.gov.quangninh.health';
export const PACKAGE_VERSION = '0.1.0';
export const CANONICAL_BASE = 'https://fhir.quangninh.gov.vn';

/**
 * Profiles: put one in `meta.profile` of every resource of a profiled type written to HAPI (HAPI
 * refuses a write of such a type without one: see `UNPROFILED_RESOURCE_TYPES`). Keys are
 * the resource type, except for Observation, which has two profiles (`ObservationLab`,
 * `ObservationVitalSigns`): `PROFILE_RESOURCE_TYPE` gives the type of each key.
 */
export const PROFILE = {
  Patient: `${CANONICAL_BASE}/StructureDefinition/vnqn-patient`,
  Organization: `${CANONICAL_BASE}/StructureDefinition/vnqn-organization`,
  Location: `${CANONICAL_BASE}/StructureDefinition/vnqn-location`,
  HealthcareService: `${CANONICAL_BASE}/StructureDefinition/vnqn-healthcare-service`,
  Practitioner: `${CANONICAL_BASE}/StructureDefinition/vnqn-practitioner`,
  PractitionerRole: `${CANONICAL_BASE}/StructureDefinition/vnqn-practitioner-role`,
  Encounter: `${CANONICAL_BASE}/StructureDefinition/vnqn-encounter`,
  Condition: `${CANONICAL_BASE}/StructureDefinition/vnqn-condition`,
  /** Laboratory results: category laboratory, the hospital's local test code always, LOINC where mapped. */
  ObservationLab: `${CANONICAL_BASE}/StructureDefinition/vnqn-observation-lab`,
  /** Vital signs, on the base R4 vital signs profile. */
  ObservationVitalSigns: `${CANONICAL_BASE}/StructureDefinition/vnqn-observation-vital-signs`,
  MedicationRequest: `${CANONICAL_BASE}/StructureDefinition/vnqn-medication-request`,
  AllergyIntolerance: `${CANONICAL_BASE}/StructureDefinition/vnqn-allergy-intolerance`,
  Procedure: `${CANONICAL_BASE}/StructureDefinition/vnqn-procedure`,
  DiagnosticReport: `${CANONICAL_BASE}/StructureDefinition/vnqn-diagnostic-report`,
  /** BHYT social health insurance card. */
  Coverage: `${CANONICAL_BASE}/StructureDefinition/vnqn-coverage`,
  /** Where a loaded record came from: source hospital (author agent), source record (source entity), ingestion job. */
  Provenance: `${CANONICAL_BASE}/StructureDefinition/vnqn-provenance`,
  /** A patient's consent to (or refusal of) sharing the record between the hospitals. */
  Consent: `${CANONICAL_BASE}/StructureDefinition/vnqn-consent`,
  /** A department's (or doctor's) bookable timetable: actors name who is booked and lead to the hospital. */
  Schedule: `${CANONICAL_BASE}/StructureDefinition/vnqn-schedule`,
  /** One bookable time of a Schedule: schedule, status, start and end, end after start. */
  Slot: `${CANONICAL_BASE}/StructureDefinition/vnqn-slot`,
  /** One booking: booking id, slot, start/end, the patient and where (department or location). */
  Appointment: `${CANONICAL_BASE}/StructureDefinition/vnqn-appointment`,
  /** A drug the patient takes or took: the hospital's local drug code always, ATC where known. */
  MedicationStatement: `${CANONICAL_BASE}/StructureDefinition/vnqn-medication-statement`,
  /** An access to patient data or a sign-in/out, after IHE BALP: client and server agents by DICOM role. */
  AuditEvent: `${CANONICAL_BASE}/StructureDefinition/vnqn-audit-event`,
} as const;

export type ProfileKey = keyof typeof PROFILE;

/** The resource type each profile constrains. */
export const PROFILE_RESOURCE_TYPE = {
  Patient: 'Patient',
  Organization: 'Organization',
  Location: 'Location',
  HealthcareService: 'HealthcareService',
  Practitioner: 'Practitioner',
  PractitionerRole: 'PractitionerRole',
  Encounter: 'Encounter',
  Condition: 'Condition',
  ObservationLab: 'Observation',
  ObservationVitalSigns: 'Observation',
  MedicationRequest: 'MedicationRequest',
  AllergyIntolerance: 'AllergyIntolerance',
  Procedure: 'Procedure',
  DiagnosticReport: 'DiagnosticReport',
  Coverage: 'Coverage',
  Provenance: 'Provenance',
  Consent: 'Consent',
  Schedule: 'Schedule',
  Slot: 'Slot',
  Appointment: 'Appointment',
  MedicationStatement: 'MedicationStatement',
  AuditEvent: 'AuditEvent',
} as const satisfies Record<ProfileKey, string>;

/** Resource types the package profiles: HAPI refuses a write of one of these without one of our profiles. */
export type ProfiledResourceType = (typeof PROFILE_RESOURCE_TYPE)[ProfileKey];

/**
 * Resource types written to HAPI that the package deliberately leaves unprofiled, so HAPI neither
 * demands a profile nor validates them: Person (the identity links across hospitals) and
 * ClinicalImpression (clinical notes), by design.
 */
export const UNPROFILED_RESOURCE_TYPES = ['Person', 'ClinicalImpression'] as const;

/** The profile URLs a resource of `resourceType` may declare (empty when the type is not profiled). */
export function profilesFor(resourceType: string): string[] {
  return (Object.keys(PROFILE) as ProfileKey[])
    .filter((key) => PROFILE_RESOURCE_TYPE[key] === resourceType)
    .map((key) => PROFILE[key]);
}

/** Data type profiles and extensions. */
export const DATATYPE_PROFILE = {
  Address: `${CANONICAL_BASE}/StructureDefinition/vnqn-address`,
} as const;

export const EXTENSION = {
  /** On Address: valueCoding with system IDENTIFIER_SYSTEM.adminUnit, code = GSO unit code. */
  administrativeUnit: `${CANONICAL_BASE}/StructureDefinition/vn-administrative-unit`,
  /** On Coverage: valueIdentifier (system IDENTIFIER_SYSTEM.mohFacilityCode) of the registered primary-care facility. */
  bhytPrimaryCareFacility: `${CANONICAL_BASE}/StructureDefinition/bhyt-primary-care-facility`,
  /** On Patient: valueCoding (system TERMINOLOGY.ethnicGroupCodeSystem) = GSO ethnic group code, "01" = Kinh. */
  ethnicity: `${CANONICAL_BASE}/StructureDefinition/vn-ethnicity`,
  /** On a pending Appointment answered by $hold: valueInstant, when the held seat is let go. */
  appointmentHoldExpires: `${CANONICAL_BASE}/StructureDefinition/appointment-hold-expires`,
  /** On an OperationOutcome.issue refusing $hold/$book: valueReference to a contained proposed Appointment. */
  schedulingAlternative: `${CANONICAL_BASE}/StructureDefinition/scheduling-alternative`,
} as const;

/** Core FHIR extensions the province profiles use. */
export const CORE_EXTENSION = {
  /**
   * On Patient (VNQNPatient.extension:nationality): complex, with extension `code` whose
   * valueCodeableConcept has system EXTERNAL_CODE_SYSTEM.iso3166 (VN = Việt Nam).
   */
  nationality: 'http://hl7.org/fhir/StructureDefinition/patient-nationality',
} as const;

/** Identifier.system (and Coding.system for adminUnit) values, each described by a NamingSystem. */
export const IDENTIFIER_SYSTEM = {
  /** 12-digit citizen ID (ours: the Ministry of Health VN Core guide defines none we could find). */
  cccd: `${CANONICAL_BASE}/sid/cccd`,
  /** 15-character BHYT number: the Ministry of Health VN Core guide's system. */
  bhyt: 'http://fhir.ehealth.gov.vn/core/sid/insurance_number',
  /** Ministry of Health facility code: the system of the VN Core guide's provider-code NamingSystem. */
  mohFacilityCode: 'http://fhir.ehealth.gov.vn/core/sid/provider-medical-license-number',
  /** Patient numbers (MRN) of each hospital. */
  mrnDaKhoaTinh: `${CANONICAL_BASE}/sid/mrn/da-khoa-tinh`,
  mrnSanNhi: `${CANONICAL_BASE}/sid/mrn/san-nhi`,
  mrnBaiChay: `${CANONICAL_BASE}/sid/mrn/bai-chay`,
  /** Province patient card id. */
  patientCard: `${CANONICAL_BASE}/sid/patient-card`,
  /** Practitioner's practising certificate (chứng chỉ hành nghề). */
  practisingCertificate: `${CANONICAL_BASE}/sid/practising-certificate`,
  /** GSO administrative unit codes (a code system, used in the adminUnit extension). */
  adminUnit: `${CANONICAL_BASE}/sid/vn-admin-unit`,
  /** Visit numbers (MA_LK of the Ministry's XML claim tables) of each hospital: Encounter.identifier. */
  maLkDaKhoaTinh: `${CANONICAL_BASE}/sid/ma-lk/da-khoa-tinh`,
  maLkSanNhi: `${CANONICAL_BASE}/sid/ma-lk/san-nhi`,
  maLkBaiChay: `${CANONICAL_BASE}/sid/ma-lk/bai-chay`,
  /** Ingestion job id: Provenance.entity (role derivation). */
  ingestionJob: `${CANONICAL_BASE}/sid/ingestion-job`,
  /** Staff account id: AuditEvent.agent.who.identifier. */
  staffUser: `${CANONICAL_BASE}/sid/staff-user`,
  /** Kiosk / reception station id: AuditEvent.agent.who.identifier (client). */
  station: `${CANONICAL_BASE}/sid/station`,
  /** Province program name (ehr-api): AuditEvent.source.observer and the server agent. */
  application: `${CANONICAL_BASE}/sid/application`,
  /**
   * A "Type/id" HAPI does not hold (or an API record that is no FHIR resource, e.g. Card/…), kept as
   * an identifier: AuditEvent agents and entities, Appointment patient not yet in HAPI (type Patient).
   */
  fhirReference: `${CANONICAL_BASE}/sid/fhir-reference`,
  /** Booking id: Appointment.identifier:bookingId (required). */
  bookingId: `${CANONICAL_BASE}/sid/booking-id`,
  /** Ticket code printed on the booking's ticket (8 Crockford base32 characters): Appointment.identifier:ticketCode. */
  bookingTicket: `${CANONICAL_BASE}/sid/booking-ticket`,
  /**
   * Queue number: Appointment.identifier:queueNumber, value `<HealthcareService id>/<YYYY-MM-DD>/<n>`
   * (a number is unique only within a department and a local day); see `queueNumberValue`.
   */
  queueNumber: `${CANONICAL_BASE}/sid/queue-number`,
} as const;

/** The Appointment.identifier:queueNumber value of number `n` of a department on a local day (`YYYY-MM-DD`). */
export function queueNumberValue(healthcareServiceId: string, localDay: string, n: number): string {
  return `${healthcareServiceId}/${localDay}/${n}`;
}

/** Short hospital codes used in source-record systems (and in the API's resource ids). */
export type SourceRecordHospital = 'dkt' | 'snh' | 'bch';
/** Source formats the ingestion reads. */
export type SourceRecordFormat = 'hl7v2' | 'xml130' | 'csv';

/**
 * Identifier systems of the records in each hospital's exports, one per hospital and format
 * (Provenance.entity with role source): `…/sid/source-record/<hospital>/<format>`. Each has a
 * NamingSystem.
 */
export function sourceRecordSystem(
  hospital: SourceRecordHospital,
  format: SourceRecordFormat,
): string {
  return `${CANONICAL_BASE}/sid/source-record/${hospital}/${format}`;
}

export const SOURCE_RECORD_HOSPITALS: readonly SourceRecordHospital[] = ['dkt', 'snh', 'bch'];
export const SOURCE_RECORD_FORMATS: readonly SourceRecordFormat[] = ['hl7v2', 'xml130', 'csv'];

/** Every source-record system (3 hospitals × 3 formats). */
export const SOURCE_RECORD_SYSTEMS: readonly string[] = SOURCE_RECORD_HOSPITALS.flatMap(
  (hospital) => SOURCE_RECORD_FORMATS.map((format) => sourceRecordSystem(hospital, format)),
);

/** Department / specialty terminology (HealthcareService.type, PractitionerRole.specialty). */
export const TERMINOLOGY = {
  departmentCodeSystem: `${CANONICAL_BASE}/CodeSystem/department`,
  departmentValueSet: `${CANONICAL_BASE}/ValueSet/department`,
  /** Encounter.class (required): v3-ActCode AMB, IMP, EMER. */
  encounterClassValueSet: `${CANONICAL_BASE}/ValueSet/encounter-class`,
  /** Local lab test codes of each hospital (content not-present): VNQNObservationLab.code needs one. */
  localLabDaKhoaTinh: `${CANONICAL_BASE}/CodeSystem/local-lab-da-khoa-tinh`,
  localLabSanNhi: `${CANONICAL_BASE}/CodeSystem/local-lab-san-nhi`,
  localLabBaiChay: `${CANONICAL_BASE}/CodeSystem/local-lab-bai-chay`,
  /** Local drug codes of each hospital (content not-present): VNQNMedicationStatement needs one. */
  localDrugDaKhoaTinh: `${CANONICAL_BASE}/CodeSystem/local-drug-da-khoa-tinh`,
  localDrugSanNhi: `${CANONICAL_BASE}/CodeSystem/local-drug-san-nhi`,
  localDrugBaiChay: `${CANONICAL_BASE}/CodeSystem/local-drug-bai-chay`,
  /** Ministry of Health drug codes (MA_THUOC), named by the province (content not-present). */
  mohDrug: `${CANONICAL_BASE}/CodeSystem/moh-drug`,
  /** Ministry of Health technical-service codes (MA_DICH_VU), named by the province (content not-present). */
  mohTechnicalService: `${CANONICAL_BASE}/CodeSystem/moh-technical-service`,
  /** Vietnam's 54 ethnic groups, GSO codes of Quyết định 121-TCTK/PPCĐ ("01" Kinh … "54" Rơ-măm), as MA_DANTOC. */
  ethnicGroupCodeSystem: `${CANONICAL_BASE}/CodeSystem/vn-ethnic-group`,
  ethnicGroupValueSet: `${CANONICAL_BASE}/ValueSet/vn-ethnic-group`,
  /**
   * Administrative units (content fragment: Quảng Ninh's province, its 54 commune-level units since
   * 1 July 2025 and its 13 retired district-level units). Its URL is the adminUnit system.
   */
  adminUnitCodeSystem: `${CANONICAL_BASE}/sid/vn-admin-unit`,
  quangNinhAdminUnitValueSet: `${CANONICAL_BASE}/ValueSet/quang-ninh-admin-unit`,
  /** Kinds of booked service (kham-benh, tai-kham, kham-thai, …). */
  appointmentServiceTypeCodeSystem: `${CANONICAL_BASE}/CodeSystem/appointment-service-type`,
  /** Appointment/Slot/Schedule.serviceType: the service types plus the department codes. */
  appointmentServiceTypeValueSet: `${CANONICAL_BASE}/ValueSet/appointment-service-type`,
  /** Patient card status: active, revoked, replaced, expired (as the API keeps cards). */
  cardStatusCodeSystem: `${CANONICAL_BASE}/CodeSystem/card-status`,
  cardStatusValueSet: `${CANONICAL_BASE}/ValueSet/card-status`,
} as const;

/** External code systems the clinical profiles use. */
export const EXTERNAL_CODE_SYSTEM = {
  /** ICD-10 (WHO, with the Ministry of Health's codes): Condition.code. */
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  /** ISO 3166 country codes: nationality. */
  iso3166: 'urn:iso:std:iso:3166',
  /** WHO Anatomical Therapeutic Chemical classification: MedicationStatement drug, where known. */
  atc: 'http://www.whocc.no/atc',
  /** Appointment.cancelationReason (HL7 terminology; example binding). */
  appointmentCancellationReason:
    'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason',
} as const;

/** Keys of the invariants, as they appear in OperationOutcome messages from HAPI. */
export const INVARIANT = {
  cccdTwelveDigits: 'qn-cccd-1',
  cccdProvinceCode: 'qn-cccd-2',
  cccdCenturyDigit: 'qn-cccd-3',
  cccdBirthYearMatches: 'qn-cccd-4',
  cccdSexMatches: 'qn-cccd-5',
  bhytFormat: 'qn-bhyt-1',
  facilityCodeFormat: 'qn-facility-1',
  nameHasText: 'qn-name-1',
  icd10Format: 'qn-icd10-1',
  conditionHasIcd10: 'qn-condition-1',
  labHasLocalCode: 'qn-lab-1',
  labUnitIsUcum: 'qn-lab-2',
  medicationHasText: 'qn-med-1',
  bhytSubscriberIdFormat: 'qn-bhyt-2',
  bhytBenefitLevel: 'qn-bhyt-3',
  bhytBenefitLevelMatchesNumber: 'qn-bhyt-4',
  provenanceSourceHospital: 'qn-prov-1',
  provenanceSourceRecord: 'qn-prov-2',
  scheduleNamesWhoIsBooked: 'qn-sched-1',
  scheduleLeadsToHospital: 'qn-sched-2',
  endAfterStart: 'qn-time-1',
  appointmentHasPatient: 'qn-appt-1',
  appointmentHasPlace: 'qn-appt-2',
  medicationHasLocalCode: 'qn-med-2',
  auditClientAndServerAgents: 'qn-audit-1',
  auditPatientEntityNamesPatient: 'qn-audit-2',
} as const;
