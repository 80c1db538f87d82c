/**
 * Cuts a file into HL7 v2 messages at the byte level, before any character set is known: every
 * delimiter involved (MLLP's 0x0B / 0x1C 0x0D, CR, LF, "MSH") is ASCII in all supported charsets.
 * Work is done on a latin1 view of the bytes, which maps each byte to one char and back losslessly.
 *
 * Accepted layouts: MLLP-framed messages, messages one after the other (a new one starts at each
 * MSH line), and FHS/BHS batches (envelope segments are dropped); segments end with CR, LF or CRLF.
 */

export type RawPiece =
  /** One message: its segments joined by CR, from its MSH line on. */
  | { kind: 'message'; bytes: Buffer; truncated: boolean }
  /** Text that belongs to no message, kept so it can be reported. */
  | { kind: 'garbage'; bytes: Buffer };

const VT = '\x0b';
const FS = '\x1c';
const ENVELOPE = new Set(['FHS', 'BHS', 'BTS', 'FTS']);

interface Block {
  text: string;
  truncated: boolean;
}

function blocksOf(s: string): Block[] {
  const blocks: Block[] = [];
  const loose = (text: string): void => {
    if (text.trim() !== '') blocks.push({ text, truncated: false });
  };
  let pos = 0;
  while (pos < s.length) {
    const vt = s.indexOf(VT, pos);
    const fs = s.indexOf(FS, pos);
    if (vt < 0 && fs < 0) {
      loose(s.slice(pos));
      break;
    }
    if (fs >= 0 && (vt < 0 || fs < vt)) {
      // An end block whose start block we never saw: read what came before it as unframed text.
      loose(s.slice(pos, fs));
      pos = s.charAt(fs + 1) === '\r' ? fs + 2 : fs + 1;
      continue;
    }
    loose(s.slice(pos, vt));
    const start = vt + 1;
    const end = s.indexOf(FS, start);
    const nextStart = s.indexOf(VT, start);
    if (end < 0 || (nextStart >= 0 && nextStart < end)) {
      const stop = nextStart < 0 ? s.length : nextStart;
      blocks.push({ text: s.slice(start, stop), truncated: true });
      pos = stop;
      continue;
    }
    blocks.push({ text: s.slice(start, end), truncated: false });
    pos = s.charAt(end + 1) === '\r' ? end + 2 : end + 1;
  }
  return blocks;
}

function isSegmentLine(line: string, fieldSeparator: string): boolean {
  return /^[A-Z][A-Z0-9]{2}/.test(line) && (line.length === 3 || line.charAt(3) === fieldSeparator);
}

const toBytes = (lines: string[]): Buffer => Buffer.from(lines.join('\r'), 'latin1');

export function splitMessages(input: Buffer): RawPiece[] {
  let s = input.toString('latin1');
  if (s.startsWith('\xef\xbb\xbf')) s = s.slice(3);
  const pieces: RawPiece[] = [];
  for (const block of blocksOf(s)) {
    let message: string[] | undefined;
    let garbage: string[] = [];
    const flushGarbage = (): void => {
      if (garbage.length > 0) pieces.push({ kind: 'garbage', bytes: toBytes(garbage) });
      garbage = [];
    };
    const closeMessage = (truncated: boolean): void => {
      if (message === undefined) return;
      // Lines after the last real segment are trailing junk, not part of the message; junk between
      // segments stays inside, so the message is rejected rather than silently cut short. A cut-off
      // frame keeps everything: its last line may be a segment cut in the middle of its name.
      const fieldSeparator = message[0]!.charAt(3);
      let last = message.length - 1;
      while (!truncated && last > 0 && !isSegmentLine(message[last]!, fieldSeparator)) last--;
      pieces.push({ kind: 'message', bytes: toBytes(message.slice(0, last + 1)), truncated });
      garbage.push(...message.slice(last + 1));
      message = undefined;
    };
    for (const line of block.text.split(/\r\n|\r|\n/)) {
      if (line.trim() === '') continue;
      const id = line.slice(0, 3);
      if (id === 'MSH') {
        closeMessage(false);
        flushGarbage();
        message = [line];
      } else if (
        ENVELOPE.has(id) &&
        line.charAt(3) === (message?.[0]?.charAt(3) ?? line.charAt(3)) &&
        /^[A-Z]{3}[^A-Za-z0-9\s]/.test(line)
      ) {
        closeMessage(false);
        flushGarbage();
      } else if (message !== undefined) {
        message.push(line);
      } else {
        garbage.push(line);
      }
    }
    closeMessage(block.truncated);
    flushGarbage();
  }
  return pieces;
}
