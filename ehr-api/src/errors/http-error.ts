import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';

/**
 * The one error type handlers throw. It carries what the single error handler needs to answer
 * in either dialect: RFC 9457 problem details on /api, a FHIR OperationOutcome on /fhir.
 */
export class HttpError extends Error {
  readonly status: number;
  /** Short, stable slug naming the kind of problem; becomes the problem `type` URI. */
  readonly code: string;
  readonly title: string;
  /** When the problem came from HAPI FHIR, its own outcome, passed on unchanged. */
  readonly outcome: OperationOutcome | undefined;
  readonly extra: Record<string, unknown>;

  constructor(options: {
    status: number;
    code: string;
    title: string;
    detail: string;
    outcome?: OperationOutcome;
    extra?: Record<string, unknown>;
    cause?: unknown;
  }) {
    super(options.detail, { cause: options.cause });
    this.name = 'HttpError';
    this.status = options.status;
    this.code = options.code;
    this.title = options.title;
    this.outcome = options.outcome;
    this.extra = options.extra ?? {};
  }

  get detail(): string {
    return this.message;
  }
}

export function badRequest(detail: string, extra?: Record<string, unknown>): HttpError {
  return new HttpError({
    status: 400,
    code: 'bad-request',
    title: 'Bad request',
    detail,
    ...(extra ? { extra } : {}),
  });
}

export function notFound(detail: string): HttpError {
  return new HttpError({ status: 404, code: 'not-found', title: 'Not found', detail });
}

export function unauthorized(detail: string): HttpError {
  return new HttpError({ status: 401, code: 'unauthorized', title: 'Unauthorized', detail });
}

export function serviceUnavailable(component: string, detail: string, cause?: unknown): HttpError {
  return new HttpError({
    status: 503,
    code: 'service-unavailable',
    title: 'Service unavailable',
    detail,
    extra: { component },
    cause,
  });
}

/** FHIR issue type for an HTTP status, for outcomes we build ourselves. */
export function issueCodeForStatus(status: number): OperationOutcomeIssue['code'] {
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 413) return 'too-long';
  if (status === 429) return 'throttled';
  if (status === 503 || status === 504) return 'transient';
  return 'exception';
}

export function toOperationOutcome(error: HttpError): OperationOutcome {
  if (error.outcome) return error.outcome;
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: error.status >= 500 ? 'fatal' : 'error',
        code: issueCodeForStatus(error.status),
        diagnostics: error.detail,
        details: { text: error.title },
      },
    ],
  };
}
