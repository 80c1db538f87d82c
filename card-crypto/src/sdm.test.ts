import { describe, expect, it } from '@jest/globals';
import { decodeUriMessage } from './ndef.js';
import { fromHex, toHex } from './hex.js';
import { mirrorSdm, NDEF_FILE_SIZE, SdmError, sunFileSettings, sunNdefTemplate } from './sdm.js';
import { encodeFileSettings } from './file-settings.js';
import { parseSunUrl, verifySun } from './sun.js';
import { cardKeySet, factoryKeySet } from './diversify.js';

function urlOf(file: Buffer): string {
  return decodeUriMessage(file.subarray(2, 2 + file.readUInt16BE(0)));
}

describe('SUN template and SDM mirror', () => {
  it('places PICCData and SDMMAC right after picc_data= and cmac=, with an empty MAC input', () => {
    const template = sunNdefTemplate('https://the.qn.health/c');
    expect(template.url).toBe(
      `https://the.qn.health/c?picc_data=${'0'.repeat(32)}&cmac=${'0'.repeat(16)}`,
    );
    expect(
      template.file
        .subarray(template.piccDataOffset - 10, template.piccDataOffset)
        .toString('latin1'),
    ).toBe('picc_data=');
    expect(
      template.file.subarray(template.macOffset - 5, template.macOffset).toString('latin1'),
    ).toBe('cmac=');
    expect(template.macInputOffset).toBe(template.macOffset);
    expect(urlOf(template.file)).toBe(template.url);
  });

  it('mirrors the AN12196 Table 2 tap (UID 04DE5F1EACC040, counter 61, zero keys) byte for byte', () => {
    const template = sunNdefTemplate('https://choose.url.com/ntag424');
    const settings = sunFileSettings(template);
    const file = mirrorSdm({
      file: template.file,
      sdm: settings.sdm!,
      uid: fromHex('04DE5F1EACC040'),
      counter: 61,
      keys: factoryKeySet(),
      padding: fromHex('DA5CF60941'),
    });
    expect(parseSunUrl(urlOf(file))).toMatchObject({
      piccData: 'EF963FF7828658A599F3041510671E88',
      cmac: '94EED9EE65337086',
    });
  });

  it('mirrors a SUN that verifies with the card keys of a personalised card', () => {
    const uid = fromHex('04A1B2C3D4E5F6');
    const keys = cardKeySet({
      masterKey: fromHex('00112233445566778899AABBCCDDEEFF'),
      metaReadKey: fromHex('42AFF114F2CB3B6141BE6DC95DFC5416'),
      uid,
      keyVersion: 2,
    });
    const template = sunNdefTemplate('https://the.qn.health/c');
    const file = mirrorSdm({
      file: template.file,
      sdm: sunFileSettings(template).sdm!,
      uid,
      counter: 9,
      keys,
    });
    const sun = parseSunUrl(urlOf(file))!;
    expect(verifySun(sun, { metaRead: keys[1]!, fileRead: keys[2]! })).toEqual({
      ok: true,
      uid: '04A1B2C3D4E5F6',
      counter: 9,
    });
  });

  it('turns SUN on with key 1 for PICCData, key 2 for the MAC, free read and key 0 for the rest', () => {
    const template = sunNdefTemplate('https://the.qn.health/c');
    const bytes = encodeFileSettings(sunFileSettings(template));
    expect(toHex(bytes.subarray(0, 6))).toBe('4000E0C1FF12');
  });

  it('refuses a base URL whose template would not fit the 256-byte NDEF file', () => {
    expect(() => sunNdefTemplate(`https://x.example/${'a'.repeat(NDEF_FILE_SIZE)}`)).toThrow(
      SdmError,
    );
  });
});

describe('cardKeySet', () => {
  const params = {
    masterKey: fromHex('A1B2C3D4E5F60718293A4B5C6D7E8F90'),
    metaReadKey: fromHex('0102030405060708090A0B0C0D0E0F10'),
    uid: fromHex('04DE5F1EACC040'),
  };

  it('gives five distinct keys with the province meta-read key as key 1', () => {
    const keys = cardKeySet({ ...params, keyVersion: 1 });
    expect(keys).toHaveLength(5);
    expect(toHex(keys[1]!)).toBe('0102030405060708090A0B0C0D0E0F10');
    expect(new Set(keys.map(toHex)).size).toBe(5);
  });

  it('changes every key but the meta-read key when the key version changes', () => {
    const v1 = cardKeySet({ ...params, keyVersion: 1 }).map(toHex);
    const v2 = cardKeySet({ ...params, keyVersion: 2 }).map(toHex);
    expect(v1.map((key, i) => key === v2[i])).toEqual([false, true, false, false, false]);
  });
});
