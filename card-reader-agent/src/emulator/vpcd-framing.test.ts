import { describe, expect, it } from '@jest/globals';
import { classify, encodeFrame, VpcdFrameDecoder, vpcdPort } from './vpcd-framing.js';

describe('vpcd framing', () => {
  it('prefixes a payload with its 2-byte big-endian length', () => {
    expect(encodeFrame(Buffer.from([0x3b, 0x81])).toString('hex')).toBe('00023b81');
  });

  it('splits frames when they arrive byte by byte or several in one chunk', () => {
    const stream = Buffer.concat([
      encodeFrame(Buffer.from([4])),
      encodeFrame(Buffer.from('00A4040007', 'hex')),
    ]);
    const decoder = new VpcdFrameDecoder();
    const byteByByte = [...stream].flatMap((byte) => decoder.push(Buffer.from([byte])));
    expect(byteByByte.map((frame) => frame.toString('hex'))).toEqual(['04', '00a4040007']);
    expect(new VpcdFrameDecoder().push(stream)).toHaveLength(2);
    expect(decoder.pending).toBe(0);
  });

  it('keeps a partial frame until the rest arrives', () => {
    const decoder = new VpcdFrameDecoder();
    expect(decoder.push(Buffer.from([0x00, 0x03, 0xaa]))).toEqual([]);
    expect(decoder.pending).toBe(3);
    expect(decoder.push(Buffer.from([0xbb, 0xcc]))[0]?.toString('hex')).toBe('aabbcc');
  });

  it('classifies a 1-byte payload as a control code and longer ones as APDUs', () => {
    expect(classify(Buffer.from([1]))).toEqual({ kind: 'control', code: 1 });
    expect(classify(Buffer.from([0xff, 0xca, 0, 0, 0])).kind).toBe('apdu');
  });

  it('maps reader 0 to 35963 and reader 1 to 35964', () => {
    expect(vpcdPort(0)).toBe(35963);
    expect(vpcdPort(1)).toBe(35964);
    expect(() => vpcdPort(-1)).toThrow(RangeError);
  });

  it('refuses a payload longer than 65535 bytes', () => {
    expect(() => encodeFrame(Buffer.alloc(70_000))).toThrow(RangeError);
  });
});
