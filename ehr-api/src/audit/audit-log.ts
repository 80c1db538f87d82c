import { types } from 'node:util';
import { randomUUID } from 'node:crypto';
import type DataLoader from 'dataloader';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Principal } from '../auth/principal.js';
import { groupCommitLoader } from '../db/group-commit.js';
import { HttpError } from '../errors/http-error.js';
import type { Logger } from '../logger.js';
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type AuditAction,
  type AuditActor,
  type AuditEventDocument,
  type AuditModels,
  type AuditOutcome,
  type AuditResource,
} from './audit-model.js';

/** What a caller says happened; the log adds the id, the time and the outbox fields. */
export interface AuditEntry {
  who: AuditActor;
  action: AuditAction;
  outcome: AuditOutcome;
  outcomeReason?: string;
  stationId?: string;
  patientIds?: string[];
  resource?: AuditResource;
  purpose?: string;
  endpoint?: string;
  requestId?: string;
  clientIp?: string;
}

/** An audit record as the API returns it (no outbox fields). */
export interface AuditRecord {
  eventId: string;
  recorded: string;
  action: AuditAction;
  outcome: AuditOutcome;
  outcomeReason?: string;
  who: AuditActor;
  stationId?: string;
  patientIds: string[];
  resource?: AuditResource;
  purpose?: string;
  endpoint?: string;
  requestId?: string;
  publishedToFhir: boolean;
}

export interface AuditQuery {
  patientId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  actions?: AuditAction[];
  outcome?: AuditOutcome;
  actorKind?: AuditActor['kind'];
  /** Leave out records about this resource type (the patient's view leaves out reads of the audit log itself). */
  notResourceType?: string;
  limit: number;
  /** Cursor from the previous page (`next`). */
  before?: string;
}

/** Audit must not fail on an odd value: over-long text is cut, not refused. */
const clip = (value: string | undefined, max: number): string | undefined =>
  value === undefined ? undefined : value.slice(0, max);

function clipResource(resource: AuditResource | undefined): AuditResource | undefined {
  if (!resource) return undefined;
  const type = clip(resource.type, 64);
  const id = clip(resource.id, 128);
  const query = clip(resource.query, 2000);
  return {
    ...(type ? { type } : {}),
    ...(id ? { id } : {}),
    ...(query !== undefined ? { query } : {}),
  };
}

function toRecord(doc: AuditEventDocument): AuditRecord {
  return {
    eventId: doc._id,
    recorded: doc.recorded.toISOString(),
    action: doc.action,
    outcome: doc.outcome,
    ...(doc.outcomeReason ? { outcomeReason: doc.outcomeReason } : {}),
    who: doc.who,
    ...(doc.stationId ? { stationId: doc.stationId } : {}),
    patientIds: doc.patientIds,
    ...(doc.resource ? { resource: doc.resource } : {}),
    ...(doc.purpose ? { purpose: doc.purpose } : {}),
    ...(doc.endpoint ? { endpoint: doc.endpoint } : {}),
    ...(doc.requestId ? { requestId: doc.requestId } : {}),
    publishedToFhir: doc.publishedToFhir,
  };
}

