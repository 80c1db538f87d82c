import { describe, expect, it } from '@jest/globals';
import { type ParseOutcome } from '../../model.js';
import { decodeMessage, encodeText } from './encoding.js';
import { hl7v2Adapter } from './index.js';

/** A message whose PID-5 and PID-11 are given as raw bytes (latin1 notation), with an optional MSH-18. */
function message(nameBytes: string, addressBytes: string, msh18 = ''): Buffer {
  const head = `MSH|^~\\&|HIS|bv-bai-chay|QN-EHR|SYT-QN|20260401090000||ADT^A04^ADT_A01|E-1|P|2.5|||AL|NE|VNM|${msh18}\rEVN|A04\r`;
  return Buffer.from(
    `${head}PID|1||BN-1^^^BVBC^MR||${nameBytes}||19850312|F|||${addressBytes}\r`,
    'latin1',
  );
}

function parseOne(bytes: Buffer): ParseOutcome {
  const [outcome] = [
    ...hl7v2Adapter.parse(bytes, { hospital: 'bv-bai-chay', sourceName: 'enc.hl7' }),
  ];
  if (outcome === undefined) throw new Error('no outcome');
  return outcome;
}

const VIETNAMESE_LETTERS = [...'aăâeêioôơuưy'].flatMap((vowel) =>
  ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].map((tone) =>
    (vowel + tone).normalize('NFC'),
  ),
);
const ALL_LETTERS = [...VIETNAMESE_LETTERS, 'đ'].flatMap((c) => [c, c.toUpperCase()]).join('');

describe('HL7 v2 character sets', () => {
  it('detects TCVN3 (ABC) bytes when MSH-18 is empty, and says it guessed', () => {
    // "Nguyễn Thị Lan", "Quảng Ninh" as the ABC fonts store them.
    const outcome = parseOne(
      message(
        'Nguy\xd4n^Lan^Th\xde',
        'Khu 6^Ph\xadêng H\xb5 Tu^^Qu\xb6ng Ninh'.replace('ê', '\xea'),
      ),
    );
    expect(outcome.ok && outcome.record.patient.fullName).toBe('Nguyễn Thị Lan');
    expect(outcome.ok && outcome.record.patient.address?.text).toBe(
      'Khu 6, Phường Hà Tu, Quảng Ninh',
    );
    expect(outcome.ok && outcome.warnings).toEqual([
      expect.objectContaining({
        code: 'charset-guessed',
        message: expect.stringContaining('TCVN3') as unknown,
      }),
    ]);
  });

  it('detects Windows-1258 with combining tone marks when MSH-18 is empty', () => {
    const outcome = parseOne(message('Nguy\xea\xden^Lan^Thi\xf2', 'Qua\xd2ng Ninh'));
    expect(outcome.ok && outcome.record.patient.fullName).toBe('Nguyễn Thị Lan');
    expect(outcome.ok && outcome.record.patient.address?.text).toBe('Quảng Ninh');
    expect(outcome.ok && outcome.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('Windows-1258'),
    ]);
  });

  it.each(['CP1258', 'windows-1258', 'WIN1258'])(
    'reads declared MSH-18 %s without a warning',
    (declared) => {
      const outcome = parseOne(message('Ho\xe0ng^T\xf9ng^V\xe3n', '', declared));
      expect(outcome.ok && outcome.record.patient.fullName).toBe('Hoàng Văn Tùng');
      expect(outcome.ok && outcome.warnings).toEqual([]);
    },
  );

  it('recomposes a TCVN3 capital followed by a combining tone mark (TCVN 5712 VN2)', () => {
    const outcome = parseOne(message('\xa7\xc6ng^A\xb3nh^Th\xde', '', 'TCVN3'));
    expect(outcome.ok && outcome.record.patient.fullName).toBe('Đặng Thị Ánh');
  });

  it('outputs NFC text from decomposed UTF-8', () => {
    const outcome = parseOne(
      Buffer.from(
        message('', '')
          .toString('latin1')
          .replace('||19850312', `${'Nguyễn^Lan^Thị'.normalize('NFD')}||19850312`),
        'utf8',
      ),
    );
    expect(outcome.ok && outcome.record.patient.fullName).toBe('Nguyễn Thị Lan'.normalize('NFC'));
  });

  it('rejects bytes that MSH-18 says are UTF-8 but are not', () => {
    const outcome = parseOne(message('Nguy\xea\xden^Lan^Thi\xf2', '', 'UNICODE UTF-8'));
    expect(!outcome.ok && outcome.issues).toEqual([
      expect.objectContaining({ code: 'encoding', location: 'MSH-18' }),
    ]);
  });

  it('rejects non-ASCII bytes under a declared ASCII and a control byte in any charset', () => {
    expect(decodeMessage(Buffer.from('MSH|Nguy\xd4n', 'latin1'), 'ascii')).toMatchObject({
      ok: false,
    });
    const outcome = parseOne(message('Nguy\x01n^Lan', ''));
    expect(!outcome.ok && outcome.issues).toEqual([
      expect.objectContaining({
        code: 'encoding',
        message: expect.stringContaining('0x01') as unknown,
      }),
    ]);
  });

  it('rejects bytes that are neither UTF-8, Windows-1258 nor TCVN3', () => {
    const outcome = parseOne(message('\x81\x8d^Lan', ''));
    expect(!outcome.ok && outcome.issues).toEqual([
      expect.objectContaining({ code: 'encoding', location: 'message' }),
    ]);
  });

  it('warns on an unknown MSH-18 and falls back to detection', () => {
    const outcome = parseOne(
      message(Buffer.from('Nguyễn^Lan^Thị', 'utf8').toString('latin1'), '', 'KOI8-R'),
    );
    expect(outcome.ok && outcome.record.patient.fullName).toBe('Nguyễn Thị Lan');
    expect(outcome.ok && outcome.warnings.map((w) => w.code)).toEqual(['charset-unknown']);
  });

  it.each(['utf-8', 'windows-1258', 'tcvn3'] as const)(
    'writes every Vietnamese letter in %s so that it reads back the same',
    (charset) => {
      const declared = charset === 'tcvn3' ? 'tcvn3' : charset;
      expect(decodeMessage(encodeText(ALL_LETTERS, charset), declared)).toEqual({
        ok: true,
        text: ALL_LETTERS,
        charset: declared,
        guessed: false,
      });
    },
  );

  it.each(['windows-1258', 'tcvn3'] as const)(
    'detects %s from the text alone for realistic Vietnamese',
    (charset) => {
      const text =
        'Nguyễn Thị Lan, Phường Bạch Đằng, Thành phố Hạ Long, Tỉnh Quảng Ninh; Trần Văn Hùng, Khoa Nội tổng hợp';
      expect(decodeMessage(encodeText(text, charset), undefined)).toEqual({
        ok: true,
        text,
        charset,
        guessed: true,
      });
    },
  );
});
