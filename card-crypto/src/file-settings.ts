/**
 * NTAG 424 DNA file settings (NT4H2421Gx datasheet, ChangeFileSettings and GetFileSettings) for
 * the NDEF file with Secure Dynamic Messaging, as bytes and back:
 *
 *   FileOption (1) || AccessRights (2) || [SDMOptions (1) || SDMAccessRights (2) || offsets (3 each)]
 *
 * Access rights are 4-bit key numbers (0..4), 0xE (free) or 0xF (never). On the wire the two
 * access-right bytes are `ReadWrite|Change` then `Read|Write`, and the SDM ones `RFU|SDMCtrRet` then
 * `SDMMetaRead|SDMFileRead`; offsets are 3 bytes, least significant first. Which offsets are present
 * depends on the options (datasheet Table 69): the UID and counter offsets only when mirrored in
 * plain (SDMMetaRead = E), PICCDataOffset when SDMMetaRead is a key, the MAC offsets when
 * SDMFileRead is a key. Checked against AN12196 Table 18 (`4000E0C1F121200000430000430000`).
 */

export const ACCESS_FREE = 0xe;
export const ACCESS_NEVER = 0xf;

export type CommModeBits = 'plain' | 'mac' | 'full';

export interface AccessRights {
  readonly read: number;
  readonly write: number;
  readonly readWrite: number;
  readonly change: number;
}

export interface SdmSettings {
  readonly mirrorUid: boolean;
  readonly mirrorReadCounter: boolean;
  /** SDMReadCtrLimit present (not used by us; decoded so a card that has one is understood). */
  readonly readCounterLimit?: number;
  /** SDMENCFileData: part of the file encrypted in the mirror. */
  readonly encryptFileData: boolean;
  readonly asciiEncoding: boolean;
  readonly counterRetrieval: number;
  readonly metaRead: number;
  readonly fileRead: number;
  readonly uidOffset?: number;
  readonly readCounterOffset?: number;
  readonly piccDataOffset?: number;
  readonly macInputOffset?: number;
  readonly encOffset?: number;
  readonly encLength?: number;
  readonly macOffset?: number;
}

export interface FileSettings {
  readonly commMode: CommModeBits;
  readonly access: AccessRights;
  readonly sdm?: SdmSettings;
}

export class FileSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileSettingsError';
  }
}

const COMM_MODE_BITS: Record<CommModeBits, number> = { plain: 0b00, mac: 0b01, full: 0b11 };

function nibble(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xf || (value > 4 && value < 0xe))
    throw new FileSettingsError(
      `${name} must be a key number 0..4, E (free) or F (never); got ${value}`,
    );
  return value;
}

function offset3(value: number | undefined, name: string): Buffer {
  if (value === undefined) throw new FileSettingsError(`${name} is required by these SDM options`);
  if (!Number.isInteger(value) || value < 0 || value > 0xffffff)
    throw new FileSettingsError(`${name} must fit in 3 bytes, got ${value}`);
  const out = Buffer.alloc(3);
  out.writeUIntLE(value, 0, 3);
  return out;
}

function accessBytes(access: AccessRights): Buffer {
  return Buffer.from([
    (nibble(access.readWrite, 'ReadWrite') << 4) | nibble(access.change, 'Change'),
    (nibble(access.read, 'Read') << 4) | nibble(access.write, 'Write'),
  ]);
}

/** The settings as ChangeFileSettings sends them (and GetFileSettings returns them, after FileType and size). */
export function encodeFileSettings(settings: FileSettings): Buffer {
  const sdm = settings.sdm;
  const fileOption = COMM_MODE_BITS[settings.commMode] | (sdm ? 0x40 : 0);
  const parts: Buffer[] = [Buffer.from([fileOption]), accessBytes(settings.access)];
  if (!sdm) return Buffer.concat(parts);
  const options =
    (sdm.mirrorUid ? 0x80 : 0) |
    (sdm.mirrorReadCounter ? 0x40 : 0) |
    (sdm.readCounterLimit !== undefined ? 0x20 : 0) |
    (sdm.encryptFileData ? 0x10 : 0) |
    (sdm.asciiEncoding ? 0x01 : 0);
  parts.push(
    Buffer.from([
      options,
      0xf0 | nibble(sdm.counterRetrieval, 'SDMCtrRet'),
      (nibble(sdm.metaRead, 'SDMMetaRead') << 4) | nibble(sdm.fileRead, 'SDMFileRead'),
    ]),
  );
  if (sdm.metaRead === ACCESS_FREE) {
    if (sdm.mirrorUid) parts.push(offset3(sdm.uidOffset, 'UIDOffset'));
    if (sdm.mirrorReadCounter) parts.push(offset3(sdm.readCounterOffset, 'SDMReadCtrOffset'));
  } else if (sdm.metaRead <= 4) {
    parts.push(offset3(sdm.piccDataOffset, 'PICCDataOffset'));
  }
  if (sdm.fileRead !== ACCESS_NEVER) {
    parts.push(offset3(sdm.macInputOffset, 'SDMMACInputOffset'));
    if (sdm.encryptFileData) {
      parts.push(offset3(sdm.encOffset, 'SDMENCOffset'), offset3(sdm.encLength, 'SDMENCLength'));
    }
    parts.push(offset3(sdm.macOffset, 'SDMMACOffset'));
  }
  if (sdm.readCounterLimit !== undefined)
    parts.push(offset3(sdm.readCounterLimit, 'SDMReadCtrLimit'));
  return Buffer.concat(parts);
}

