import { z } from 'zod';
import { departmentSummarySchema } from './status.js';

/** A way to reach a hospital, from FHIR `ContactPoint` (phone, email or website only). */
export const facilityContactSchema = z.object({
  system: z.enum(['phone', 'email', 'url']),
  value: z.string(),
});
export type FacilityContact = z.infer<typeof facilityContactSchema>;

/** A Vietnamese address as the directory holds it (FHIR `Address` of the VNQN profile). */
export const facilityAddressSchema = z.object({
  /** The whole address as written for people; built from the parts when the source has no text. */
  text: z.string(),
  /** House number, street, residential group. */
  lines: z.array(z.string()),
  /** Ward or commune. */
  ward: z.string().optional(),
  city: z.string().optional(),
  province: z.string().optional(),
});
export type FacilityAddress = z.infer<typeof facilityAddressSchema>;

/**
 * One hospital of the public directory (`GET /api/directory/facilities`): where it is, how to
 * reach it and its departments with directions. Read from HAPI FHIR: Organization, its main
 * Location (address, position, telecom) and its active HealthcareServices.
 */
export const facilitySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Other names, e.g. the English name. */
  aliases: z.array(z.string()),
  facilityCode: z.string(),
  address: facilityAddressSchema.nullable(),
  /** WGS84, from `Location.position`; null when the directory has no coordinates. */
  position: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  contacts: z.array(facilityContactSchema),
  departments: z.array(departmentSummarySchema),
});
export type Facility = z.infer<typeof facilitySchema>;
