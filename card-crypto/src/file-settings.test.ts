import { describe, expect, it } from '@jest/globals';
import {
  ACCESS_FREE,
  decodeFileSettings,
  decodeFileSettingsResponse,
  encodeFileSettings,
  encodeFileSettingsResponse,
  FACTORY_NDEF_FILE_SETTINGS,
  FileSettingsError,
  type FileSettings,
} from './file-settings.js';
import { fromHex, toHex } from './hex.js';

/** AN12196 Table 18: SDM on, UID and counter in PICCData under key 2, SDMMAC under key 1. */
const TABLE_18: FileSettings = {
  commMode: 'plain',
  access: { readWrite: 0, change: 0, read: ACCESS_FREE, write: 0 },
  sdm: {
    mirrorUid: true,
    mirrorReadCounter: true,
    encryptFileData: false,
    asciiEncoding: true,
    counterRetrieval: 1,
    metaRead: 2,
    fileRead: 1,
    piccDataOffset: 0x20,
    macInputOffset: 0x43,
    macOffset: 0x43,
  },
};

describe('NTAG 424 DNA file settings', () => {
  it('encodes the AN12196 Table 18 settings to 4000E0C1F121200000430000430000 and back', () => {
    const bytes = encodeFileSettings(TABLE_18);
    expect(toHex(bytes)).toBe('4000E0C1F121200000430000430000');
    expect(decodeFileSettings(bytes)).toEqual(TABLE_18);
  });

  it('decodes the GetFileSettings answer of AN12196 section 5.3 (encrypted file data, plain offsets)', () => {
    const { fileType, fileSize, settings } = decodeFileSettingsResponse(
      fromHex('0040EEEE000100D1FE001F00004400004400002000006A0000'),
    );
    expect({ fileType, fileSize }).toEqual({ fileType: 0, fileSize: 256 });
    expect(settings.sdm).toMatchObject({
      encryptFileData: true,
      counterRetrieval: ACCESS_FREE,
      metaRead: 0,
      fileRead: 0,
      piccDataOffset: 0x1f,
      macInputOffset: 0x44,
      encOffset: 0x44,
      encLength: 0x20,
      macOffset: 0x6a,
    });
    expect(toHex(encodeFileSettingsResponse(settings, fileSize))).toBe(
      '0040EEEE000100D1FE001F00004400004400002000006A0000',
    );
  });

  it('encodes the factory NDEF file as plain, free read and write, change with key 0', () => {
    expect(toHex(encodeFileSettings(FACTORY_NDEF_FILE_SETTINGS))).toBe('00E0EE');
  });

  it('refuses an access right that is neither a key 0..4 nor E or F', () => {
    expect(() =>
      encodeFileSettings({
        ...FACTORY_NDEF_FILE_SETTINGS,
        access: { ...FACTORY_NDEF_FILE_SETTINGS.access, read: 7 },
      }),
    ).toThrow(FileSettingsError);
  });

  it('refuses settings that end before the offsets their options call for', () => {
    expect(() => decodeFileSettings(fromHex('4000E0C1F12120'))).toThrow(FileSettingsError);
  });
});
