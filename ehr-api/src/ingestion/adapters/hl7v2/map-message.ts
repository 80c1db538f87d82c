/**
 * One HL7 v2 message (bytes, from its MSH on) to a ParseOutcome: decode, parse, map onto the
 * ingestion model. The field conventions are in README.md beside this file.
 */
import { isUtf8 } from 'node:buffer';
import { Hl7Message, type Hl7Segment } from '@medplum/core';
import {
  type AddressFacts,
  type AdapterContext,
  type BhytFacts,
  type DiagnosisFacts,
  type EncounterClass,
  type EncounterFacts,
  type Gender,
  HOSPITAL_CODES,
  type HospitalRecord,
  type LabResultFacts,
  type ParseOutcome,
  type PatientFacts,
  type RecordEvent,
  type RecordIssue,
} from '../../model.js';
import { charsetFromMsh18, decodeMessage, decodeWith, type Hl7Charset } from './encoding.js';
import { MessageReader } from './message-reader.js';

/** Message type and trigger event (MSH-9) to what the record is. */
export const SUPPORTED_EVENTS: Readonly<Record<string, RecordEvent>> = {
  'ADT^A01': 'admit',
  'ADT^A03': 'discharge',
  'ADT^A04': 'register',
  'ADT^A08': 'update',
  'ADT^A40': 'merge',
  'ORU^R01': 'results',
};

const SUPPORTED_VERSION = /^2\.(?:3(?:\.1)?|4|5(?:\.1)?)$/;
const CCCD = /^\d{12}$/;
const BHYT = /^[A-Z]{2}[1-5]\d{12}$/;
const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

/** HL7 table 0069 (hospital service) values and the province department code each maps to. */
const HOSPITAL_SERVICE: Readonly<Record<string, string>> = {
  MED: 'noi',
  SUR: 'ngoai',
  CAR: 'tim-mach',
  PUL: 'ho-hap',
  URO: 'ngoai-tiet-nieu',
  PED: 'nhi',
  OBS: 'san',
};
const DEPARTMENT_CODE = /^[a-z]+(?:-[a-z]+)*$/;

const PATIENT_CLASS: Readonly<Record<string, EncounterClass>> = {
  O: 'AMB',
  R: 'AMB',
  I: 'IMP',
  B: 'IMP',
  E: 'EMER',
};
const GENDER: Readonly<Record<string, Gender>> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other',
  U: 'unknown',
  N: 'unknown',
};

export interface MessagePiece {
  bytes: Buffer;
  truncated: boolean;
}

function reject(sourceRecordId: string, raw: string, issues: RecordIssue[]): ParseOutcome {
  return { ok: false, sourceRecordId, issues, raw };
}

const issue = (location: string, code: string, message: string): RecordIssue => ({
  severity: 'error',
  location,
  code,
  message,
});

/** The header fields that can be read before the character set is known (they are ASCII). */
interface RawHeader {
  fieldSeparator: string;
  encodingCharacters: string;
  /** MSH fields by HL7 number: fields[10] is MSH-10. */
  fields: string[];
}

function readRawHeader(latin1: string): RawHeader | undefined {
  if (!latin1.startsWith('MSH') || latin1.length < 8) return undefined;
  const fieldSeparator = latin1.charAt(3);
  const line = latin1.split(/\r|\n/, 1)[0]!;
  const parts = line.split(fieldSeparator);
  // parts[0] is "MSH" and parts[1] MSH-2, so MSH-n is parts[n - 1].
  return {
    fieldSeparator,
    encodingCharacters: parts[1] ?? '',
    fields: ['', fieldSeparator, ...parts.slice(1)],
  };
}

function headerProblem(header: RawHeader): string | undefined {
  const { fieldSeparator: fs, encodingCharacters: enc } = header;
  if (/[A-Za-z0-9\s]/.test(fs))
    return `MSH-1 field separator "${fs}" must be a punctuation character`;
  if (enc.length !== 4 || new Set(enc + fs).size !== 5 || /[A-Za-z0-9\s]/.test(enc))
    return `MSH-2 encoding characters "${enc}" must be four distinct punctuation characters, such as ^~\\&`;
  return undefined;
}

