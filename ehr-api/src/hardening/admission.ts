import type { Request, RequestHandler } from 'express';
import pLimit from 'p-limit';
import { HttpError } from '../errors/http-error.js';

export interface AdmissionOptions {
  /** Requests worked on at once. */
  concurrency: number;
  /** Requests that may wait for their turn; the next one gets 503 at once. */
  maxQueued: number;
  /** A request that waited longer than this gets 503 instead of being worked on. */
  maxWaitMs: number;
}

export interface AdmissionGate extends RequestHandler {
  /** Requests being worked on and waiting, for /metrics. */
  load(): { active: number; waiting: number };
}

/** Long-lived streams hold no database connection while they wait, so they bypass the gate. */
const EVENT_STREAM = /^\/api\/stations\/[^/]+\/events$/;

/**
 * Lets a bounded number of API requests work at once; the rest wait their turn in arrival order.
 *
 * Without it, 10,000 kiosks pressing "book" together each queued every one of their database
 * commands behind everyone else's (the driver's pool serves commands first come, first served),
 * so almost every request finished only at the very end, past the clients' time-outs. Admitted in
 * turns, requests finish steadily in the order they came and each holds the database briefly.
 * When too many are waiting, or one has waited too long, the answer is a quick 503 with
 * Retry-After: nothing was done, and the client may try again.
 */
export function admissionGate(options: AdmissionOptions): AdmissionGate {
  const limit = pLimit(options.concurrency);
  const gate: RequestHandler = (req, res, next) => {
    if (!gated(req)) {
      next();
      return;
    }
    if (limit.pendingCount >= options.maxQueued) {
      next(busy(`${limit.pendingCount} requests are waiting`));
      return;
    }
    const queuedAt = performance.now();
    void limit(
      () =>
        new Promise<void>((release) => {
          if (req.destroyed || res.writableEnded) {
            release(); // the client gave up while waiting
            return;
          }
          if (performance.now() - queuedAt > options.maxWaitMs) {
            release();
            next(busy(`waited ${Math.round(performance.now() - queuedAt)} ms`));
            return;
          }
          res.once('close', () => release());
          next();
        }),
    );
  };
  return Object.assign(gate, {
    load: () => ({ active: limit.activeCount, waiting: limit.pendingCount }),
  });
}

/** API and FHIR requests, but not the kiosks' long-lived event streams. */
export function gated(req: Request): boolean {
  const path = req.path;
  if (!(path.startsWith('/api/') || path === '/fhir' || path.startsWith('/fhir/'))) return false;
  return !EVENT_STREAM.test(path);
}

function busy(why: string): HttpError {
  return new HttpError({
    status: 503,
    code: 'busy',
    title: 'Too busy right now',
    detail: `The service is handling more requests than it can at once (${why}). Nothing was done: try again in a few seconds.`,
  });
}
