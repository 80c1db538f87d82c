/**
 * Character sets of HL7 v2 feeds from Vietnamese hospital software: UTF-8, Windows-1258 and TCVN3
 * (ABC), plus the ASCII and ISO 8859-1 that MSH-18 may declare. Byte tables come from iconv-lite;
 * only the choice of a table and the guess between the two legacy ones are ours.
 *
 * TCVN3 (the "ABC" fonts, TCVN 5712:1993 table VN3) is a subset of the standard's full table VN1,
 * which iconv-lite ships as "tcvn". VN3 keeps ASCII, the seven plain capitals Ă Â Ê Ô Ơ Ư Đ and the
 * 67 lower-case Vietnamese letters; VN1 adds capitals with tone marks in 0x80–0x9F and in C0 control
 * positions, and table VN2's combining tone marks at 0xB0–0xB4. We decode with VN1 (it reads VN3
 * bytes identically) but refuse C0 control bytes in any charset, so a stray control byte is never
 * silently read as a capital letter.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type Hl7Charset = 'utf-8' | 'windows-1258' | 'tcvn3' | 'iso-8859-1' | 'ascii';

/** What a writer can produce. */
export type WritableCharset = 'utf-8' | 'windows-1258' | 'tcvn3';

/** The MSH-18 value we write for each charset, and read back. */
export const MSH18_FOR_CHARSET: Record<WritableCharset, string> = {
  'utf-8': 'UNICODE UTF-8',
  'windows-1258': 'CP1258',
  tcvn3: 'TCVN3',
};

/**
 * MSH-18 values (HL7 table 0211 and the site values Vietnamese vendors use), compared after
 * upper-casing and dropping spaces, dashes, underscores, dots and slashes.
 */
const DECLARED: Record<string, Hl7Charset> = {
  UNICODEUTF8: 'utf-8',
  UNICODE: 'utf-8',
  UTF8: 'utf-8',
  ASCII: 'ascii',
  USASCII: 'ascii',
  ISOIR6: 'ascii',
  '88591': 'iso-8859-1',
  ISO88591: 'iso-8859-1',
  ISOIR100: 'iso-8859-1',
  LATIN1: 'iso-8859-1',
  CP1258: 'windows-1258',
  WINDOWS1258: 'windows-1258',
  WIN1258: 'windows-1258',
  '1258': 'windows-1258',
  TCVN3: 'tcvn3',
  TCVN: 'tcvn3',
  TCVN5712: 'tcvn3',
  TCVN57121993: 'tcvn3',
  ABC: 'tcvn3',
  VN3: 'tcvn3',
};

export function charsetFromMsh18(value: string): Hl7Charset | undefined {
  return DECLARED[value.toUpperCase().replace(/[\s\-_./]/g, '')];
}

/** The letters of table VN3, from the published TCVN 5712:1993 standard. */
const VN3_LETTERS =
  'ĂÂÊÔƠƯĐăâêôơưđ' + 'àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ';
/** Table VN2's combining grave, hook, tilde, acute and dot below. */
const VN2_TONE_MARKS = '\u0300\u0309\u0303\u0301\u0323';

/** Bytes >= 0x80 that a TCVN3 file may hold: VN3 letters plus VN2 combining marks. */
const TCVN3_HIGH_BYTES: ReadonlySet<number> = (() => {
  const bytes = new Set<number>();
  for (const ch of VN3_LETTERS + VN2_TONE_MARKS) {
    const encoded = iconv.encode(ch, 'tcvn');
    if (encoded.length !== 1 || encoded[0] === undefined || encoded[0] < 0x80)
      throw new Error(`TCVN3 table: unexpected encoding of ${ch}`);
    bytes.add(encoded[0]);
  }
  return bytes;
})();

/** Windows-1258 leaves these bytes undefined. */
const CP1258_UNDEFINED: ReadonlySet<number> = new Set([
  0x81, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9d, 0x9e,
]);

export type DecodeResult =
  | { ok: true; text: string; charset: Hl7Charset; guessed: boolean }
  | { ok: false; message: string };

/** Control bytes that have no place in HL7 text (TAB, LF and CR are allowed; framing was removed before). */
function firstControlByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return i;
  }
  return -1;
}

function hasHighBytes(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

function invalidFor(charset: 'windows-1258' | 'tcvn3', bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    if (charset === 'windows-1258' ? CP1258_UNDEFINED.has(b) : !TCVN3_HIGH_BYTES.has(b)) return i;
  }
  return -1;
}

export function decodeWith(charset: Hl7Charset, bytes: Buffer): string {
  switch (charset) {
    case 'utf-8':
    case 'ascii':
      return bytes.toString('utf8');
    case 'iso-8859-1':
      return bytes.toString('latin1');
    case 'windows-1258':
      return iconv.decode(bytes, 'windows1258');
    case 'tcvn3':
      return iconv.decode(bytes, 'tcvn');
  }
}

function hex(bytes: Buffer, at: number): string {
  return `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')} at offset ${at}`;
}

/**
 * Decodes one message's bytes to NFC text. `declared` is the charset MSH-18 names, if any; without
 * one: ASCII or valid UTF-8 first, then the more plausible of Windows-1258 and TCVN3.
 */
