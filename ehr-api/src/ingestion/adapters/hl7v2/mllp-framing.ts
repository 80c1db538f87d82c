/**
 * MLLP (HL7 v2 Minimal Lower Layer Protocol) framing: <VT> message <FS><CR>. Our own small decoder,
 * because the Node MLLP servers on npm fall short of what a hospital link needs: @medplum/hl7 ends
 * a frame only when a TCP chunk happens to end with FS CR (two messages in one packet are glued
 * together, a frame split after FS never ends) and decodes every connection with one fixed
 * character set before we see the bytes (so MSH-18 / TCVN3 detection per message is impossible);
 * node-hl7-server 2.x needs node-hl7-client 2.x, whose current major wants Node 22.
 */

export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;

export type FrameEvent =
  /** A whole message, without its framing bytes. */
  | { type: 'frame'; payload: Buffer }
  /** Bytes outside any frame (line noise, a sender that forgot the framing), skipped. */
  | { type: 'garbage'; length: number }
  /** A start block arrived inside an unfinished frame: the unfinished one is given up. */
  | { type: 'abandoned'; payload: Buffer }
  /** The frame grew past the size limit: the connection should be closed. */
  | { type: 'overflow'; length: number };

export function frame(message: Buffer): Buffer {
  return Buffer.concat([Buffer.of(START_BLOCK), message, Buffer.of(END_BLOCK, CARRIAGE_RETURN)]);
}

/** Turns a TCP byte stream into frames, whatever the packet boundaries. */
export class MllpFrameDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  /** After an end block, one CR is part of the trailer even when it comes in the next packet. */
  private skipCr = false;

  constructor(private readonly maxFrameBytes = 16 * 1024 * 1024) {}

  push(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    let pos = 0;
    if (this.skipCr && chunk.length > 0) {
      this.skipCr = false;
      if (chunk[0] === CARRIAGE_RETURN) pos = 1;
    }
    while (pos < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(START_BLOCK, pos);
        const skipped = (start < 0 ? chunk.length : start) - pos;
        if (skipped > 0 && !isWhitespace(chunk, pos, pos + skipped))
          events.push({ type: 'garbage', length: skipped });
        if (start < 0) break;
        this.inFrame = true;
        pos = start + 1;
        continue;
      }
      const end = chunk.indexOf(END_BLOCK, pos);
      const restart = chunk.indexOf(START_BLOCK, pos);
      if (restart >= 0 && (end < 0 || restart < end)) {
        this.append(chunk.subarray(pos, restart));
        events.push({ type: 'abandoned', payload: this.take() });
        pos = restart + 1;
        this.inFrame = true;
        continue;
      }
      if (end < 0) {
        this.append(chunk.subarray(pos));
        if (this.size > this.maxFrameBytes) {
          events.push({ type: 'overflow', length: this.size });
          this.take();
          this.inFrame = false;
        }
        break;
      }
      this.append(chunk.subarray(pos, end));
      this.inFrame = false;
      if (this.size > this.maxFrameBytes) {
        events.push({ type: 'overflow', length: this.size });
        this.take();
      } else {
        events.push({ type: 'frame', payload: this.take() });
      }
      pos = end + 1;
      if (pos >= chunk.length) this.skipCr = true;
      else if (chunk[pos] === CARRIAGE_RETURN) pos++;
    }
    return events;
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private take(): Buffer {
    const payload = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    return payload;
  }
}

function isWhitespace(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b !== 0x0d && b !== 0x0a && b !== 0x20 && b !== 0x09) return false;
  }
  return true;
}