/** Parses what `encodeFileSettings` writes; throws FileSettingsError on anything malformed. */
export function decodeFileSettings(bytes: Uint8Array): FileSettings {
  const data = Buffer.from(bytes);
  let at = 0;
  const take = (length: number, name: string): Buffer => {
    if (at + length > data.length)
      throw new FileSettingsError(`file settings end before ${name} (byte ${at})`);
    const out = data.subarray(at, at + length);
    at += length;
    return out;
  };
  const fileOption = take(1, 'FileOption')[0] ?? 0;
  const commBits = fileOption & 0b11;
  const commMode: CommModeBits = commBits === 0b01 ? 'mac' : commBits === 0b11 ? 'full' : 'plain';
  const [rwChange = 0, readWrite = 0] = take(2, 'AccessRights');
  const access: AccessRights = {
    readWrite: rwChange >> 4,
    change: rwChange & 0xf,
    read: readWrite >> 4,
    write: readWrite & 0xf,
  };
  if ((fileOption & 0x40) === 0) {
    if (at !== data.length)
      throw new FileSettingsError(`${data.length - at} unexpected byte(s) after the access rights`);
    return { commMode, access };
  }
  const options = take(1, 'SDMOptions')[0] ?? 0;
  const [rfuCtr = 0, metaFile = 0] = take(2, 'SDMAccessRights');
  const metaRead = metaFile >> 4;
  const fileRead = metaFile & 0xf;
  const read3 = (name: string): number => take(3, name).readUIntLE(0, 3);
  const mirrorUid = (options & 0x80) !== 0;
  const mirrorReadCounter = (options & 0x40) !== 0;
  const hasLimit = (options & 0x20) !== 0;
  const encryptFileData = (options & 0x10) !== 0;
  const sdm: {
    -readonly [K in keyof SdmSettings]: SdmSettings[K];
  } = {
    mirrorUid,
    mirrorReadCounter,
    encryptFileData,
    asciiEncoding: (options & 0x01) !== 0,
    counterRetrieval: rfuCtr & 0xf,
    metaRead,
    fileRead,
  };
  if (metaRead === ACCESS_FREE) {
    if (mirrorUid) sdm.uidOffset = read3('UIDOffset');
    if (mirrorReadCounter) sdm.readCounterOffset = read3('SDMReadCtrOffset');
  } else if (metaRead <= 4) {
    sdm.piccDataOffset = read3('PICCDataOffset');
  }
  if (fileRead !== ACCESS_NEVER) {
    sdm.macInputOffset = read3('SDMMACInputOffset');
    if (encryptFileData) {
      sdm.encOffset = read3('SDMENCOffset');
      sdm.encLength = read3('SDMENCLength');
    }
    sdm.macOffset = read3('SDMMACOffset');
  }
  if (hasLimit) sdm.readCounterLimit = read3('SDMReadCtrLimit');
  if (at !== data.length)
    throw new FileSettingsError(`${data.length - at} unexpected byte(s) after the SDM settings`);
  return { commMode, access, sdm };
}

/** Whether two settings say the same thing (compared through their encoding). */
export function sameFileSettings(a: FileSettings, b: FileSettings): boolean {
  return encodeFileSettings(a).equals(encodeFileSettings(b));
}

/** The NDEF file (file 02) of an NTAG 424 DNA as it leaves the factory: plain, free read and write, change with key 0. */
export const FACTORY_NDEF_FILE_SETTINGS: FileSettings = {
  commMode: 'plain',
  access: { read: ACCESS_FREE, write: ACCESS_FREE, readWrite: ACCESS_FREE, change: 0 },
};

/** GetFileSettings' answer: FileType || FileOption || AccessRights || FileSize (3) || SDM settings. */
export function encodeFileSettingsResponse(settings: FileSettings, fileSize: number): Buffer {
  const encoded = encodeFileSettings(settings);
  const size = Buffer.alloc(3);
  size.writeUIntLE(fileSize, 0, 3);
  return Buffer.concat([Buffer.from([0x00]), encoded.subarray(0, 3), size, encoded.subarray(3)]);
}

export function decodeFileSettingsResponse(bytes: Uint8Array): {
  fileType: number;
  fileSize: number;
  settings: FileSettings;
} {
  const data = Buffer.from(bytes);
  if (data.length < 7)
    throw new FileSettingsError(`GetFileSettings answer too short (${data.length} bytes)`);
  return {
    fileType: data[0] ?? 0,
    fileSize: data.readUIntLE(4, 3),
    settings: decodeFileSettings(Buffer.concat([data.subarray(1, 4), data.subarray(7)])),
  };
}