export function mapMessage(
  piece: MessagePiece,
  context: AdapterContext,
  ordinal: number,
): ParseOutcome {
  const latin1 = piece.bytes.toString('latin1');
  // Before the charset is settled, a rejection keeps the bytes as UTF-8 when they are, else byte for byte.
  const undecoded = isUtf8(piece.bytes) ? piece.bytes.toString('utf8') : latin1;
  const fallbackId = `${context.sourceName}#${ordinal}`;
  const header = readRawHeader(latin1);
  if (header === undefined)
    return reject(fallbackId, undecoded, [
      issue('MSH', 'truncated', 'The message ends inside its MSH segment'),
    ]);
  const component = (n: number): string =>
    (header.fields[n] ?? '').split(header.encodingCharacters.charAt(0) || '^')[0]!.trim();
  const controlId = component(10);
  const sourceRecordId = controlId === '' ? fallbackId : controlId;

  if (piece.truncated) {
    return reject(sourceRecordId, undecoded, [
      issue(
        'message',
        'truncated',
        'The MLLP frame ends without its end block (0x1C 0x0D): the message was cut off',
      ),
    ]);
  }
  const problem = headerProblem(header);
  if (problem !== undefined)
    return reject(sourceRecordId, undecoded, [issue('MSH-2', 'header-invalid', problem)]);
  if (header.fields.length <= 12) {
    return reject(sourceRecordId, undecoded, [
      issue(
        'MSH',
        'truncated',
        `The MSH segment stops at MSH-${header.fields.length - 1}; MSH-9 message type, MSH-10 control id and MSH-12 version are required`,
      ),
    ]);
  }

  const warnings: RecordIssue[] = [];
  const msh18 = (header.fields[18] ?? '').split(header.encodingCharacters.charAt(1))[0]!.trim();
  let declared: Hl7Charset | undefined;
  if (msh18 !== '') {
    declared = charsetFromMsh18(msh18);
    if (declared === undefined)
      warnings.push({
        severity: 'warning',
        location: 'MSH-18',
        code: 'charset-unknown',
        message: `Character set "${msh18}" is not one we know; the bytes were read by detection`,
      });
  }
  const decoded = decodeMessage(piece.bytes, declared);
  if (!decoded.ok)
    return reject(sourceRecordId, undecoded, [
      issue(declared === undefined ? 'message' : 'MSH-18', 'encoding', decoded.message),
    ]);
  if (decoded.guessed) {
    warnings.push({
      severity: 'warning',
      location: 'MSH-18',
      code: 'charset-guessed',
      message: `No MSH-18 character set: the text was read as ${decoded.charset === 'tcvn3' ? 'TCVN3 (ABC)' : 'Windows-1258'} by detection; declare it in MSH-18`,
    });
  }
  const text = decoded.text;
  const charset = decoded.charset;

  const message = Hl7Message.parse(text.replace(/[\r\n]+$/, ''));
  const reader = new MessageReader(message, (bytes) => decodeWith(charset, bytes).normalize('NFC'));
  reader.warnings.push(...warnings);
  const badSegment = message.segments.findIndex((s) => !SEGMENT_ID.test(s.name));
  if (badSegment >= 0) {
    const line = message.segments[badSegment]!.toString().slice(0, 40);
    return reject(sourceRecordId, text, [
      issue(
        `segment ${badSegment + 1}`,
        'segment-invalid',
        `Line ${badSegment + 1} does not start with a segment id (three capitals/digits then "${header.fieldSeparator}"): "${line}"`,
      ),
    ]);
  }

  const msh = message.segments[0]!;
  if (controlId === '')
    reader.error(
      'MSH-10',
      'missing-field',
      'MSH-10 message control id is empty; it identifies the message for re-runs and acknowledgements',
    );
  const version = reader.get(msh, 12);
  if (!SUPPORTED_VERSION.test(version))
    reader.warn(
      'MSH-12',
      'version-unsupported',
      `HL7 version "${version}" is outside 2.3–2.5; the message was read as 2.5`,
    );
  const facility = reader.get(msh, 4);
  if ((HOSPITAL_CODES as readonly string[]).includes(facility) && facility !== context.hospital) {
    reader.warn(
      'MSH-4',
      'facility-mismatch',
      `MSH-4 names ${facility} but the feed belongs to ${context.hospital}`,
    );
  }
  const sourceSystem = reader.get(msh, 3) || reader.get(msh, 3, 2);
  if (sourceSystem === '')
    reader.warn('MSH-3', 'missing-field', 'MSH-3 sending application is empty');

  const messageType = reader.get(msh, 9).toUpperCase();
  const trigger = (
    reader.get(msh, 9, 2) || (messageType === 'ADT' ? reader.get(reader.first('EVN'), 1) : '')
  ).toUpperCase();
  const eventKey = `${messageType}^${trigger}`;
  const event = SUPPORTED_EVENTS[eventKey];
  if (event === undefined) {
    const supported = Object.keys(SUPPORTED_EVENTS).join(', ');
    reader.error(
      'MSH-9',
      'unsupported-event',
      `${eventKey} is not a message this feed reads; supported: ${supported}`,
    );
    return reject(sourceRecordId, text, reader.errors);
  }

  const record = mapRecord(reader, context, {
    sourceRecordId,
    sourceSystem: sourceSystem || 'unknown',
    event,
    controlId,
  });
  if (record === undefined || reader.errors.length > 0)
    return reject(sourceRecordId, text, reader.errors);
  return { ok: true, record, warnings: reader.warnings, raw: text };
}

