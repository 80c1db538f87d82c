import { describe, expect, it } from '@jest/globals';
import { decodeUriMessage, encodeNdefFile, encodeUriMessage, NdefError } from './ndef.js';

describe('NDEF URI records', () => {
  it('round-trips an https URL through the https:// prefix code', () => {
    const message = encodeUriMessage('https://the.qn.health/c?picc_data=00&cmac=11');
    expect(message[4]).toBe(0x04);
    expect(decodeUriMessage(message)).toBe('https://the.qn.health/c?picc_data=00&cmac=11');
  });

  it('prefixes the message with its big-endian length in the file', () => {
    const file = encodeNdefFile(Buffer.from([1, 2, 3]));
    expect([...file]).toEqual([0, 3, 1, 2, 3]);
  });

  it('throws NdefError when the record is not a URI or runs past the end', () => {
    expect(() => decodeUriMessage(Buffer.from('D1010354', 'hex'))).toThrow(NdefError);
    expect(() => decodeUriMessage(Buffer.from('D101FF5504616263', 'hex'))).toThrow(NdefError);
  });
});
