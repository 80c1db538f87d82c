/**
 * NTAG 424 DNA secure messaging after AuthenticateEV2First (AES), as the NT4H2421Gx datasheet
 * (section 9.1) and NXP AN12196 (sections 5 and 6) describe it:
 *
 * - session keys: SesAuthENCKey = CMAC(K, SV1), SesAuthMACKey = CMAC(K, SV2), with
 *   SV1 = A5 5A 00 01 00 80 || RndA[15..14] || (RndA[13..8] ⊕ RndB[15..10]) || RndB[9..0] || RndA[7..0]
 *   and SV2 the same with 5A A5 (RndA[15] is the first byte sent);
 * - every command of the session carries the 4-byte transaction identifier TI and the 2-byte
 *   command counter CmdCtr (little-endian), incremented after each command/response pair;
 * - CommMode.MAC: MACt (the odd bytes of an AES-CMAC) over Ins || CmdCtr || TI || header || data,
 *   and over RC || CmdCtr+1 || TI || data for the response;
 * - CommMode.FULL: the data is also encrypted (AES-CBC with SesAuthENCKey, ISO/IEC 9797-1 padding
 *   method 2), with IV = E(SesAuthENCKey, A5 5A || TI || CmdCtr || 0…0) for commands and
 *   5A A5 for responses.
 *
 * Both ends use this module: `card-reader-agent` (the reader side, personalising cards) and its
 * card emulator (the card side). Nothing here does I/O. NXP publishes no library for this, and the
 * well-kept AES-CMAC of `@noble/ciphers` plus node:crypto's AES cover the primitives, so only the
 * framing is written here, pinned by AN12196's worked examples in `ev2.test.ts`.
 */
