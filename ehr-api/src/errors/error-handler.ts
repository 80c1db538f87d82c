import { types } from 'node:util';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import mongoose from 'mongoose';
import { componentUnavailable } from '../health/routes.js';
import { HttpError, notFound, toOperationOutcome } from './http-error.js';
import type { Logger } from '../logger.js';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

function isFhirPath(path: string): boolean {
  return path === '/fhir' || path.startsWith('/fhir/');
}

/** Turns what body-parser and friends throw (they carry `status`/`type`) into an HttpError. */
function fromFrameworkError(error: unknown): HttpError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (type === 'entity.parse.failed') {
    return new HttpError({
      status: 400,
      code: 'malformed-json',
      title: 'Malformed JSON',
      detail: 'The request body is not valid JSON. Check for a missing quote, comma or brace.',
      cause: error,
    });
  }
  if (type === 'entity.too.large') {
    return new HttpError({
      status: 413,
      code: 'body-too-large',
      title: 'Request body too large',
      detail:
        'The request body is larger than this endpoint accepts. Send a smaller body or split it into several requests.',
      cause: error,
    });
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new HttpError({
      status: 415,
      code: 'unsupported-encoding',
      title: 'Unsupported encoding',
      detail: 'Send the body as UTF-8 JSON.',
      cause: error,
    });
  }
  return new HttpError({
    status,
    code: 'bad-request',
    title: 'Bad request',
    detail: error instanceof Error ? error.message : 'The request could not be read.',
    cause: error,
  });
}

const DATABASE_UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);

/**
 * Whether the database could not be reached for this request (it stopped, restarted, or the
 * network dropped), as opposed to a fault in the request or in our code. Such a request gets 503
 * with Retry-After, not 500: nothing was written that the client would need to undo.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  // isNativeError too: Node's own socket errors come from another realm under Jest's VM.
  if (!(error instanceof Error || types.isNativeError(error))) return false;
  if (error instanceof mongoose.mongo.MongoNetworkError) return true; // resets, time-outs, a cleared pool
  if (DATABASE_UNREACHABLE.has(error.name)) return true;
  // The driver lets a failed socket write through unwrapped (a plain `write ECONNRESET` from
  // Connection.writeCommand, seen with connections reset under load): still the database's link.
  if (isSocketError(error) && /[\\/]node_modules[\\/]mongodb[\\/]/.test(error.stack ?? ''))
    return true;
  // bufferCommands is off: mongoose refuses at once while the first connection is not made yet.
  return (
    error.name === 'MongooseError' && /before initial connection is complete/.test(error.message)
  );
}

/** Errors of a socket that broke or was already closed when written to. */
const SOCKET_ERROR_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ERR_STREAM_DESTROYED',
  'ERR_SOCKET_CLOSED',
]);

function isSocketError(error: Error): boolean {
  const { code } = error as NodeJS.ErrnoException;
  return typeof code === 'string' && SOCKET_ERROR_CODES.has(code);
}

export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(
      notFound(
        `Nothing is served at ${req.method} ${req.path}. See /api/openapi.json for the API's operations.`,
      ),
    );
  };
}

/**
 * The single place every error response is written. Domain errors keep their status and words;
 * anything unexpected is logged with the request id and answered with a generic 500.
 */
export function errorHandler(
  logger: Logger,
  onDatabaseUnreachable?: (detail: string) => void,
): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // The request's deadline already answered 503; the late failure of its work is not news.
      if (res.locals.deadlinePassed === true) return;
      next(error);
      return;
    }
    const requestId =
      typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '';
    let httpError = error instanceof HttpError ? error : fromFrameworkError(error);
    if (!httpError && isDatabaseUnreachable(error)) {
      // One reset connection says little; a server nobody can select says the database is gone.
      if (DATABASE_UNREACHABLE.has((error as Error).name))
        onDatabaseUnreachable?.(`request failed: ${(error as Error).message}`);
      httpError = componentUnavailable('mongodb', error);
    }
    if (!httpError) {
      logger.error({ err: error, requestId, path: req.path }, 'unhandled error');
      httpError = new HttpError({
        status: 500,
        code: 'internal-error',
        title: 'Internal error',
        detail: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
      });
    } else if (httpError.status >= 500) {
      logger.warn({ err: httpError, cause: httpError.cause, requestId }, httpError.detail);
    }
    sendHttpError(req, res, httpError, requestId);
  };
}

/** Writes an error as problem details, or as an OperationOutcome on the FHIR face. */
export function sendHttpError(
  req: Request,
  res: Response,
  httpError: HttpError,
  requestId: string,
): void {
  res.status(httpError.status);
  if (httpError.status === 503) res.setHeader('Retry-After', '5');
  if (isFhirPath(req.path)) {
    res.type(FHIR_JSON).send(JSON.stringify(toOperationOutcome(httpError)));
    return;
  }
  res.type(PROBLEM_JSON).send(
    JSON.stringify({
      type: `/problems/${httpError.code}`,
      title: httpError.title,
      status: httpError.status,
      detail: httpError.detail,
      instance: req.originalUrl,
      requestId,
      ...httpError.extra,
      ...(httpError.outcome ? { outcome: httpError.outcome } : {}),
    }),
  );
}
