import { describe, expect, it } from '@jest/globals';
import { requestFingerprint } from './fingerprint.js';
import { idempotencyKeyProblem } from './idempotency.js';

describe('requestFingerprint', () => {
  it('is the same when only key order differs or a field is undefined', () => {
    expect(requestFingerprint('book', { slotId: 's', patientId: 'p' })).toBe(
      requestFingerprint('book', { patientId: 'p', slotId: 's', extra: undefined }),
    );
  });

  it('differs when a value, the operation or the nesting differs', () => {
    const base = requestFingerprint('book', { patientId: 'p', slotId: 's' });
    expect(requestFingerprint('book', { patientId: 'p2', slotId: 's' })).not.toBe(base);
    expect(requestFingerprint('cancel', { patientId: 'p', slotId: 's' })).not.toBe(base);
    expect(requestFingerprint('book', { patientId: 'p', slotId: ['s'] })).not.toBe(base);
    expect(requestFingerprint('book', { patientId: 'p', slotId: 's"' })).not.toBe(base);
  });
});

describe('idempotencyKeyProblem', () => {
  it('accepts a UUID and refuses a missing, empty, too long or non-ASCII key', () => {
    expect(idempotencyKeyProblem('3f1c2a9e-8a4b-4c1d-9a7e-2b6f0c1d2e3f')).toBeUndefined();
    expect(idempotencyKeyProblem(undefined)).toContain('required');
    expect(idempotencyKeyProblem('')).toContain('required');
    expect(idempotencyKeyProblem('x'.repeat(201))).toContain('1 to 200');
    expect(idempotencyKeyProblem('khóa')).toContain('visible ASCII');
  });
});
