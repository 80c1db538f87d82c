import { HttpError } from '../errors/http-error.js';
import { PeriodicTask } from '../jobs/periodic-task.js';
import { claimLeases, newOwnerId } from '../jobs/lease.js';
import { publishEachAlone, type PublishOutcome } from '../jobs/publish-batch.js';
import type { FhirStore } from '../fhir/fhir-store.js';
import type { Logger } from '../logger.js';
import type { AuditEventDocument, AuditModels } from './audit-model.js';
import { auditEventBundle, fhirIdsFor, toAuditEvents, unresolvedReference } from './balp.js';

export interface AuditPublisherOptions {
  intervalMs: number;
  /** Longest wait between two attempts at one record while HAPI refuses it. */
  maxBackoffMs: number;
  /** Names the API in the AuditEvents (observer, server agent). */
  observer: string;
  /** The API's public base URL, for the server agent's network address. */
  serverAddress?: string;
  /** How long one instance holds a record before another may take it. */
  leaseMs?: number;
  batchSize?: number;
  clock?: () => Date;
}

/** What the publisher needs from the health monitor. */
export interface ComponentStatus {
  isUp(name: 'mongodb' | 'hapi-fhir'): boolean;
}

/**
 * Sends audit records to HAPI FHIR as BALP AuditEvents, in the background, so a request never
 * waits on HAPI to be audited. The pattern of scheduling/fhir-publisher.ts: a record is claimed by
 * inserting its lease (`audit_publish_leases`, `_id` = event id), which is atomic on FerretDB; only
 * the lease holder writes the record's outbox fields (published flag, attempts, next attempt), and
 * nobody else ever updates the record, so there is one writer per document. A failed send sets the
 * next attempt with exponential backoff; a crashed holder's lease runs out.
 */
export class AuditPublisher {
  private readonly task: PeriodicTask;
  private readonly owner = newOwnerId();
  private readonly clock: () => Date;

  constructor(
    private readonly models: AuditModels,
    private readonly store: FhirStore,
    private readonly monitor: ComponentStatus,
    private readonly logger: Logger,
    private readonly options: AuditPublisherOptions,
  ) {
    this.clock = options.clock ?? ((): Date => new Date());
    this.task = new PeriodicTask(
      'audit publisher',
      () => this.publishDue(),
      options.intervalMs,
      logger,
    );
  }

  start(): void {
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }

  /** Sends every due record once; returns how many were published. Exposed for tests and tools. */
  async publishDue(): Promise<number> {
    if (!this.monitor.isUp('hapi-fhir') || !this.monitor.isUp('mongodb')) return 0;
    let published = 0;
    const due = await this.models.events
      .find({ publishedToFhir: false, nextAttemptAt: { $lte: this.clock() } })
      .sort({ nextAttemptAt: 1 })
      .limit(this.options.batchSize ?? 100)
      .lean<AuditEventDocument[]>();
    for (let start = 0; start < due.length; start += RECORDS_PER_TRANSACTION) {
      if (!this.monitor.isUp('hapi-fhir')) break;
      const batch = due.slice(start, start + RECORDS_PER_TRANSACTION);
      const leases = await claimLeases(
        this.models.leases,
        batch.map((doc) => doc._id),
        this.owner,
        this.clock(),
        this.options.leaseMs ?? 30_000,
      );
      const claimed = await this.stillDue(batch.filter((doc) => leases.has(doc._id)));
      if (claimed.length === 0) continue;
      try {
        for (const docs of transactionsOf(claimed)) {
          const outcome = await this.publishTogether(docs);
          published += outcome.published;
          // HAPI failing (not refusing a record): the next tick and the monitor decide when to try again.
          if (outcome.hapiFailing) return published;
        }
      } finally {
        await this.models.leases
          .deleteMany({ _id: { $in: claimed.map((doc) => doc._id) }, owner: this.owner })
          .catch(() => undefined);
      }
    }
    return published;
  }

  /**
   * The claimed records that are still due, read again under the lease: another instance may have
   * sent one, or set a later attempt, since the list was read. The others' leases are let go.
   */
  private async stillDue(claimed: AuditEventDocument[]): Promise<AuditEventDocument[]> {
    const now = this.clock().getTime();
    // One read per record, by _id: FerretDB would read the whole collection for an `$in`.
    const current = await Promise.all(
      claimed.map((doc) =>
        this.models.events
          .findById(doc._id, { publishedToFhir: 1, nextAttemptAt: 1 })
          .lean<Pick<AuditEventDocument, 'publishedToFhir' | 'nextAttemptAt'>>(),
      ),
    );
    const due = claimed.filter((_, i) => {
      const state = current[i];
      return state && !state.publishedToFhir && state.nextAttemptAt.getTime() <= now;
    });
    if (due.length < claimed.length) {
      const dueIds = new Set(due.map((doc) => doc._id));
      await this.models.leases.deleteMany({
        _id: { $in: claimed.map((doc) => doc._id).filter((id) => !dueIds.has(id)) },
        owner: this.owner,
      });
    }
    return due;
  }

