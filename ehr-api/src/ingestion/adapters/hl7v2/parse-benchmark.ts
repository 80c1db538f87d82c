/**
 * Parse-only throughput of the HL7 v2 adapter on one core, for typical ADT and ORU messages written
 * from the golden records. Run: `npx tsx ehr-api/src/ingestion/adapters/hl7v2/parse-benchmark.ts`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type HospitalRecord } from '../../model.js';
import { hl7v2Adapter } from './adapter.js';
import { type WritableCharset } from './encoding.js';
import { writeHl7v2 } from './writer.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const TYPICAL = [
  'adt-a01-admit',
  'adt-a03-discharge',
  'adt-a04-register',
  'adt-a08-update',
  'oru-r01-results',
];

export interface ParseRate {
  messages: number;
  bytes: number;
  seconds: number;
  messagesPerSecond: number;
}

/** A file of `count` messages cycling through the typical records, each with its own control id. */
export function typicalFile(count: number, encoding: WritableCharset = 'utf-8'): Buffer {
  const records = TYPICAL.flatMap(
    (name) =>
      JSON.parse(
        readFileSync(path.join(FIXTURES, `${name}.expected.json`), 'utf8'),
      ) as HospitalRecord[],
  );
  const messages: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const record = records[i % records.length]!;
    // µ has no TCVN3 byte; a TCVN3 lab system writes "umol/L".
    const unitSafe =
      encoding === 'tcvn3'
        ? {
            ...record,
            labResults: record.labResults.map((r) => ({ ...r, unit: r.unit?.replace('µ', 'u') })),
          }
        : record;
    messages.push(
      writeHl7v2({ ...unitSafe, sourceRecordId: `BENCH-${i}` }, { encoding }),
      Buffer.from('\n'),
    );
  }
  return Buffer.concat(messages);
}

/** Parses `file` `rounds` times and reports the best round (CPU time, so other load matters less). */
export function measureParseRate(file: Buffer, rounds = 5): ParseRate {
  let best: ParseRate | undefined;
  for (let round = 0; round < rounds; round++) {
    const started = process.cpuUsage();
    let messages = 0;
    for (const outcome of hl7v2Adapter.parse(file, {
      hospital: 'bvdk-tinh-quang-ninh',
      sourceName: 'bench.hl7',
    })) {
      if (!outcome.ok)
        throw new Error(`benchmark message rejected: ${JSON.stringify(outcome.issues)}`);
      messages++;
    }
    const used = process.cpuUsage(started);
    const seconds = (used.user + used.system) / 1e6;
    const rate = {
      messages,
      bytes: file.length,
      seconds,
      messagesPerSecond: Math.round(messages / seconds),
    };
    if (best === undefined || rate.messagesPerSecond > best.messagesPerSecond) best = rate;
  }
  return best!;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const encoding of ['utf-8', 'windows-1258', 'tcvn3'] as const) {
    const rate = measureParseRate(typicalFile(10_000, encoding));
    console.log(
      `${encoding.padEnd(12)} ${rate.messages} messages, ${(rate.bytes / 1e6).toFixed(1)} MB in ${rate.seconds.toFixed(2)} s CPU: ${rate.messagesPerSecond} messages/s`,
    );
  }
}
