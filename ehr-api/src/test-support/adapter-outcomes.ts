import type { AdapterContext, ParseOutcome, SourceAdapter } from '../ingestion/model.js';
import { HOSPITAL_CODES, SOURCE_FORMATS } from '../ingestion/model.js';

/**
 * Test support for the adapters' property tests: runs an adapter over some bytes and returns what
 * is wrong with its answer, in words, or an empty list. An adapter must answer every input with
 * outcomes (a record or a rejection naming field and rule), never throw, and never answer through
 * its own catch-all: `internalCodes` are the codes an adapter uses when one of its steps threw,
 * which mean a crash was caught, not that the input was judged.
 */
export interface AdapterRun {
  outcomes: ParseOutcome[];
  problems: string[];
  ms: number;
}

export function runAdapter(
  adapter: SourceAdapter,
  input: Buffer,
  context: AdapterContext,
  internalCodes: readonly string[],
  /** Inputs a format may answer with no outcome at all (an HL7 batch holding no message). */
  mayBeEmpty: (input: Buffer) => boolean = () => false,
): AdapterRun {
  const started = performance.now();
  let outcomes: ParseOutcome[];
  try {
    outcomes = [...adapter.parse(input, context)];
  } catch (error) {
    return {
      outcomes: [],
      problems: [`threw ${error instanceof Error ? error.stack : String(error)}`],
      ms: performance.now() - started,
    };
  }
  const ms = performance.now() - started;
  const problems: string[] = [];
  if (input.some((byte) => byte > 0x20) && outcomes.length === 0 && !mayBeEmpty(input))
    problems.push('no outcome for a non-blank input');
  for (const [index, outcome] of outcomes.entries()) {
    const at = `outcome ${index}`;
    if (typeof outcome.raw !== 'string') problems.push(`${at}: raw is not text`);
    const issues = outcome.ok ? outcome.warnings : outcome.issues;
    if (!outcome.ok && issues.length === 0) problems.push(`${at}: a rejection without an issue`);
    if (!outcome.ok && typeof outcome.sourceRecordId !== 'string')
      problems.push(`${at}: no sourceRecordId`);
    for (const issue of issues) {
      for (const key of ['location', 'message', 'code'] as const) {
        if (typeof issue[key] !== 'string' || issue[key] === '')
          problems.push(`${at}: an issue without ${key}`);
      }
      if (issue.severity !== 'error' && issue.severity !== 'warning')
        problems.push(`${at}: severity ${String(issue.severity)}`);
      if (internalCodes.includes(issue.code))
        problems.push(`${at}: caught crash: ${issue.message}`);
    }
    if (outcome.ok) {
      const record = outcome.record;
      if (!HOSPITAL_CODES.includes(record.hospital))
        problems.push(`${at}: hospital ${record.hospital}`);
      if (!SOURCE_FORMATS.includes(record.format)) problems.push(`${at}: format ${record.format}`);
      if (typeof record.patient.mrn !== 'string' || record.patient.mrn.trim() === '')
        problems.push(`${at}: a record without MRN`);
      for (const list of [record.labResults, record.medications, record.procedures, record.notes]) {
        if (!Array.isArray(list)) problems.push(`${at}: a list that is not an array`);
      }
    }
  }
  return { outcomes, problems, ms };
}

/**
 * Byte-level mutations of a valid sample, the way real exports go wrong: cut short, bytes
 * overwritten, bytes dropped, bytes inserted, a stretch repeated.
 */
export type Mutation =
  | { kind: 'cut'; at: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'drop'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'repeat'; at: number; length: number };

export function mutate(sample: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(sample);
  for (const mutation of mutations) {
    const at = bytes.length === 0 ? 0 : mutation.at % (bytes.length + 1);
    switch (mutation.kind) {
      case 'cut':
        bytes = bytes.subarray(0, at);
        break;
      case 'set':
        if (at < bytes.length) bytes[at] = mutation.value;
        break;
      case 'drop':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + mutation.length)]);
        break;
      case 'insert':
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from(mutation.bytes),
          bytes.subarray(at),
        ]);
        break;
      case 'repeat':
        bytes = Buffer.concat([
          bytes.subarray(0, at + mutation.length),
          bytes.subarray(at, at + mutation.length),
          bytes.subarray(at + mutation.length),
        ]);
        break;
    }
  }
  return bytes;
}
