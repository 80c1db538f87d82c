/**
 * Canonical URLs of the province's FHIR profiles and identifier systems (see fhir-profiles/).
 * Every resource the API writes declares its profile: HAPI refuses writes that do not.
 */
export const CANONICAL_BASE = 'https://fhir.quangninh.gov.vn';

export const PROFILE = {
  Patient: `${CANONICAL_BASE}/StructureDefinition/vnqn-patient`,
  Organization: `${CANONICAL_BASE}/StructureDefinition/vnqn-organization`,
  Location: `${CANONICAL_BASE}/StructureDefinition/vnqn-location`,
  HealthcareService: `${CANONICAL_BASE}/StructureDefinition/vnqn-healthcare-service`,
  Practitioner: `${CANONICAL_BASE}/StructureDefinition/vnqn-practitioner`,
  PractitionerRole: `${CANONICAL_BASE}/StructureDefinition/vnqn-practitioner-role`,
} as const;

export const IDENTIFIER_SYSTEM = {
  /** Ministry of Health code of a health facility (mã cơ sở khám chữa bệnh), as VN Core names it. */
  facilityCode: 'http://fhir.ehealth.gov.vn/core/sid/provider-medical-license-number',
  /** Practising certificate number (chứng chỉ hành nghề). */
  practisingCertificate: `${CANONICAL_BASE}/sid/practising-certificate`,
} as const;

export const CODE_SYSTEM = {
  department: `${CANONICAL_BASE}/CodeSystem/department`,
} as const;