interface Envelope {
  sourceRecordId: string;
  sourceSystem: string;
  event: RecordEvent;
  controlId: string;
}

function mapRecord(
  r: MessageReader,
  context: AdapterContext,
  env: Envelope,
): HospitalRecord | undefined {
  const pid = r.first('PID');
  if (pid === undefined) {
    r.error(
      'PID',
      'missing-segment',
      `${env.event === 'results' ? 'ORU^R01' : 'ADT'} message has no PID segment`,
    );
    return undefined;
  }
  const patient = mapPatient(r, pid);
  const record: Omit<HospitalRecord, 'patient'> & { patient: PatientFacts | undefined } = {
    hospital: context.hospital,
    format: 'hl7v2',
    sourceRecordId: env.sourceRecordId,
    sourceSystem: env.sourceSystem,
    event: env.event,
    patient,
    labResults: [],
    medications: [],
    procedures: [],
    notes: [],
  };

  const pv1 = r.first('PV1');
  if (pv1 === undefined && (env.event === 'admit' || env.event === 'discharge')) {
    r.error(
      'PV1',
      'missing-segment',
      `An ${env.event === 'admit' ? 'admission (A01)' : 'discharge (A03)'} needs a PV1 segment with the visit`,
    );
  }
  const encounter = pv1 === undefined ? undefined : mapEncounter(r, pv1, env.event);
  if (encounter !== undefined) record.encounter = encounter;
  else if (r.all('DG1').length > 0)
    r.warn(
      'DG1',
      'diagnoses-without-visit',
      'DG1 diagnoses were not loaded: the message has no visit (PV1-19)',
    );

  if (env.event === 'merge') {
    const merged = mapMerge(r, patient?.mrn);
    if (merged !== undefined) record.mergedMrn = merged;
  }
  if (env.event === 'results') record.labResults = mapResults(r, env.controlId);

  if (record.patient === undefined) return undefined;
  return { ...record, patient: record.patient };
}

interface CxEntry {
  id: string;
  type: string;
  repetition: number;
}

function identifiers(r: MessageReader, segment: Hl7Segment, field: number): CxEntry[] {
  const out: CxEntry[] = [];
  for (let i = 0; i < r.repetitions(segment, field); i++) {
    const id = r.get(segment, field, 1, i);
    if (id !== '') out.push({ id, type: r.get(segment, field, 5, i).toUpperCase(), repetition: i });
  }
  return out;
}

/** The hospital number among CX repetitions: the MR one, or a lone repetition with no type code. */
function pickMrn(
  r: MessageReader,
  entries: CxEntry[],
  location: string,
  code: string,
  what: string,
): string | undefined {
  const mr = entries.find((e) => e.type === 'MR');
  if (mr !== undefined) return mr.id;
  if (entries.length === 1 && entries[0]!.type === '') {
    r.warn(
      location,
      'mrn-untyped',
      `${location} has one identifier without a type code (CX.5); it was read as the hospital patient number (MR)`,
    );
    return entries[0]!.id;
  }
  const seen = entries.map((e) => e.type || '(none)').join(', ');
  r.error(
    location,
    code,
    `${location} has no ${what} with identifier type code MR (CX.5)${entries.length > 0 ? `; type codes present: ${seen}` : ''}`,
  );
  return undefined;
}

