import { Schema, type Connection, type Model } from 'mongoose';
import { HOSPITAL_CODES, type HospitalCode } from '../ingestion/model.js';

export const STAFF_ROLES = ['receptionist', 'doctor', 'hospital-it', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A member of staff who signs in to the reception, doctor or IT faces of the app. */
export interface StaffUserDocument {
  /** `usr-<uuid>`: stays the same when the username changes, so audit records keep pointing at the person. */
  _id: string;
  /** Lower case, NFC; unique. */
  username: string;
  displayName: string;
  role: StaffRole;
  /** The hospital the user works for; only an admin (province-wide) may have none. */
  hospital?: HospitalCode;
  /** Doctors: id of their FHIR Practitioner in HAPI. */
  practitionerId?: string;
  /** argon2id PHC string; absent for a user who signs in only through OpenID Connect. */
  passwordHash?: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<StaffUserDocument>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    role: { type: String, required: true, enum: STAFF_ROLES },
    hospital: { type: String, enum: HOSPITAL_CODES },
    practitionerId: String,
    passwordHash: String,
    active: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'staff_users', versionKey: false },
);
// Insert-first-wins: the unique index, not a read before the write, keeps usernames unique (FerretDB-safe).
userSchema.index({ username: 1 }, { unique: true, name: 'username_unique' });

/** One sign-in: the token's `sid`. Ended by sign-out (endedAt) or by time (expiresAt). */
export interface StaffSessionDocument {
  _id: string;
  userId: string;
  role: StaffRole;
  hospital?: HospitalCode;
  createdAt: Date;
  /** Hard end of the session, however often its token is refreshed. */
  expiresAt: Date;
  /** Written once, by the sign-out (or deactivation) that ends the session; nothing else updates a session. */
  endedAt?: Date;
  endReason?: 'sign-out' | 'deactivated';
  ip?: string;
  userAgent?: string;
}

const sessionSchema = new Schema<StaffSessionDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    role: { type: String, required: true, enum: STAFF_ROLES },
    hospital: { type: String, enum: HOSPITAL_CODES },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    endedAt: Date,
    endReason: String,
    ip: String,
    userAgent: String,
  },
  { collection: 'staff_sessions', versionKey: false },
);
sessionSchema.index({ userId: 1, createdAt: -1 });
sessionSchema.index({ expiresAt: 1 });

/**
 * One sign-in attempt, inserted and never updated: lock-out counts the failures of a username in a
 * time window. FerretDB has no TTL index, so old attempts are purged by the service now and then.
 */
export interface SignInAttemptDocument {
  _id: string;
  username: string;
  at: Date;
  ok: boolean;
  ip?: string;
}

const attemptSchema = new Schema<SignInAttemptDocument>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    at: { type: Date, required: true },
    ok: { type: Boolean, required: true },
    ip: String,
  },
  { collection: 'staff_sign_in_attempts', versionKey: false },
);
attemptSchema.index({ username: 1, at: -1 });
attemptSchema.index({ at: 1 });

export interface AuthModels {
  users: Model<StaffUserDocument>;
  sessions: Model<StaffSessionDocument>;
  attempts: Model<SignInAttemptDocument>;
}

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

export function authModels(connection: Connection): AuthModels {
  return {
    users: model(connection, 'StaffUser', userSchema),
    sessions: model(connection, 'StaffSession', sessionSchema),
    attempts: model(connection, 'SignInAttempt', attemptSchema),
  };
}
