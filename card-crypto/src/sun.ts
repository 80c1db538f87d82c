/**
 * NTAG 424 DNA Secure Unique NFC (SUN) messages, as NXP's application note AN12196
 * ("NTAG 424 DNA and NTAG 424 DNA TagTamper features and hints") describes them:
 *
 * - PICCData = AES-128 (CBC, zero IV, one block) with K_SDMMetaRead of
 *   PICCDataTag(0xC7) || UID(7) || SDMReadCtr(3, LSB first) || 5 random padding bytes.
 * - K_SesSDMFileReadMAC = AES-CMAC(K_SDMFileRead, SV2) with
 *   SV2 = 3CC3 0001 0080 || UID || SDMReadCtr.
 * - SDMMAC = AES-CMAC(K_SesSDMFileReadMAC, MAC input), truncated to the 8 bytes at odd indexes.
 *   With the URL layout `...?picc_data=<32 hex>&cmac=<16 hex>` nothing lies between the
 *   MAC-input offset and the MAC offset, so the MAC input is empty.
 *
 * Shared by ehr-api (which holds the keys and verifies each tap) and card-reader-agent (whose card
 * emulator builds SUN messages; the agent itself only parses them), so both use one implementation. AES-CMAC comes from `@noble/ciphers`
 * (audited, widely used); plain AES from node:crypto.
 */
import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { cmac } from '@noble/ciphers/aes.js';
import { fromHex, toHex } from './hex.js';

export const PICC_DATA_TAG_UID_AND_COUNTER_7 = 0xc7;
const SV2_PREFIX = Buffer.from('3CC300010080', 'hex');
export const MAX_SDM_READ_COUNTER = 0xffffff;

export interface SunKeys {
  /** K_SDMMetaRead (16 bytes): encrypts PICCData. */
  readonly metaRead: Uint8Array;
  /** K_SDMFileRead (16 bytes): the session MAC key is derived from it. */
  readonly fileRead: Uint8Array;
}

export interface PiccData {
  readonly tag: number;
  readonly uid: Buffer;
  readonly counter: number;
}

/** The part of a SUN URL the agent forwards: upper-case hex, as the contracts want it. */
export interface SunFields {
  readonly url: string;
  readonly piccData: string;
  readonly cmac: string;
}

function assertKey(key: Uint8Array, name: string): void {
  if (key.length !== 16)
    throw new RangeError(`${name} must be 16 bytes (AES-128), got ${key.length}`);
}

function assertUid(uid: Uint8Array): void {
  if (uid.length !== 7) throw new RangeError(`UID must be 7 bytes, got ${uid.length}`);
}

function assertCounter(counter: number): void {
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_SDM_READ_COUNTER) {
    throw new RangeError(
      `SDMReadCtr must be an integer in 0..${MAX_SDM_READ_COUNTER}, got ${counter}`,
    );
  }
}

function counterBytes(counter: number): Buffer {
  assertCounter(counter);
  const out = Buffer.alloc(3);
  out.writeUIntLE(counter, 0, 3);
  return out;
}

