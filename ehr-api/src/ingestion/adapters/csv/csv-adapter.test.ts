import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterContext, HospitalCode, ParseOutcome } from '../../model.js';
import {
  csvAdapter,
  CsvMappingError,
  loadCsvMapping,
  parseCsvMapping,
  validateCsvMapping,
  type CsvMapping,
} from './index.js';
import { encodeCsv } from './text-encoding.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const goldenDir = path.join(here, 'fixtures', 'golden');
const mapping = (name: string): CsvMapping =>
  loadCsvMapping(path.join(here, 'mappings', `${name}.yaml`));

function parse(map: CsvMapping, input: string | Buffer, sourceName = 'export.csv'): ParseOutcome[] {
  const context: AdapterContext = { hospital: map.hospital, sourceName };
  return [
    ...csvAdapter(map).parse(
      typeof input === 'string' ? Buffer.from(input, 'utf8') : input,
      context,
    ),
  ];
}

function rejected(outcomes: ParseOutcome[]): Array<Extract<ParseOutcome, { ok: false }>> {
  return outcomes.filter((o): o is Extract<ParseOutcome, { ok: false }> => !o.ok);
}

function loaded(outcomes: ParseOutcome[]): Array<Extract<ParseOutcome, { ok: true }>> {
  return outcomes.filter((o): o is Extract<ParseOutcome, { ok: true }> => o.ok);
}

function comparable(outcomes: ParseOutcome[]): unknown {
  const brief = (issues: readonly { severity: string; location: string; code: string }[]) =>
    issues.map(({ severity, location, code }) => ({ severity, location, code }));
  return outcomes.map((o) =>
    o.ok
      ? { ok: true, record: o.record, warnings: brief(o.warnings) }
      : { ok: false, sourceRecordId: o.sourceRecordId, issues: brief(o.issues) },
  );
}

/** A small visit mapping for focused cases, in the Bãi Cháy style. */
const visitMapping = validateCsvMapping({
  hospital: 'bv-bai-chay',
  sourceSystem: 'HIS test',
  rowKind: 'visit',
  dateFormats: ['dd/MM/yyyy'],
  dateTimeFormats: ['dd/MM/yyyy HH:mm'],
  recordIdColumn: 'ma_lk',
  columns: {
    patient: { mrn: 'ma_bn', fullName: 'ho_ten', gender: 'gioi', birthDate: 'ngay_sinh' },
    encounter: {
      visitId: 'ma_lk',
      start: 'vao',
      end: 'ra',
      mainDiagnosis: 'icd',
      secondaryDiagnoses: 'icd_kem',
    },
  },
  defaults: { encounterClass: 'AMB' },
});
const HEADER = 'ma_lk,ma_bn,ho_ten,gioi,ngay_sinh,vao,ra,icd,icd_kem';

