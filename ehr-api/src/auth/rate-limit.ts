import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit as expressRateLimit, type ClientRateLimitInfo, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import { Schema, type Connection, type Model } from 'mongoose';
import { HttpError } from '../errors/http-error.js';
import type { Logger } from '../logger.js';

/**
 * Rate limits shared by every API instance: express-rate-limit does the middleware, the headers
 * and Retry-After; the counts live in MongoDB. The store is ours because the Mongo stores on npm
 * (rate-limit-mongo and its kin) count with `$inc` on one document per key, and FerretDB loses
 * concurrent updates of one document (see scheduling/models.ts). Here each hit is a document of
 * its own, inserted, and the count is the number of hits in the key's current fixed window: two
 * instances never lose a hit, and the (limit + 1)th hit always sees at least limit + 1.
 */

export interface RateLimitHitDocument {
  _id: string;
  /** `<limiter name>:<key>` */
  key: string;
  /** Window number: floor(time / windowMs). */
  bucket: number;
  /** When the window ends; hits older than that are purged (FerretDB has no TTL index). */
  expiresAt: Date;
}

const hitSchema = new Schema<RateLimitHitDocument>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    bucket: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'rate_limit_hits', versionKey: false },
);
hitSchema.index({ key: 1, bucket: 1 });
hitSchema.index({ expiresAt: 1 });

export type RateLimitHitModel = Model<RateLimitHitDocument>;

export function rateLimitHitModel(connection: Connection): RateLimitHitModel {
  return (connection.models.RateLimitHit as RateLimitHitModel | undefined) ?? connection.model<RateLimitHitDocument>('RateLimitHit', hitSchema);
}

const PURGE_EVERY_MS = 60_000;

/** An express-rate-limit store on MongoDB / FerretDB, one inserted document per hit. */
export class MongoHitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;
  private lastPurge = 0;
  /**
   * Counting stops here: past the limit the exact number changes nothing, and a client flooding
   * one key must not make every count read all of its hits (FerretDB reads them one by one).
   */
  private countUpTo = Number.POSITIVE_INFINITY;

  constructor(
    private readonly hits: RateLimitHitModel,
    name: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.prefix = `${name}:`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    if (typeof options.limit === 'number') this.countUpTo = options.limit + 1;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = this.clock().getTime();
    const bucket = Math.floor(now / this.windowMs);
    const resetTime = new Date((bucket + 1) * this.windowMs);
    const fullKey = this.prefix + key;
    await this.hits.create({ _id: randomUUID(), key: fullKey, bucket, expiresAt: resetTime });
    const totalHits = await this.countHits(fullKey, bucket);
    this.purgeNowAndThen(now);
    return { totalHits: Math.max(totalHits, 1), resetTime };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const bucket = Math.floor(this.clock().getTime() / this.windowMs);
    const totalHits = await this.countHits(this.prefix + key, bucket);
    return totalHits === 0 ? undefined : { totalHits, resetTime: new Date((bucket + 1) * this.windowMs) };
  }

  async decrement(key: string): Promise<void> {
    const bucket = Math.floor(this.clock().getTime() / this.windowMs);
    await this.hits.deleteOne({ key: this.prefix + key, bucket });
  }

  async resetKey(key: string): Promise<void> {
    await this.hits.deleteMany({ key: this.prefix + key });
  }

  private countHits(key: string, bucket: number): Promise<number> {
    const count = this.hits.countDocuments({ key, bucket });
    return Number.isFinite(this.countUpTo) ? count.limit(this.countUpTo) : count;
  }

  private purgeNowAndThen(now: number): void {
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    void this.hits.deleteMany({ expiresAt: { $lt: new Date(now) } }).catch(() => undefined);
  }
}

export interface RateLimitOptions {
  hits: RateLimitHitModel;
  /** Names the limiter in the stored keys and in the RateLimit headers; unique per limiter. */
  name: string;
  /** What is counted: a client address (see clientAddressKey), a username, a station... */
  key: (req: Request) => string;
  /** Requests allowed per window; the next one is answered 429. */
  limit: number;
  windowMs: number;
  /** Words for the 429 problem; a default says when to try again. */
  detail?: string;
  logger?: Logger;
  clock?: () => Date;
}

/**
 * A rate limit shared by all API instances. Over the limit: 429 problem details (through the
 * error handler) with Retry-After in seconds. When MongoDB fails, requests pass (logged): the
 * limit protects the API, it must not take it down.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  return expressRateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    identifier: options.name,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    store: new MongoHitStore(options.hits, options.name, options.clock),
    keyGenerator: (req) => options.key(req),
    ...(options.logger ? { logger: options.logger } : {}),
    handler: (_req, res, next) => {
      const retryAfter = Number(res.getHeader('Retry-After') ?? Math.ceil(options.windowMs / 1000));
      next(
        new HttpError({
          status: 429,
          code: 'too-many-requests',
          title: 'Too many requests',
          detail: options.detail ?? `Too many requests in a short time. Wait ${retryAfter} seconds, then try again.`,
          extra: { retryAfterSeconds: retryAfter },
        }),
      );
    },
  });
}

/** The client's address as a rate-limit key; IPv6 addresses are grouped by /56 so one host cannot rotate through its own range. */
export function clientAddressKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}
