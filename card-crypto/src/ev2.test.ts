import { describe, expect, it } from '@jest/globals';
import {
  aesCbc,
  authSessionKeys,
  changeKeyPlaintext,
  commandMac,
  decryptCommandData,
  decryptResponseData,
  encryptCommandData,
  nxpCrc32,
  parseChangeKeyPlaintext,
  responseMac,
  rotateLeft,
  rotateRight,
  sessionIv,
  type Ev2Session,
} from './ev2.js';
import { fromHex, toHex } from './hex.js';

// Worked examples of NXP AN12196 ("NTAG 424 DNA and NTAG 424 DNA TagTamper features and hints").
const ZERO_KEY = new Uint8Array(16);

function session(ti: string, enc: string, mac: string, cmdCtr: number): Ev2Session {
  return { ti: fromHex(ti), encKey: fromHex(enc), macKey: fromHex(mac), keyNo: 0, cmdCtr };
}

describe('AuthenticateEV2First (AN12196 section 6.6, Table 14)', () => {
  const rndA = fromHex('13C5DB8A5930439FC3DEF9A4C675360F');
  const rndB = fromHex('B9E2FC789B64BF237CCCAA20EC7E6E48');

  it('decrypts the card challenge to RndB and answers with E(K, RndA || RndB rotated left)', () => {
    expect(toHex(aesCbc('decrypt', ZERO_KEY, fromHex('A04C124213C186F22399D33AC2A30215')))).toBe(
      toHex(rndB),
    );
    expect(toHex(aesCbc('encrypt', ZERO_KEY, Buffer.concat([rndA, rotateLeft(rndB)])))).toBe(
      '35C3E05A752E0144BAC0DE51C1F22C56B34408A23D8AEA266CAB947EA8E0118D',
    );
  });

  it('reads TI 9D00C4DF and RndA rotated from the card answer', () => {
    const plain = aesCbc(
      'decrypt',
      ZERO_KEY,
      fromHex('3FA64DB5446D1F34CD6EA311167F5E4985B89690C04A05F17FA7AB2F08120663'),
    );
    expect(toHex(plain.subarray(0, 4))).toBe('9D00C4DF');
    expect(toHex(rotateRight(plain.subarray(4, 20)))).toBe(toHex(rndA));
    expect(toHex(plain.subarray(20))).toBe('000000000000000000000000');
  });

  it('derives SesAuthENCKey 1309C877… and SesAuthMACKey 4C6626F5…', () => {
    const keys = authSessionKeys(ZERO_KEY, rndA, rndB);
    expect(toHex(keys.encKey)).toBe('1309C877509E5A215007FF0ED19CA564');
    expect(toHex(keys.macKey)).toBe('4C6626F5E72EA694202139295C7A7FC7');
  });

  it('derives the section 6.10 session keys from its own random numbers', () => {
    const rndB2 = aesCbc('decrypt', ZERO_KEY, fromHex('B875CEB0E66A6C5CD00898DC371F92D1'));
    const keys = authSessionKeys(ZERO_KEY, fromHex('B98F4C50CF1C2E084FD150E33992B048'), rndB2);
    expect(toHex(keys.encKey)).toBe('7A93D6571E4B180FCA6AC90C9A7488D4');
    expect(toHex(keys.macKey)).toBe('FC4AF159B62E549B5812394CAB1918CC');
  });
});

describe('CommMode.MAC (AN12196 section 5.3, GetFileSettings)', () => {
  const macKey = fromHex('8248134A386E86EB7FAF54A52E536CB6');
  const ti = fromHex('7A21085E');

  it('signs the command with MACt 6597A457C8CD442C and checks the answer MAC 2A474282E7A47986', () => {
    expect(toHex(commandMac(macKey, 0xf5, 0, ti, fromHex('02')))).toBe('6597A457C8CD442C');
    const data = fromHex('0040EEEE000100D1FE001F00004400004400002000006A0000');
    expect(toHex(responseMac(macKey, 0x00, 1, ti, data))).toBe('2A474282E7A47986');
  });
});

