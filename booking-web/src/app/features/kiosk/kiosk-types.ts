/**
 * API shapes the kiosk reads, as TYPES from the shared contracts package (no zod in the
 * bundle). The department directory entry is not in the contracts yet; it mirrors
 * `GET /api/directory/departments` as agreed with the API side.
 */
export type {
  AvailableSlot,
  Booking,
  HospitalSummary,
  KioskPatient,
  KioskSession,
  StationEvent,
} from '@qn/contracts';

/** One department of one hospital, from `GET /api/directory/departments`. */
export interface DepartmentEntry {
  readonly hospitalId: string;
  readonly serviceId: string;
  /** Department code, e.g. `kham-benh`; the same code at each hospital offering it. */
  readonly code: string;
  readonly name: string;
  readonly directions: string;
}

/** Which hospital the patient picked: one of them, or "any, earliest" (`id: null`). */
export interface HospitalChoice {
  readonly id: string | null;
  readonly name: string;
}

/** Which department the patient picked (by code, so "any hospital" can search all three). */
export interface DepartmentChoice {
  readonly code: string;
  readonly name: string;
}
