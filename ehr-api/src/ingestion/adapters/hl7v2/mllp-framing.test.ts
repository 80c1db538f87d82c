import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type FrameEvent, frame, MllpFrameDecoder } from './mllp-framing.js';

const A = Buffer.from('MSH|^~\\&|A\rPID|1\r');
const B = Buffer.from('MSH|^~\\&|B\rPID|2\r');

function frames(events: FrameEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'frame' ? [e.payload.toString()] : []));
}

function feed(decoder: MllpFrameDecoder, chunks: Buffer[]): FrameEvent[] {
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

describe('MllpFrameDecoder', () => {
  it('yields each message of a stream however the stream is cut into packets (property)', () => {
    const stream = Buffer.concat([frame(A), frame(B), frame(A)]);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 20 }),
        (cuts) => {
          const points = [0, ...cuts.sort((x, y) => x - y), stream.length];
          const chunks = points.slice(1).map((end, i) => stream.subarray(points[i], end));
          const events = feed(new MllpFrameDecoder(), chunks);
          expect(events.map((e) => e.type)).toEqual(['frame', 'frame', 'frame']);
          expect(frames(events)).toEqual([A, B, A].map(String));
        },
      ),
    );
  });

  it('reads a frame delivered one byte at a time, the end block and its CR in separate packets', () => {
    const decoder = new MllpFrameDecoder();
    const stream = Buffer.concat([frame(A), frame(B)]);
    const events = feed(
      decoder,
      [...stream].map((b) => Buffer.of(b)),
    );
    expect(frames(events)).toEqual([A.toString(), B.toString()]);
  });

  it('skips and reports each run of bytes between frames that is more than line breaks', () => {
    const decoder = new MllpFrameDecoder();
    const events = feed(decoder, [
      Buffer.concat([
        Buffer.from('GET / HTTP/1.1\r\n'),
        frame(A),
        Buffer.from('\r\n'),
        frame(B),
        Buffer.from('\r\nxx'),
        frame(A),
      ]),
    ]);
    expect(events.map((e) => (e.type === 'garbage' ? `garbage:${e.length}` : e.type))).toEqual([
      'garbage:16',
      'frame',
      'frame',
      'garbage:4',
      'frame',
    ]);
    expect(frames(events)).toEqual([A.toString(), B.toString(), A.toString()]);
  });

  it('accepts an end block without its CR', () => {
    const events = feed(new MllpFrameDecoder(), [
      Buffer.concat([
        Buffer.of(0x0b),
        A,
        Buffer.of(0x1c),
        Buffer.of(0x0b),
        B,
        Buffer.of(0x1c, 0x0d),
      ]),
    ]);
    expect(frames(events)).toEqual([A.toString(), B.toString()]);
  });

  it('gives up an unfinished frame when a new start block arrives', () => {
    const events = feed(new MllpFrameDecoder(), [
      Buffer.concat([Buffer.of(0x0b), Buffer.from('MSH|^~\\&|cut'), frame(B)]),
    ]);
    expect(events.map((e) => e.type)).toEqual(['abandoned', 'frame']);
    expect(events[0]?.type === 'abandoned' && events[0].payload.toString()).toBe('MSH|^~\\&|cut');
  });

  it('reports a frame larger than the limit', () => {
    const decoder = new MllpFrameDecoder(10);
    expect(
      feed(decoder, [Buffer.of(0x0b), Buffer.alloc(8, 0x41), Buffer.alloc(8, 0x41)]).map(
        (e) => e.type,
      ),
    ).toEqual(['overflow']);
  });
});
