import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  type AddressFacts,
  type DiagnosisFacts,
  type EncounterFacts,
  HOSPITAL_CODES,
  type HospitalRecord,
  type LabResultFacts,
  type ParseOutcome,
  type PatientFacts,
  type RecordEvent,
} from '../../model.js';
import { dateToFhirLocal } from './hl7-time.js';
import { hl7v2Adapter, writeHl7v2, type WriteHl7v2Options } from './index.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

function parse(bytes: Buffer, hospital: HospitalRecord['hospital']): ParseOutcome[] {
  return [...hl7v2Adapter.parse(bytes, { hospital, sourceName: 'written.hl7' })];
}

/** What survives a trip through HL7 v2: v2.3 has no CX.7/CX.8 and ORU^R01 no IN1, so BHYT validity is lost there. */
function expectedAfterTrip(record: HospitalRecord, options: WriteHl7v2Options): HospitalRecord {
  if (record.event !== 'results' || options.version !== '2.3' || record.patient.bhyt === undefined)
    return record;
  return {
    ...record,
    patient: { ...record.patient, bhyt: { number: record.patient.bhyt.number } },
  };
}

const OPTIONS: WriteHl7v2Options[] = (['utf-8', 'windows-1258', 'tcvn3'] as const).flatMap(
  (encoding) => (['2.3', '2.4', '2.5'] as const).map((version) => ({ encoding, version })),
);

/** TCVN3 has no "µ": such records are written in the other charsets only. */
const fitsTcvn3 = (record: HospitalRecord): boolean => !JSON.stringify(record).includes('µ');

// --- Arbitraries: records the HL7 v2 writer can carry, with realistic Vietnamese text. ---

const VOWELS = [...'aăâeêioôơuưy'].flatMap((v) =>
  ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].map((t) => (v + t).normalize('NFC')),
);
const LETTERS = [...'bcdđghklmnpqrstvx', ...VOWELS];
const vnWord = fc
  .tuple(
    fc.constantFrom(...LETTERS),
    fc.array(fc.constantFrom(...LETTERS), { maxLength: 6 }),
    fc.boolean(),
  )
  .map(([first, rest, capital]) => (capital ? first.toUpperCase() : first) + rest.join(''));
const realName = fc.constantFrom(
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Thị',
  'Văn',
  'Lan',
  'Hùng',
  'Ánh',
  'Ước',
  'Ỷ',
  'ĐỨC',
  'Hồng Nhung',
);
const word = fc.oneof(vnWord, realName);
const words = (max: number): fc.Arbitrary<string> =>
  fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join(' '));
/** Free text with the characters HL7 must escape and line breaks inside. */
const freeText = fc
  .array(
    fc.oneof(
      word,
      fc.constantFrom('|', '^', '~', '\\', '&', '\n', '\\H\\', ',', '3/5', '(', ')', '-', '%'),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(' ').trim())
  .filter((t) => t !== '' && t !== '""');
const code = (pattern: RegExp): fc.Arbitrary<string> => fc.stringMatching(pattern);

const dayMs = 86_400_000;
const dateArb = fc
  .integer({ min: Date.UTC(1920, 0, 1) / dayMs, max: Date.UTC(2030, 11, 31) / dayMs })
  .map((d) => new Date(d * dayMs));
const fhirDate = fc
  .tuple(dateArb, fc.constantFrom(4, 7, 10))
  .map(([d, len]) => d.toISOString().slice(0, len));
const fhirDay = dateArb.map((d) => d.toISOString().slice(0, 10));
const fhirDateTime = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 })
  .map((s) => dateToFhirLocal(new Date(s * 1000)));
const decimal = fc.integer({ min: -100_000, max: 10_000_000 }).map((n) => n / 100);