function encodeCursor(doc: AuditEventDocument): string {
  return Buffer.from(`${doc.recorded.getTime()}|${doc._id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { time: Date; id: string } | undefined {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const ms = Number(time);
  return id && Number.isFinite(ms) ? { time: new Date(ms), id } : undefined;
}

/**
 * The audit log: an append-only `audit_events` collection. `record` inserts; nothing in the API
 * updates or deletes a record (the publisher alone sets its outbox fields). Each record is also
 * sent to HAPI FHIR as AuditEvents by the AuditPublisher.
 */
export class AuditLog {
  /**
   * Records made while an insert is on its way go to the database together, in one insertMany,
   * when it is back: one round trip instead of one per request when many read at once (FerretDB
   * answers a batch of inserts in about the time of one). A request alone still waits for exactly
   * one insert.
   */
  private readonly inserts: DataLoader<AuditEventDocument, true>;

  constructor(
    private readonly models: AuditModels,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.inserts = groupCommitLoader((docs) => this.insertAll(docs), { maxBatchSize: 200 });
  }

  /** One result per record: true, or the error that kept that record out. */
  private async insertAll(docs: readonly AuditEventDocument[]): Promise<(true | Error)[]> {
    const insertOne = (doc: AuditEventDocument): Promise<true | Error> =>
      this.models.events.create(doc).then(
        (): true => true,
        // isNativeError as well: a socket's own error (write ECONNRESET) must keep its code, by
        // which the error handler tells a broken database link (503) from a bug (500).
        (error: unknown) =>
          error instanceof Error || types.isNativeError(error) ? error : new Error(String(error)),
      );
    if (docs.length === 1) return [await insertOne(docs[0]!)];
    try {
      await this.models.events.insertMany(docs, { ordered: false });
      return docs.map(() => true);
    } catch {
      // Which records a bulk error kept out is not worth parsing: those already in refuse a second
      // insert by _id (counted as in); the others are tried alone and report their own error.
      // One read per record, by _id: FerretDB would read the whole collection for an `$in`.
      const found = await Promise.all(
        docs.map((doc) => this.models.events.exists({ _id: doc._id }).catch(() => null)),
      );
      const stored = new Set(docs.filter((_, i) => found[i]).map((doc) => doc._id));
      return Promise.all(
        docs.map((doc) => (stored.has(doc._id) ? Promise.resolve<true>(true) : insertOne(doc))),
      );
    }
  }

  async ready(): Promise<void> {
    await Promise.all([this.models.events.createIndexes(), this.models.leases.createIndexes()]);
  }

  /** Inserts one record. Over-long values are cut; an unknown action or outcome is a bug and throws. */
  async record(entry: AuditEntry): Promise<AuditRecord> {
    if (
      !(AUDIT_ACTIONS as readonly string[]).includes(entry.action) ||
      !(AUDIT_OUTCOMES as readonly string[]).includes(entry.outcome)
    ) {
      throw new Error(
        `audit entry refused: unknown action "${entry.action}" or outcome "${entry.outcome}"`,
      );
    }
    const now = this.clock();
    const reason = clip(entry.outcomeReason, 1000);
    const stationId = clip(entry.stationId, 64);
    const resource = clipResource(entry.resource);
    const purpose = clip(entry.purpose, 1000);
    const doc: AuditEventDocument = {
      _id: randomUUID(),
      recorded: now,
      action: entry.action,
      outcome: entry.outcome,
      ...(reason ? { outcomeReason: reason } : {}),
      who: entry.who,
      ...(stationId ? { stationId } : {}),
      patientIds: [...new Set((entry.patientIds ?? []).map((id) => id.slice(0, 64)))].slice(0, 200),
      ...(resource ? { resource } : {}),
      ...(purpose ? { purpose } : {}),
      ...(entry.endpoint ? { endpoint: entry.endpoint.slice(0, 300) } : {}),
      ...(entry.requestId ? { requestId: entry.requestId.slice(0, 64) } : {}),
      ...(entry.clientIp ? { clientIp: entry.clientIp.slice(0, 64) } : {}),
      publishedToFhir: false,
      publishAttempts: 0,
      nextAttemptAt: now,
    };
    await this.inserts.load(doc);
    return toRecord(doc);
  }

  async get(eventId: string): Promise<AuditRecord | undefined> {
    const doc = await this.models.events.findById(eventId).lean<AuditEventDocument>();
    return doc ? toRecord(doc) : undefined;
  }

  /** Records newest first, one page at a time. */
  async search(query: AuditQuery): Promise<{ events: AuditRecord[]; next?: string }> {
    const filter: Record<string, unknown> = {};
    if (query.patientId) filter.patientIds = query.patientId;
    if (query.userId) filter['who.userId'] = query.userId;
    if (query.actions) filter.action = { $in: query.actions };
    if (query.outcome) filter.outcome = query.outcome;
    if (query.actorKind) filter['who.kind'] = query.actorKind;
    if (query.notResourceType) filter['resource.type'] = { $ne: query.notResourceType };
    const recorded: Record<string, Date> = {};
    if (query.from) recorded.$gte = query.from;
    if (query.to) recorded.$lt = query.to;
    if (Object.keys(recorded).length > 0) filter.recorded = recorded;
    const cursor = query.before ? decodeCursor(query.before) : undefined;
    if (cursor)
      filter.$or = [
        { recorded: { $lt: cursor.time } },
        { recorded: cursor.time, _id: { $lt: cursor.id } },
      ];
    const docs = await this.models.events
      .find(filter)
      .sort({ recorded: -1, _id: -1 })
      .limit(query.limit + 1)
      .lean<AuditEventDocument[]>();
    const page = docs.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      events: page.map(toRecord),
      ...(docs.length > query.limit && last ? { next: encodeCursor(last) } : {}),
    };
  }
}

// ---- Express helpers ------------------------------------------------------------------------

const bound = new WeakMap<Request, AuditLog>();
const targets = new WeakMap<Request, AuditTarget>();

/** Makes `auditAccess` and `auditDenials` record into this log for every request after it. */
export function useAudit(log: AuditLog): RequestHandler {
  return (req, _res, next) => {
    bound.set(req, log);
    next();
  };
}

function logOf(req: Request): AuditLog {
  const log = bound.get(req);
  if (!log)
    throw new Error('audit log not wired: mount useAudit(auditLog) before the routes that audit');
  return log;
}

/** The actor of a request, from its principal. */
export function actorOf(principal: Principal | undefined): AuditActor {
  if (!principal) return { kind: 'anonymous' };
  if (principal.kind === 'staff') {
    return {
      kind: 'staff',
      userId: principal.userId,
      displayName: principal.displayName,
      role: principal.role,
      sessionId: principal.sessionId,
      ...(principal.hospital ? { hospital: principal.hospital } : {}),
      ...(principal.practitionerId ? { practitionerId: principal.practitionerId } : {}),
    };
  }
  if (principal.kind === 'patient')
    return {
      kind: 'patient',
      role: 'patient',
      patientId: principal.patientId,
      kioskSessionId: principal.kioskSessionId,
    };
  return { kind: 'device', role: 'device' };
}

function requestFacts(
  req: Request,
): Pick<AuditEntry, 'who' | 'stationId' | 'endpoint' | 'requestId' | 'clientIp'> {
  const principal = req.principal;
  const stationId = principal && principal.kind !== 'staff' ? principal.stationId : undefined;
  const requestId =
    typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : undefined;
  return {
    who: actorOf(principal),
    ...(stationId ? { stationId } : {}),
    endpoint: `${req.method} ${req.originalUrl.split('?')[0] ?? ''}`,
    ...(requestId ? { requestId } : {}),
    ...(req.ip ? { clientIp: req.ip } : {}),
  };
}

export interface AuditAccess {
  action: AuditAction;
  patientIds?: string[];
  resource?: AuditResource;
  /** Defaults to success. */
  outcome?: AuditOutcome;
  reason?: string;
  /** Break-glass: the reason the user gave. */
  purpose?: string;
  /** Sign-in: the username typed (the user may not exist). */
  username?: string;
}

/**
 * Records one access by the request's principal. Await it before answering: a read that cannot be
 * audited is not answered (the insert failing makes the request fail).
 */
export function auditAccess(req: Request, access: AuditAccess): Promise<AuditRecord> {
  const facts = requestFacts(req);
  return logOf(req).record({
    ...facts,
    ...(access.username ? { who: { ...facts.who, username: access.username } } : {}),
    action: access.action,
    outcome: access.outcome ?? 'success',
    ...(access.reason ? { outcomeReason: access.reason } : {}),
    ...(access.patientIds ? { patientIds: access.patientIds } : {}),
    ...(access.resource ? { resource: access.resource } : {}),
    ...(access.purpose ? { purpose: access.purpose } : {}),
  });
}

export type AuditTarget = Omit<AuditAccess, 'outcome' | 'reason' | 'username'>;

/** Says what this request is about to touch, so that a denial later in the chain is recorded against it. */
export function auditTarget(req: Request, target: AuditTarget): void {
  targets.set(req, target);
}

/** 401 reasons that are worth a record: a token was shown and was bad. A missing or merely expired token is routine. */
const NOTABLE_401 = new Set(['invalid', 'ended']);

/**
 * Error middleware (mount before the error handler): records every refusal (403, and 401 for an
 * invalid or ended token) as a denied access, against what `auditTarget` declared when the route
 * did, then passes the error on unchanged.
 */
export function auditDenials(logger?: Logger): ErrorRequestHandler {
  return async (error: unknown, req, _res, next) => {
    const log = bound.get(req);
    if (
      log &&
      error instanceof HttpError &&
      (error.status === 403 ||
        (error.status === 401 && NOTABLE_401.has(String(error.extra.reason))))
    ) {
      const target = targets.get(req);
      await log
        .record({
          ...requestFacts(req),
          action: target?.action ?? 'denied',
          outcome: 'denied',
          outcomeReason: error.detail,
          ...(target?.patientIds ? { patientIds: target.patientIds } : {}),
          ...(target?.resource ? { resource: target.resource } : {}),
          ...(target?.purpose ? { purpose: target.purpose } : {}),
        })
        .catch((failure: unknown) =>
          logger?.error({ err: failure }, 'could not record a denied access in the audit log'),
        );
    }
    next(error);
  };
}
