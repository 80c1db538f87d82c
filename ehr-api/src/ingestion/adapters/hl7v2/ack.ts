/**
 * HL7 v2 acknowledgements (ACK) for messages received over MLLP: original acknowledgement mode,
 * MSA-1 AA / AE / AR, one ERR segment per issue. ERR carries both the v2.3/2.4 ERR-1 (ELD) and
 * the v2.5 ERR-2..8 fields, which v2.5 allows, so senders of every version can read it.
 */
import { type RecordIssue } from '../../model.js';
import { escapeValue } from './escape.js';
import { dateToFhirLocal, fhirToHl7Time } from './hl7-time.js';

export type AckCode = 'AA' | 'AE' | 'AR';

/** The fields of the received MSH that the ACK answers to. */
interface ReceivedHeader {
  sendingApplication: string;
  sendingFacility: string;
  controlId: string;
  processingId: string;
  version: string;
  trigger: string;
}

function receivedHeader(raw: string): ReceivedHeader {
  const empty: ReceivedHeader = {
    sendingApplication: '',
    sendingFacility: '',
    controlId: '',
    processingId: 'P',
    version: '2.5',
    trigger: '',
  };
  if (!raw.startsWith('MSH') || raw.length < 8) return empty;
  const fs = raw.charAt(3);
  const cs = raw.charAt(4);
  const parts = raw.split(/\r|\n/, 1)[0]!.split(fs);
  // parts[n - 1] is MSH-n (parts[1] is MSH-2).
  const field = (n: number): string => parts[n - 1] ?? '';
  const first = (n: number): string => field(n).split(cs)[0]!.trim();
  return {
    sendingApplication: field(3),
    sendingFacility: field(4),
    controlId: first(10),
    processingId: first(11) || 'P',
    version: first(12) || '2.5',
    trigger: field(9).split(cs)[1]?.trim() ?? '',
  };
}

/** HL7 table 0357 (message error condition codes) for our issue codes. */
function hl7ErrorCode(code: string): [string, string] {
  if (code === 'unsupported-event') return ['201', 'Unsupported event code'];
  if (code.startsWith('missing-field') || code === 'missing-mrn' || code === 'missing-merged-mrn')
    return ['101', 'Required field missing'];
  if (
    code === 'missing-segment' ||
    code === 'truncated' ||
    code === 'segment-invalid' ||
    code === 'not-hl7' ||
    code === 'header-invalid'
  )
    return ['100', 'Segment sequence error'];
  if (code.startsWith('date-') || code === 'encoding') return ['102', 'Data type error'];
  return ['207', 'Application internal error'];
}

/** ACKs are plain ASCII, whatever the sender's character set: diacritics are folded. */
function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 250);
}

function location(issue: RecordIssue): { segment: string; sequence: string; field: string } {
  const m = /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?(?:-(\d+))?/.exec(issue.location);
  return m === null
    ? { segment: '', sequence: '', field: '' }
    : { segment: m[1]!, sequence: m[2] ?? '1', field: m[3] ?? '' };
}

let ackCounter = 0;

export function buildAck(options: {
  raw: string;
  code: AckCode;
  text: string;
  issues: RecordIssue[];
  receivingFacility: string;
  now?: Date;
}): Buffer {
  const h = receivedHeader(options.raw);
  const now = fhirToHl7Time(dateToFhirLocal(options.now ?? new Date()));
  ackCounter = (ackCounter + 1) % 1_000_000;
  const ackId = `ACK${Date.now().toString(36).toUpperCase()}${ackCounter.toString(36).toUpperCase()}`;
  const e = (value: string): string => escapeValue(ascii(value));
  const segments = [
    [
      'MSH',
      '^~\\&',
      'QN-EHR',
      e(options.receivingFacility),
      ascii(h.sendingApplication),
      ascii(h.sendingFacility),
      now,
      '',
      h.trigger === '' ? 'ACK' : `ACK^${e(h.trigger)}^ACK`,
      ackId,
      e(h.processingId),
      e(h.version),
    ].join('|'),
    ['MSA', options.code, e(h.controlId), e(options.text)].join('|'),
  ];
  if (options.code !== 'AA') {
    for (const issue of options.issues.filter((i) => i.severity === 'error')) {
      const [hl7Code, hl7Text] = hl7ErrorCode(issue.code);
      const loc = location(issue);
      const eld =
        loc.segment === ''
          ? `^^^${hl7Code}&${hl7Text}`
          : `${loc.segment}^${loc.sequence}^${loc.field}^${hl7Code}&${hl7Text}`;
      const erl = loc.segment === '' ? '' : `${loc.segment}^${loc.sequence}^${loc.field}`;
      segments.push(
        [
          'ERR',
          eld,
          erl,
          `${hl7Code}^${hl7Text}^HL70357`,
          'E',
          `${e(issue.code)}^${e(issue.location)}`,
          '',
          '',
          e(issue.message),
        ].join('|'),
      );
    }
  }
  // MSH-1 is the field separator itself: "MSH" + "|" + "^~\&" ...
  return Buffer.from(`${segments.join('\r')}\r`, 'latin1');
}
