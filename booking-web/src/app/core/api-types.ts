/**
 * Types of the API responses this app reads. The source of truth is the shared contracts
 * package (`contracts/src/status.ts`, published in the workspace as `@qn/contracts`); we
 * import its TYPES only, so no zod code reaches the browser bundle.
 */
export type {
  AgentPresence,
  ComponentHealth,
  HospitalSummary,
  Readiness,
  SystemStatus,
} from '@qn/contracts';