describe('CommMode.FULL', () => {
  it('encrypts WriteData of 128 bytes to the AN12196 Table 17 cryptogram and MAC', () => {
    const s = session(
      '9D00C4DF',
      '1309C877509E5A215007FF0ED19CA564',
      '4C6626F5E72EA694202139295C7A7FC7',
      0,
    );
    const header = fromHex('02000000800000');
    // The NDEF file AN12196 writes: NLEN 0x51, then a URI record with e=…&c=… placeholders.
    const data = fromHex(
      `0051D1014D550463686F6F73652E75726C2E636F6D2F6E7461673432343F653D${'30'.repeat(32)}26633D${'30'.repeat(16)}`,
    );
    const padded = Buffer.concat([data, Buffer.alloc(128 - data.length)]);
    const encrypted = encryptCommandData(s, padded);
    expect(toHex(encrypted)).toBe(
      '421C73A27D827658AF481FDFF20A5025B559D0E3AA21E58D347F343CFFC768BFE596C706BC00F2176781D4B0242642A0FF5A42C461AAF894D9A1284B8C76BCFA658ACD40555D362E08DB15CF421B51283F9064BCBE20E96CAE545B407C9D651A3315B27373772E5DA2367D2064AE054AF996C6F1F669170FA88CE8C4E3A4A7BBBEF0FD971FF532C3A802AF745660F2B4',
    );
    expect(toHex(commandMac(s.macKey, 0x8d, 0, s.ti, Buffer.concat([header, encrypted])))).toBe(
      'D1D9A8499661EBF3',
    );
    expect(toHex(responseMac(s.macKey, 0x00, 1, s.ti, new Uint8Array(0)))).toBe('FC222E5F7A542452');
    expect(toHex(decryptCommandData(s, encrypted)!)).toBe(toHex(padded));
  });

  it('builds ChangeFileSettings as in AN12196 Table 18 (IV, cryptogram, MAC, answer MAC)', () => {
    const s = session(
      '9D00C4DF',
      '1309C877509E5A215007FF0ED19CA564',
      '4C6626F5E72EA694202139295C7A7FC7',
      1,
    );
    expect(toHex(sessionIv('command', s.encKey, s.ti, 1))).toBe('3E27082AB2ACC1EF55C57547934E9962');
    const encrypted = encryptCommandData(s, fromHex('4000E0C1F121200000430000430000'));
    expect(toHex(encrypted)).toBe('61B6D97903566E84C3AE5274467E89EA');
    expect(
      toHex(commandMac(s.macKey, 0x5f, 1, s.ti, Buffer.concat([fromHex('02'), encrypted]))),
    ).toBe('D799B7C1A0EF7A04');
    expect(toHex(responseMac(s.macKey, 0x00, 2, s.ti, new Uint8Array(0)))).toBe('57BFF87B1241E93D');
  });

  it('decrypts the GetCardUID answer of AN12196 Table 28 to UID 04958CAA5C5E80', () => {
    const s = session(
      'DF055522',
      '2B4D963C014DC36F24F69A50A394F875',
      '379D32130CE61705DD5FD8C36B95D764',
      0,
    );
    expect(toHex(commandMac(s.macKey, 0x51, 0, s.ti, new Uint8Array(0)))).toBe('8E2C155ADDA99BE3');
    const encrypted = fromHex('70756055688505B52A5E26E59E329CD6');
    expect(toHex(responseMac(s.macKey, 0x00, 1, s.ti, encrypted))).toBe('595F672298EA41B7');
    expect(toHex(decryptResponseData({ ...s, cmdCtr: 1 }, encrypted)!)).toBe('04958CAA5C5E80');
  });
});

describe('ChangeKey', () => {
  const s = (cmdCtr: number): Ev2Session =>
    session(
      '7614281A',
      '4CF3CB41A22583A61E89B158D252FC53',
      '5529860B2FC5FB6154B7F28361D30BF9',
      cmdCtr,
    );

  it('checksums the new key with CRC32 789DFADC (no final inversion), as AN12196 Table 25', () => {
    expect(toHex(nxpCrc32(fromHex('F3847D627727ED3BC9C4CC050489B966')))).toBe('789DFADC');
  });

  it('builds the Table 25 cryptogram when changing key 2 in a session of key 0', () => {
    const plain = changeKeyPlaintext({
      keyNo: 2,
      authKeyNo: 0,
      newKey: fromHex('F3847D627727ED3BC9C4CC050489B966'),
      newKeyVersion: 1,
      oldKey: ZERO_KEY,
    });
    expect(toHex(plain)).toBe('F3847D627727ED3BC9C4CC050489B96601789DFADC');
    expect(toHex(sessionIv('command', s(2).encKey, s(2).ti, 2))).toBe(
      '307EDE1814707F30CFE603DD6CA62353',
    );
    const encrypted = encryptCommandData(s(2), plain);
    expect(toHex(encrypted)).toBe(
      '2CF362B7BF4311FF3BE1DAA295E8C68DE09050560D19B9E16C2393AE9CD1FAC7',
    );
    expect(
      toHex(commandMac(s(2).macKey, 0xc4, 2, s(2).ti, Buffer.concat([fromHex('02'), encrypted]))),
    ).toBe('5D0CE20BCD1D06E6');
  });

  it('builds the Table 26 cryptogram when changing key 0, the session key itself', () => {
    const plain = changeKeyPlaintext({
      keyNo: 0,
      authKeyNo: 0,
      newKey: fromHex('5004BF991F408672B1EF00F08F9E8647'),
      newKeyVersion: 1,
    });
    const encrypted = encryptCommandData(s(3), plain);
    expect(toHex(encrypted)).toBe(
      'C0EB4DEEFEDDF0B513A03A95A75491818580503190D4D05053FF75668A01D6FD',
    );
    expect(
      toHex(commandMac(s(3).macKey, 0xc4, 3, s(3).ti, Buffer.concat([fromHex('00'), encrypted]))),
    ).toBe('A6610234BDED6432');
  });

  it('lets the card recover the new key from new XOR old, and refuses it when the old key was wrong', () => {
    const oldKey = fromHex('000102030405060708090A0B0C0D0E0F');
    const newKey = fromHex('F3847D627727ED3BC9C4CC050489B966');
    const plaintext = changeKeyPlaintext({
      keyNo: 3,
      authKeyNo: 0,
      newKey,
      newKeyVersion: 7,
      oldKey,
    });
    const parsed = parseChangeKeyPlaintext({
      keyNo: 3,
      authKeyNo: 0,
      plaintext,
      currentKey: oldKey,
    });
    expect(parsed).toEqual({ ok: true, newKey, newKeyVersion: 7 });
    expect(
      parseChangeKeyPlaintext({ keyNo: 3, authKeyNo: 0, plaintext, currentKey: ZERO_KEY }),
    ).toEqual({ ok: false });
  });

  it('refuses to build a change of another key without its old key', () => {
    expect(() =>
      changeKeyPlaintext({ keyNo: 1, authKeyNo: 0, newKey: ZERO_KEY, newKeyVersion: 1 }),
    ).toThrow(RangeError);
  });
});