const address: fc.Arbitrary<AddressFacts> = fc.oneof(
  freeText.map((text) => ({ text })),
  fc
    .record(
      {
        line: freeText,
        ward: words(3),
        district: words(3),
        city: words(3),
        province: words(3),
        adminUnitCode: code(/^\d{5}$/),
      },
      { requiredKeys: ['ward'] },
    )
    .map((a) => ({
      ...a,
      text: [a.line, a.ward, a.district, a.city, a.province]
        .filter((p) => p !== undefined)
        .join(', '),
    })),
);

const patient: fc.Arbitrary<PatientFacts> = fc
  .record(
    {
      mrn: code(/^[A-Z0-9][A-Z0-9-]{0,14}$/),
      name: fc.oneof(
        words(4).map((fullName) => ({ fullName })),
        fc
          .tuple(word, fc.array(word, { minLength: 1, maxLength: 2 }))
          .map(([family, given]) => ({ fullName: [family, ...given].join(' '), family, given })),
      ),
      gender: fc.constantFrom('male', 'female', 'other', 'unknown'),
      birthDate: fhirDate,
      cccd: code(/^022\d{9}$/),
      bhyt: fc.record(
        { number: code(/^[A-Z]{2}[1-5]22\d{10}$/), validFrom: fhirDay, validTo: fhirDay },
        { requiredKeys: ['number'] },
      ),
      phone: code(/^0\d{9}$/),
      address,
      ethnicity: fc.constantFrom('01', 'Kinh', 'Tày', 'Sán Dìu'),
      nationality: fc.constantFrom('VN', 'VNM', '000'),
      deceasedDateTime: fhirDateTime,
    },
    { requiredKeys: ['mrn', 'name'] },
  )
  .map(({ name, ...rest }) => ({ ...rest, ...name }));

const diagnoses: fc.Arbitrary<DiagnosisFacts[]> = fc
  .uniqueArray(code(/^[A-Z]\d{2}(\.\d)?$/), { maxLength: 4 })
  .chain((codes) =>
    fc.tuple(
      fc.constant(codes),
      fc.array(fc.option(freeText, { nil: undefined }), {
        minLength: codes.length,
        maxLength: codes.length,
      }),
      fc.integer({ min: -1, max: Math.max(0, codes.length - 1) }),
    ),
  )
  .map(([codes, texts, main]) =>
    codes.map((icd10, i) => ({
      icd10,
      role: i === main ? 'main' : 'secondary',
      ...(texts[i] === undefined ? {} : { text: texts[i] }),
    })),
  );

function encounter(event: RecordEvent): fc.Arbitrary<EncounterFacts> {
  return fc
    .record(
      {
        visitId: code(/^[A-Z0-9][A-Z0-9-]{0,19}$/),
        class: fc.constantFrom('AMB', 'IMP', 'EMER'),
        start: fhirDateTime,
        end: fhirDateTime,
        departmentCode: fc.constantFrom(
          'noi',
          'nhi',
          'san',
          'cap-cuu',
          'ngoai-tong-hop',
          'tai-mui-hong',
        ),
        departmentText: freeText,
        reason: freeText,
        dischargeDisposition: words(2),
        attendingDoctor: fc
          .record(
            { name: words(3), certificate: code(/^[0-9]{4,6}\/QN-CCHN$/) },
            { requiredKeys: [] },
          )
          .filter((d) => Object.keys(d).length > 0),
        diagnoses: event === 'results' ? fc.constant<DiagnosisFacts[]>([]) : diagnoses,
      },
      { requiredKeys: ['visitId', 'class', 'diagnoses'] },
    )
    .map((e) => ({
      ...e,
      status: event === 'discharge' || e.end !== undefined ? 'finished' : 'in-progress',
    }));
}

