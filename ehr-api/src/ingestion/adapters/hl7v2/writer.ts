/**
 * Writes one HospitalRecord as one HL7 v2 message, the way a hospital system of the province would
 * send it (README.md has the field conventions), for demo data, benchmarks and round-trip tests.
 */
import {
  type EncounterFacts,
  type HospitalRecord,
  type LabResultFacts,
  type RecordEvent,
} from '../../model.js';
import { encodeText, MSH18_FOR_CHARSET, type WritableCharset } from './encoding.js';
import { escapeValue } from './escape.js';
import { dateToFhirLocal, fhirToHl7Time } from './hl7-time.js';

export interface WriteHl7v2Options {
  encoding?: WritableCharset;
  version?: '2.3' | '2.4' | '2.5';
  /** MSH-7 / EVN-2; defaults to now. */
  messageTime?: Date;
}

const MESSAGE_TYPE: Record<Exclude<RecordEvent, 'claim'>, [string, string, string]> = {
  register: ['ADT', 'A04', 'ADT_A01'],
  admit: ['ADT', 'A01', 'ADT_A01'],
  discharge: ['ADT', 'A03', 'ADT_A03'],
  update: ['ADT', 'A08', 'ADT_A01'],
  merge: ['ADT', 'A40', 'ADT_A39'],
  results: ['ORU', 'R01', 'ORU_R01'],
};

const CLASS_CODE: Record<EncounterFacts['class'], string> = { AMB: 'O', IMP: 'I', EMER: 'E' };
const GENDER_CODE = { male: 'M', female: 'F', other: 'O', unknown: 'U' } as const;

type Value = string | number | undefined;

/** One field from its components, each escaped; trailing empty components dropped. */
function field(...components: Value[]): string {
  const parts = components.map((c) => (c === undefined ? '' : escapeValue(String(c))));
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('^');
}

/** One segment from fields by HL7 number: fields[n] is field n. */
function segment(name: string, fields: Record<number, string | undefined>): string {
  const numbers = Object.keys(fields).map(Number);
  const last = Math.max(0, ...numbers.filter((n) => (fields[n] ?? '') !== ''));
  const out = [name];
  for (let n = 1; n <= last; n++) out.push(fields[n] ?? '');
  return out.join('|');
}

const ts = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : fhirToHl7Time(value);

/** HL7 NM has no exponent notation. */
function formatNumber(n: number): string {
  const s = String(n);
  return s.includes('e') ? n.toFixed(20).replace(/\.?0+$/, '') : s;
}

