import type { HospitalCode } from '../ingestion/model.js';
import type { StaffRole } from './user-model.js';

/** A member of staff signed in with username and password (or OpenID Connect). */
export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  role: StaffRole;
  hospital?: HospitalCode;
  practitionerId?: string;
  sessionId: string;
  displayName: string;
}

/** A patient at a kiosk, through the session their card tap opened. */
export interface PatientPrincipal {
  kind: 'patient';
  patientId: string;
  kioskSessionId: string;
  stationId: string;
}

/** A card-reader agent or station display, by its device credentials. */
export interface DevicePrincipal {
  kind: 'device';
  stationId: string;
}

/** Who is making a request, whichever way they proved it. */
export type Principal = StaffPrincipal | PatientPrincipal | DevicePrincipal;

/** Roles `requireRole` accepts: the staff roles, and the patient and device kinds. */
export type AccessRole = StaffRole | 'patient' | 'device';

export function roleOf(principal: Principal): AccessRole {
  return principal.kind === 'staff' ? principal.role : principal.kind;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` (or by the kiosk/device mapping) once the caller is known. */
    principal?: Principal;
  }
}