function mapPatient(r: MessageReader, pid: Hl7Segment): PatientFacts | undefined {
  const ids = identifiers(r, pid, 3);
  const mrn = pickMrn(r, ids, 'PID-3', 'missing-mrn', 'hospital patient number');

  const name = mapName(r, pid);
  if (name === undefined) r.error('PID-5', 'missing-field', 'PID-5 patient name is empty');
  const birthDate = r.time(pid, 7, 'PID-7', 'date');
  const gender = mapGender(r, pid);
  if (mrn === undefined || name === undefined) return undefined;
  const patient: PatientFacts = { mrn, ...name };
  if (gender !== undefined) patient.gender = gender;
  if (birthDate !== undefined) patient.birthDate = birthDate;

  const cccdEntry = ids.find((e) => e.type === 'NI' || e.type === 'CCCD');
  if (cccdEntry !== undefined) {
    const cccd = cccdEntry.id.replace(/\s/g, '');
    if (CCCD.test(cccd)) {
      patient.cccd = cccd;
      checkCccd(r, cccd, patient);
    } else {
      r.warn(
        'PID-3',
        'cccd-format',
        `Citizen ID (CCCD) "${cccdEntry.id}" is not 12 digits; it was not loaded`,
      );
    }
  }
  const bhyt = mapBhyt(r, pid, ids);
  if (bhyt !== undefined) patient.bhyt = bhyt;

  const address = mapAddress(r, pid);
  if (address !== undefined) patient.address = address;
  for (let i = 0; i < Math.max(1, r.repetitions(pid, 13)); i++) {
    const phone =
      r.get(pid, 13, 1, i) ||
      r.get(pid, 13, 12, i) ||
      `${r.get(pid, 13, 6, i)}${r.get(pid, 13, 7, i)}`;
    if (phone !== '') {
      patient.phone = phone;
      break;
    }
  }
  const ethnicity = r.get(pid, 22) || r.get(pid, 22, 2);
  if (ethnicity !== '') patient.ethnicity = ethnicity;
  const nationality = r.get(pid, 28) || r.get(pid, 28, 2);
  if (nationality !== '') patient.nationality = nationality;
  const deceased = r.time(pid, 29, 'PID-29', 'dateTime');
  if (deceased !== undefined) patient.deceasedDateTime = deceased;
  return patient;
}

function mapName(
  r: MessageReader,
  pid: Hl7Segment,
): Pick<PatientFacts, 'fullName' | 'family' | 'given'> | undefined {
  let rep = 0;
  for (let i = 0; i < r.repetitions(pid, 5); i++) {
    if (r.get(pid, 5, 7, i) === 'L') {
      rep = i;
      break;
    }
  }
  const family = r.sub(pid, 5, 1, 1, rep);
  const given = r.get(pid, 5, 2, rep);
  const middle = r.get(pid, 5, 3, rep);
  if (given === '' && middle === '') {
    const whole = r.get(pid, 5, 1, rep).replace(/\s+/g, ' ');
    return whole === '' ? undefined : { fullName: whole };
  }
  // Vietnamese order: family, middle, given ("Nguyễn^Lan^Thị" is Nguyễn Thị Lan).
  const givenNames = [middle, given].filter((part) => part !== '');
  return {
    fullName: [family, ...givenNames].filter((p) => p !== '').join(' '),
    ...(family === '' ? {} : { family }),
    given: givenNames,
  };
}

function mapGender(r: MessageReader, pid: Hl7Segment): Gender | undefined {
  const code = r.get(pid, 8).toUpperCase();
  if (code === '') return undefined;
  const gender = GENDER[code];
  if (gender === undefined)
    r.warn(
      'PID-8',
      'gender-unknown',
      `PID-8 "${code}" is not an HL7 sex code (M, F, O, U, A, N); gender was not loaded`,
    );
  return gender;
}

/** CCCD digit 4 gives century and sex (0/1 male/female 1900s, 2/3 2000s), digits 5–6 the birth year. */
function checkCccd(r: MessageReader, cccd: string, patient: PatientFacts): void {
  const code = Number(cccd.charAt(3));
  const century = 1900 + Math.floor(code / 2) * 100;
  const cccdYear = century + Number(cccd.slice(4, 6));
  if (patient.birthDate !== undefined && Number(patient.birthDate.slice(0, 4)) !== cccdYear) {
    r.warn(
      'PID-3',
      'cccd-mismatch',
      `Citizen ID ${cccd.slice(0, 3)}…: its birth-year digits say ${cccdYear}, PID-7 says ${patient.birthDate.slice(0, 4)}`,
    );
  }
  const cccdSex = code % 2 === 0 ? 'male' : 'female';
  if ((patient.gender === 'male' || patient.gender === 'female') && patient.gender !== cccdSex) {
    r.warn(
      'PID-3',
      'cccd-mismatch',
      `Citizen ID ${cccd.slice(0, 3)}…: its sex digit says ${cccdSex}, PID-8 says ${patient.gender}`,
    );
  }
}

