import { Schema, type Connection, type Model } from 'mongoose';
import { HOSPITAL_CODES, type HospitalCode } from '../ingestion/model.js';

export const AUDIT_ACTIONS = ['read', 'search', 'create', 'update', 'delete', 'restore', 'break-glass', 'sign-in', 'sign-out', 'denied'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Who acted: a member of staff, a patient at a kiosk, a device, or someone not (yet) known. */
export interface AuditActor {
  kind: 'staff' | 'patient' | 'device' | 'anonymous';
  userId?: string;
  /** The username typed, for sign-in attempts (the user may not exist). */
  username?: string;
  displayName?: string;
  role?: string;
  hospital?: HospitalCode;
  practitionerId?: string;
  sessionId?: string;
  patientId?: string;
  kioskSessionId?: string;
}

/** What was touched: a resource (type and id), or the text of a search. */
export interface AuditResource {
  type?: string;
  id?: string;
  query?: string;
}

/**
 * One audit record. The collection is append-only: records are inserted, never changed or removed;
 * only the publisher's outbox fields below are ever set after the insert, and only by the one
 * publisher holding the record's lease.
 */
export interface AuditEventDocument {
  /** The event id (UUID): unique, and the id of the FHIR AuditEvent published for it. */
  _id: string;
  recorded: Date;
  action: AuditAction;
  outcome: AuditOutcome;
  /** Why it was denied or failed, or the break-glass reason given. */
  outcomeReason?: string;
  who: AuditActor;
  /** The kiosk or reception station the request came through. */
  stationId?: string;
  /** FHIR Patient ids whose record was touched. */
  patientIds: string[];
  resource?: AuditResource;
  /** Break-glass: the reason the user typed. */
  purpose?: string;
  /** `METHOD /path` of the API request, without its query string. */
  endpoint?: string;
  requestId?: string;
  clientIp?: string;
  // Outbox to HAPI FHIR: written by the publisher holding the lease, never by anyone else.
  publishedToFhir: boolean;
  publishAttempts: number;
  nextAttemptAt: Date;
  publishedAt?: Date;
  lastError?: string;
  fhirIds?: string[];
}

const actorSchema = new Schema<AuditActor>(
  {
    kind: { type: String, required: true, enum: ['staff', 'patient', 'device', 'anonymous'] },
    userId: String,
    username: String,
    displayName: String,
    role: String,
    hospital: { type: String, enum: HOSPITAL_CODES },
    practitionerId: String,
    sessionId: String,
    patientId: String,
    kioskSessionId: String,
  },
  { _id: false },
);

const resourceSchema = new Schema<AuditResource>({ type: { type: String }, id: String, query: String }, { _id: false });

const auditSchema = new Schema<AuditEventDocument>(
  {
    _id: { type: String, required: true },
    recorded: { type: Date, required: true },
    action: { type: String, required: true, enum: AUDIT_ACTIONS },
    outcome: { type: String, required: true, enum: AUDIT_OUTCOMES },
    outcomeReason: String,
    who: { type: actorSchema, required: true },
    stationId: String,
    patientIds: { type: [String], default: [] },
    resource: { type: resourceSchema },
    purpose: String,
    endpoint: String,
    requestId: String,
    clientIp: String,
    publishedToFhir: { type: Boolean, required: true },
    publishAttempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    publishedAt: Date,
    lastError: String,
    fhirIds: { type: [String], default: undefined },
  },
  { collection: 'audit_events', versionKey: false },
);
auditSchema.index({ patientIds: 1, recorded: -1 });
auditSchema.index({ 'who.userId': 1, recorded: -1 });
auditSchema.index({ recorded: -1 });
auditSchema.index({ publishedToFhir: 1, nextAttemptAt: 1 });

/** The publisher's claim on one audit record while it sends it (`_id` = event id), taken by inserting it. */
export interface AuditLeaseDocument {
  _id: string;
  owner: string;
  until: Date;
}

const leaseSchema = new Schema<AuditLeaseDocument>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'audit_publish_leases', versionKey: false },
);

export interface AuditModels {
  events: Model<AuditEventDocument>;
  leases: Model<AuditLeaseDocument>;
}

export function auditModels(connection: Connection): AuditModels {
  return {
    events: (connection.models.AuditEvent as Model<AuditEventDocument> | undefined) ?? connection.model<AuditEventDocument>('AuditEvent', auditSchema),
    leases: (connection.models.AuditLease as Model<AuditLeaseDocument> | undefined) ?? connection.model<AuditLeaseDocument>('AuditLease', leaseSchema),
  };
}
