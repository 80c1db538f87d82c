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
  WaitlistEntry,
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

/**
 * One look at (or change to) the patient's record by a member of staff, from
 * `GET /api/audit/patients/:patientId/access` (not in the contracts yet; mirrors the API's
 * `PatientAccess`).
 */
export interface RecordAccess {
  /** ISO instant. */
  readonly at: string;
  /** `read`, `search`, `break-glass`, `create`, `update`, `delete` or `restore`. */
  readonly action: string;
  readonly who: {
    /** Only when the API chooses to name the member of staff. */
    readonly displayName?: string;
    /** A staff role: `doctor`, `receptionist`, `hospital-it` or `admin`. */
    readonly role?: string;
    /** The hospital's code, which is also its id in the directory (`bv-bai-chay`). */
    readonly hospital?: string;
  };
  /** Break-glass: the reason the doctor gave. */
  readonly purpose?: string;
}

/** A page of the access list, newest first; `next` fetches the older ones. */
export interface RecordAccessPage {
  readonly patientId: string;
  readonly accesses: readonly RecordAccess[];
  readonly next?: string;
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

/**
 * The HealthcareService id of one department at one hospital, as the API names them
 * (`hs-<hospitalId>-<departmentCode>`); the waitlist is kept per department per hospital.
 */
export function serviceIdFor(hospitalId: string, departmentCode: string): string {
  return `hs-${hospitalId}-${departmentCode}`;
}
