import { describe, expect, it } from '@jest/globals';
import {
  aesCmac,
  buildSunUrl,
  computeSdmMac,
  decryptPiccData,
  encryptPiccData,
  parseSunUrl,
  sessionMacKey,
  truncateMac,
  verifySun,
} from './sun.js';
import { fromHex, toHex } from './hex.js';

// Published vectors: NXP AN12196 (NTAG 424 DNA features and hints), all-zero factory keys unless stated.
const ZERO = new Uint8Array(16);
const zeroKeys = { metaRead: ZERO, fileRead: ZERO };

describe('SUN (AN12196)', () => {
  it('matches the NIST SP 800-38B AES-128 CMAC examples when used as plain AES-CMAC', () => {
    const key = fromHex('2B7E151628AED2A6ABF7158809CF4F3C');
    expect(toHex(aesCmac(key, new Uint8Array(0)))).toBe('BB1D6929E95937287FA37D129B756746');
    expect(toHex(aesCmac(key, fromHex('6BC1BEE22E409F96E93D7E117393172A')))).toBe(
      '070A16B46B4D4144F79BDD9DD04A287C',
    );
  });

  it('decrypts PICCData to UID 04DE5F1EACC040 and counter 61 when given the Table 2 vector', () => {
    const picc = decryptPiccData(ZERO, fromHex('EF963FF7828658A599F3041510671E88'));
    expect(picc).not.toBeNull();
    expect(toHex(picc!.uid)).toBe('04DE5F1EACC040');
    expect(picc!.counter).toBe(61);
  });

  it('re-encrypts the Table 2 plaintext byte for byte when given its padding', () => {
    const encrypted = encryptPiccData(ZERO, fromHex('04DE5F1EACC040'), 61, fromHex('DA5CF60941'));
    expect(toHex(encrypted)).toBe('EF963FF7828658A599F3041510671E88');
  });

  it('derives the Table 4 session MAC key and SDMMAC 94EED9EE65337086 for an empty MAC input', () => {
    const uid = fromHex('04DE5F1EACC040');
    expect(toHex(sessionMacKey(ZERO, uid, 61))).toBe('3FB5F6E3A807A03D5E3570ACE393776F');
    expect(toHex(aesCmac(sessionMacKey(ZERO, uid, 61), new Uint8Array(0)))).toBe(
      'E194C7EE12D9F7EE8A65C8331B704386',
    );
    expect(toHex(computeSdmMac(ZERO, uid, 61))).toBe('94EED9EE65337086');
  });

  it('derives the Table 1 session key when the file read key is not zero', () => {
    const key = fromHex('5ACE7E50AB65D5D51FD5BF5A16B8205B');
    expect(toHex(sessionMacKey(key, fromHex('04C767F2066180'), 1))).toBe(
      '3A3E8110E05311F7A3FCF0D969BF2B48',
    );
  });

  it('computes the Table 5 SDMMAC ECC1E7F6C6C73BF6 over a non-empty MAC input', () => {
    const picc = decryptPiccData(ZERO, fromHex('FD91EC264309878BE6345CBE53BADF40'));
    expect(toHex(picc!.uid)).toBe('04958CAA5C5E80');
    expect(picc!.counter).toBe(8);
    expect(toHex(sessionMacKey(ZERO, picc!.uid, 8))).toBe('3ED0920E5E6A0320D823D5987FEAFBB1');
    const input = Buffer.from('CEE9A53E3E463EF1F459635736738962&cmac=', 'ascii');
    expect(toHex(computeSdmMac(ZERO, picc!.uid, 8, input))).toBe('ECC1E7F6C6C73BF6');
  });

  it('keeps the odd-indexed bytes when truncating a CMAC', () => {
    expect(toHex(truncateMac(fromHex('E194C7EE12D9F7EE8A65C8331B704386')))).toBe(
      '94EED9EE65337086',
    );
  });

  it('verifies the published picc_data/cmac pair and rejects a flipped CMAC bit', () => {
    expect(
      verifySun(
        { piccData: 'EF963FF7828658A599F3041510671E88', cmac: '94EED9EE65337086' },
        zeroKeys,
      ),
    ).toEqual({
      ok: true,
      uid: '04DE5F1EACC040',
      counter: 61,
    });
    expect(
      verifySun(
        { piccData: 'EF963FF7828658A599F3041510671E88', cmac: '94EED9EE65337087' },
        zeroKeys,
      ),
    ).toEqual({
      ok: false,
      reason: 'cmac',
    });
  });

  it('rejects PICCData when decrypted with the wrong meta-read key', () => {
    const keys = { metaRead: fromHex('00000000000000000000000000000001'), fileRead: ZERO };
    expect(
      verifySun({ piccData: 'EF963FF7828658A599F3041510671E88', cmac: '94EED9EE65337086' }, keys),
    ).toEqual({
      ok: false,
      reason: 'picc_data',
    });
  });

  it('builds a URL that parses back and verifies with non-zero keys', () => {
    const keys = {
      metaRead: fromHex('42AFF114F2CB3B6141BE6DC95DFC5416'),
      fileRead: fromHex('B62A9BAF092439BD43C62AEE96B970C5'),
    };
    const built = buildSunUrl({
      baseUrl: 'https://x.example/c',
      uid: fromHex('04A1B2C3D4E5F6'),
      counter: 12345,
      keys,
    });
    const parsed = parseSunUrl(built.url);
    expect(parsed).toEqual(built);
    expect(verifySun(parsed!, keys)).toEqual({ ok: true, uid: '04A1B2C3D4E5F6', counter: 12345 });
  });

  it('parses NXP short parameter names and upper-cases the hex', () => {
    const parsed = parseSunUrl(
      'https://ntag.nxp.com/424?e=ef963ff7828658a599f3041510671e88&c=94eed9ee65337086',
    );
    expect(parsed?.piccData).toBe('EF963FF7828658A599F3041510671E88');
    expect(parsed?.cmac).toBe('94EED9EE65337086');
  });

  it('returns null when the URL has no or malformed SUN parameters', () => {
    expect(parseSunUrl('https://example.com/')).toBeNull();
    expect(parseSunUrl('https://example.com/?picc_data=XYZ&cmac=94EED9EE65337086')).toBeNull();
    expect(parseSunUrl('not a url')).toBeNull();
  });

  it('refuses a counter beyond 24 bits', () => {
    expect(() => computeSdmMac(ZERO, fromHex('04DE5F1EACC040'), 0x1000000)).toThrow(RangeError);
  });
});