function mapBhyt(r: MessageReader, pid: Hl7Segment, ids: CxEntry[]): BhytFacts | undefined {
  const entry = ids.find((e) => e.type === 'HC' || e.type === 'BHYT');
  let number = entry?.id.replace(/\s/g, '').toUpperCase();
  let validFrom: string | undefined;
  let validTo: string | undefined;
  if (entry !== undefined) {
    // CX.7 / CX.8 (effective / expiration date, v2.4 on) when the sender fills them.
    validFrom = dateComponent(r, pid, 3, 7, 'PID-3', entry.repetition);
    validTo = dateComponent(r, pid, 3, 8, 'PID-3', entry.repetition);
  }
  const in1s = r.all('IN1');
  const in1Index = in1s.findIndex(
    (s) =>
      r.get(s, 2).toUpperCase() === 'BHYT' ||
      BHYT.test(r.get(s, 36).replace(/\s/g, '').toUpperCase()),
  );
  const in1 = in1s[in1Index];
  if (in1 !== undefined) {
    const where = in1s.length > 1 ? `IN1[${in1Index + 1}]` : 'IN1';
    const in1Number = r.get(in1, 36).replace(/\s/g, '').toUpperCase();
    if (number === undefined || number === in1Number || in1Number === '') {
      number ??= in1Number || undefined;
      validFrom = r.time(in1, 12, `${where}-12`, 'date') ?? validFrom;
      validTo = r.time(in1, 13, `${where}-13`, 'date') ?? validTo;
    } else {
      r.warn(
        `${where}-36`,
        'bhyt-mismatch',
        'The BHYT number in IN1-36 differs from the one in PID-3; the PID-3 number was kept without IN1 validity dates',
      );
    }
  }
  if (number === undefined || number === '') return undefined;
  if (!BHYT.test(number)) {
    r.warn(
      entry === undefined ? 'IN1-36' : 'PID-3',
      'bhyt-format',
      `BHYT number "${number}" is not 2 letters, a benefit level 1–5 and 12 digits; it was not loaded`,
    );
    return undefined;
  }
  const bhyt: BhytFacts = { number };
  if (validFrom !== undefined) bhyt.validFrom = validFrom;
  if (validTo !== undefined) bhyt.validTo = validTo;
  return bhyt;
}

function dateComponent(
  r: MessageReader,
  segment: Hl7Segment,
  field: number,
  component: number,
  location: string,
  repetition: number,
): string | undefined {
  const value = r.get(segment, field, component, repetition);
  return value === '' ? undefined : r.timeValue(value, `${location}.${component}`, 'date');
}

function mapAddress(r: MessageReader, pid: Hl7Segment): AddressFacts | undefined {
  let rep = 0;
  for (let i = 0; i < r.repetitions(pid, 11); i++) {
    if (r.get(pid, 11, 7, i) === 'H') {
      rep = i;
      break;
    }
  }
  const line = r.get(pid, 11, 1, rep);
  const ward = r.get(pid, 11, 2, rep);
  const city = r.get(pid, 11, 3, rep);
  const province = r.get(pid, 11, 4, rep);
  const adminUnitCode = r.get(pid, 11, 8, rep);
  const district = r.get(pid, 11, 9, rep);
  const parts = [line, ward, district, city, province].filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  if (parts.length === 1 && line !== '' && adminUnitCode === '') return { text: line };
  const address: AddressFacts = { text: parts.join(', ') };
  if (line !== '') address.line = line;
  if (ward !== '') address.ward = ward;
  if (district !== '') address.district = district;
  if (city !== '') address.city = city;
  if (province !== '') address.province = province;
  if (adminUnitCode !== '') address.adminUnitCode = adminUnitCode;
  return address;
}

