/**
 * The province's profiles and identifier systems come from the FHIR package's own constants
 * (fhir-profiles/src/canonical.ts, checked against the compiled package by its tests).
 * Every resource the API writes declares its profile: HAPI refuses writes that do not.
 */
import { IDENTIFIER_SYSTEM as PACKAGE_SYSTEMS, TERMINOLOGY } from '@qn/fhir-profiles';

export {
  CANONICAL_BASE,
  CORE_EXTENSION,
  EXTENSION,
  EXTERNAL_CODE_SYSTEM,
  INVARIANT,
  PROFILE,
  TERMINOLOGY,
  queueNumberValue,
} from '@qn/fhir-profiles';

export const IDENTIFIER_SYSTEM = {
  ...PACKAGE_SYSTEMS,
  /** Ministry of Health code of a health facility (mã cơ sở khám chữa bệnh). */
  facilityCode: PACKAGE_SYSTEMS.mohFacilityCode,
} as const;

export const CODE_SYSTEM = {
  department: TERMINOLOGY.departmentCodeSystem,
} as const;
