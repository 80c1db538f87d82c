import { describe, expect, it } from '@jest/globals';
import { type HospitalRecord, type ParseOutcome } from '../../model.js';
import { hl7v2Adapter } from './index.js';

const CONTEXT = { hospital: 'bvdk-tinh-quang-ninh', sourceName: 'unit.hl7' } as const;

function header(
  type: string,
  controlId: string,
  charset = 'UNICODE UTF-8',
  version = '2.5',
): string {
  return `MSH|^~\\&|HIS-DKT|bvdk-tinh-quang-ninh|QN-EHR|SYT-QN|20260401090000||${type}|${controlId}|P|${version}|||AL|NE|VNM|${charset}`;
}

const PID = 'PID|1||BN-1^^^BVDKT^MR||Nguyễn^Lan^Thị^^^^L||19850312|F';

/** A segment from fields by HL7 number, so long segments need no counting of separators. */
function segment(name: string, fields: Record<number, string>): string {
  const last = Math.max(...Object.keys(fields).map(Number));
  return [name, ...Array.from({ length: last }, (_, i) => fields[i + 1] ?? '')].join('|');
}

function parseAll(input: string | Buffer): ParseOutcome[] {
  return [
    ...hl7v2Adapter.parse(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, CONTEXT),
  ];
}

function record(input: string | Buffer): HospitalRecord {
  const outcomes = parseAll(input);
  expect(outcomes).toHaveLength(1);
  const [outcome] = outcomes;
  if (!outcome?.ok) throw new Error(`expected a record, got ${JSON.stringify(outcome)}`);
  return outcome.record;
}

