/**
 * Per-card keys: NXP AN10922 ("Symmetric key diversifications"), section 2.2, AES-128.
 *
 * Diversified key = CMAC-like MAC under the master key K of D = 0x01 || M, where M (1 to 31 bytes)
 * is the diversification input (here: the card's UID and a label). D is always padded to 32 bytes
 * (0x80 then zeros) and its last block XORed with the CMAC subkey K2; when D is exactly 32 bytes
 * nothing is padded and K1 is used. This differs from plain AES-CMAC of D, which would pad to one
 * block only, so it is computed here with the subkeys of NIST SP 800-38B and AES from node:crypto.
 * Checked against AN10922's own example (section 2.2.1) in `diversify.test.ts`.
 */
import { createCipheriv } from 'node:crypto';

const BLOCK = 16;
const AES128_DIV_CONSTANT = 0x01;
/** Largest diversification input AN10922 allows for AES-128 (two blocks less the constant byte). */
export const MAX_DIVERSIFICATION_INPUT = 2 * BLOCK - 1;

function aesEncryptBlocks(key: Uint8Array, data: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-128-cbc', key, Buffer.alloc(BLOCK));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

function shiftLeftOne(block: Uint8Array): Buffer {
  const out = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    out[i] = ((block[i] ?? 0) << 1) | (i + 1 < BLOCK ? (block[i + 1] ?? 0) >> 7 : 0);
  }
  if (((block[0] ?? 0) & 0x80) !== 0) out[BLOCK - 1] = (out[BLOCK - 1] ?? 0) ^ 0x87;
  return out;
}

/** CMAC subkeys K1, K2 of NIST SP 800-38B. */
function subkeys(key: Uint8Array): { k1: Buffer; k2: Buffer } {
  const l = aesEncryptBlocks(key, Buffer.alloc(BLOCK));
  const k1 = shiftLeftOne(l);
  return { k1, k2: shiftLeftOne(k1) };
}

/** AN10922 AES-128 diversification of `masterKey` with the input `m` (1..31 bytes). */
export function diversifyAes128(masterKey: Uint8Array, m: Uint8Array): Buffer {
  if (masterKey.length !== BLOCK)
    throw new RangeError(`master key must be 16 bytes (AES-128), got ${masterKey.length}`);
  if (m.length < 1 || m.length > MAX_DIVERSIFICATION_INPUT) {
    throw new RangeError(
      `diversification input must be 1..${MAX_DIVERSIFICATION_INPUT} bytes, got ${m.length}`,
    );
  }
  const { k1, k2 } = subkeys(masterKey);
  const d = Buffer.alloc(2 * BLOCK);
  d[0] = AES128_DIV_CONSTANT;
  Buffer.from(m).copy(d, 1);
  const padded = m.length + 1 < 2 * BLOCK;
  if (padded) d[m.length + 1] = 0x80;
  const subkey = padded ? k2 : k1;
  for (let i = 0; i < BLOCK; i++) d[BLOCK + i] = (d[BLOCK + i] ?? 0) ^ (subkey[i] ?? 0);
  return aesEncryptBlocks(masterKey, d).subarray(BLOCK, 2 * BLOCK);
}

/** Label in the diversification input of a card's SDM file-read key ("QN" + "FR", file read). */
const FILE_READ_LABEL = Buffer.from('QNFR', 'ascii');

/**
 * The SDM file-read key (K_SDMFileRead) of one card: AN10922 diversification of the province master
 * key with M = UID (7 bytes) || "QNFR" || key version (1 byte). A new key version (after a master key
 * rotation) gives every card a new key; the version is stored with the card.
 */
export function cardFileReadKey(
  masterKey: Uint8Array,
  uid: Uint8Array,
  keyVersion: number,
): Buffer {
  if (uid.length !== 7) throw new RangeError(`UID must be 7 bytes, got ${uid.length}`);
  if (!Number.isInteger(keyVersion) || keyVersion < 0 || keyVersion > 255) {
    throw new RangeError(`key version must be an integer in 0..255, got ${keyVersion}`);
  }
  return diversifyAes128(
    masterKey,
    Buffer.concat([uid, FILE_READ_LABEL, Buffer.from([keyVersion])]),
  );
}

/** Labels of the diversified keys of a card, by key number (key 1, the meta-read key, is province-wide). */
const KEY_LABELS: Readonly<Record<number, Buffer>> = {
  0: Buffer.from('QNAM', 'ascii'),
  2: FILE_READ_LABEL,
  3: Buffer.from('QNK3', 'ascii'),
  4: Buffer.from('QNK4', 'ascii'),
};

/**
 * The five AES keys a province card holds at one key version, by key number (NTAG 424 DNA keys
 * 0..4): key 1 is the province-wide K_SDMMetaRead; keys 0, 2, 3 and 4 are AN10922 diversifications of
 * the master key with M = UID || label || key version, so a leaked card reveals only that card.
 * Key 2 is `cardFileReadKey`. Computed by the API only: the master key never leaves it.
 */
export function cardKeySet(params: {
  readonly masterKey: Uint8Array;
  readonly metaReadKey: Uint8Array;
  readonly uid: Uint8Array;
  readonly keyVersion: number;
}): Buffer[] {
  const { masterKey, metaReadKey, uid, keyVersion } = params;
  if (metaReadKey.length !== 16)
    throw new RangeError(`meta-read key must be 16 bytes, got ${metaReadKey.length}`);
  // Validates the UID and the version once, with the same messages as cardFileReadKey.
  const fileRead = cardFileReadKey(masterKey, uid, keyVersion);
  return [0, 1, 2, 3, 4].map((keyNo) => {
    if (keyNo === 1) return Buffer.from(metaReadKey);
    if (keyNo === 2) return fileRead;
    const label = KEY_LABELS[keyNo] ?? Buffer.alloc(0);
    return diversifyAes128(masterKey, Buffer.concat([uid, label, Buffer.from([keyVersion])]));
  });
}

/** The keys of an NTAG 424 DNA as it leaves the factory: all zero, key version 0. */
export const FACTORY_KEY_VERSION = 0;
export function factoryKeySet(): Buffer[] {
  return [0, 1, 2, 3, 4].map(() => Buffer.alloc(16));
}
