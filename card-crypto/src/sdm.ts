/**
 * Secure Dynamic Messaging on the NDEF file: the template a card is personalised with, and what
 * the card puts in it on each read (AN12196 section 3, NT4H2421Gx section 9.3).
 *
 * The template is an NDEF URI record `…?picc_data=000…0&cmac=000…0`; SDM then overwrites the 32
 * zeros at PICCDataOffset with the encrypted PICCData and the 16 at SDMMACOffset with the SDMMAC,
 * both as upper-case ASCII hex. SDMMACInputOffset equals SDMMACOffset, so the MAC input is empty,
 * which is what `verifySun` checks.
 */
import { randomBytes } from 'node:crypto';
import { ACCESS_FREE, ACCESS_NEVER, type FileSettings, type SdmSettings } from './file-settings.js';
import { encodeNdefFile, encodeUriMessage, NdefError } from './ndef.js';
import { aesCbc } from './ev2.js';
import { aesCmac, MAX_SDM_READ_COUNTER, truncateMac } from './sun.js';
import { toHex } from './hex.js';

/** Size of the NDEF file (file 02, E104) of an NTAG 424 DNA. */
export const NDEF_FILE_SIZE = 256;
/** File number of the NDEF file in native commands (ISO file id E104). */
export const NDEF_FILE_NO = 0x02;

const PICC_PLACEHOLDER = '0'.repeat(32);
const MAC_PLACEHOLDER = '0'.repeat(16);

/** Key numbers of a province card (NTAG 424 DNA keys 0..4). */
export const CARD_KEY_NO = {
  /** Application master key: changes keys and file settings. Diversified per card. */
  appMaster: 0,
  /** K_SDMMetaRead: encrypts PICCData. Province-wide (the API must decrypt before it knows the card). */
  sdmMetaRead: 1,
  /** K_SDMFileRead: the SDMMAC key. Diversified per card. */
  sdmFileRead: 2,
  /** Not used by SDM; diversified per card so no factory key stays on an issued card. */
  spare3: 3,
  spare4: 4,
} as const;
export const CARD_KEY_COUNT = 5;

export interface SunTemplate {
  /** The URL with zero placeholders, as it reads before the first tap. */
  readonly url: string;
  /** The whole NDEF file content to write (NLEN then the message), at most 256 bytes. */
  readonly file: Buffer;
  readonly piccDataOffset: number;
  readonly macInputOffset: number;
  readonly macOffset: number;
}

export class SdmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SdmError';
  }
}

/** The NDEF file a card is personalised with for SUN URLs under `baseUrl`. */
export function sunNdefTemplate(baseUrl: string): SunTemplate {
  const separator = baseUrl.includes('?') ? '&' : '?';
  const url = `${baseUrl}${separator}picc_data=${PICC_PLACEHOLDER}&cmac=${MAC_PLACEHOLDER}`;
  let file: Buffer;
  try {
    file = encodeNdefFile(encodeUriMessage(url));
  } catch (error) {
    if (error instanceof NdefError)
      throw new SdmError(`SUN URL too long for the NDEF file: ${error.message}`);
    throw error;
  }
  if (file.length > NDEF_FILE_SIZE)
    throw new SdmError(
      `SUN URL too long: the NDEF file would be ${file.length} bytes (max ${NDEF_FILE_SIZE})`,
    );
  const piccDataOffset =
    file.indexOf(`picc_data=${PICC_PLACEHOLDER}`, 0, 'latin1') + 'picc_data='.length;
  const macOffset =
    file.lastIndexOf(`cmac=${MAC_PLACEHOLDER}`, undefined, 'latin1') + 'cmac='.length;
  return { url, file, piccDataOffset, macInputOffset: macOffset, macOffset };
}

/** The file settings that turn SUN on over `template`: keys as in CARD_KEY_NO, read free, the rest key 0. */
export function sunFileSettings(
  template: Pick<SunTemplate, 'piccDataOffset' | 'macInputOffset' | 'macOffset'>,
): FileSettings {
  return {
    commMode: 'plain',
    access: {
      read: ACCESS_FREE,
      write: CARD_KEY_NO.appMaster,
      readWrite: CARD_KEY_NO.appMaster,
      change: CARD_KEY_NO.appMaster,
    },
    sdm: {
      mirrorUid: true,
      mirrorReadCounter: true,
      encryptFileData: false,
      asciiEncoding: true,
      counterRetrieval: ACCESS_NEVER,
      metaRead: CARD_KEY_NO.sdmMetaRead,
      fileRead: CARD_KEY_NO.sdmFileRead,
      piccDataOffset: template.piccDataOffset,
      macInputOffset: template.macInputOffset,
      macOffset: template.macOffset,
    },
  };
}

