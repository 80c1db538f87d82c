import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterContext, ParseOutcome } from '../../model.js';
import { buildEnvelope, readTableFolder, type FileHoso } from './fixtures/build-envelope.js';
import { xml130Adapter } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const goldenDir = path.join(here, 'fixtures', 'golden');
const context: AdapterContext = {
  hospital: 'bvdk-tinh-quang-ninh',
  sourceName: 'claims-2024-03.xml',
};

function parse(input: string | Buffer, ctx: AdapterContext = context): ParseOutcome[] {
  return [
    ...xml130Adapter.parse(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, ctx),
  ];
}

/** The golden claim file's tables, to edit one thing per malformed case. */
function goldenHosos(): FileHoso[][] {
  return readTableFolder(path.join(goldenDir, 'claims-22001'));
}

/** The golden file with one table of one HOSO rewritten. */
function withTable(hosoIndex: number, loaiHoSo: string, edit: (xml: string) => string): string {
  const hosos = goldenHosos();
  const file = hosos[hosoIndex]?.find((f) => f.loaiHoSo === loaiHoSo);
  if (!file?.xml) throw new Error(`no ${loaiHoSo} in HOSO ${hosoIndex}`);
  file.xml = edit(file.xml);
  return buildEnvelope(hosos);
}

function rejected(outcomes: ParseOutcome[]): Array<Extract<ParseOutcome, { ok: false }>> {
  return outcomes.filter((o): o is Extract<ParseOutcome, { ok: false }> => !o.ok);
}

function loaded(outcomes: ParseOutcome[]): Array<Extract<ParseOutcome, { ok: true }>> {
  return outcomes.filter((o): o is Extract<ParseOutcome, { ok: true }> => o.ok);
}

/** What the golden JSON holds: outcomes without `raw`, issues without their wording. */
function comparable(outcomes: ParseOutcome[]): unknown {
  const brief = (issues: readonly { severity: string; location: string; code: string }[]) =>
    issues.map(({ severity, location, code }) => ({ severity, location, code }));
  return outcomes.map((o) =>
    o.ok
      ? { ok: true, record: o.record, warnings: brief(o.warnings) }
      : { ok: false, sourceRecordId: o.sourceRecordId, issues: brief(o.issues) },
  );
}

