/**
 * The two encodings Vietnamese hospital CSV exports come in: UTF-8, and Windows-1258 (what Excel's
 * plain "CSV" save writes on a Vietnamese Windows). iconv-lite has the Windows-1258 table; what it
 * does not do is Vietnamese composition, written here by hand (no library does it): Windows-1258
 * has the base letters with their shape marks (â ê ô ă ơ ư đ) but the five tones only as combining
 * marks, so "ễ" is written as "ê" + combining tilde and read back to "ễ" by NFC normalisation.
 */
import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'windows-1258';

/** Combining tone marks: grave, acute, tilde, hook above, dot below. */
const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
const COMBINING = /[\u0300-\u036f]/;

/** Vietnamese text in the decomposed form Windows-1258 can hold: base+shape composed, tone apart. */
function toWindows1258Form(text: string): string {
  const decomposed = text.normalize('NFD');
  let out = '';
  let base = '';
  let tones = '';
  const flush = () => {
    out += base.normalize('NFC') + tones;
    base = '';
    tones = '';
  };
  for (const char of decomposed) {
    if (COMBINING.test(char)) {
      if (TONE_MARKS.has(char)) tones += char;
      else base += char;
    } else {
      flush();
      base = char;
    }
  }
  flush();
  return out;
}

/** Bytes → text. UTF-8 bytes that are not UTF-8 become U+FFFD, so the rows holding them can be rejected. */
export function decodeCsv(bytes: Buffer, encoding: CsvEncoding): string {
  if (encoding === 'windows-1258') return iconv.decode(bytes, 'windows-1258').normalize('NFC');
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}

export function encodeCsv(text: string, encoding: CsvEncoding, bom: boolean): Buffer {
  if (encoding === 'windows-1258') return iconv.encode(toWindows1258Form(text), 'windows-1258');
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

export const REPLACEMENT_CHARACTER = '\ufffd';
