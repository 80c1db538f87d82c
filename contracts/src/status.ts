import { z } from 'zod';

/** One component of the running system, as the readiness probe last saw it. */
export const componentHealthSchema = z.object({
  name: z.enum(['mongodb', 'hapi-fhir']),
  status: z.enum(['up', 'down']),
  /** ISO timestamp of the last completed probe. */
  checkedAt: z.string(),
  latencyMs: z.number().nonnegative().optional(),
  /** What is wrong, in words an operator can act on; present when down, or up but answering late. */
  detail: z.string().optional(),
});
export type ComponentHealth = z.infer<typeof componentHealthSchema>;

export const readinessSchema = z.object({
  status: z.enum(['ready', 'degraded']),
  components: z.array(componentHealthSchema),
});
export type Readiness = z.infer<typeof readinessSchema>;

/** A card-reader agent as the API last heard from it. */
export const agentPresenceSchema = z.object({
  deviceId: z.string(),
  online: z.boolean(),
  /** Absent for a registered station that has never connected. */
  lastSeenAt: z.string().optional(),
  readers: z.array(z.string()),
  lastCardEventAt: z.string().optional(),
});
export type AgentPresence = z.infer<typeof agentPresenceSchema>;

export const hospitalSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  facilityCode: z.string(),
  departmentCount: z.number().int().nonnegative(),
  practitionerCount: z.number().int().nonnegative(),
});
export type HospitalSummary = z.infer<typeof hospitalSummarySchema>;

/** A department or clinic of a hospital (a FHIR HealthcareService), as patients choose it. */
export const departmentSummarySchema = z.object({
  hospitalId: z.string(),
  serviceId: z.string(),
  /** Code from the province's department CodeSystem, e.g. `kham-benh`. */
  code: z.string(),
  name: z.string(),
  /** Where to go, as the patient would be told. */
  directions: z.string(),
});
export type DepartmentSummary = z.infer<typeof departmentSummarySchema>;

/** What every face's status page shows: the real state of the running stack. */
export const systemStatusSchema = z.object({
  service: z.literal('ehr-api'),
  version: z.string(),
  startedAt: z.string(),
  readiness: readinessSchema,
  agents: z.array(agentPresenceSchema),
  /** Null when HAPI FHIR cannot be reached. */
  hospitals: z.array(hospitalSummarySchema).nullable(),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;
