import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterContext } from '../../model.js';
import { mutate, runAdapter, type Mutation } from '../../../test-support/adapter-outcomes.js';
import { buildEnvelope, readTableFolder, type FileHoso } from './fixtures/build-envelope.js';
import { xml130Adapter } from './index.js';

/**
 * Property tests of the Decision 130 claim adapter: whatever arrives (random bytes, broken
 * envelopes, broken inner tables behind valid base64), the answer is outcomes with issues naming
 * table, field and rule, never an exception, never the adapter's own catch-all (`unreadable-file`),
 * and in bounded time.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const CONTEXT: AdapterContext = { hospital: 'bvdk-tinh-quang-ninh', sourceName: 'property.xml' };
const INTERNAL = ['unreadable-file'];
const golden = (): FileHoso[][] =>
  readTableFolder(path.join(here, 'fixtures', 'golden', 'claims-22001'));
const GOLDEN_FILE = Buffer.from(buildEnvelope(golden()), 'utf8');

function check(input: Buffer): number {
  const run = runAdapter(xml130Adapter, input, CONTEXT, INTERNAL);
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
    bytes: fc.oneof(
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }),
      fc
        .constantFrom(
          '<',
          '>',
          '</',
          '&amp;',
          '&#0;',
          '&#xD800;',
          '&bogus;',
          '<![CDATA[',
          ']]>',
          '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
          '<?xml ?>',
          '\u0000',
        )
        .map((t) => [...Buffer.from(t, 'utf8')]),
    ),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 400 }),
  }),
);

/** XML-ish text built of the tables' own tags, values and markup, to put behind valid base64. */
const tableish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<TONG_HOP>',
        '</TONG_HOP>',
        '<DSACH_CHI_TIET_THUOC>',
        '<CHI_TIET_THUOC>',
        '</CHI_TIET_THUOC>',
        '<CHI_TIET_CLS>',
        '</CHI_TIET_CLS>',
        '<MA_LK>',
        '</MA_LK>',
        '<NGAY_VAO>',
        '</NGAY_VAO>',
        '<NGAY_SINH>',
        '</NGAY_SINH>',
        '<GIOI_TINH>',
        '</GIOI_TINH>',
        '<STT>',
        '</STT>',
        '<MA_BN>',
        '</MA_BN>',
        '<HO_TEN>',
        '</HO_TEN>',
        '<SO_LUONG>',
        '</SO_LUONG>',
        '<GIA_TRI>',
        '</GIA_TRI>',
        '<![CDATA[',
        ']]>',
        '&lt;',
        '&#x1F600;',
      ),
      fc.constantFrom(
        'DK2403001234',
        '202403121530',
        '195603120000',
        '1',
        '2',
        '3',
        '0',
        '-1',
        '1e309',
        '99999999999999999999',
        '20240230',
        '2024031225',
        '',
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 80 },
  )
  .map((pieces) => `<?xml version="1.0" encoding="utf-8"?>${pieces.join('')}`);

describe('xml130Adapter under arbitrary input', () => {
  it('answers arbitrary bytes with structured outcomes only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        check(Buffer.from(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('answers envelopes whose inner tables are random XML-ish text with structured outcomes only', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.tuple(
              fc.constantFrom('XML1', 'XML2', 'XML3', 'XML4', 'XML5', 'XML7', 'XML99', ''),
              tableish,
            ),
            { maxLength: 5 },
          ),
          { maxLength: 4 },
        ),
        fc.option(fc.constantFrom('22001', '22002', '', 'abc', '99999')),
        (hosos, facilityCode) => {
          const file = buildEnvelope(
            hosos.map((files) => files.map(([loaiHoSo, xml]) => ({ loaiHoSo, xml }))),
            facilityCode === null ? {} : { facilityCode },
          );
          check(Buffer.from(file, 'utf8'));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('answers the golden file with one inner table mutated (still valid base64) with structured outcomes only', () => {
    let loaded = 0;
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        (which, mutations) => {
          const hosos = golden();
          const files = hosos.flat();
          const file = files[which % files.length]!;
          file.xml = mutate(Buffer.from(file.xml ?? '', 'utf8'), mutations).toString('utf8');
          loaded += check(Buffer.from(buildEnvelope(hosos), 'utf8'));
        },
      ),
      { numRuns: 1000 },
    );
    // Most mutants keep the other claim whole: the claim mapping itself is exercised.
    expect(loaded).toBeGreaterThan(300);
  });

  it('answers the golden envelope cut, overwritten, shortened, lengthened or repeated with structured outcomes only', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => {
        check(mutate(GOLDEN_FILE, mutations));
      }),
      { numRuns: 1000 },
    );
  });
});