function mapEncounter(
  r: MessageReader,
  pv1: Hl7Segment,
  event: RecordEvent,
): EncounterFacts | undefined {
  const patientClass = r.get(pv1, 2).toUpperCase();
  const visitId = r.get(pv1, 19);
  if (visitId === '') {
    if (event === 'admit' || event === 'discharge')
      r.error(
        'PV1-19',
        'missing-field',
        'PV1-19 visit number is empty; an admission or discharge needs it',
      );
    else if (patientClass !== '' && patientClass !== 'N')
      r.warn(
        'PV1-19',
        'missing-visit-number',
        'PV1 has no visit number (PV1-19); the visit was not loaded',
      );
    return undefined;
  }
  let cls = PATIENT_CLASS[patientClass];
  if (cls === undefined) {
    cls = event === 'admit' ? 'IMP' : 'AMB';
    r.warn(
      'PV1-2',
      'patient-class',
      `PV1-2 patient class "${patientClass}" is not O, I or E; the visit was read as ${cls}`,
    );
  }
  const start = r.time(pv1, 44, 'PV1-44', 'dateTime');
  const end = r.time(pv1, 45, 'PV1-45', 'dateTime');
  const encounter: EncounterFacts = {
    visitId,
    class: cls,
    status: event === 'discharge' || end !== undefined ? 'finished' : 'in-progress',
    diagnoses: mapDiagnoses(r),
  };
  if (start !== undefined) encounter.start = start;
  if (end !== undefined) encounter.end = end;

  const service = r.get(pv1, 10);
  const departmentCode =
    HOSPITAL_SERVICE[service.toUpperCase()] ??
    (DEPARTMENT_CODE.test(service) ? service : undefined);
  if (departmentCode !== undefined) encounter.departmentCode = departmentCode;
  const departmentText =
    r.get(pv1, 3) || r.get(pv1, 3, 9) || (departmentCode === undefined ? service : '');
  if (departmentText !== '') encounter.departmentText = departmentText;

  const certificate = r.get(pv1, 7);
  const doctorName = [r.sub(pv1, 7, 2, 1), r.get(pv1, 7, 4), r.get(pv1, 7, 3)]
    .filter((p) => p !== '')
    .join(' ');
  if (certificate !== '' || doctorName !== '') {
    encounter.attendingDoctor = {};
    if (doctorName !== '') encounter.attendingDoctor.name = doctorName;
    if (certificate !== '') encounter.attendingDoctor.certificate = certificate;
  }
  const disposition = r.get(pv1, 36);
  if (disposition !== '') encounter.dischargeDisposition = disposition;
  const pv2 = r.first('PV2');
  const reason = r.get(pv2, 3, 2) || r.get(pv2, 3);
  if (reason !== '') encounter.reason = reason;
  return encounter;
}

/** Main diagnosis: DG1-15 priority 1 when the sender fills DG1-15, else the first final (F), else the first admitting (A). */
function mapDiagnoses(r: MessageReader): DiagnosisFacts[] {
  const rows: { icd10: string; text: string; type: string; priority: string }[] = [];
  const segments = r.all('DG1');
  segments.forEach((dg1, i) => {
    const icd10 = r.get(dg1, 3).toUpperCase();
    const where = segments.length > 1 ? `DG1[${i + 1}]` : 'DG1';
    if (icd10 === '') {
      r.warn(
        `${where}-3`,
        'diagnosis-code-missing',
        `${where}-3 has no ICD-10 code; the diagnosis was not loaded`,
      );
      return;
    }
    rows.push({
      icd10,
      text: r.get(dg1, 3, 2) || r.get(dg1, 4),
      type: r.get(dg1, 6).toUpperCase(),
      priority: r.get(dg1, 15),
    });
  });
  // A sender that fills DG1-15 has said which diagnosis is the main one (or that none is).
  const prioritised = rows.some((d) => d.priority !== '');
  let main = rows.findIndex((d) => d.priority === '1');
  if (!prioritised && main < 0) main = rows.findIndex((d) => d.type === 'F');
  if (!prioritised && main < 0) main = rows.findIndex((d) => d.type === 'A');
  const out: DiagnosisFacts[] = [];
  rows.forEach((row, i) => {
    const role = i === main ? 'main' : 'secondary';
    const existing = out.find((d) => d.icd10 === row.icd10);
    if (existing !== undefined) {
      if (role === 'main') existing.role = 'main';
      return;
    }
    const diagnosis: DiagnosisFacts = { icd10: row.icd10, role };
    if (row.text !== '') diagnosis.text = row.text;
    out.push(diagnosis);
  });
  return out;
}