describe('xml130Adapter', () => {
  it('reads the golden claim file into the expected records', () => {
    const outcomes = parse(buildEnvelope(goldenHosos()));
    const expectedFile = path.join(goldenDir, 'claims-22001.expected.json');
    if (process.env.UPDATE_GOLDEN === '1')
      writeFileSync(expectedFile, `${JSON.stringify(comparable(outcomes), null, 2)}\n`);
    expect(comparable(outcomes)).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    for (const outcome of outcomes) expect(outcome.raw).toContain('<TONG_HOP>');
  });

  it('keeps leading zeros and Vietnamese text exactly as written', () => {
    const [first] = loaded(parse(buildEnvelope(goldenHosos())));
    expect(first?.record.patient.cccd).toBe('022056001234');
    expect(first?.record.patient.ethnicity).toBe('01');
    expect(first?.record.patient.fullName).toBe('Nguyễn Văn Hùng');
  });

  it('rejects a truncated file as malformed XML, naming the line', () => {
    const full = buildEnvelope(goldenHosos());
    const outcomes = parse(full.slice(0, Math.floor(full.length * 0.6)));
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      ok: false,
      sourceRecordId: context.sourceName,
      issues: [{ code: 'malformed-xml', location: 'file' }],
    });
  });

  it('rejects a file that is not UTF-8 with an encoding issue', () => {
    const latin1 = Buffer.from(
      buildEnvelope(goldenHosos()).replace('22001', 'Bệnh viện'),
      'latin1',
    );
    expect(parse(latin1)[0]).toMatchObject({ ok: false, issues: [{ code: 'encoding' }] });
  });

  it('rejects the claims of a HOSO whose table is not UTF-8 and still loads the other HOSO', () => {
    const hosos = goldenHosos();
    const xml2 = hosos[0]?.find((f) => f.loaiHoSo === 'XML2');
    if (!xml2) throw new Error('fixture');
    xml2.noiDungFile = Buffer.from(
      '<?xml version="1.0"?><CHITIEU_CHITIET_THUOC><X>Bột pha tiêm</X></CHITIEU_CHITIET_THUOC>',
      'latin1',
    ).toString('base64');
    const outcomes = parse(buildEnvelope(hosos));
    expect(rejected(outcomes)).toEqual([
      expect.objectContaining({
        sourceRecordId: 'DK2403001234',
        issues: expect.arrayContaining([
          expect.objectContaining({
            severity: 'error',
            code: 'encoding',
            location: 'HOSO[1]/XML2/NOIDUNGFILE',
          }),
        ]),
      }),
    ]);
    expect(loaded(outcomes).map((o) => o.record.sourceRecordId)).toEqual(['DK2403001301']);
  });

  it('rejects a record with an impossible NGAY_VAO, naming the field, and loads the rest', () => {
    const outcomes = parse(
      withTable(0, 'XML1', (xml) =>
        xml.replace('<NGAY_VAO>202403050815', '<NGAY_VAO>202402300815'),
      ),
    );
    const [rejection] = rejected(outcomes);
    expect(rejection?.sourceRecordId).toBe('DK2403001234');
    expect(rejection?.issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        location: 'XML1/NGAY_VAO',
        code: 'date-impossible',
      }),
    );
    expect(loaded(outcomes)).toHaveLength(1);
  });

  it('rejects an impossible time of day and a NGAY_VAO that is not 12 digits', () => {
    const badTime = rejected(
      parse(
        withTable(0, 'XML1', (xml) =>
          xml.replace('<NGAY_RA>202403111000', '<NGAY_RA>202403112460'),
        ),
      ),
    );
    expect(badTime[0]?.issues).toContainEqual(
      expect.objectContaining({ location: 'XML1/NGAY_RA', code: 'date-impossible' }),
    );
    const badFormat = rejected(
      parse(
        withTable(0, 'XML1', (xml) =>
          xml.replace('<NGAY_VAO>202403050815', '<NGAY_VAO>05/03/2024 08:15'),
        ),
      ),
    );
    expect(badFormat[0]?.issues).toContainEqual(
      expect.objectContaining({ location: 'XML1/NGAY_VAO', code: 'date-format' }),
    );
  });

  it('rejects an impossible date in a detail table, naming the table and field', () => {
    const outcomes = parse(
      withTable(0, 'XML5', (xml) =>
        xml.replace('<THOI_DIEM_DBLS>202403080800', '<THOI_DIEM_DBLS>202413080800'),
      ),
    );
    expect(rejected(outcomes)[0]?.issues).toContainEqual(
      expect.objectContaining({ location: 'XML5/THOI_DIEM_DBLS', code: 'date-impossible' }),
    );
  });

  it('reads NGAY_SINH with unknown month and day as a partial date, and rejects a day without a month', () => {
    const yearOnly = loaded(
      parse(
        withTable(0, 'XML1', (xml) =>
          xml.replace('<NGAY_SINH>195603120000', '<NGAY_SINH>195600000000'),
        ),
      ),
    );
    expect(yearOnly[0]?.record.patient.birthDate).toBe('1956');
    const dayNoMonth = rejected(
      parse(
        withTable(0, 'XML1', (xml) =>
          xml.replace('<NGAY_SINH>195603120000', '<NGAY_SINH>195600120000'),
        ),
      ),
    );
    expect(dayNoMonth[0]?.issues).toContainEqual(
      expect.objectContaining({ location: 'XML1/NGAY_SINH', code: 'date-impossible' }),
    );
  });

  it('rejects a birth after the visit began', () => {
    const outcomes = parse(
      withTable(0, 'XML1', (xml) =>
        xml.replace('<NGAY_SINH>195603120000', '<NGAY_SINH>202512010000'),
      ),
    );
    expect(rejected(outcomes)[0]?.issues).toContainEqual(
      expect.objectContaining({ location: 'XML1/NGAY_SINH', code: 'date-order' }),
    );
  });

  it('rejects NGAY_RA before NGAY_VAO', () => {
    const outcomes = parse(
      withTable(0, 'XML1', (xml) => xml.replace('<NGAY_RA>202403111000', '<NGAY_RA>202403041000')),
    );
    expect(rejected(outcomes)[0]?.issues).toContainEqual(
      expect.objectContaining({ location: 'XML1/NGAY_RA', code: 'date-order' }),
    );
  });

  it('rejects an unknown GIOI_TINH code, naming the field', () => {
    const [rejection] = rejected(
      parse(withTable(0, 'XML1', (xml) => xml.replace('<GIOI_TINH>1', '<GIOI_TINH>7'))),
    );
    expect(rejection?.issues).toContainEqual(
      expect.objectContaining({
        location: 'XML1/GIOI_TINH',
        code: 'unknown-code',
        message: expect.stringContaining("'7'"),
      }),
    );
  });

  it('rejects unknown MA_LOAI_KCB, MA_LOAI_RV and KET_QUA_DTRI codes', () => {
    const outcomes = parse(
      withTable(0, 'XML1', (xml) =>
        xml
          .replace('<MA_LOAI_KCB>3', '<MA_LOAI_KCB>99')
          .replace('<MA_LOAI_RV>1', '<MA_LOAI_RV>9')
          .replace('<KET_QUA_DTRI>2', '<KET_QUA_DTRI>8'),
      ),
    );
    const locations = rejected(outcomes)[0]
      ?.issues.filter((i) => i.code === 'unknown-code')
      .map((i) => i.location);
    expect(locations).toEqual(['XML1/MA_LOAI_KCB', 'XML1/MA_LOAI_RV', 'XML1/KET_QUA_DTRI']);
  });

  it('maps the kind of visit to the encounter class, with emergency from MA_DOITUONG_KCB 2', () => {
    const classOf = (maLoaiKcb: string, maDoiTuong: string) =>
      loaded(
        parse(
          withTable(0, 'XML1', (xml) =>
            xml
              .replace('<MA_LOAI_KCB>3', `<MA_LOAI_KCB>${maLoaiKcb}`)
              .replace('<MA_DOITUONG_KCB>1.1', `<MA_DOITUONG_KCB>${maDoiTuong}`),
          ),
        ),
      )[0]?.record.encounter?.class;
    expect(classOf('01', '1.1')).toBe('AMB');
    expect(classOf('02', '1.1')).toBe('AMB');
    expect(classOf('03', '1.1')).toBe('IMP');
    expect(classOf('03', '2')).toBe('IMP');
    expect(classOf('01', '2')).toBe('EMER');
    expect(classOf('9', '2')).toBe('EMER');
  });

  it('marks the patient deceased at NGAY_RA when KET_QUA_DTRI is 5', () => {
    const [outcome] = loaded(
      parse(withTable(0, 'XML1', (xml) => xml.replace('<KET_QUA_DTRI>2', '<KET_QUA_DTRI>5'))),
    );
    expect(outcome?.record.patient.deceasedDateTime).toBe('2024-03-11T10:00:00+07:00');
  });

  it('maps MA_KHOA to the province department and keeps the source code', () => {
    const [outcome] = loaded(
      parse(withTable(0, 'XML1', (xml) => xml.replace('<MA_KHOA>K03', '<MA_KHOA>K01;K28'))),
    );
    expect(outcome?.record.encounter).toMatchObject({
      departmentCode: 'tai-mui-hong',
      departmentText: 'K01;K28',
    });
    const [unmapped] = loaded(
      parse(withTable(0, 'XML1', (xml) => xml.replace('<MA_KHOA>K03', '<MA_KHOA>K99'))),
    );
    expect(unmapped?.record.encounter?.departmentCode).toBeUndefined();
    expect(unmapped?.record.encounter?.departmentText).toBe('K99');
  });

  it('rejects an XML1 record without MA_LK as missing-ma-lk', () => {
    const outcomes = parse(
      withTable(1, 'XML1', (xml) => xml.replace('<MA_LK>DK2403001301</MA_LK>', '<MA_LK></MA_LK>')),
    );
    const codes = rejected(outcomes).map((o) => o.issues[0]?.code);
    // The record itself, and its XML2/XML3 rows, which now name a MA_LK no XML1 has.
    expect(codes).toEqual(['missing-ma-lk', 'missing-ma-lk']);
    expect(rejected(outcomes)[0]).toMatchObject({
      sourceRecordId: 'claims-2024-03.xml#HOSO[2]',
      issues: [{ location: 'XML1/MA_LK' }],
    });
    expect(rejected(outcomes)[1]).toMatchObject({
      sourceRecordId: 'DK2403001301',
      issues: [{ location: 'XML2/MA_LK' }],
    });
  });

  it('rejects detail rows whose MA_LK has no XML1, once per orphan MA_LK', () => {
    const outcomes = parse(
      withTable(0, 'XML4', (xml) =>
        xml
          .replace(
            /<MA_LK>DK2403001234<\/MA_LK>(\s*<STT>4<\/STT>)/,
            '<MA_LK>DK2403009999</MA_LK>$1',
          )
          .replace(
            /<MA_LK>DK2403001234<\/MA_LK>(\s*<STT>5<\/STT>)/,
            '<MA_LK>DK2403008888</MA_LK>$1',
          ),
      ),
    );
    expect(
      rejected(outcomes).map((o) => [o.sourceRecordId, o.issues[0]?.code, o.issues[0]?.location]),
    ).toEqual([
      ['DK2403009999', 'missing-ma-lk', 'XML4/MA_LK'],
      ['DK2403008888', 'missing-ma-lk', 'XML4/MA_LK'],
    ]);
    expect(rejected(outcomes)[0]?.raw).toContain('DK2403009999');
    expect(loaded(outcomes)).toHaveLength(2);
  });

  it('rejects the second XML1 of a MA_LK as a duplicate and keeps the first', () => {
    const hosos = goldenHosos();
    const copy = hosos[0]?.map((f) => ({ ...f }));
    if (!copy) throw new Error('fixture');
    const outcomes = parse(buildEnvelope([...hosos, copy]));
    expect(loaded(outcomes).map((o) => o.record.sourceRecordId)).toEqual([
      'DK2403001234',
      'DK2403001301',
    ]);
    const [duplicate] = rejected(outcomes);
    expect(duplicate?.sourceRecordId).toBe('DK2403001234');
    expect(duplicate?.issues[0]).toMatchObject({
      severity: 'error',
      code: 'duplicate-record',
      location: 'XML1/MA_LK',
    });
    // The duplicate's own detail rows stayed with it: the first record's lists are unchanged.
    expect(loaded(outcomes)[0]?.record.medications).toHaveLength(2);
  });

  it('rejects the claim of a HOSO with bad base64 and loads the other HOSO', () => {
    const hosos = goldenHosos();
    const xml3 = hosos[0]?.find((f) => f.loaiHoSo === 'XML3');
    if (!xml3) throw new Error('fixture');
    xml3.noiDungFile = 'PD94bWwg!!!dmVyc2lvbj0iMS4wIj8+';
    const outcomes = parse(buildEnvelope(hosos));
    expect(rejected(outcomes)).toEqual([
      expect.objectContaining({
        sourceRecordId: 'DK2403001234',
        issues: expect.arrayContaining([
          expect.objectContaining({
            severity: 'error',
            code: 'bad-base64',
            location: 'HOSO[1]/XML3/NOIDUNGFILE',
          }),
        ]),
      }),
    ]);
    expect(loaded(outcomes).map((o) => o.record.sourceRecordId)).toEqual(['DK2403001301']);
  });

  it('rejects the MA_LK of a HOSO whose XML1 is bad base64, without calling its rows orphans', () => {
    const hosos = goldenHosos();
    const xml1 = hosos[1]?.find((f) => f.loaiHoSo === 'XML1');
    if (!xml1) throw new Error('fixture');
    xml1.noiDungFile = 'not base64 at all';
    const outcomes = parse(buildEnvelope(hosos));
    expect(rejected(outcomes)).toEqual([
      expect.objectContaining({
        sourceRecordId: 'DK2403001301',
        issues: [
          expect.objectContaining({ code: 'bad-base64', location: 'HOSO[2]/XML1/NOIDUNGFILE' }),
        ],
      }),
    ]);
    expect(loaded(outcomes)).toHaveLength(1);
  });

  it('rejects a HOSO whose inner table is not well-formed or has the wrong root', () => {
    const malformed = rejected(
      parse(withTable(0, 'XML5', (xml) => xml.replace('</DSACH_CHI_TIET_DIEN_BIEN_BENH>', ''))),
    );
    expect(malformed[0]?.issues[0]).toMatchObject({
      code: 'malformed-xml',
      location: 'HOSO[1]/XML5/NOIDUNGFILE',
      message: expect.stringMatching(/line \d+, column \d+/),
    });
    const wrongRoot = rejected(
      parse(
        withTable(0, 'XML2', (xml) => xml.replaceAll('CHITIEU_CHITIET_THUOC', 'CHI_TIEU_THUOC')),
      ),
    );
    expect(wrongRoot[0]?.issues[0]).toMatchObject({
      code: 'unexpected-root',
      message: expect.stringContaining('<CHITIEU_CHITIET_THUOC>'),
    });
  });

  it('rejects every claim of a file from another hospital', () => {
    const outcomes = parse(buildEnvelope(goldenHosos()), {
      hospital: 'bv-bai-chay',
      sourceName: 'x.xml',
    });
    expect(loaded(outcomes)).toHaveLength(0);
    expect(
      rejected(outcomes).every((o) => o.issues.some((i) => i.code === 'facility-mismatch')),
    ).toBe(true);
  });

  it('warns when SOLUONGHOSO disagrees with the HOSO in the file', () => {
    const outcomes = parse(buildEnvelope(goldenHosos(), { count: '3' }));
    expect(loaded(outcomes)[0]?.warnings).toContainEqual(
      expect.objectContaining({ code: 'count-mismatch', location: 'THONGTINHOSO/SOLUONGHOSO' }),
    );
  });

  it('warns, without rejecting, about a malformed CCCD, BHYT number and quantity', () => {
    const hosos = goldenHosos();
    const xml1 = hosos[0]?.find((f) => f.loaiHoSo === 'XML1');
    const xml2 = hosos[0]?.find((f) => f.loaiHoSo === 'XML2');
    if (!xml1?.xml || !xml2?.xml) throw new Error('fixture');
    xml1.xml = xml1.xml
      .replace('<SO_CCCD>022056001234', '<SO_CCCD>100234567')
      .replace('<MA_THE_BHYT>HT3220112345678', '<MA_THE_BHYT>HT32201123');
    xml2.xml = xml2.xml.replace('<SO_LUONG>12', '<SO_LUONG>12,5');
    const [outcome] = loaded(parse(buildEnvelope(hosos)));
    expect(outcome?.record.patient.cccd).toBeUndefined();
    expect(outcome?.record.patient.bhyt).toBeUndefined();
    expect(outcome?.record.medications[0]?.quantity).toBeUndefined();
    expect(outcome?.warnings.map((w) => w.location)).toEqual(
      expect.arrayContaining(['XML1/SO_CCCD', 'XML1/MA_THE_BHYT', 'XML2/SO_LUONG']),
    );
  });

  it('numbers rows by position when STT repeats, and says so', () => {
    const [outcome] = loaded(
      parse(withTable(0, 'XML2', (xml) => xml.replace('<STT>2</STT>', '<STT>1</STT>'))),
    );
    expect(outcome?.record.medications.map((m) => m.orderId)).toEqual(['row1', 'row2']);
    expect(outcome?.warnings).toContainEqual(
      expect.objectContaining({ code: 'stt-not-unique', location: 'XML2/STT' }),
    );
  });

  it('rejects an empty file, a file of another kind and a file without HOSO', () => {
    expect(parse('')[0]).toMatchObject({ ok: false, issues: [{ code: 'empty-file' }] });
    expect(parse('<?xml version="1.0"?><BANG_KE></BANG_KE>')[0]).toMatchObject({
      ok: false,
      issues: [{ code: 'unexpected-root' }],
    });
    expect(parse(buildEnvelope([]))[0]).toMatchObject({
      ok: false,
      issues: [{ code: 'no-records' }],
    });
  });

  it('never throws or hangs on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const outcomes = parse(Buffer.from(bytes));
        expect(outcomes.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws or hangs on XML-like text made of pieces of the envelope', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '<GIAMDINHHS>',
        '</GIAMDINHHS>',
        '<THONGTINHOSO>',
        '</THONGTINHOSO>',
        '<DANHSACHHOSO>',
        '</DANHSACHHOSO>',
        '<HOSO>',
        '</HOSO>',
        '<FILEHOSO>',
        '</FILEHOSO>',
      ),
      fc.constantFrom(
        '<LOAIHOSO>XML1</LOAIHOSO>',
        '<LOAIHOSO>XML4</LOAIHOSO>',
        '<LOAIHOSO></LOAIHOSO>',
        '<NOIDUNGFILE>',
        '</NOIDUNGFILE>',
        '<![CDATA[',
        ']]>',
        '&amp;',
        '&#x0;',
        '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
      ),
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        ...[
          '<TONG_HOP><MA_LK>1</MA_LK><NGAY_VAO>202401010000</NGAY_VAO></TONG_HOP>',
          '<CHITIEU_CHITIET_THUOC><DSACH_CHI_TIET_THUOC><CHI_TIET_THUOC><MA_LK>1</MA_LK></CHI_TIET_THUOC></DSACH_CHI_TIET_THUOC></CHITIEU_CHITIET_THUOC>',
          '<X>',
        ].map((xml) => Buffer.from(xml).toString('base64')),
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        expect(parse(pieces.join('')).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on a real file cut short or with bytes changed', () => {
    const file = Buffer.from(buildEnvelope(goldenHosos()), 'utf8');
    fc.assert(
      fc.property(
        fc.nat({ max: file.length }),
        fc.array(fc.tuple(fc.nat({ max: file.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        (cut, edits) => {
          const bytes = Buffer.from(file.subarray(0, Math.max(cut, 1)));
          for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
          const started = performance.now();
          const outcomes = parse(bytes);
          expect(performance.now() - started).toBeLessThan(2000);
          for (const outcome of outcomes) expect(typeof outcome.raw).toBe('string');
        },
      ),
      { numRuns: 200 },
    );
  });
});
