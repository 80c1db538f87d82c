import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterContext } from '../../model.js';
import { mutate, runAdapter, type Mutation } from '../../../test-support/adapter-outcomes.js';
import { hl7v2Adapter } from './index.js';
import { MllpFrameDecoder, frame } from './mllp-framing.js';

/**
 * Property tests of the HL7 v2 adapter: whatever bytes arrive (a file upload, an MLLP stream), the
 * answer is outcomes with issues naming field and rule, never an exception, never the adapter's
 * own catch-all (`parser-error`), and in bounded time.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const CONTEXT: AdapterContext = { hospital: 'bvdk-tinh-quang-ninh', sourceName: 'property.hl7' };
const INTERNAL = ['parser-error'];
const fixtureDir = path.join(here, 'fixtures');
const SAMPLES = [
  ...readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.hl7'))
    .map((f) => path.join(fixtureDir, f)),
  ...readdirSync(path.join(fixtureDir, 'rejected')).map((f) =>
    path.join(fixtureDir, 'rejected', f),
  ),
].map((file) => readFileSync(file));

/** A batch with its envelope segments only (FHS, BHS, BTS, FTS) holds no message to answer for. */
function envelopeOnly(input: Buffer): boolean {
  return input
    .toString('latin1')
    .replaceAll(String.fromCharCode(0x0b), '\n')
    .replaceAll(String.fromCharCode(0x1c), '\n')
    .split(/[\r\n]+/)
    .every((line) => line.trim() === '' || /^(FHS|BHS|BTS|FTS)/.test(line));
}

/** Runs the adapter on the input, asserts its answer, and says how many records it loaded. */
function check(input: Buffer): number {
  const run = runAdapter(hl7v2Adapter, input, CONTEXT, INTERNAL, envelopeOnly);
  expect(run.problems).toEqual([]);
  expect(run.ms).toBeLessThan(1000);
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
        fc.constantFrom(0x7c, 0x5e, 0x7e, 0x5c, 0x26, 0x0d, 0x0a, 0x0b, 0x1c),
      ),
      { maxLength: 12 },
    ),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 200 }),
  }),
);

/** HL7-shaped text: segments of known names with fields, components, repeats and escapes. */
const hl7ish = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'MSH',
        'EVN',
        'PID',
        'PV1',
        'PV2',
        'OBR',
        'OBX',
        'DG1',
        'MRG',
        'AL1',
        'NTE',
        'FHS',
        'BHS',
        'BTS',
        'FTS',
        'ZZZ',
        'MS',
      ),
      fc.array(
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom(
            '^~\\&',
            'ADT^A01',
            'ADT^A40',
            'ORU^R01',
            'ADT^A04^ADT_A01',
            '2.5',
            '2.3',
            'UNICODE UTF-8',
            '8859/1',
            'CP1258',
            'TCVN',
            '20260230',
            '19851312',
            '202601150835',
            '\\X0D\\',
            '\\F\\',
            '\\E\\',
            '\\.br\\',
            '\\X',
            'BN1^^^BVDKT^MR',
            'NM',
            'ST',
            'mmol/L',
            '3.5-5.5',
            'H',
          ),
          fc.string({
            unit: fc.constantFrom('|', '^', '~', '\\', '&', 'A', '1', ' ', 'ệ'),
            maxLength: 10,
          }),
        ),
        { maxLength: 25 },
      ),
    ),
    { maxLength: 15 },
  )
  .chain((segments) =>
    fc
      .constantFrom('\r', '\n', '\r\n')
      .map((end) => segments.map(([name, fields]) => [name, ...fields].join('|')).join(end)),
  );

describe('hl7v2Adapter under arbitrary input', () => {
  it('answers arbitrary bytes with structured outcomes only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        check(Buffer.from(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('answers arbitrary text (any Unicode, any line ends) with structured outcomes only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        check(Buffer.from(text, 'utf8'));
      }),
      { numRuns: 1000 },
    );
  });

  it('answers HL7-shaped messages of random segments and fields with structured outcomes only', () => {
    fc.assert(
      fc.property(hl7ish, fc.boolean(), (text, framed) => {
        const bytes = Buffer.from(text, 'utf8');
        check(framed ? frame(bytes) : bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers every fixture cut, overwritten, shortened, lengthened or repeated with structured outcomes only', () => {
    let loaded = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...SAMPLES),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (sample, mutations) => {
          loaded += check(mutate(sample, mutations));
        },
      ),
      { numRuns: 1000 },
    );
    // Many mutants still hold whole messages: the mapping itself is exercised, not only the splitter.
    expect(loaded).toBeGreaterThan(50);
  });

  it('decodes an MLLP stream cut into arbitrary chunks into frame events without throwing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 64 }),
            fc.constantFrom(...SAMPLES).map((s) => new Uint8Array(frame(s))),
          ),
          { maxLength: 12 },
        ),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }),
        (pieces, cuts) => {
          const stream = Buffer.concat(pieces.map((p) => Buffer.from(p)));
          const decoder = new MllpFrameDecoder();
          let at = 0;
          let frames = 0;
          for (let i = 0; at < stream.length; i += 1) {
            const size = cuts[i % cuts.length] ?? 1;
            for (const event of decoder.push(stream.subarray(at, at + size))) {
              if (event.type === 'frame') {
                frames += 1;
                check(event.payload);
              }
            }
            at += size;
          }
          expect(frames).toBeLessThanOrEqual(stream.filter((byte) => byte === 0x0b).length);
        },
      ),
      { numRuns: 500 },
    );
  });
});
