import { describe, expect, it } from '@jest/globals';
import { transactionsOf } from './audit-publisher.js';

const record = (id: string, patients: number): { id: string; patientIds: string[] } => ({
  id,
  patientIds: Array.from({ length: patients }, (_, i) => `p${i}`),
});

describe('transactionsOf', () => {
  it('sends up to 100 AuditEvents in one transaction, counting a record without a patient as one', () => {
    const docs = [
      ...Array.from({ length: 99 }, (_, i) => record(`r${i}`, 1)),
      record('x', 0),
      record('y', 1),
    ];
    const transactions = transactionsOf(docs);
    expect(transactions.map((t) => t.length)).toEqual([100, 1]);
    expect(transactions.flat()).toEqual(docs);
  });

  it('starts a new transaction before a record whose AuditEvents would pass 100, and keeps a larger record whole', () => {
    const docs = [record('a', 60), record('b', 50), record('c', 250), record('d', 1)];
    expect(transactionsOf(docs).map((t) => t.map((d) => d.id))).toEqual([
      ['a'],
      ['b'],
      ['c'],
      ['d'],
    ]);
  });

  it('sends nothing for no records', () => {
    expect(transactionsOf([])).toEqual([]);
  });
});