function issues(input: string | Buffer): { location: string; code: string }[] {
  const [outcome] = parseAll(input);
  if (outcome === undefined || outcome.ok)
    throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`);
  return outcome.issues.map(({ location, code }) => ({ location, code }));
}

const adt = (...segments: string[]): string =>
  [header('ADT^A04^ADT_A01', 'T-1'), 'EVN|A04', ...segments].join('\r');
const oru = (...segments: string[]): string =>
  [header('ORU^R01^ORU_R01', 'T-2'), PID, ...segments].join('\r');

describe('hl7v2Adapter escape sequences', () => {
  it('replaces \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ by the delimiters they stand for', () => {
    const r = record(
      adt(
        'PID|1||BN-1^^^BVDKT^MR||Nguyễn^Lan^Thị||||||Ngõ 3\\F\\5\\S\\A\\T\\B\\R\\C\\E\\D^Phường Bạch Đằng',
      ),
    );
    expect(r.patient.address?.line).toBe('Ngõ 3|5^A&B~C\\D');
  });

  it('reads \\.br\\ as a line break and \\Xhh\\ as bytes of the message charset', () => {
    const r = record(
      oru(
        'OBR|1||XN-1|^Nước tiểu',
        'OBX|1|TX|NOTE^Nhận xét^L||Dòng 1\\.br\\Dòng 2\\X0D0A\\Dòng 3 \\XC3A1\\||||||F',
      ),
    );
    expect(r.labResults[0]?.value).toBe('Dòng 1\nDòng 2\r\nDòng 3 á');
  });

  it('drops highlighting and keeps an unknown escape sequence as written', () => {
    const r = record(
      oru('OBR|1||XN-1|^Nước tiểu', 'OBX|1|ST|NOTE^Nhận xét^L||\\H\\Chú ý\\N\\ \\Zabc\\ x||||||F'),
    );
    expect(r.labResults[0]?.value).toBe('Chú ý \\Zabc\\ x');
  });

  it('honours the delimiters the message declares in MSH-1 and MSH-2', () => {
    const text = [
      'MSH#:*!@#HIS-DKT#bvdk-tinh-quang-ninh#QN-EHR#SYT-QN#20260401090000##ADT:A04#T-9#P#2.5',
      'EVN#A04',
      'PID#1##BN-9:::BVDKT:MR*022185001234:::BCA:NI##Nguyễn:Lan:Thị######Số 1!F!2 phố Lê Lợi:Phường Hồng Gai',
    ].join('\r');
    const r = record(text);
    expect(r.patient).toMatchObject({
      mrn: 'BN-9',
      cccd: '022185001234',
      fullName: 'Nguyễn Thị Lan',
      address: { line: 'Số 1#2 phố Lê Lợi', ward: 'Phường Hồng Gai' },
    });
  });
});

describe('hl7v2Adapter repetitions and components', () => {
  it('reads each PID-3 repetition by its CX.5 identifier type code', () => {
    const r = record(
      adt(
        'PID|1||X-9^^^TTYT^PI~GD4220112345678^^^BHXH^BHYT~BN-7^^^BVDKT^MR~022185001234^^^BCA^CCCD||Nguyễn^Lan^Thị||19850312|F',
      ),
    );
    expect(r.patient).toMatchObject({
      mrn: 'BN-7',
      cccd: '022185001234',
      bhyt: { number: 'GD4220112345678' },
    });
  });

  it('takes the legal name (XPN.7 = L) among PID-5 repetitions, family name first', () => {
    const r = record(adt('PID|1||BN-1^^^BVDKT^MR||Lan Nguyễn^^^^^^A~Nguyễn^Lan^Thị^^^^L'));
    expect(r.patient).toMatchObject({
      fullName: 'Nguyễn Thị Lan',
      family: 'Nguyễn',
      given: ['Thị', 'Lan'],
    });
  });

  it('keeps a whole name written in PID-5.1 as the full name', () => {
    expect(record(adt('PID|1||BN-1^^^BVDKT^MR||Nguyễn Thị   Lan')).patient).toEqual({
      mrn: 'BN-1',
      fullName: 'Nguyễn Thị Lan',
    });
  });

  it('takes the first PID-13 repetition that holds a phone number', () => {
    const r = record(
      adt(
        'PID|1||BN-1^^^BVDKT^MR||Nguyễn^Lan^Thị||||||||^NET^Internet^lan@example.vn~^PRN^PH^^^0203^3846123',
      ),
    );
    expect(r.patient.phone).toBe('02033846123');
  });

  it('joins the repetitions of a text OBX-5 with line breaks', () => {
    const r = record(
      oru('OBR|1||XN-1|^Nước tiểu', 'OBX|1|ST|NOTE^Nhận xét^L||Dòng 1~Dòng 2||||||F'),
    );
    expect(r.labResults[0]?.value).toBe('Dòng 1\nDòng 2');
  });
});

describe('hl7v2Adapter message layouts', () => {
  const one = [header('ADT^A04^ADT_A01', 'L-1'), 'EVN|A04', PID];
  const two = [header('ADT^A08^ADT_A01', 'L-2'), 'EVN|A08', PID];

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('reads segments separated by %s', (_name, separator) => {
    const outcomes = parseAll([...one, ...two].join(separator) + separator);
    expect(outcomes.map((o) => o.ok && o.record.sourceRecordId)).toEqual(['L-1', 'L-2']);
    expect(outcomes.map((o) => o.ok && o.record.patient.fullName)).toEqual([
      'Nguyễn Thị Lan',
      'Nguyễn Thị Lan',
    ]);
  });

  it('reads MLLP-framed messages and ignores whitespace between frames', () => {
    const framed = (segments: string[]): Buffer =>
      Buffer.concat([
        Buffer.of(0x0b),
        Buffer.from(segments.join('\r'), 'utf8'),
        Buffer.of(0x1c, 0x0d),
      ]);
    const outcomes = parseAll(Buffer.concat([framed(one), Buffer.from('\r\n\n'), framed(two)]));
    expect(outcomes.map((o) => o.ok && o.record.event)).toEqual(['register', 'update']);
  });

  it('keeps going after a bad message and reports garbage between messages in order', () => {
    const bad = [
      header('ADT^A04^ADT_A01', 'L-BAD'),
      'EVN|A04',
      'PID|1||BN-2^^^BVDKT^MR||Trần^Hùng^Văn||19581301',
    ];
    const outcomes = parseAll([...one, '--- phần cuối ca trực ---', ...bad, ...two].join('\r'));
    expect(
      outcomes.map((o) =>
        o.ok ? o.record.sourceRecordId : `${o.sourceRecordId}:${o.issues[0]?.code}`,
      ),
    ).toEqual(['L-1', 'unit.hl7#2:not-hl7', 'L-BAD:date-impossible', 'L-2']);
  });

  it('rejects a message with a line that is not a segment between its segments', () => {
    expect(
      issues([header('ADT^A04^ADT_A01', 'L-3'), 'EVN|A04', 'xin chào', PID].join('\r')),
    ).toEqual([{ location: 'segment 3', code: 'segment-invalid' }]);
  });

  it('yields nothing for an empty input', () => {
    expect(parseAll(Buffer.alloc(0))).toEqual([]);
  });
});

describe('hl7v2Adapter dates', () => {
  const withBirth = (ts: string): string => adt(`PID|1||BN-1^^^BVDKT^MR||Nguyễn^Lan^Thị||${ts}|F`);
  const withAdmit = (ts: string): string =>
    adt(PID, segment('PV1', { 1: '1', 2: 'O', 3: 'Khoa Nội^^^BVDKT', 19: 'VV-1', 44: ts }));

  it.each([
    ['1948', '1948'],
    ['194803', '1948-03'],
    ['19480307', '1948-03-07'],
    ['194803071230', '1948-03-07'],
  ])('keeps the precision of PID-7 %s as %s', (ts, date) => {
    expect(record(withBirth(ts)).patient.birthDate).toBe(date);
  });

  it.each([
    ['2026011508', '2026-01-15T08:00:00+07:00'],
    ['202601150830', '2026-01-15T08:30:00+07:00'],
    ['20260115083015.25', '2026-01-15T08:30:15.25+07:00'],
    ['20260115083015+0700', '2026-01-15T08:30:15+07:00'],
    ['20260115013015+0000', '2026-01-15T08:30:15+07:00'],
    ['20260114203015-0500', '2026-01-15T08:30:15+07:00'],
    ['20260115', '2026-01-15'],
  ])('writes PV1-44 %s as %s', (ts, dateTime) => {
    expect(record(withAdmit(ts)).encounter?.start).toBe(dateTime);
  });

  it.each([
    ['20260230', 'date-impossible'],
    ['20251301', 'date-impossible'],
    ['20240229', undefined],
    ['20230229', 'date-impossible'],
    ['2026011', 'date-format'],
    ['15/01/2026', 'date-format'],
  ])('checks PID-7 %s (%s)', (ts, code) => {
    const [outcome] = parseAll(withBirth(ts));
    if (code === undefined) expect(outcome?.ok).toBe(true);
    else
      expect(!outcome?.ok && outcome?.issues).toEqual([
        expect.objectContaining({ location: 'PID-7', code }),
      ]);
  });

  it('rejects an hour 24 in PV1-44, naming the field', () => {
    expect(issues(withAdmit('202601152400'))).toEqual([
      { location: 'PV1-44', code: 'date-impossible' },
    ]);
  });
});

describe('hl7v2Adapter ADT mapping', () => {
  it('takes DG1-15 priority 1 as the main diagnosis before the first final one', () => {
    const r = record(
      [
        header('ADT^A03^ADT_A03', 'D-1'),
        'EVN|A03',
        PID,
        segment('PV1', { 1: '1', 2: 'I', 3: 'Khoa Nội^^^BVDKT', 19: 'VV-1' }),
        segment('DG1', { 1: '1', 2: 'I10', 3: 'K35.8^Viêm ruột thừa^I10', 6: 'F' }),
        segment('DG1', { 1: '2', 2: 'I10', 3: 'I10^Tăng huyết áp^I10', 6: 'F', 15: '1' }),
      ].join('\r'),
    );
    expect(r.encounter?.diagnoses.map((d) => `${d.icd10}:${d.role}`)).toEqual([
      'K35.8:secondary',
      'I10:main',
    ]);
    expect(r.encounter?.status).toBe('finished');
  });

  it('reads BHYT validity from IN1 when PID-3 has no BHYT number', () => {
    const r = record(
      adt(
        PID,
        segment('IN1', {
          1: '1',
          2: 'BHYT',
          3: 'BHXH',
          4: 'Bảo hiểm xã hội Việt Nam',
          12: '20260101',
          13: '20261231',
          36: 'gd4220112345678',
        }),
      ),
    );
    expect(r.patient.bhyt).toEqual({
      number: 'GD4220112345678',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    });
  });

  it('reads an untyped lone PID-3 identifier as the MRN, with a warning', () => {
    const [outcome] = parseAll(adt('PID|1||BN-55^^^BVDKT||Nguyễn^Lan^Thị'));
    expect(outcome?.ok && outcome.record.patient.mrn).toBe('BN-55');
    expect(outcome?.ok && outcome.warnings.map((w) => w.code)).toEqual(['mrn-untyped']);
  });

  it('warns when the CCCD birth-year or sex digits contradict PID-7 / PID-8', () => {
    const [outcome] = parseAll(
      adt('PID|1||BN-1^^^BVDKT^MR~022085001234^^^BCA^NI||Nguyễn^Lan^Thị||19860312|F'),
    );
    expect(outcome?.ok && outcome.warnings.map((w) => w.code)).toEqual([
      'cccd-mismatch',
      'cccd-mismatch',
    ]);
  });

  it('does not load a malformed CCCD or BHYT number and says why', () => {
    const [outcome] = parseAll(
      adt('PID|1||BN-1^^^BVDKT^MR~0221850012^^^BCA^NI~GD922011234567^^^BHXH^HC||Nguyễn^Lan^Thị'),
    );
    expect(outcome?.ok && outcome.record.patient).toEqual({
      mrn: 'BN-1',
      fullName: 'Nguyễn Thị Lan',
      family: 'Nguyễn',
      given: ['Thị', 'Lan'],
    });
    expect(outcome?.ok && outcome.warnings.map((w) => w.code)).toEqual([
      'cccd-format',
      'bhyt-format',
    ]);
  });

  it('rejects an admission without a visit number in PV1-19', () => {
    expect(
      issues([header('ADT^A01^ADT_A01', 'A-1'), 'EVN|A01', PID, 'PV1|1|I|Khoa Nội'].join('\r')),
    ).toEqual([{ location: 'PV1-19', code: 'missing-field' }]);
  });

  it('rejects a merge whose MRG-1 is empty or names the surviving patient', () => {
    const merge = (mrg: string): string =>
      [header('ADT^A40^ADT_A39', 'M-1'), 'EVN|A40', PID, mrg].join('\r');
    expect(issues(merge('MRG|'))).toEqual([{ location: 'MRG-1', code: 'missing-merged-mrn' }]);
    expect(issues(merge('MRG|BN-1^^^BVDKT^MR'))).toEqual([
      { location: 'MRG-1', code: 'merge-into-self' },
    ]);
  });

  it('reads the trigger event from EVN-1 when a v2.3 MSH-9 has none', () => {
    expect(record([header('ADT', 'E-1', '', '2.3'), 'EVN|A08', PID].join('\r')).event).toBe(
      'update',
    );
  });
});

describe('hl7v2Adapter ORU mapping', () => {
  it('reads SN values, comparators and one-sided reference ranges', () => {
    const r = record(
      oru(
        'OBR|1||XN-1|^Sinh hóa',
        'OBX|1|SN|PSA^PSA^L||<^0.01|ng/mL|>0,5||||F',
        'OBX|2|SN|K^Kali^L||^4.2|mmol/L|3,5-5,1||||F',
      ),
    );
    expect(r.labResults.map((x) => [x.value, x.referenceLow, x.referenceHigh])).toEqual([
      ['<0.01', 0.5, undefined],
      [4.2, 3.5, 5.1],
    ]);
  });

  it('keeps a non-numeric NM value as text with a warning', () => {
    const [outcome] = parseAll(
      oru('OBR|1||XN-1|^Sinh hóa', 'OBX|1|NM|GLU^Glucose^L||không đủ mẫu|mmol/L|||||F'),
    );
    expect(outcome?.ok && outcome.record.labResults[0]?.value).toBe('không đủ mẫu');
    expect(outcome?.ok && outcome.warnings.map((w) => w.code)).toEqual(['value-not-numeric']);
  });

  it('skips withdrawn results with a warning', () => {
    const [outcome] = parseAll(
      oru(
        'OBR|1||XN-1|^Sinh hóa',
        'OBX|1|NM|GLU^Glucose^L||5.1|mmol/L|||||D',
        'OBX|2|NM|URE^Ure^L||5.0|mmol/L|||||F',
      ),
    );
    expect(outcome?.ok && outcome.record.labResults.map((x) => x.resultId)).toEqual(['XN-1-2']);
    expect(outcome?.ok && outcome.warnings.map((w) => w.code)).toEqual(['result-withdrawn']);
  });

  it('rejects an OBX that comes before any OBR', () => {
    expect(issues(oru('OBX|1|NM|GLU^Glucose^L||5.1|mmol/L|||||F'))).toEqual([
      { location: 'OBX[1]', code: 'missing-segment' },
    ]);
  });
});
