import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterContext } from '../../model.js';
import { mutate, runAdapter, type Mutation } from '../../../test-support/adapter-outcomes.js';
import { mappedColumns } from './csv-adapter.js';
import { csvAdapter, loadCsvMapping, type CsvMapping } from './index.js';
import { encodeCsv } from './text-encoding.js';

/**
 * Property tests of the CSV adapter with each hospital's real column mapping: whatever arrives
 * (random bytes, random cells under the right header, the golden exports damaged), the answer is
 * outcomes with issues naming column and rule, never an exception, never the adapter's own
 * catch-all (`unreadable-file`), and in bounded time.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const INTERNAL = ['unreadable-file'];
const MAPPINGS: CsvMapping[] = readdirSync(path.join(here, 'mappings'))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => loadCsvMapping(path.join(here, 'mappings', file)));
const GOLDEN: Array<{ bytes: Buffer; mapping: CsvMapping }> = [
  ['bv-bai-chay-luot-kham.csv', 'bv-bai-chay'],
  ['bv-san-nhi-xet-nghiem.csv', 'bv-san-nhi-quang-ninh'],
  ['bvdk-benh-nhan.csv', 'bvdk-tinh-quang-ninh'],
].map(([file, mapping]) => ({
  bytes: readFileSync(path.join(here, 'fixtures', 'golden', file!)),
  mapping: loadCsvMapping(path.join(here, 'mappings', `${mapping!}.yaml`)),
}));

/** An export with its header and no row has nothing to answer for. */
function headerOnly(input: Buffer): boolean {
  return (
    input
      .toString('latin1')
      .split(/\r\n|\r|\n/)
      .filter((line) => line.trim() !== '').length <= 1
  );
}

function check(mapping: CsvMapping, input: Buffer): number {
  const context: AdapterContext = { hospital: mapping.hospital, sourceName: 'property.csv' };
  const run = runAdapter(csvAdapter(mapping), input, context, INTERNAL, headerOnly);
  expect(run.problems).toEqual([]);
  expect(run.ms).toBeLessThan(2000);
  return run.outcomes.filter((outcome) => outcome.ok).length;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('drop' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(0x22, 0x2c, 0x3b, 0x0d, 0x0a, 0x00, 0xef, 0xbb, 0xbf),
      ),
      { maxLength: 12 },
    ),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 300 }),
  }),
);

/** A cell as exports write them: dates, numbers, codes, Vietnamese text, quotes and separators. */
const cell = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom(
    '',
    '"',
    '""',
    '"a,b"',
    '"x\ny"',
    ';',
    ',',
    '12/03/1956',
    '1956',
    '31/02/2024',
    '2024-03-12 08:30',
    '2024-13-01',
    'Nam',
    'Nữ',
    'Khác',
    'J18.9',
    'I10;E11',
    '022056001234',
    'HT3220112345678',
    '5,6',
    '5.6',
    '-0',
    '1e999',
    'NaN',
    '3.5-5.5',
    '< 0.5',
    'Âm tính',
    'H',
    'ngoại trú',
    'nội trú',
    'cấp cứu',
  ),
);

describe('csvAdapter under arbitrary input', () => {
  it('answers arbitrary bytes with structured outcomes only, whatever the mapping', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MAPPINGS),
        fc.uint8Array({ maxLength: 4096 }),
        (mapping, bytes) => {
          check(mapping, Buffer.from(bytes));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("answers random cells under each mapping's own header, in its own encoding, with structured outcomes only", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MAPPINGS),
        fc.array(fc.array(cell, { maxLength: 30 }), { maxLength: 15 }),
        fc.boolean(),
        (mapping, rows, bom) => {
          const delimiter = mapping.delimiter;
          const header = mappedColumns(mapping).join(delimiter);
          const text = [header, ...rows.map((row) => row.join(delimiter))].join('\r\n');
          check(mapping, encodeCsv(text, mapping.encoding, bom));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('answers the golden exports cut, overwritten, shortened, lengthened or repeated with structured outcomes only', () => {
    let loaded = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...GOLDEN),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        (golden, mutations) => {
          loaded += check(golden.mapping, mutate(golden.bytes, mutations));
        },
      ),
      { numRuns: 1000 },
    );
    // Most mutants keep most rows: the row mapping itself is exercised, not only the CSV reader.
    expect(loaded).toBeGreaterThan(500);
  });
});
