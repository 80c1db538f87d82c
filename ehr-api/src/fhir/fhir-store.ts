import { Client, type FhirResource as FkcResource, type SearchParams } from 'fhir-kit-client';
import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4.js';
import { HttpError, serviceUnavailable } from '../errors/http-error.js';
import type { HealthMonitor } from '../health/health-monitor.js';

interface ResponseError {
  response: { status: number; data: unknown };
}

function isResponseError(error: unknown): error is ResponseError {
  return (
    typeof error === 'object' &&
    error !== null &&
    'response' in error &&
    typeof (error as ResponseError).response?.status === 'number'
  );
}

function isOperationOutcome(value: unknown): value is OperationOutcome {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { resourceType?: unknown }).resourceType === 'OperationOutcome'
  );
}

const HAPI_DOWN =
  'The clinical record server (HAPI FHIR) is not reachable, so this cannot be done right now. Try again in a minute; if it persists, ask IT to check the HAPI FHIR service.';

const HAPI_SLOW =
  'The clinical record server (HAPI FHIR) did not answer in time. Try again in a moment; if it keeps happening, ask IT to check the HAPI FHIR service.';

/**
 * The API's only way to HAPI FHIR. Every call has a time limit, refuses at once while HAPI is
 * known to be down, and turns HAPI's answers into HttpErrors that keep HAPI's status and outcome.
 */
export class FhirStore {
  private readonly client: Client;
  private readonly writeListeners: Array<(resourceTypes: ReadonlySet<string>) => void> = [];

  constructor(
    readonly baseUrl: string,
    private readonly options: { timeoutMs: number; monitor?: HealthMonitor },
  ) {
    this.client = new Client({
      baseUrl,
      customHeaders: { Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json' },
    });
  }

  read<T extends FhirResource>(resourceType: T['resourceType'], id: string): Promise<T> {
    return this.call(() =>
      this.client.read({ resourceType, id, options: this.requestOptions() }),
    ) as Promise<T>;
  }

  search<T extends FhirResource = FhirResource>(
    resourceType: string,
    searchParams: SearchParams = {},
  ): Promise<Bundle<T>> {
    return this.call(() =>
      this.client.search({ resourceType, searchParams, options: this.requestOptions() }),
    ) as Promise<Bundle<T>>;
  }

  /** A page of an earlier search (`_getpages`, from its bundle's `next` or `previous` link). */
  page<T extends FhirResource = FhirResource>(
    searchParams: Record<string, string | string[]>,
  ): Promise<Bundle<T>> {
    return this.call(() =>
      this.client.systemSearch({ searchParams, options: this.requestOptions() }),
    ) as Promise<Bundle<T>>;
  }

  /**
   * Calls `listener` with the resource types of each write this store sent, once HAPI answered it
   * or the write failed (a write that timed out may still have happened).
   */
  onWrite(listener: (resourceTypes: ReadonlySet<string>) => void): void {
    this.writeListeners.push(listener);
  }

  create<T extends FhirResource>(resource: T): Promise<T> {
    return this.writing([resource.resourceType], () =>
      this.client.create({
        resourceType: resource.resourceType,
        body: resource as unknown as FkcResource,
        options: this.requestOptions(),
      }),
    ) as Promise<T>;
  }

  update<T extends FhirResource>(resource: T & { id: string }): Promise<T> {
    return this.writing([resource.resourceType], () =>
      this.client.update({
        resourceType: resource.resourceType,
        id: resource.id,
        body: resource as unknown as FkcResource,
        options: this.requestOptions(),
      }),
    ) as Promise<T>;
  }

  transaction(bundle: Bundle): Promise<Bundle> {
    const types = (bundle.entry ?? []).flatMap((entry) => [
      ...(entry.resource ? [entry.resource.resourceType] : []),
      ...(entry.request?.url ? [entry.request.url.split(/[/?]/)[0] ?? ''] : []),
    ]);
    return this.writing(types, () =>
      this.client.transaction({
        body: bundle as unknown as FkcResource,
        options: this.requestOptions(),
      }),
    ) as Promise<Bundle>;
  }

  /** A cheap request that touches HAPI's database, for readiness probes. */
  async ping(signal: AbortSignal): Promise<void> {
    await this.client.search({
      resourceType: 'Organization',
      searchParams: { _summary: 'count' },
      options: { signal },
    });
  }

  private async writing(types: string[], request: () => Promise<unknown>): Promise<unknown> {
    try {
      return await this.call(request);
    } finally {
      const written = new Set(types);
      for (const listener of this.writeListeners) listener(written);
    }
  }

  private requestOptions(): { signal: AbortSignal } {
    return { signal: AbortSignal.timeout(this.options.timeoutMs) };
  }

  private async call(request: () => Promise<unknown>): Promise<unknown> {
    const monitor = this.options.monitor;
    if (monitor && !monitor.isUp('hapi-fhir')) {
      throw serviceUnavailable('hapi-fhir', HAPI_DOWN);
    }
    try {
      return await request();
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): HttpError {
    if (isResponseError(error)) {
      const { status, data } = error.response;
      const outcome = isOperationOutcome(data) ? data : undefined;
      const text = outcome?.issue
        .map((issue) => issue.diagnostics ?? issue.details?.text)
        .filter(Boolean)
        .join('; ');
      if (status >= 500) {
        // HAPI failed on its own side; keep its outcome for the caller, and say it was HAPI.
        return new HttpError({
          status: 502,
          code: 'fhir-server-error',
          title: 'The FHIR server failed',
          detail: `HAPI FHIR answered ${status}${text ? `: ${text}` : ''}`,
          ...(outcome ? { outcome } : {}),
          cause: error,
        });
      }
      return new HttpError({
        status,
        code: status === 404 ? 'not-found' : 'fhir-rejected',
        title: status === 404 ? 'Not found' : 'Rejected by the FHIR server',
        detail: text || `HAPI FHIR answered ${status}`,
        ...(outcome ? { outcome } : {}),
        cause: error,
      });
    }
    if (error instanceof Error && error.name === 'TimeoutError') {
      const reason = `a request got no answer within ${this.options.timeoutMs} ms`;
      this.options.monitor?.reportUnanswered('hapi-fhir', reason);
      return serviceUnavailable('hapi-fhir', HAPI_SLOW, error);
    }
    const reason = error instanceof Error ? error.message : String(error);
    this.options.monitor?.reportFailure('hapi-fhir', `request failed: ${reason}`);
    return serviceUnavailable('hapi-fhir', HAPI_DOWN, error);
  }
}
