/**
 * Shapes of the staff sign-in API (`POST /api/auth/sign-in`, `GET /api/auth/me`). They are not
 * in `@qn/contracts` yet, so they are written here once, for the whole app.
 */

export const STAFF_ROLES = ['receptionist', 'doctor', 'hospital-it', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A signed-in member of staff, as the API describes them. */
export interface StaffUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: StaffRole;
  /** The hospital the user works for; a province-wide admin has none. */
  readonly hospital?: string;
}

/** What `POST /api/auth/sign-in` answers. */
export interface SignInResponse {
  readonly accessToken: string;
  /** ISO instant after which the API refuses the token. */
  readonly expiresAt: string;
  readonly user: StaffUser;
}

/** What this tab keeps while a member of staff is signed in. */
export interface StaffSession {
  readonly accessToken: string;
  readonly expiresAt: string;
  readonly user: StaffUser;
}

/** Why the sign-in page is shown: it tells the user in words (`?reason=`). */
export type SignInReason = 'session-ended' | 'expired' | 'signed-out' | 'sign-in-required';

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** Checks a user object from the API or from storage; anything malformed is refused. */
export function isStaffUser(value: unknown): value is StaffUser {
  if (!value || typeof value !== 'object') return false;
  const user = value as Record<string, unknown>;
  return (
    typeof user['id'] === 'string' &&
    typeof user['username'] === 'string' &&
    typeof user['displayName'] === 'string' &&
    isStaffRole(user['role']) &&
    (user['hospital'] === undefined || typeof user['hospital'] === 'string')
  );
}

export function isStaffSession(value: unknown): value is StaffSession {
  if (!value || typeof value !== 'object') return false;
  const session = value as Record<string, unknown>;
  return (
    typeof session['accessToken'] === 'string' &&
    session['accessToken'].length > 0 &&
    typeof session['expiresAt'] === 'string' &&
    !Number.isNaN(Date.parse(session['expiresAt'])) &&
    isStaffUser(session['user'])
  );
}

/** Where each role works once signed in. Roles without a face of their own go to the landing page. */
export function homeFor(role: StaffRole): string {
  switch (role) {
    case 'doctor':
      return '/doctor';
    case 'receptionist':
      return '/reception';
    // Hospital IT and administrators watch the day's figures, their hospital's or the province's.
    default:
      return '/operations';
  }
}

/** Role names in words, for the user bar. */
export function roleLabel(role: StaffRole): string {
  switch (role) {
    case 'doctor':
      return $localize`:@@auth.role.doctor:Bác sĩ`;
    case 'receptionist':
      return $localize`:@@auth.role.receptionist:Lễ tân`;
    case 'hospital-it':
      return $localize`:@@auth.role.hospitalIt:CNTT bệnh viện`;
    case 'admin':
      return $localize`:@@auth.role.admin:Quản trị hệ thống`;
  }
}
