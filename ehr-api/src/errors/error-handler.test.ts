import { describe, expect, it } from '@jest/globals';
import { HttpError, serviceUnavailable, toOperationOutcome } from './http-error.js';

describe('toOperationOutcome', () => {
  it('keeps the outcome HAPI sent, unchanged', () => {
    const outcome = { resourceType: 'OperationOutcome' as const, issue: [{ severity: 'error' as const, code: 'processing' as const, diagnostics: 'qn-cccd-1' }] };
    expect(toOperationOutcome(new HttpError({ status: 422, code: 'fhir-rejected', title: 'Rejected', detail: 'x', outcome }))).toBe(outcome);
  });

  it('builds a transient fatal issue for a 503 so FHIR clients know to retry', () => {
    const outcome = toOperationOutcome(serviceUnavailable('hapi-fhir', 'HAPI FHIR is not reachable'));
    expect(outcome.issue[0]).toMatchObject({ severity: 'fatal', code: 'transient', diagnostics: 'HAPI FHIR is not reachable' });
  });
});
