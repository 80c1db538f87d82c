import { HttpError } from '../errors/http-error.js';
import { PeriodicTask } from '../jobs/periodic-task.js';
import { claimLease, newOwnerId } from '../jobs/lease.js';
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
      .find({ publishedToFhir: false, nextAttemptAt: { $lte: this.clock() } }, { _id: 1 })
      .sort({ nextAttemptAt: 1 })
      .limit(this.options.batchSize ?? 100)
      .lean<Array<{ _id: string }>>();
    for (const { _id } of due) {
      if (!this.monitor.isUp('hapi-fhir')) break;
      if (!(await this.acquire(_id))) continue;
      try {
        const doc = await this.models.events.findById(_id).lean<AuditEventDocument>();
        // Re-read under the lease: another instance may have sent it, or set a later attempt, meanwhile.
        if (!doc || doc.publishedToFhir || doc.nextAttemptAt.getTime() > this.clock().getTime())
          continue;
        const result = await this.publish(doc);
        if (result === 'published') published++;
        // HAPI failing (not refusing this one record): let the next tick and the monitor decide when to try again.
        if (result === 'unavailable') break;
      } finally {
        await this.models.leases.deleteOne({ _id, owner: this.owner }).catch(() => undefined);
      }
    }
    return published;
  }

  private async acquire(eventId: string): Promise<boolean> {
    return (
      (await claimLease(
        this.models.leases,
        eventId,
        this.owner,
        this.clock(),
        this.options.leaseMs ?? 30_000,
      )) !== undefined
    );
  }

  /**
   * Sends the record's AuditEvents. HAPI refuses a reference to a resource it does not hold
   * (HAPI-1094), and names one at a time: each such reference is written as an identifier instead,
   * and the send is tried again.
   */
  private async publish(doc: AuditEventDocument): Promise<'published' | 'refused' | 'unavailable'> {
    const unresolved = new Set<string>();
    try {
      for (;;) {
        const events = toAuditEvents(doc, {
          observer: this.options.observer,
          unresolved,
          ...(this.options.serverAddress ? { serverAddress: this.options.serverAddress } : {}),
        });
        try {
          await this.store.transaction(auditEventBundle(events));
          break;
        } catch (error) {
          const missing =
            error instanceof HttpError && error.status < 500
              ? unresolvedReference(error.detail)
              : undefined;
          if (!missing || unresolved.has(missing) || unresolved.size >= 20) throw error;
          unresolved.add(missing);
        }
      }
      await this.models.events.updateOne(
        { _id: doc._id },
        { $set: { publishedToFhir: true, publishedAt: this.clock(), fhirIds: fhirIdsFor(doc) } },
      );
      return 'published';
    } catch (error) {
      const attempts = doc.publishAttempts + 1;
      const delay =
        Math.min(this.options.maxBackoffMs, 500 * 2 ** Math.min(attempts, 20)) +
        Math.floor(Math.random() * 250);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        { eventId: doc._id, attempts, retryInMs: delay, err: error },
        `publishing an audit event to HAPI FHIR failed: ${reason}`,
      );
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
      return error instanceof HttpError && error.status < 500 ? 'refused' : 'unavailable';
    }
  }
}