/**
 * Refuses SDM settings this implementation cannot mirror, or whose mirrors do not fit the file:
 * the card answers PARAMETER_ERROR to those. Returns the reason, or null when they are fine.
 */
export function sdmSettingsProblem(
  sdm: SdmSettings,
  fileSize: number = NDEF_FILE_SIZE,
): string | null {
  if (!sdm.asciiEncoding) return 'SDM needs ASCII encoding';
  if (sdm.encryptFileData) return 'SDMENCFileData is not supported';
  const fits = (offset: number | undefined, length: number): boolean =>
    offset !== undefined && offset + length <= fileSize;
  if (sdm.metaRead <= 4) {
    if (!sdm.mirrorUid && !sdm.mirrorReadCounter)
      return 'PICCData needs the UID or the counter mirrored';
    if (!fits(sdm.piccDataOffset, 32)) return 'PICCData does not fit the file';
  } else if (sdm.metaRead === ACCESS_FREE) {
    if (sdm.mirrorUid && !fits(sdm.uidOffset, 14)) return 'UID mirror does not fit the file';
    if (sdm.mirrorReadCounter && !fits(sdm.readCounterOffset, 6))
      return 'counter mirror does not fit the file';
  }
  if (sdm.fileRead <= 4) {
    if (!fits(sdm.macOffset, 16)) return 'SDMMAC does not fit the file';
    if ((sdm.macInputOffset ?? 0) > (sdm.macOffset ?? 0))
      return 'SDMMACInputOffset is after SDMMACOffset';
  }
  return null;
}

function counterLe(counter: number): Buffer {
  const out = Buffer.alloc(3);
  out.writeUIntLE(counter, 0, 3);
  return out;
}

export interface MirrorParams {
  /** The file as stored (the template). */
  readonly file: Uint8Array;
  readonly sdm: SdmSettings;
  /** 7-byte UID. */
  readonly uid: Uint8Array;
  /** SDMReadCtr of this read. */
  readonly counter: number;
  /** The card's keys by number. */
  readonly keys: readonly Uint8Array[];
  /** Random padding of PICCData; random when omitted, as the chip does. */
  readonly padding?: Uint8Array;
}

/** The file as a read returns it with SDM on: PICCData (or plain UID and counter) and SDMMAC mirrored in. */
export function mirrorSdm({ file, sdm, uid, counter, keys, padding }: MirrorParams): Buffer {
  const problem = sdmSettingsProblem(sdm, file.length);
  if (problem !== null) throw new SdmError(problem);
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_SDM_READ_COUNTER)
    throw new SdmError(`SDMReadCtr out of range: ${counter}`);
  const out = Buffer.from(file);
  const key = (keyNo: number): Uint8Array => {
    const value = keys[keyNo];
    if (value === undefined) throw new SdmError(`no key ${keyNo}`);
    return value;
  };
  const writeAscii = (offset: number | undefined, bytes: Uint8Array): void => {
    out.write(toHex(bytes), offset ?? 0, 'latin1');
  };
  if (sdm.metaRead <= 4) {
    const tag =
      (sdm.mirrorUid ? 0x80 : 0) |
      (sdm.mirrorReadCounter ? 0x40 : 0) |
      (sdm.mirrorUid ? uid.length : 0);
    const plain = Buffer.concat([
      Buffer.from([tag]),
      sdm.mirrorUid ? uid : Buffer.alloc(0),
      sdm.mirrorReadCounter ? counterLe(counter) : Buffer.alloc(0),
    ]);
    const block = Buffer.concat([plain, padding ?? randomBytes(16 - plain.length)]).subarray(0, 16);
    writeAscii(sdm.piccDataOffset, aesCbc('encrypt', key(sdm.metaRead), block));
  } else if (sdm.metaRead === ACCESS_FREE) {
    if (sdm.mirrorUid) writeAscii(sdm.uidOffset, uid);
    if (sdm.mirrorReadCounter) {
      const big = Buffer.alloc(3);
      big.writeUIntBE(counter, 0, 3);
      writeAscii(sdm.readCounterOffset, big);
    }
  }
  if (sdm.fileRead <= 4) {
    const sv2 = Buffer.concat([
      Buffer.from('3CC300010080', 'hex'),
      sdm.mirrorUid ? uid : Buffer.alloc(0),
      sdm.mirrorReadCounter ? counterLe(counter) : Buffer.alloc(0),
    ]);
    // SV2 is zero-padded to a whole block when not both UID and counter are mirrored.
    const padded = Buffer.concat([sv2, Buffer.alloc((16 - (sv2.length % 16)) % 16)]);
    const sessionKey = aesCmac(key(sdm.fileRead), padded);
    const input = out.subarray(sdm.macInputOffset ?? 0, sdm.macOffset ?? 0);
    writeAscii(sdm.macOffset, truncateMac(aesCmac(sessionKey, input)));
  }
  return out;
}