import { createCipheriv, createDecipheriv, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { aesCmac, truncateMac } from './sun.js';

export const BLOCK = 16;
const SV1_PREFIX = Buffer.from('A55A00010080', 'hex');
const SV2_PREFIX = Buffer.from('5AA500010080', 'hex');
const CMD_IV_PREFIX = Buffer.from('A55A', 'hex');
const RESP_IV_PREFIX = Buffer.from('5AA5', 'hex');
const MAX_CMD_CTR = 0xffff;

/** How a command's data travels: as is, with a MAC, or encrypted and MACed. */
export type CommMode = 'plain' | 'mac' | 'full';

/** The session an AuthenticateEV2First opens. */
export interface Ev2Session {
  readonly encKey: Buffer;
  readonly macKey: Buffer;
  /** Transaction identifier (4 bytes), chosen by the card. */
  readonly ti: Buffer;
  readonly keyNo: number;
  /** Commands answered in this session so far. */
  cmdCtr: number;
}

function assertLength(value: Uint8Array, length: number, name: string): void {
  if (value.length !== length)
    throw new RangeError(`${name} must be ${length} bytes, got ${value.length}`);
}

export function rotateLeft(bytes: Uint8Array): Buffer {
  return Buffer.concat([bytes.subarray(1), bytes.subarray(0, 1)]);
}

export function rotateRight(bytes: Uint8Array): Buffer {
  return Buffer.concat([bytes.subarray(bytes.length - 1), bytes.subarray(0, bytes.length - 1)]);
}

/** AES-128 CBC without padding (the caller pads); IV zero unless given. */
export function aesCbc(
  mode: 'encrypt' | 'decrypt',
  key: Uint8Array,
  data: Uint8Array,
  iv: Uint8Array = Buffer.alloc(BLOCK),
): Buffer {
  assertLength(key, BLOCK, 'AES key');
  if (data.length % BLOCK !== 0)
    throw new RangeError(`AES-CBC data must be whole blocks, got ${data.length} bytes`);
  const cipher =
    mode === 'encrypt'
      ? createCipheriv('aes-128-cbc', key, iv)
      : createDecipheriv('aes-128-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

function aesEcbBlock(key: Uint8Array, block: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

/** SesAuthENCKey and SesAuthMACKey from the authentication key and the two random numbers. */
export function authSessionKeys(
  key: Uint8Array,
  rndA: Uint8Array,
  rndB: Uint8Array,
): { encKey: Buffer; macKey: Buffer } {
  assertLength(key, BLOCK, 'key');
  assertLength(rndA, BLOCK, 'RndA');
  assertLength(rndB, BLOCK, 'RndB');
  const mixed = Buffer.alloc(6);
  for (let i = 0; i < 6; i++) mixed[i] = (rndA[2 + i] ?? 0) ^ (rndB[i] ?? 0);
  const context = Buffer.concat([
    rndA.subarray(0, 2),
    mixed,
    rndB.subarray(6, 16),
    rndA.subarray(8, 16),
  ]);
  return {
    encKey: aesCmac(key, Buffer.concat([SV1_PREFIX, context])),
    macKey: aesCmac(key, Buffer.concat([SV2_PREFIX, context])),
  };
}

function counterBytes(cmdCtr: number): Buffer {
  if (!Number.isInteger(cmdCtr) || cmdCtr < 0 || cmdCtr > MAX_CMD_CTR)
    throw new RangeError(`CmdCtr must be an integer in 0..${MAX_CMD_CTR}, got ${cmdCtr}`);
  const out = Buffer.alloc(2);
  out.writeUInt16LE(cmdCtr, 0);
  return out;
}

/** IV of an encrypted command (A5 5A) or response (5A A5) at this command counter. */
export function sessionIv(
  direction: 'command' | 'response',
  encKey: Uint8Array,
  ti: Uint8Array,
  cmdCtr: number,
): Buffer {
  assertLength(ti, 4, 'TI');
  return aesEcbBlock(
    encKey,
    Buffer.concat([
      direction === 'command' ? CMD_IV_PREFIX : RESP_IV_PREFIX,
      ti,
      counterBytes(cmdCtr),
      Buffer.alloc(8),
    ]),
  );
}

/** ISO/IEC 9797-1 padding method 2: 0x80 then zeros to a whole block (always at least one byte). */
export function padM2(data: Uint8Array): Buffer {
  const length = (Math.floor(data.length / BLOCK) + 1) * BLOCK;
  const out = Buffer.alloc(length);
  Buffer.from(data).copy(out);
  out[data.length] = 0x80;
  return out;
}

/** Removes method-2 padding; null when the padding is malformed (wrong key or tampering). */
export function unpadM2(data: Uint8Array): Buffer | null {
  for (let i = data.length - 1; i >= Math.max(0, data.length - BLOCK); i--) {
    const byte = data[i];
    if (byte === 0x80) return Buffer.from(data.subarray(0, i));
    if (byte !== 0x00) return null;
  }
  return null;
}

/** MACt of a command: Ins || CmdCtr || TI || header || data. */
export function commandMac(
  macKey: Uint8Array,
  ins: number,
  cmdCtr: number,
  ti: Uint8Array,
  headerAndData: Uint8Array,
): Buffer {
  return truncateMac(
    aesCmac(macKey, Buffer.concat([Buffer.from([ins]), counterBytes(cmdCtr), ti, headerAndData])),
  );
}

/** MACt of a response: RC || CmdCtr (already incremented) || TI || data. */
export function responseMac(
  macKey: Uint8Array,
  returnCode: number,
  cmdCtr: number,
  ti: Uint8Array,
  data: Uint8Array,
): Buffer {
  return truncateMac(
    aesCmac(macKey, Buffer.concat([Buffer.from([returnCode]), counterBytes(cmdCtr), ti, data])),
  );
}

/**
 * CRC32 as NTAG 424 DNA wants it in ChangeKey: the IEEE 802.3 polynomial, initial value FFFFFFFF,
 * no final inversion (so the bitwise NOT of zlib's CRC-32), least significant byte first.
 */
export function nxpCrc32(data: Uint8Array): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE((crc32(data) ^ 0xffffffff) >>> 0, 0);
  return out;
}

/**
 * The plaintext of ChangeKey (before padding): the new key and its version when the key being
 * changed is the session's own; otherwise (new ⊕ old) || version || CRC32(new), so the card can check
 * that the caller knew the old key.
 */
export function changeKeyPlaintext(params: {
  readonly keyNo: number;
  readonly authKeyNo: number;
  readonly newKey: Uint8Array;
  readonly newKeyVersion: number;
  /** Needed when `keyNo` is not the session's key. */
  readonly oldKey?: Uint8Array;
}): Buffer {
  const { keyNo, authKeyNo, newKey, newKeyVersion, oldKey } = params;
  assertLength(newKey, BLOCK, 'new key');
  if (!Number.isInteger(newKeyVersion) || newKeyVersion < 0 || newKeyVersion > 255)
    throw new RangeError(`key version must be an integer in 0..255, got ${newKeyVersion}`);
  const version = Buffer.from([newKeyVersion]);
  if (keyNo === authKeyNo) return Buffer.concat([newKey, version]);
  if (oldKey === undefined)
    throw new RangeError(
      `changing key ${keyNo} in a session of key ${authKeyNo} needs its old key`,
    );
  assertLength(oldKey, BLOCK, 'old key');
  const xored = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) xored[i] = (newKey[i] ?? 0) ^ (oldKey[i] ?? 0);
  return Buffer.concat([xored, version, nxpCrc32(newKey)]);
}

export type ParsedChangeKey =
  | { readonly ok: true; readonly newKey: Buffer; readonly newKeyVersion: number }
  | { readonly ok: false };

/** The card's side of `changeKeyPlaintext`: recovers the new key, checking the CRC when present. */
export function parseChangeKeyPlaintext(params: {
  readonly keyNo: number;
  readonly authKeyNo: number;
  readonly plaintext: Uint8Array;
  readonly currentKey: Uint8Array;
}): ParsedChangeKey {
  const { keyNo, authKeyNo, plaintext, currentKey } = params;
  if (keyNo === authKeyNo) {
    if (plaintext.length !== BLOCK + 1) return { ok: false };
    return {
      ok: true,
      newKey: Buffer.from(plaintext.subarray(0, BLOCK)),
      newKeyVersion: plaintext[BLOCK] ?? 0,
    };
  }
  if (plaintext.length !== BLOCK + 5) return { ok: false };
  const newKey = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) newKey[i] = (plaintext[i] ?? 0) ^ (currentKey[i] ?? 0);
  const crc = plaintext.subarray(BLOCK + 1, BLOCK + 5);
  if (!timingSafeEqual(crc, nxpCrc32(newKey))) return { ok: false };
  return { ok: true, newKey, newKeyVersion: plaintext[BLOCK] ?? 0 };
}

/** Encrypts command data (padded) for CommMode.FULL at the session's current counter. */
export function encryptCommandData(session: Ev2Session, data: Uint8Array): Buffer {
  return aesCbc(
    'encrypt',
    session.encKey,
    padM2(data),
    sessionIv('command', session.encKey, session.ti, session.cmdCtr),
  );
}

/** The card's side: decrypts and unpads FULL command data; null when it does not decrypt cleanly. */
export function decryptCommandData(session: Ev2Session, encrypted: Uint8Array): Buffer | null {
  if (encrypted.length === 0 || encrypted.length % BLOCK !== 0) return null;
  return unpadM2(
    aesCbc(
      'decrypt',
      session.encKey,
      encrypted,
      sessionIv('command', session.encKey, session.ti, session.cmdCtr),
    ),
  );
}

/** Encrypts response data (the card's side); `cmdCtr` is the already incremented counter. */
export function encryptResponseData(session: Ev2Session, data: Uint8Array): Buffer {
  return aesCbc(
    'encrypt',
    session.encKey,
    padM2(data),
    sessionIv('response', session.encKey, session.ti, session.cmdCtr),
  );
}

/** The reader's side: decrypts FULL response data once the counter has been incremented. */
export function decryptResponseData(session: Ev2Session, encrypted: Uint8Array): Buffer | null {
  if (encrypted.length % BLOCK !== 0) return null;
  if (encrypted.length === 0) return Buffer.alloc(0);
  return unpadM2(
    aesCbc(
      'decrypt',
      session.encKey,
      encrypted,
      sessionIv('response', session.encKey, session.ti, session.cmdCtr),
    ),
  );
}

/** Constant-time comparison of two MACs. */
export function macEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
