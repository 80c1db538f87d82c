import { describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { isDatabaseUnreachable } from './error-handler.js';
import { HttpError, serviceUnavailable, toOperationOutcome } from './http-error.js';

describe('toOperationOutcome', () => {
  it('keeps the outcome HAPI sent, unchanged', () => {
    const outcome = {
      resourceType: 'OperationOutcome' as const,
      issue: [
        { severity: 'error' as const, code: 'processing' as const, diagnostics: 'qn-cccd-1' },
      ],
    };
    expect(
      toOperationOutcome(
        new HttpError({
          status: 422,
          code: 'fhir-rejected',
          title: 'Rejected',
          detail: 'x',
          outcome,
        }),
      ),
    ).toBe(outcome);
  });

  it('builds a transient fatal issue for a 503 so FHIR clients know to retry', () => {
    const outcome = toOperationOutcome(
      serviceUnavailable('hapi-fhir', 'HAPI FHIR is not reachable'),
    );
    expect(outcome.issue[0]).toMatchObject({
      severity: 'fatal',
      code: 'transient',
      diagnostics: 'HAPI FHIR is not reachable',
    });
  });
});

describe('isDatabaseUnreachable', () => {
  it('recognises the driver errors of a database that stopped or dropped the connection', () => {
    const { MongoNetworkError, MongoNetworkTimeoutError, MongoServerSelectionError } =
      mongoose.mongo;
    expect(
      isDatabaseUnreachable(new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')),
    ).toBe(true);
    expect(isDatabaseUnreachable(new MongoNetworkTimeoutError('connection timed out'))).toBe(true);
    expect(
      isDatabaseUnreachable(
        new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', {
          type: 'Unknown',
          servers: new Map(),
        } as never),
      ),
    ).toBe(true);
    const notConnected = new mongoose.Error(
      'Cannot call `bookings.insertOne()` before initial connection is complete if `bufferCommands = false`.',
    );
    expect(isDatabaseUnreachable(notConnected)).toBe(true);
  });

  it("counts a bare socket error from the driver's own write as the database's link failing, and no other socket error", () => {
    const fromDriver = Object.assign(new Error('write ECONNRESET'), {
      code: 'ECONNRESET',
      syscall: 'write',
      stack:
        'Error: write ECONNRESET\n    at Connection.writeCommand (/srv/app/node_modules/mongodb/lib/cmap/connection.js:722:23)',
    });
    expect(isDatabaseUnreachable(fromDriver)).toBe(true);
    const elsewhere = Object.assign(new Error('write ECONNRESET'), {
      code: 'ECONNRESET',
      syscall: 'write',
      stack: 'Error: write ECONNRESET\n    at Socket._write (node:net:970:8)',
    });
    expect(isDatabaseUnreachable(elsewhere)).toBe(false);
  });

  it('leaves a refused write and an ordinary bug to their own handling', () => {
    expect(
      isDatabaseUnreachable(
        new mongoose.mongo.MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }),
      ),
    ).toBe(false);
    expect(
      isDatabaseUnreachable(new TypeError("Cannot read properties of undefined (reading 'n')")),
    ).toBe(false);
    expect(isDatabaseUnreachable('down')).toBe(false);
  });
});
