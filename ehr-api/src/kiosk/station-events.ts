import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { StationEvent } from '@qn/contracts';
import type { Logger } from '../logger.js';
import { ensureTtlIndex } from './session-model.js';

/**
 * Station events fanned out to kiosk pages through MongoDB, so a tap handled by one API instance
 * reaches the browser connected to any other. FerretDB has no change streams, so each instance
 * polls the small `station_events` log while it has browsers connected.
 *
 * Polling reads by time with a look-back window and remembers what it delivered, rather than
 * `_id > last`: ObjectIds made by two instances in the same second do not sort in insertion order,
 * and a write may become visible after a later one. Events published by this instance reach its own
 * browsers at once; the others' within one poll interval.
 */
export interface StationEventDocument {
  _id: Types.ObjectId;
  stationId: string;
  event: StationEvent;
  createdAt: Date;
}

const eventSchema = new Schema<StationEventDocument>(
  {
    stationId: { type: String, required: true },
    event: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'station_events', versionKey: false },
);
eventSchema.index({ stationId: 1, createdAt: 1 });
/**
 * Short-lived: a session.started event carries the session's bearer token to the kiosk page. A TTL
 * index removes events where the database supports it; on FerretDB the pollers purge them.
 */
export const STATION_EVENT_KEEP_MS = 60_000;
const PURGE_EVERY_MS = 10_000;

export type StationEventModel = Model<StationEventDocument>;

export function stationEventModel(connection: Connection): StationEventModel {
  return (connection.models.StationEvent as StationEventModel | undefined) ?? connection.model<StationEventDocument>('StationEvent', eventSchema);
}

export type StationListener = (event: StationEvent) => void;

/** How far back each poll reads: covers late-visible writes and clock skew between instances. */
const LOOK_BACK_MS = 5_000;
/** Allowance for clock differences between instances when a browser subscribes. */
const SUBSCRIBE_MARGIN_MS = 1_000;

export class StationEventHub {
  /** Browsers per station, each with the time it subscribed (it gets no older events). */
  private readonly listeners = new Map<string, Map<StationListener, number>>();
  /** Ids delivered within the look-back window, with their creation time, so none is sent twice. */
  private readonly delivered = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private cursor = 0;
  private hasTtl = false;
  private lastPurge = 0;

  constructor(
    private readonly events: StationEventModel,
    private readonly options: { pollMs: number; logger: Logger },
  ) {}

  async ready(): Promise<void> {
    await this.events.createIndexes();
    this.hasTtl = await ensureTtlIndex(this.events, 'createdAt', STATION_EVENT_KEEP_MS / 1000);
  }

  async publish(stationId: string, event: StationEvent): Promise<void> {
    const createdAt = new Date();
    const doc = await this.events.create({ stationId, event, createdAt });
    this.deliver(String(doc._id), createdAt.getTime(), stationId, event);
  }

  /** Registers a browser of a station; returns the function that unregisters it. */
  subscribe(stationId: string, listener: StationListener): () => void {
    let set = this.listeners.get(stationId);
    if (!set) {
      set = new Map();
      this.listeners.set(stationId, set);
    }
    set.set(listener, Date.now() - SUBSCRIBE_MARGIN_MS);
    this.startPolling();
    return () => {
      const current = this.listeners.get(stationId);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(stationId);
      if (this.listeners.size === 0) this.stopPolling();
    };
  }

  get subscriberCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  close(): void {
    this.listeners.clear();
    this.stopPolling();
  }

  private deliver(id: string, createdAt: number, stationId: string, event: StationEvent): void {
    if (this.delivered.has(id)) return;
    this.delivered.set(id, createdAt);
    if (this.delivered.size > 10_000) this.forget(Date.now() - 2 * LOOK_BACK_MS);
    for (const [listener, since] of this.listeners.get(stationId) ?? []) {
      if (createdAt < since) continue;
      try {
        listener(event);
      } catch (error) {
        this.options.logger.warn({ err: error, stationId }, 'station event listener failed');
      }
    }
  }

  private forget(before: number): void {
    for (const [id, at] of this.delivered) if (at < before) this.delivered.delete(id);
  }

  private startPolling(): void {
    if (this.timer) return;
    this.cursor = Date.now();
    this.timer = setInterval(() => void this.poll(), this.options.pollMs);
    this.timer.unref();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    const startedAt = Date.now();
    try {
      const stations = [...this.listeners.keys()];
      if (stations.length === 0) return;
      const since = new Date(Math.min(this.cursor, startedAt) - LOOK_BACK_MS);
      const docs = await this.events.find({ stationId: { $in: stations }, createdAt: { $gt: since } }).sort({ createdAt: 1 }).limit(500).lean<StationEventDocument[]>();
      for (const doc of docs) this.deliver(String(doc._id), doc.createdAt.getTime(), doc.stationId, doc.event);
      this.cursor = startedAt;
      this.forget(startedAt - 2 * LOOK_BACK_MS);
      if (!this.hasTtl && startedAt - this.lastPurge > PURGE_EVERY_MS) {
        this.lastPurge = startedAt;
        await this.events.deleteMany({ createdAt: { $lt: new Date(startedAt - STATION_EVENT_KEEP_MS) } });
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'station events poll failed');
    } finally {
      this.polling = false;
    }
  }
}