  /**
   * Sends the records' AuditEvents in one transaction: HAPI's cost per transaction is paid once
   * for the batch, not once per read that was audited. When HAPI refuses it (a 4xx: one record
   * broke a rule), each record is sent on its own, so a bad one holds back only itself.
   */
  private async publishTogether(docs: AuditEventDocument[]): Promise<PublishOutcome> {
    try {
      await this.send(docs);
    } catch (error) {
      const refused = error instanceof HttpError && error.status < 500;
      if (refused && docs.length > 1)
        return publishEachAlone(
          docs,
          error,
          (doc) => this.publishTogether([doc]),
          (rest, cause) => this.retryLater(rest, cause),
        );
      await this.retryLater(docs, error);
      return { published: 0, hapiFailing: !refused };
    }
    const publishedAt = this.clock();
    // One command for the batch; each update by _id, which FerretDB finds by its primary key.
    await this.models.events.bulkWrite(
      docs.map((doc) => ({
        updateOne: {
          filter: { _id: doc._id },
          update: { $set: { publishedToFhir: true, publishedAt, fhirIds: fhirIdsFor(doc) } },
        },
      })),
      { ordered: false },
    );
    return { published: docs.length, hapiFailing: false };
  }

  /**
   * Sends the records' AuditEvents. HAPI refuses a reference to a resource it does not hold
   * (HAPI-1094), and names one at a time: each such reference is written as an identifier instead,
   * and the send is tried again.
   */
  private async send(docs: AuditEventDocument[]): Promise<void> {
    const unresolved = new Set<string>();
    for (;;) {
      const events = docs.flatMap((doc) =>
        toAuditEvents(doc, {
          observer: this.options.observer,
          unresolved,
          ...(this.options.serverAddress ? { serverAddress: this.options.serverAddress } : {}),
        }),
      );
      try {
        await this.store.transaction(auditEventBundle(events));
        return;
      } catch (error) {
        const missing =
          error instanceof HttpError && error.status < 500
            ? unresolvedReference(error.detail)
            : undefined;
        if (!missing || unresolved.has(missing) || unresolved.size >= 20) throw error;
        unresolved.add(missing);
      }
    }
  }

  /** Sets each record's next attempt, with exponential backoff; the records stay unpublished. */
  private async retryLater(docs: AuditEventDocument[], error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      {
        eventIds: docs.map((doc) => doc._id),
        attempts: Math.max(...docs.map((doc) => doc.publishAttempts + 1)),
        err: error,
      },
      `publishing ${docs.length} audit record(s) to HAPI FHIR failed: ${reason}`,
    );
    for (const doc of docs) {
      const attempts = doc.publishAttempts + 1;
      const delay =
        Math.min(this.options.maxBackoffMs, 500 * 2 ** Math.min(attempts, 20)) +
        Math.floor(Math.random() * 250);
      await this.models.events
        .updateOne(
          { _id: doc._id },
          {
            $set: {
              publishAttempts: attempts,
              nextAttemptAt: new Date(this.clock().getTime() + delay),
              lastError: reason.slice(0, 500),
            },
          },
        )
        .catch(() => undefined);
    }
  }
}

/** Audit records claimed together. */
const RECORDS_PER_TRANSACTION = 20;

/** AuditEvents in one HAPI transaction at most, unless one record alone has more. */
const EVENTS_PER_TRANSACTION = 100;

/**
 * The records in transactions of at most EVENTS_PER_TRANSACTION AuditEvents: a record is one
 * AuditEvent per patient it names, and a search can name two hundred.
 */
export function transactionsOf<T extends { patientIds: string[] }>(docs: T[]): T[][] {
  const transactions: T[][] = [];
  let current: T[] = [];
  let events = 0;
  for (const doc of docs) {
    const size = Math.max(1, doc.patientIds.length);
    if (current.length > 0 && events + size > EVENTS_PER_TRANSACTION) {
      transactions.push(current);
      current = [];
      events = 0;
    }
    current.push(doc);
    events += size;
  }
  if (current.length > 0) transactions.push(current);
  return transactions;
}