describe('csvAdapter', () => {
  const goldenCases: Array<[string, string]> = [
    ['bv-bai-chay-luot-kham.csv', 'bv-bai-chay'],
    ['bv-san-nhi-xet-nghiem.csv', 'bv-san-nhi-quang-ninh'],
    ['bvdk-benh-nhan.csv', 'bvdk-tinh-quang-ninh'],
  ];
  it.each(goldenCases)(
    'reads the golden file %s with the %s mapping into the expected records',
    (file, mappingName) => {
      const outcomes = parse(mapping(mappingName), readFileSync(path.join(goldenDir, file)), file);
      const expectedFile = path.join(goldenDir, file.replace(/\.csv$/, '.expected.json'));
      if (process.env.UPDATE_GOLDEN === '1')
        writeFileSync(expectedFile, `${JSON.stringify(comparable(outcomes), null, 2)}\n`);
      expect(comparable(outcomes)).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    },
  );

  it('keeps Vietnamese diacritics from a Windows-1258 file', () => {
    const outcomes = parse(
      mapping('bvdk-tinh-quang-ninh'),
      readFileSync(path.join(goldenDir, 'bvdk-benh-nhan.csv')),
      'bvdk-benh-nhan.csv',
    );
    expect(loaded(outcomes).map((o) => o.record.patient.fullName)).toEqual([
      'Nguyễn Văn Hùng',
      'Trần Thị Lữ',
      'Đặng Ánh Ngọc',
    ]);
  });

  it('reads a quoted cell with a line break and counts lines after it correctly', () => {
    const outcomes = parse(
      visitMapping,
      [
        HEADER,
        'V1,B1,"Lê\nVăn Nam",Nam,01/02/1980,01/03/2024 08:00,,J06.9,',
        'V2,B2,Trần Thị Mai,Nữ,31/02/1980,01/03/2024 09:00,,J06.9,',
        '',
      ].join('\n'),
    );
    expect(loaded(outcomes)[0]?.record.patient.fullName).toBe('Lê\nVăn Nam');
    expect(rejected(outcomes)[0]?.issues[0]).toMatchObject({
      location: 'line 4, column ngay_sinh',
      code: 'date-impossible',
    });
  });

  it('rejects a row with too few columns, naming its line and the first missing column, and reads the rest', () => {
    const outcomes = parse(
      visitMapping,
      [
        HEADER,
        'V1,B1,Lê Văn Nam,Nam',
        'V2,B2,Trần Thị Mai,Nữ,01/02/1980,01/03/2024 09:00,,J06.9,',
      ].join('\r\n'),
    );
    expect(rejected(outcomes)).toEqual([
      expect.objectContaining({
        sourceRecordId: 'export.csv:2',
        issues: [
          expect.objectContaining({ code: 'column-count', location: 'line 2, column ngay_sinh' }),
        ],
      }),
    ]);
    expect(loaded(outcomes).map((o) => o.record.sourceRecordId)).toEqual(['V2']);
  });

  it('rejects the rows of a Windows-1258 file read as UTF-8 with an encoding issue naming the column', () => {
    const bytes = encodeCsv(
      [
        HEADER,
        'V1,B1,Nguyễn Văn Hùng,Nam,01/02/1980,01/03/2024 08:00,,J06.9,',
        'V2,B2,Tran Van Nam,Nam,01/02/1980,01/03/2024 08:00,,J06.9,',
      ].join('\r\n'),
      'windows-1258',
      false,
    );
    const outcomes = parse(visitMapping, bytes);
    expect(rejected(outcomes)[0]?.issues).toContainEqual(
      expect.objectContaining({ code: 'encoding', location: 'line 2, column ho_ten' }),
    );
    expect(loaded(outcomes).map((o) => o.record.sourceRecordId)).toEqual(['V2']);
  });

  it('rejects impossible dates and visits that end before they start, naming the column', () => {
    const outcomes = parse(
      visitMapping,
      [
        HEADER,
        'V1,B1,Lê Văn Nam,Nam,01/02/1980,30/02/2024 08:00,,J06.9,',
        'V2,B2,Lê Văn Nam,Nam,01/02/1980,01/03/2024 08:00,29/02/2024 08:00,J06.9,',
        'V3,B3,Lê Văn Nam,Nam,1980-02-01,01/03/2024 08:00,,J06.9,',
      ].join('\n'),
    );
    expect(rejected(outcomes).map((o) => [o.issues[0]?.code, o.issues[0]?.location])).toEqual([
      ['date-impossible', 'line 2, column vao'],
      ['date-order', 'line 3, column ra'],
      ['date-format', 'line 4, column ngay_sinh'],
    ]);
  });

  it('rejects an unknown gender word, naming the column, and folds case and Unicode form', () => {
    const outcomes = parse(
      visitMapping,
      [
        HEADER,
        'V1,B1,Lê Văn Nam,Nam giới,01/02/1980,01/03/2024 08:00,,J06.9,',
        `V2,B2,Lê Thị Hoa,${'NỮ'.normalize('NFD')},01/02/1980,01/03/2024 08:00,,J06.9,`,
      ].join('\n'),
    );
    expect(rejected(outcomes)[0]?.issues[0]).toMatchObject({
      code: 'unknown-code',
      location: 'line 2, column gioi',
      message: expect.stringContaining("'Nam giới'"),
    });
    expect(loaded(outcomes)[0]?.record.patient.gender).toBe('female');
  });

  it('rejects a repeated record id as a duplicate and keeps the first', () => {
    const row = 'V1,B1,Lê Văn Nam,Nam,01/02/1980,01/03/2024 08:00,,J06.9,';
    const outcomes = parse(visitMapping, [HEADER, row, row].join('\n'));
    expect(loaded(outcomes)).toHaveLength(1);
    expect(rejected(outcomes)[0]).toMatchObject({
      sourceRecordId: 'V1',
      issues: [{ code: 'duplicate-record', location: 'line 3' }],
    });
  });

  it('splits secondary diagnoses on the list separator', () => {
    const [outcome] = loaded(
      parse(
        visitMapping,
        [
          HEADER,
          'V1,B1,Lê Văn Nam,Nam,01/02/1980,01/03/2024 08:00,02/03/2024 10:30,J18.9,"I10; E11.9;"',
        ].join('\n'),
      ),
    );
    expect(outcome?.record.encounter).toMatchObject({
      status: 'finished',
      start: '2024-03-01T08:00:00+07:00',
      end: '2024-03-02T10:30:00+07:00',
      diagnoses: [
        { icd10: 'J18.9', role: 'main' },
        { icd10: 'I10', role: 'secondary' },
        { icd10: 'E11.9', role: 'secondary' },
      ],
    });
  });

  it('rejects the whole file when a column the mapping names is not in the header', () => {
    const outcomes = parse(
      visitMapping,
      [
        'ma_lk,ma_bn,ho_ten,gioi,ngay_sinh,vao,ra,icd',
        'V1,B1,Lê Văn Nam,Nam,01/02/1980,01/03/2024 08:00,,J06.9',
      ].join('\n'),
    );
    expect(outcomes).toEqual([
      expect.objectContaining({
        ok: false,
        sourceRecordId: 'export.csv',
        issues: [expect.objectContaining({ code: 'unknown-column', location: 'column icd_kem' })],
      }),
    ]);
  });

  it('reads what a truncated file has and rejects the cut row', () => {
    const text = [
      HEADER,
      'V1,B1,Lê Văn Nam,Nam,01/02/1980,01/03/2024 08:00,,J06.9,',
      'V2,B2,"Trần Thị',
    ].join('\n');
    const outcomes = parse(visitMapping, text);
    expect(loaded(outcomes).map((o) => o.record.sourceRecordId)).toEqual(['V1']);
    expect(rejected(outcomes)[0]).toMatchObject({
      sourceRecordId: 'export.csv:3',
      issues: [{ code: 'malformed-csv', location: 'line 3' }],
    });
  });

  it('rejects an empty file and a file submitted for another hospital', () => {
    expect(parse(visitMapping, '')[0]).toMatchObject({
      ok: false,
      issues: [{ code: 'empty-file' }],
    });
    const other = [
      ...csvAdapter(visitMapping).parse(Buffer.from(`${HEADER}\n`), {
        hospital: 'bvdk-tinh-quang-ninh',
        sourceName: 'x.csv',
      }),
    ];
    expect(other[0]).toMatchObject({ ok: false, issues: [{ code: 'facility-mismatch' }] });
  });

  it('never throws or hangs on arbitrary bytes', () => {
    const maps = [visitMapping, mapping('bv-san-nhi-quang-ninh'), mapping('bvdk-tinh-quang-ninh')];
    fc.assert(
      fc.property(fc.constantFrom(...maps), fc.uint8Array({ maxLength: 2048 }), (map, bytes) => {
        expect(parse(map, Buffer.from(bytes)).length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on CSV-like text with quotes, separators and line breaks', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('"', '""', ',', ';', '\n', '\r\n', 'Nữ', '31/02/2024', '01/03/2024 08:00'),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 12 }), (rows) => {
        const text = [HEADER, ...rows.map((r) => r.join(','))].join('\n');
        parse(visitMapping, text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadCsvMapping', () => {
  it.each(readdirSync(path.join(here, 'mappings')).filter((f) => f.endsWith('.yaml')))(
    'loads the shipped mapping %s',
    (file) => {
      const loadedMapping = loadCsvMapping(path.join(here, 'mappings', file));
      expect(file.startsWith(loadedMapping.hospital)).toBe(true);
    },
  );

  it('names an unknown key, a missing key and a wrong value', () => {
    const yaml = [
      'hospital: bv-bai-chay',
      'sourceSystem: x',
      'rowKind: visitt',
      'dateFormats: ["dd/MM/yyyy"]',
      'columns:',
      '  patient:',
      '    mrn: ma_bn',
      '    fullNam: ho_ten',
    ].join('\n');
    let error: unknown;
    try {
      parseCsvMapping(yaml, 'bad.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CsvMappingError);
    const problems = (error as CsvMappingError).problems.join('\n');
    expect(problems).toContain('rowKind:');
    expect(problems).toContain('columns.patient.fullName:');
    expect(problems).toContain('columns.patient.fullNam: is not a key a mapping may have');
  });

  it('rejects a date format that cannot read back what it writes, and a visit mapping without visit columns', () => {
    const base = {
      hospital: 'bv-bai-chay' as HospitalCode,
      sourceSystem: 'x',
      rowKind: 'visit',
      columns: { patient: { mrn: 'a', fullName: 'b' } },
    };
    expect(() => validateCsvMapping({ ...base, dateFormats: ['dd/MM'] })).toThrow(
      /dateFormats\[0\]/,
    );
    expect(() => validateCsvMapping({ ...base, dateFormats: ['dd/MM/yyyy'] })).toThrow(
      /columns\.encounter: is required when rowKind is visit/,
    );
  });

  it('reads JSON mappings too, and says where a YAML file is broken', () => {
    const json = JSON.stringify({
      hospital: 'bv-bai-chay',
      sourceSystem: 'x',
      rowKind: 'patient',
      dateFormats: ['yyyy-MM-dd'],
      columns: { patient: { mrn: 'a', fullName: 'b' } },
    });
    expect(parseCsvMapping(json, 'm.json').rowKind).toBe('patient');
    expect(() => parseCsvMapping('hospital: [unclosed', 'm.yaml')).toThrow(
      /not valid YAML at line 1/,
    );
  });
});