const labResults: fc.Arbitrary<LabResultFacts[]> = fc
  .uniqueArray(
    fc.record(
      {
        reportId: code(/^XN[0-9]{4,8}$/),
        reportName: freeText,
        issued: fhirDateTime,
        conclusion: freeText,
        results: fc.array(
          fc.record(
            {
              localCode: code(/^[A-Z][A-Z0-9]{1,7}$/),
              localName: freeText,
              loinc: code(/^\d{3,5}-\d$/),
              value: fc.oneof(decimal, freeText),
              unit: fc.constantFrom('mmol/L', 'G/L', 'g/L', 'µmol/L', '%', 'mg/dL'),
              range: fc.oneof(
                fc
                  .tuple(decimal, decimal)
                  .map(([a, b]) => ({
                    referenceLow: Math.min(a, b),
                    referenceHigh: Math.max(a, b),
                  })),
                decimal.map((referenceHigh) => ({ referenceHigh })),
                decimal.map((referenceLow) => ({ referenceLow })),
                words(2).map((referenceText) => ({ referenceText })),
              ),
              interpretation: fc.constantFrom('H', 'L', 'N', 'A', 'HH', 'LL'),
              effective: fhirDateTime,
            },
            { requiredKeys: ['localCode', 'localName', 'value'] },
          ),
          { minLength: 1, maxLength: 4 },
        ),
      },
      { requiredKeys: ['reportId', 'results'] },
    ),
    { minLength: 1, maxLength: 3, selector: (r) => r.reportId },
  )
  .map((reports) =>
    reports.flatMap(({ results, ...report }) =>
      results.map(({ range, ...result }, i) => ({
        ...result,
        ...(range ?? {}),
        ...report,
        resultId: `${report.reportId}-${i + 1}`,
      })),
    ),
  );

const recordArb: fc.Arbitrary<HospitalRecord> = fc
  .constantFrom<Exclude<RecordEvent, 'claim'>>(
    'register',
    'admit',
    'discharge',
    'update',
    'merge',
    'results',
  )
  .chain((event) =>
    fc
      .record({
        hospital: fc.constantFrom(...HOSPITAL_CODES),
        sourceRecordId: code(/^[A-Z0-9][A-Za-z0-9.-]{0,19}$/),
        sourceSystem: code(/^[A-Z][A-Z0-9-]{1,11}$/),
        patient,
        encounter:
          event === 'admit' || event === 'discharge'
            ? encounter(event)
            : fc.option(encounter(event), { nil: undefined }),
        labResults: event === 'results' ? labResults : fc.constant<LabResultFacts[]>([]),
        mergedMrn: code(/^M[0-9]{3,10}$/),
      })
      .map(({ encounter: e, mergedMrn, ...rest }) => ({
        ...rest,
        format: 'hl7v2' as const,
        event,
        medications: [],
        procedures: [],
        notes: [],
        ...(e === undefined ? {} : { encounter: e }),
        ...(event === 'merge' ? { mergedMrn } : {}),
      })),
  );

const optionsArb: fc.Arbitrary<WriteHl7v2Options> = fc.record({
  encoding: fc.constantFrom('utf-8', 'windows-1258', 'tcvn3'),
  version: fc.constantFrom('2.3', '2.4', '2.5'),
});

