import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type HospitalCode, type HospitalRecord, type ParseOutcome } from '../../model.js';
import { hl7v2Adapter } from './index.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const REJECTED = path.join(FIXTURES, 'rejected');

/** Warnings a golden file is expected to raise (by code); every other file raises none. */
const EXPECTED_WARNINGS: Record<string, string[]> = {
  'cp1258-a01.hl7': ['charset-guessed'],
};

function hl7Files(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hl7'))
    .sort();
}

function expected<T>(dir: string, file: string): T {
  return JSON.parse(
    readFileSync(path.join(dir, file.replace(/\.hl7$/, '.expected.json')), 'utf8'),
  ) as T;
}

function parse(dir: string, file: string, hospital: HospitalCode): ParseOutcome[] {
  return [
    ...hl7v2Adapter.parse(readFileSync(path.join(dir, file)), { hospital, sourceName: file }),
  ];
}

describe('hl7v2Adapter golden files', () => {
  it('has a golden file for every event type, legacy charset and layout', () => {
    expect(hl7Files(FIXTURES)).toEqual(
      expect.arrayContaining([
        'adt-a01-admit.hl7',
        'adt-a03-discharge.hl7',
        'adt-a04-register.hl7',
        'adt-a08-update.hl7',
        'adt-a40-merge.hl7',
        'oru-r01-results.hl7',
        'tcvn3-a04.hl7',
        'cp1258-a01.hl7',
        'batch-fhs.hl7',
        'escapes-repeats.hl7',
        'mllp-stream.hl7',
      ]),
    );
  });

  it.each(hl7Files(FIXTURES))('reads %s into the expected records', (file) => {
    const records = expected<HospitalRecord[]>(FIXTURES, file);
    const outcomes = parse(FIXTURES, file, records[0]!.hospital);

    expect(outcomes.map((o) => (o.ok ? o.record : o))).toEqual(records);
    expect(outcomes.flatMap((o) => (o.ok ? o.warnings.map((w) => w.code) : []))).toEqual(
      EXPECTED_WARNINGS[file] ?? [],
    );
    for (const outcome of outcomes) expect(outcome.raw.startsWith('MSH|')).toBe(true);
  });

  it('keeps Vietnamese diacritics in NFC whatever the file charset', () => {
    const [tcvn3] = parse(FIXTURES, 'tcvn3-a04.hl7', 'bv-bai-chay');
    const [cp1258] = parse(FIXTURES, 'cp1258-a01.hl7', 'bvdk-tinh-quang-ninh');

    expect(tcvn3?.ok && tcvn3.record.patient.fullName).toBe('Đặng Thị Hoa');
    expect(cp1258?.ok && cp1258.record.patient.address?.text).toBe(
      'Tổ 12, khu Bắc Sơn, Phường Cẩm Sơn, Thành phố Cẩm Phả, Tỉnh Quảng Ninh',
    );
    for (const outcome of [tcvn3, cp1258]) expect(outcome?.raw).toBe(outcome?.raw.normalize('NFC'));
  });
});

interface ExpectedRejection {
  ok: false;
  sourceRecordId: string;
  issues: { location: string; code: string }[];
}

describe('hl7v2Adapter rejected files', () => {
  it('has a rejection case for each kind of malformed input', () => {
    expect(hl7Files(REJECTED)).toEqual(
      expect.arrayContaining([
        'truncated-frame.hl7',
        'truncated-msh.hl7',
        'wrong-encoding.hl7',
        'invalid-bytes.hl7',
        'impossible-date.hl7',
        'missing-mrn.hl7',
        'unknown-event.hl7',
        'a40-without-mrg.hl7',
        'garbage.hl7',
      ]),
    );
  });

  it.each(hl7Files(REJECTED))('rejects %s with the expected issue codes and locations', (file) => {
    const rejections = expected<ExpectedRejection[]>(REJECTED, file);
    const outcomes = parse(REJECTED, file, 'bvdk-tinh-quang-ninh');

    expect(
      outcomes.map((o) =>
        o.ok
          ? o.record
          : {
              ok: false,
              sourceRecordId: o.sourceRecordId,
              issues: o.issues.map((i) => ({ location: i.location, code: i.code })),
            },
      ),
    ).toEqual(rejections);
    for (const outcome of outcomes) {
      expect(outcome.raw.length).toBeGreaterThan(0);
      if (!outcome.ok)
        for (const issue of outcome.issues)
          expect(issue).toMatchObject({
            severity: 'error',
            message: expect.stringMatching(/\w{3}/) as unknown,
          });
    }
  });

  it('names the event and the supported list when the event type is unknown', () => {
    const [outcome] = parse(REJECTED, 'unknown-event.hl7', 'bvdk-tinh-quang-ninh');

    expect(outcome?.ok).toBe(false);
    expect(!outcome?.ok && outcome?.issues[0]?.message).toMatch(
      /ADT\^A99 is not a message this feed reads; supported: ADT\^A01/,
    );
  });
});