function aesBlock(mode: 'encrypt' | 'decrypt', key: Uint8Array, block: Uint8Array): Buffer {
  const cipher =
    mode === 'encrypt'
      ? createCipheriv('aes-128-ecb', key, null)
      : createDecipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

/** AES-CMAC (RFC 4493), full 16 bytes. */
export function aesCmac(key: Uint8Array, message: Uint8Array): Buffer {
  assertKey(key, 'CMAC key');
  return Buffer.from(cmac(message, key));
}

/** NXP's MACt: the 8 bytes at odd indexes (1, 3, ..., 15) of a full CMAC. */
export function truncateMac(fullMac: Uint8Array): Buffer {
  if (fullMac.length !== 16) throw new RangeError(`a full CMAC is 16 bytes, got ${fullMac.length}`);
  return Buffer.from(fullMac.filter((_, index) => index % 2 === 1));
}

export function encryptPiccData(
  metaReadKey: Uint8Array,
  uid: Uint8Array,
  counter: number,
  padding: Uint8Array = randomBytes(5),
): Buffer {
  assertKey(metaReadKey, 'K_SDMMetaRead');
  assertUid(uid);
  if (padding.length !== 5)
    throw new RangeError(`PICCData padding must be 5 bytes, got ${padding.length}`);
  const plain = Buffer.concat([
    Buffer.from([PICC_DATA_TAG_UID_AND_COUNTER_7]),
    uid,
    counterBytes(counter),
    padding,
  ]);
  return aesBlock('encrypt', metaReadKey, plain);
}

/** Decrypts PICCData; `null` when the plaintext does not carry the UID+counter tag (wrong key, forged data). */
export function decryptPiccData(metaReadKey: Uint8Array, encrypted: Uint8Array): PiccData | null {
  assertKey(metaReadKey, 'K_SDMMetaRead');
  if (encrypted.length !== 16) return null;
  const plain = aesBlock('decrypt', metaReadKey, encrypted);
  if (plain[0] !== PICC_DATA_TAG_UID_AND_COUNTER_7) return null;
  return {
    tag: PICC_DATA_TAG_UID_AND_COUNTER_7,
    uid: plain.subarray(1, 8),
    counter: plain.readUIntLE(8, 3),
  };
}

export function sessionMacKey(fileReadKey: Uint8Array, uid: Uint8Array, counter: number): Buffer {
  assertKey(fileReadKey, 'K_SDMFileRead');
  assertUid(uid);
  return aesCmac(fileReadKey, Buffer.concat([SV2_PREFIX, uid, counterBytes(counter)]));
}

export function computeSdmMac(
  fileReadKey: Uint8Array,
  uid: Uint8Array,
  counter: number,
  macInput: Uint8Array = new Uint8Array(0),
): Buffer {
  return truncateMac(aesCmac(sessionMacKey(fileReadKey, uid, counter), macInput));
}

export interface BuildSunUrlParams {
  readonly baseUrl: string;
  readonly uid: Uint8Array;
  readonly counter: number;
  readonly keys: SunKeys;
  /** Five padding bytes of the PICCData block; random when omitted (as the chip does). */
  readonly padding?: Uint8Array;
}

/** The URL an NTAG 424 DNA with SDM would put in its NDEF file for this tap. */
export function buildSunUrl({
  baseUrl,
  uid,
  counter,
  keys,
  padding,
}: BuildSunUrlParams): SunFields {
  const piccData = toHex(encryptPiccData(keys.metaRead, uid, counter, padding));
  const mac = toHex(computeSdmMac(keys.fileRead, uid, counter));
  const separator = baseUrl.includes('?') ? '&' : '?';
  return { url: `${baseUrl}${separator}picc_data=${piccData}&cmac=${mac}`, piccData, cmac: mac };
}

/**
 * Pulls `picc_data` and `cmac` out of a SUN URL (the long names, or NXP's short `e` and `c`).
 * Returns `null` when the URL carries no well-formed SUN parameters.
 */
export function parseSunUrl(url: string): SunFields | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const params = parsed.searchParams;
  const piccData = params.get('picc_data') ?? params.get('e');
  const mac = params.get('cmac') ?? params.get('c');
  if (piccData === null || mac === null) return null;
  if (!/^[0-9A-Fa-f]{32}$/.test(piccData) || !/^[0-9A-Fa-f]{16}$/.test(mac)) return null;
  return { url, piccData: piccData.toUpperCase(), cmac: mac.toUpperCase() };
}

export type SunVerification =
  | { readonly ok: true; readonly uid: string; readonly counter: number }
  | { readonly ok: false; readonly reason: 'picc_data' | 'cmac' };

/** Checks a SUN message with the card's keys (what ehr-api does on each tap). */
export function verifySun(
  fields: Pick<SunFields, 'piccData' | 'cmac'>,
  keys: SunKeys,
): SunVerification {
  const picc = decryptPiccData(keys.metaRead, fromHex(fields.piccData));
  if (picc === null) return { ok: false, reason: 'picc_data' };
  const expected = computeSdmMac(keys.fileRead, picc.uid, picc.counter);
  const given = fromHex(fields.cmac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'cmac' };
  return { ok: true, uid: toHex(picc.uid), counter: picc.counter };
}