export function decodeMessage(bytes: Buffer, declared: Hl7Charset | undefined): DecodeResult {
  const control = firstControlByte(bytes);
  if (control >= 0)
    return {
      ok: false,
      message: `Control byte ${hex(bytes, control)} is not text in any supported character set`,
    };
  if (declared !== undefined) {
    if (declared === 'ascii' && hasHighBytes(bytes)) {
      const at = bytes.findIndex((b) => b >= 0x80);
      return {
        ok: false,
        message: `MSH-18 declares ASCII but byte ${hex(bytes, at)} is not ASCII`,
      };
    }
    if (declared === 'utf-8' && !isUtf8(bytes))
      return { ok: false, message: 'MSH-18 declares UTF-8 but the bytes are not valid UTF-8' };
    if (declared === 'windows-1258' || declared === 'tcvn3') {
      // Declared TCVN3 is read with the full TCVN 5712 table, so only Windows-1258 has holes here.
      const at = declared === 'windows-1258' ? invalidFor(declared, bytes) : -1;
      if (at >= 0)
        return {
          ok: false,
          message: `MSH-18 declares Windows-1258 but byte ${hex(bytes, at)} is undefined in it`,
        };
    }
    return {
      ok: true,
      text: decodeWith(declared, bytes).normalize('NFC'),
      charset: declared,
      guessed: false,
    };
  }
  if (!hasHighBytes(bytes))
    return { ok: true, text: bytes.toString('latin1'), charset: 'ascii', guessed: false };
  if (isUtf8(bytes))
    return {
      ok: true,
      text: bytes.toString('utf8').normalize('NFC'),
      charset: 'utf-8',
      guessed: false,
    };
  const candidates = (['windows-1258', 'tcvn3'] as const)
    .filter((charset) => invalidFor(charset, bytes) < 0)
    .map((charset) => {
      const text = decodeWith(charset, bytes).normalize('NFC');
      return { charset, text, score: vietnameseScore(text) };
    });
  const best = candidates.sort((a, b) => b.score - a.score)[0];
  if (best === undefined) {
    const at = invalidFor('windows-1258', bytes);
    return {
      ok: false,
      message: `Not UTF-8, Windows-1258 or TCVN3: byte ${hex(bytes, at)} is invalid in each`,
    };
  }
  return { ok: true, text: best.text, charset: best.charset, guessed: true };
}

const TONED_VOWELS: ReadonlySet<string> = new Set(
  [...'aăâeêioôơuưy'].flatMap((v) =>
    [...'\u0300\u0301\u0303\u0309\u0323'].flatMap((t) => [
      (v + t).normalize('NFC'),
      (v + t).normalize('NFC').toUpperCase(),
    ]),
  ),
);
const VIETNAMESE_LETTER =
  /^[a-zA-ZăâêôơưđĂÂÊÔƠƯĐàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]+$/;

/**
 * How much a text reads as Vietnamese: each word with non-ASCII letters counts +1 when it is a
 * plausible syllable (only Vietnamese letters, at most one tone mark, one case pattern) and -2
 * otherwise. The wrong legacy table yields symbols (µ ¶ Þ), stray combining marks, two tones in a
 * word ("Nguyờịn") or capitals inside words ("NguyÔn"), so the right table scores clearly higher.
 */
function vietnameseScore(text: string): number {
  let score = 0;
  for (const word of text.match(/[^\p{Cc}\s\x21-\x40\x5b-\x60\x7b-\x7e]+/gu) ?? []) {
    if (/^[a-zA-Z]+$/.test(word)) continue;
    let tones = 0;
    for (const ch of word) if (TONED_VOWELS.has(ch)) tones++;
    const rest = word.slice(1);
    const casePattern = rest === rest.toLowerCase() || word === word.toUpperCase();
    score += VIETNAMESE_LETTER.test(word) && tones <= 1 && casePattern ? 1 : -2;
  }
  return score;
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/;

/**
 * Encodes text for a writer. Windows-1258 has few precomposed toned letters, so, as Windows itself
 * does, letters it lacks are written as base letter + combining tone mark. TCVN3 lacks toned
 * capitals; those are written as VN3 capital + VN2 combining tone mark, which the reader recomposes.
 * A character the charset cannot hold at all (µ in TCVN3, Chinese in either) is a RangeError.
 */
export function encodeText(text: string, charset: WritableCharset): Buffer {
  const nfc = text.normalize('NFC');
  if (charset === 'utf-8') return Buffer.from(nfc, 'utf8');
  const table = charset === 'windows-1258' ? 'windows1258' : 'tcvn';
  const parts: Buffer[] = [];
  for (const ch of nfc) {
    const direct = ch.charCodeAt(0) < 0x80 ? undefined : iconv.encode(ch, table);
    if (direct === undefined) {
      parts.push(Buffer.from(ch, 'latin1'));
    } else if (
      direct.length === 1 &&
      direct[0] !== 0x3f &&
      (charset === 'windows-1258' || TCVN3_HIGH_BYTES.has(direct[0]!))
    ) {
      parts.push(direct);
    } else {
      const decomposed = ch.normalize('NFD');
      const base = [...decomposed]
        .filter((c) => !TONE_MARKS.test(c))
        .join('')
        .normalize('NFC');
      const tones = [...decomposed].filter((c) => TONE_MARKS.test(c)).join('');
      const encoded = iconv.encode(base + tones, table);
      // iconv-lite writes "?" for what the table lacks; a writer must not lose text silently.
      if (encoded.includes(0x3f))
        throw new RangeError(
          `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) cannot be written in ${charset === 'tcvn3' ? 'TCVN3' : 'Windows-1258'}`,
        );
      parts.push(encoded);
    }
  }
  return Buffer.concat(parts);
}