function mapMerge(r: MessageReader, survivingMrn: string | undefined): string | undefined {
  const mrg = r.first('MRG');
  if (mrg === undefined) {
    r.error(
      'MRG',
      'missing-segment',
      'A merge (ADT^A40) needs an MRG segment naming the patient number being merged',
    );
    return undefined;
  }
  const entries = identifiers(r, mrg, 1);
  if (entries.length === 0) {
    r.error(
      'MRG-1',
      'missing-merged-mrn',
      'MRG-1 (prior patient identifier list) is empty: which patient is merged is unknown',
    );
    return undefined;
  }
  const merged = pickMrn(r, entries, 'MRG-1', 'missing-merged-mrn', 'merged patient number');
  if (merged !== undefined && merged === survivingMrn) {
    r.error('MRG-1', 'merge-into-self', `MRG-1 names the surviving patient ${merged} itself`);
    return undefined;
  }
  return merged;
}

interface ReportContext {
  reportId: string;
  reportName?: string;
  effective?: string;
  issued?: string;
  conclusion: string[];
  where: string;
  results: LabResultFacts[];
  obxCount: number;
}

function mapResults(r: MessageReader, controlId: string): LabResultFacts[] {
  const reports: ReportContext[] = [];
  let current: ReportContext | undefined;
  let obrCount = 0;
  let obxTotal = 0;
  const resultIds = new Set<string>();
  const multipleObr = r.all('OBR').length > 1;
  for (const segment of r.segments) {
    if (segment.name === 'OBR') {
      obrCount++;
      const where = multipleObr ? `OBR[${obrCount}]` : 'OBR';
      let reportId = r.get(segment, 3);
      if (reportId === '') {
        reportId = r.get(segment, 2) || `${controlId}-${r.get(segment, 1) || obrCount}`;
        r.warn(
          `${where}-3`,
          'filler-number-missing',
          `${where}-3 filler order number is empty; the report was keyed by ${reportId}`,
        );
      }
      current = { reportId, conclusion: [], where, results: [], obxCount: 0 };
      const reportName = r.get(segment, 4, 2) || r.get(segment, 4);
      if (reportName !== '') current.reportName = reportName;
      const effective = r.time(segment, 7, `${where}-7`, 'dateTime');
      if (effective !== undefined) current.effective = effective;
      const issued = r.time(segment, 22, `${where}-22`, 'dateTime');
      if (issued !== undefined) current.issued = issued;
      reports.push(current);
    } else if (segment.name === 'NTE' && current !== undefined && current.obxCount === 0) {
      const comment = r.get(segment, 3);
      if (comment !== '') current.conclusion.push(comment);
    } else if (segment.name === 'OBX') {
      obxTotal++;
      const where = `OBX[${obxTotal}]`;
      if (current === undefined) {
        r.error(
          where,
          'missing-segment',
          'OBX comes before any OBR: a result must belong to an order (OBR)',
        );
        continue;
      }
      current.obxCount++;
      const result = mapObservation(r, segment, current, where);
      if (result === undefined) continue;
      if (resultIds.has(result.resultId))
        r.warn(
          `${where}-1`,
          'duplicate-result-id',
          `Two results share the id ${result.resultId} (OBR filler number and OBX-1 set id)`,
        );
      resultIds.add(result.resultId);
      current.results.push(result);
    }
  }
  if (obxTotal === 0) r.warn('OBX', 'no-results', 'The ORU^R01 message carries no OBX results');
  return reports.flatMap((report) => {
    const conclusion = report.conclusion.join('\n');
    return report.results.map((result) => (conclusion === '' ? result : { ...result, conclusion }));
  });
}

const NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

function toNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text.replace(',', '.')) : undefined;
}