describe('writeHl7v2', () => {
  it('writes records that parse back to the same record (property)', () => {
    fc.assert(
      fc.property(recordArb, optionsArb, (record, options) => {
        fc.pre(options.encoding !== 'tcvn3' || fitsTcvn3(record));
        const outcomes = parse(writeHl7v2(record, options), record.hospital);
        expect(outcomes).toHaveLength(1);
        const [outcome] = outcomes;
        if (!outcome?.ok) throw new Error(`rejected: ${JSON.stringify(outcome?.issues)}`);
        expect(outcome.record).toEqual(expectedAfterTrip(record, options));
      }),
      { numRuns: 400 },
    );
  });

  const golden = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.expected.json'))
    .flatMap((f) =>
      (JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')) as HospitalRecord[]).map(
        (record) => [`${f} ${record.sourceRecordId}`, record] as const,
      ),
    );

  it.each(golden)(
    'writes the golden record %s so that it reads back the same in every charset and version',
    (_name, record) => {
      for (const options of OPTIONS.filter((o) => o.encoding !== 'tcvn3' || fitsTcvn3(record))) {
        const [outcome] = parse(writeHl7v2(record, options), record.hospital);
        expect(outcome?.ok && outcome.record).toEqual(expectedAfterTrip(record, options));
      }
    },
  );

  it('declares the charset in MSH-18 and the message structure from v2.4 on', () => {
    const [, record] = golden.find(([name]) => name.startsWith('adt-a01'))!;
    const time = new Date('2026-01-15T01:35:00Z');
    const v23 = writeHl7v2(record, { encoding: 'tcvn3', version: '2.3', messageTime: time })
      .toString('latin1')
      .split('\r')[0]!
      .split('|');
    const v25 = writeHl7v2(record, { messageTime: time })
      .toString('utf8')
      .split('\r')[0]!
      .split('|');
    expect([v23[6], v23[8], v23[11], v23[17]]).toEqual([
      '20260115083500+0700',
      'ADT^A01',
      '2.3',
      'TCVN3',
    ]);
    expect([v25[8], v25[11], v25[17]]).toEqual(['ADT^A01^ADT_A01', '2.5', 'UNICODE UTF-8']);
  });

  it('writes TCVN3 with the bytes of the ABC fonts', () => {
    const [, record] = golden.find(([name]) => name.startsWith('tcvn3'))!;
    expect(writeHl7v2(record, { encoding: 'tcvn3' }).toString('latin1')).toContain(
      '|§Æng^Hoa^ThÞ^^^^L|',
    );
  });

  it('refuses to write a character the charset lacks instead of losing it', () => {
    const [, record] = golden.find(([name]) => name.startsWith('oru-r01'))!;
    expect(() => writeHl7v2(record, { encoding: 'tcvn3' })).toThrow(
      '"µ" (U+00B5) cannot be written in TCVN3',
    );
    expect(
      writeHl7v2(record, { encoding: 'windows-1258' }).includes(
        Buffer.from('|\xb5mol/L|', 'latin1'),
      ),
    ).toBe(true);
  });

  it('refuses a claim record, which has no HL7 v2 message', () => {
    const [, record] = golden[0]!;
    expect(() => writeHl7v2({ ...record, event: 'claim' })).toThrow(/claim/);
  });
});

describe('hl7v2Adapter robustness', () => {
  const valid = writeHl7v2(golden0(), { version: '2.5' });

  function golden0(): HospitalRecord {
    return (
      JSON.parse(
        readFileSync(path.join(FIXTURES, 'oru-r01-results.expected.json'), 'utf8'),
      ) as HospitalRecord[]
    )[0]!;
  }

  function checkNeverThrows(bytes: Uint8Array): void {
    const started = performance.now();
    const outcomes = parse(Buffer.from(bytes), 'bv-bai-chay');
    expect(performance.now() - started).toBeLessThan(1000);
    for (const outcome of outcomes) {
      if (!outcome.ok) expect(outcome.issues.length).toBeGreaterThan(0);
    }
  }

  it('never throws or hangs on arbitrary bytes (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4000 }), checkNeverThrows), { numRuns: 500 });
  });

  it('never throws or hangs on damaged HL7 messages (property)', () => {
    const special = fc.constantFrom(
      0x0b,
      0x1c,
      0x0d,
      0x0a,
      0x7c,
      0x5e,
      0x7e,
      0x5c,
      0x26,
      0x81,
      0xc3,
      0xff,
      0x4d,
    );
    const edit = fc.tuple(
      fc.nat({ max: valid.length }),
      fc.constantFrom('insert', 'delete', 'replace'),
      special,
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        const bytes = [...valid];
        for (const [at, kind, byte] of edits) {
          if (kind === 'insert') bytes.splice(at, 0, byte);
          else if (kind === 'delete') bytes.splice(at, 1);
          else bytes[Math.min(at, bytes.length - 1)] = byte;
        }
        checkNeverThrows(Uint8Array.from(bytes));
      }),
      { numRuns: 500 },
    );
  });
});
