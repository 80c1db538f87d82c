/**
 * Canonical URLs of the province FHIR package `vn.gov.quangninh.health` (built from input/fsh), for
 * the programs that write or read its resources. A unit test checks every URL here against the
 * compiled package, so this file cannot drift from the FSH.
 */

export const PACKAGE_ID = 'vn.gov.quangninh.health';
export const PACKAGE_VERSION = '0.1.0';
export const CANONICAL_BASE = 'https://fhir.quangninh.gov.vn';

/** Profiles: put the one for the resource type in `meta.profile` of every resource written to HAPI. */
export const PROFILE = {
  Patient: `${CANONICAL_BASE}/StructureDefinition/vnqn-patient`,
  Organization: `${CANONICAL_BASE}/StructureDefinition/vnqn-organization`,
  Location: `${CANONICAL_BASE}/StructureDefinition/vnqn-location`,
  HealthcareService: `${CANONICAL_BASE}/StructureDefinition/vnqn-healthcare-service`,
  Practitioner: `${CANONICAL_BASE}/StructureDefinition/vnqn-practitioner`,
  PractitionerRole: `${CANONICAL_BASE}/StructureDefinition/vnqn-practitioner-role`,
} as const;

export type ProfiledResourceType = keyof typeof PROFILE;

/** Data type profiles and extensions. */
export const DATATYPE_PROFILE = {
  Address: `${CANONICAL_BASE}/StructureDefinition/vnqn-address`,
} as const;

export const EXTENSION = {
  /** On Address: valueCoding with system IDENTIFIER_SYSTEM.adminUnit, code = GSO unit code. */
  administrativeUnit: `${CANONICAL_BASE}/StructureDefinition/vn-administrative-unit`,
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
} as const;

/** Department / specialty terminology (HealthcareService.type, PractitionerRole.specialty). */
export const TERMINOLOGY = {
  departmentCodeSystem: `${CANONICAL_BASE}/CodeSystem/department`,
  departmentValueSet: `${CANONICAL_BASE}/ValueSet/department`,
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
} as const;