export function writeHl7v2(record: HospitalRecord, options: WriteHl7v2Options = {}): Buffer {
  if (record.event === 'claim')
    throw new TypeError('A claim record (Decision 130 XML) has no HL7 v2 message to be written as');
  const version = options.version ?? '2.5';
  const charset = options.encoding ?? 'utf-8';
  const now = fhirToHl7Time(dateToFhirLocal(options.messageTime ?? new Date()));
  const [type, trigger, structure] = MESSAGE_TYPE[record.event];
  const withCx78 = version !== '2.3';
  const segments: string[] = [];

  const msh = segment('MSH', {
    2: '^~\\&',
    3: field(record.sourceSystem),
    4: field(record.hospital),
    5: field('QN-EHR'),
    6: field('QUANG-NINH'),
    7: now,
    9: version === '2.3' ? field(type, trigger) : field(type, trigger, structure),
    10: field(record.sourceRecordId),
    11: 'P',
    12: version,
    15: 'AL',
    16: 'NE',
    17: 'VNM',
    18: escapeValue(MSH18_FOR_CHARSET[charset]),
  });
  // MSH-1 is the field separator itself, so MSH-2 follows "MSH|" directly.
  segments.push(msh.replace(/^MSH\|\|/, 'MSH|'));
  if (type === 'ADT') segments.push(segment('EVN', { 1: trigger, 2: now }));

  const p = record.patient;
  const ids = [field(p.mrn, '', '', record.hospital, 'MR')];
  if (p.cccd !== undefined) ids.push(field(p.cccd, '', '', 'BCA', 'NI'));
  if (p.bhyt !== undefined) {
    ids.push(
      withCx78
        ? field(p.bhyt.number, '', '', 'BHXH', 'HC', '', ts(p.bhyt.validFrom), ts(p.bhyt.validTo))
        : field(p.bhyt.number, '', '', 'BHXH', 'HC'),
    );
  }
  const given = p.given ?? [];
  const name =
    p.family !== undefined && given.length > 0
      ? field(p.family, given[given.length - 1], given.slice(0, -1).join(' '), '', '', '', 'L')
      : field(p.fullName, '', '', '', '', '', 'L');
  const a = p.address;
  const address =
    a === undefined
      ? undefined
      : a.line === undefined &&
          a.ward === undefined &&
          a.district === undefined &&
          a.city === undefined &&
          a.province === undefined &&
          a.adminUnitCode === undefined
        ? field(a.text, '', '', '', '', 'VN', 'H')
        : field(a.line, a.ward, a.city, a.province, '', 'VN', 'H', a.adminUnitCode, a.district);
  segments.push(
    segment('PID', {
      1: '1',
      3: ids.join('~'),
      5: name,
      7: ts(p.birthDate),
      8: p.gender === undefined ? undefined : GENDER_CODE[p.gender],
      11: address,
      13: field(p.phone),
      22: field(p.ethnicity),
      28: field(p.nationality),
      29: ts(p.deceasedDateTime),
      30: p.deceasedDateTime === undefined ? undefined : 'Y',
    }),
  );
  if (record.event === 'merge')
    segments.push(segment('MRG', { 1: field(record.mergedMrn, '', '', record.hospital, 'MR') }));

  const e = record.encounter;
  if (e !== undefined) {
    segments.push(
      segment('PV1', {
        1: '1',
        2: CLASS_CODE[e.class],
        3: field(
          e.departmentText,
          '',
          '',
          e.departmentText === undefined ? undefined : record.hospital,
        ),
        7:
          e.attendingDoctor === undefined
            ? undefined
            : field(e.attendingDoctor.certificate, e.attendingDoctor.name),
        10: field(e.departmentCode),
        19: field(e.visitId),
        36: field(e.dischargeDisposition),
        44: ts(e.start),
        45: ts(e.end),
      }),
    );
    if (e.reason !== undefined) segments.push(segment('PV2', { 3: field('', e.reason) }));
    if (type === 'ADT') {
      const diagnosisType =
        record.event === 'admit' ? 'A' : record.event === 'discharge' ? 'F' : 'W';
      e.diagnoses.forEach((d, i) => {
        segments.push(
          segment('DG1', {
            1: String(i + 1),
            2: 'I10',
            3: field(d.icd10, d.text, 'I10'),
            6: diagnosisType,
            15: d.role === 'main' ? '1' : '2',
          }),
        );
      });
    }
  }
  if (type === 'ADT' && p.bhyt !== undefined) {
    segments.push(
      segment('IN1', {
        1: '1',
        2: 'BHYT',
        3: field('BHXH'),
        4: field('Bảo hiểm xã hội Việt Nam'),
        12: ts(p.bhyt.validFrom),
        13: ts(p.bhyt.validTo),
        36: field(p.bhyt.number),
      }),
    );
  }
  if (type === 'ORU') segments.push(...resultSegments(record.labResults));
  return encodeText(`${segments.join('\r')}\r`, charset);
}

function resultSegments(results: LabResultFacts[]): string[] {
  const groups = new Map<string, LabResultFacts[]>();
  for (const result of results) {
    const key = result.reportId ?? '';
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const out: string[] = [];
  let obr = 0;
  for (const [reportId, group] of groups) {
    const head = group[0]!;
    out.push(
      segment('OBR', {
        1: String(++obr),
        3: field(reportId),
        4: field('', head.reportName),
        22: ts(head.issued),
        25: 'F',
      }),
    );
    if (head.conclusion !== undefined)
      out.push(segment('NTE', { 1: '1', 3: field(head.conclusion) }));
    group.forEach((r, i) => {
      const suffix = r.resultId.startsWith(`${reportId}-`)
        ? r.resultId.slice(reportId.length + 1)
        : '';
      const setId = /^\d+$/.test(suffix) ? suffix : String(i + 1);
      const code =
        r.loinc === undefined
          ? field(r.localCode, r.localName, 'L')
          : r.loinc === r.localCode
            ? field(r.loinc, r.localName, 'LN')
            : field(r.loinc, r.localName, 'LN', r.localCode, r.localName, 'L');
      const range =
        r.referenceLow !== undefined && r.referenceHigh !== undefined
          ? `${formatNumber(r.referenceLow)}-${formatNumber(r.referenceHigh)}`
          : r.referenceHigh !== undefined
            ? `<${formatNumber(r.referenceHigh)}`
            : r.referenceLow !== undefined
              ? `>${formatNumber(r.referenceLow)}`
              : field(r.referenceText);
      out.push(
        segment('OBX', {
          1: setId,
          2: typeof r.value === 'number' ? 'NM' : 'ST',
          3: code,
          5: typeof r.value === 'number' ? formatNumber(r.value) : field(r.value),
          6: field(r.unit),
          7: range,
          8: field(r.interpretation),
          11: 'F',
          14: ts(r.effective),
        }),
      );
    });
  }
  return out;
}