function mapObservation(
  r: MessageReader,
  obx: Hl7Segment,
  report: ReportContext,
  where: string,
): LabResultFacts | undefined {
  const status = r.get(obx, 11).toUpperCase();
  if (status === 'X' || status === 'D' || status === 'W') {
    r.warn(
      `${where}-11`,
      'result-withdrawn',
      `Result status "${status}" (not obtained / deleted / wrong): the result was not loaded`,
    );
    return undefined;
  }
  const code = r.get(obx, 3);
  const name = r.get(obx, 3, 2);
  const system = r.get(obx, 3, 3).toUpperCase();
  const altCode = r.get(obx, 3, 4);
  const altName = r.get(obx, 3, 5);
  const altSystem = r.get(obx, 3, 6).toUpperCase();
  let localCode = code;
  let localName = name;
  let loinc: string | undefined;
  if (system === 'LN') {
    loinc = code;
    if (altCode !== '') {
      localCode = altCode;
      localName = altName || name;
    }
  } else if (altSystem === 'LN' && altCode !== '') {
    loinc = altCode;
  }
  if (localCode === '') {
    r.warn(
      `${where}-3`,
      'result-code-missing',
      `${where}-3 observation identifier is empty; the result was not loaded`,
    );
    return undefined;
  }

  const value = observationValue(r, obx, where);
  if (value === undefined) {
    r.warn(
      `${where}-5`,
      'result-empty',
      `${where}-5 has no value (${localCode}); the result was not loaded`,
    );
    return undefined;
  }
  const setId = r.get(obx, 1) || String(report.obxCount);
  const result: LabResultFacts = {
    resultId: `${report.reportId}-${setId}`,
    localCode,
    localName: localName || localCode,
    value,
    reportId: report.reportId,
  };
  if (loinc !== undefined && loinc !== '') result.loinc = loinc;
  const unit = r.get(obx, 6) || r.get(obx, 6, 2);
  if (unit !== '') result.unit = unit;
  Object.assign(result, referenceRange(r.get(obx, 7)));
  const interpretation = r.get(obx, 8).toUpperCase();
  if (interpretation !== '') result.interpretation = interpretation;
  const effective = r.time(obx, 14, `${where}-14`, 'dateTime') ?? report.effective;
  if (effective !== undefined) result.effective = effective;
  if (report.issued !== undefined) result.issued = report.issued;
  if (report.reportName !== undefined) result.reportName = report.reportName;
  return result;
}

function observationValue(
  r: MessageReader,
  obx: Hl7Segment,
  where: string,
): number | string | undefined {
  const type = r.get(obx, 2).toUpperCase();
  const repetitions = r.repetitions(obx, 5);
  if (repetitions === 0) return undefined;
  switch (type) {
    case 'NM': {
      const text = r.get(obx, 5);
      if (text === '') return undefined;
      const n = toNumber(text);
      if (n === undefined)
        r.warn(
          `${where}-5`,
          'value-not-numeric',
          `${where}-5 is typed NM but holds "${text}"; it was kept as text`,
        );
      return n ?? text;
    }
    case 'SN': {
      const comparator = r.get(obx, 5, 1);
      const first = r.get(obx, 5, 2);
      const separator = r.get(obx, 5, 3);
      const second = r.get(obx, 5, 4);
      if ((comparator === '' || comparator === '=') && separator === '' && second === '')
        return toNumber(first) ?? (first || undefined);
      return `${comparator}${first}${separator}${second}` || undefined;
    }
    case 'CE':
    case 'CWE':
    case 'CNE':
    case 'CF':
      return r.get(obx, 5, 2) || r.get(obx, 5) || undefined;
    case 'ST':
    case 'TX':
    case 'FT':
    case '': {
      const parts: string[] = [];
      for (let i = 0; i < repetitions; i++) parts.push(r.text(obx, 5, i));
      const text = parts.join('\n').trim();
      if (text === '') return undefined;
      return type === '' ? (toNumber(text) ?? text) : text;
    }
    default: {
      r.warn(
        `${where}-2`,
        'value-type-unsupported',
        `${where}-2 value type "${type}" is read as text`,
      );
      return r.text(obx, 5) || undefined;
    }
  }
}

const RANGE = /^(-?\d+(?:[.,]\d+)?)\s*[-–]\s*(-?\d+(?:[.,]\d+)?)$/;
const BOUND = /^([<>]=?|≤|≥)\s*(-?\d+(?:[.,]\d+)?)$/;

/** "3.9-6.4" → low/high; "<5" → high; ">10" → low; anything else is kept as text. */
function referenceRange(
  text: string,
): Pick<LabResultFacts, 'referenceLow' | 'referenceHigh' | 'referenceText'> {
  if (text === '') return {};
  const range = RANGE.exec(text);
  if (range !== null)
    return {
      referenceLow: Number(range[1]!.replace(',', '.')),
      referenceHigh: Number(range[2]!.replace(',', '.')),
    };
  const bound = BOUND.exec(text);
  if (bound !== null) {
    const n = Number(bound[2]!.replace(',', '.'));
    return bound[1]!.startsWith('<') || bound[1] === '≤'
      ? { referenceHigh: n }
      : { referenceLow: n };
  }
  return { referenceText: text };
}
