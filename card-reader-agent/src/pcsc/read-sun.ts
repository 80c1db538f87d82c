/**
 * Reads the SUN URL from an NTAG 424 DNA whose NDEF application nfc-pcsc has already selected:
 * get UID (PC/SC pseudo-APDU), ISO SELECT FILE E104, READ BINARY of NLEN with the message.
 */
import { CardReadError } from './card-errors.js';
import { statusOf, SW, swHex } from '../emulator/apdu.js';
import { decodeUriMessage, NdefError } from '../sun/ndef.js';
import { parseSunUrl, type SunFields } from '../sun/sun.js';
import { toHex } from '../sun/hex.js';

export type Transmit = (apdu: Buffer, responseMaxLength: number) => Promise<Buffer>;

export const APDU = {
  getUid: Buffer.from('FFCA000000', 'hex'),
  selectNdefFile: Buffer.from('00A4000C02E104', 'hex'),
  readBinary: (offset: number, length: number): Buffer =>
    Buffer.from([0x00, 0xb0, (offset >> 8) & 0x7f, offset & 0xff, length & 0xff]),
} as const;

/** Largest NDEF message we accept (NTAG 424 DNA's NDEF file is 256 bytes including NLEN). */
export const MAX_NDEF_LENGTH = 254;
const READ_CHUNK = 0x80;

export interface SunRead {
  readonly uid?: string;
  readonly sun: SunFields;
}

async function exchange(
  transmit: Transmit,
  apdu: Buffer,
  responseMaxLength: number,
  what: string,
): Promise<Buffer> {
  let response: Buffer;
  try {
    response = await transmit(apdu, responseMaxLength);
  } catch (error) {
    if (error instanceof CardReadError) throw error;
    throw new CardReadError('transmit_failed', `${what}: transmit failed`, { cause: error });
  }
  const sw = statusOf(response);
  if (sw === null)
    throw new CardReadError(
      'bad_response',
      `${what}: answer of ${response.length} byte(s) is not an APDU response`,
    );
  if (sw === SW.fileNotFound)
    throw new CardReadError('unsupported_card', `${what}: file not found (6A82)`);
  if (sw !== SW.ok) throw new CardReadError('read_failed', `${what}: card answered ${swHex(sw)}`);
  return response.subarray(0, -2);
}

export async function readUid(transmit: Transmit): Promise<string | undefined> {
  try {
    const uid = await exchange(transmit, APDU.getUid, 12, 'get UID');
    return uid.length > 0 ? toHex(uid) : undefined;
  } catch (error) {
    if (error instanceof CardReadError && error.code === 'transmit_failed') throw error;
    return undefined; // the UID is informative only; the SUN message is what identifies the card
  }
}

/**
 * The NDEF message: NLEN and the first chunk in one READ BINARY (a SUN URL fits in it), then the
 * rest, if any. One command fewer than reading NLEN on its own: each costs a round trip to the
 * card, about 44 ms through the vpcd virtual reader.
 */
export async function readNdefMessage(transmit: Transmit): Promise<Buffer> {
  await exchange(transmit, APDU.selectNdefFile, 2, 'select NDEF file');
  const head = await exchange(
    transmit,
    APDU.readBinary(0, 2 + READ_CHUNK),
    4 + READ_CHUNK,
    'read NDEF',
  );
  if (head.length < 2)
    throw new CardReadError('bad_response', `read NLEN: expected 2 bytes, got ${head.length}`);
  const nlen = head.readUInt16BE(0);
  if (nlen === 0)
    throw new CardReadError('blank_card', 'the card has an empty NDEF file (not personalised)');
  if (nlen > MAX_NDEF_LENGTH)
    throw new CardReadError('invalid_ndef', `NDEF length ${nlen} exceeds the file size`);
  const first = head.subarray(2, 2 + nlen);
  if (first.length !== Math.min(nlen, READ_CHUNK))
    throw new CardReadError(
      'bad_response',
      `read NDEF: expected ${Math.min(nlen, READ_CHUNK)} bytes, got ${first.length}`,
    );
  const chunks: Buffer[] = [first];
  for (let offset = READ_CHUNK; offset < nlen; offset += READ_CHUNK) {
    const length = Math.min(READ_CHUNK, nlen - offset);
    const chunk = await exchange(
      transmit,
      APDU.readBinary(2 + offset, length),
      length + 2,
      'read NDEF',
    );
    if (chunk.length !== length)
      throw new CardReadError(
        'bad_response',
        `read NDEF: expected ${length} bytes, got ${chunk.length}`,
      );
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** UID plus the SUN fields; throws `CardReadError` with a stable code otherwise. */
export async function readSun(transmit: Transmit): Promise<SunRead> {
  const uid = await readUid(transmit);
  const message = await readNdefMessage(transmit);
  let url: string;
  try {
    url = decodeUriMessage(message);
  } catch (error) {
    if (error instanceof NdefError)
      throw new CardReadError('invalid_ndef', error.message, { cause: error });
    throw error;
  }
  const sun = parseSunUrl(url);
  if (sun === null)
    throw new CardReadError('no_sun', 'the NDEF URI carries no picc_data/cmac SUN parameters');
  if (sun.url.length > 1024)
    throw new CardReadError('invalid_ndef', 'SUN URL longer than 1024 characters');
  return uid === undefined ? { sun } : { uid, sun };
}
