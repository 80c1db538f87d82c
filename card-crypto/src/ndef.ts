/**
 * The NDEF file of an NFC Forum Type 4 tag (NTAG 424 DNA file E104): a 2-byte big-endian NLEN
 * followed by an NDEF message. We write and read one short URI record, which is what a SUN tag holds.
 */

const URI_PREFIXES: readonly string[] = ['', 'http://www.', 'https://www.', 'http://', 'https://'];

export class NdefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NdefError';
  }
}

/** One short-record, well-known type "U" NDEF message for `url`. */
export function encodeUriMessage(url: string): Buffer {
  let code = 0;
  for (let index = URI_PREFIXES.length - 1; index > 0; index -= 1) {
    const prefix = URI_PREFIXES[index];
    if (prefix !== undefined && url.startsWith(prefix)) {
      code = index;
      break;
    }
  }
  const rest = Buffer.from(url.slice((URI_PREFIXES[code] ?? '').length), 'utf8');
  const payload = Buffer.concat([Buffer.from([code]), rest]);
  if (payload.length > 255) throw new NdefError('URI too long for a short record');
  // MB | ME | SR | TNF=well-known
  return Buffer.concat([Buffer.from([0xd1, 0x01, payload.length, 0x55]), payload]);
}

/** The whole NDEF file: NLEN then the message. */
export function encodeNdefFile(message: Buffer): Buffer {
  const nlen = Buffer.alloc(2);
  nlen.writeUInt16BE(message.length, 0);
  return Buffer.concat([nlen, message]);
}

/** The URI of the first record of an NDEF message; throws `NdefError` on anything malformed. */
export function decodeUriMessage(message: Uint8Array): string {
  const bytes = Buffer.from(message);
  if (bytes.length < 4) throw new NdefError(`NDEF message too short (${bytes.length} bytes)`);
  const header = bytes[0] ?? 0;
  const tnf = header & 0x07;
  const shortRecord = (header & 0x10) !== 0;
  const hasIdLength = (header & 0x08) !== 0;
  const typeLength = bytes[1] ?? 0;
  let offset = 2;
  let payloadLength: number;
  if (shortRecord) {
    payloadLength = bytes[offset] ?? 0;
    offset += 1;
  } else {
    if (bytes.length < offset + 4) throw new NdefError('NDEF record header truncated');
    payloadLength = bytes.readUInt32BE(offset);
    offset += 4;
  }
  const idLength = hasIdLength ? (bytes[offset++] ?? 0) : 0;
  const type = bytes.subarray(offset, offset + typeLength).toString('latin1');
  offset += typeLength + idLength;
  if (tnf !== 0x01 || type !== 'U') throw new NdefError('first NDEF record is not a URI record');
  if (offset + payloadLength > bytes.length)
    throw new NdefError('NDEF payload runs past the end of the file');
  const payload = bytes.subarray(offset, offset + payloadLength);
  const code = payload[0] ?? 0;
  const prefix = URI_PREFIXES[code];
  if (prefix === undefined) throw new NdefError(`unsupported URI prefix code ${code}`);
  const rest = payload.subarray(1).toString('utf8');
  if (rest.includes('\uFFFD')) throw new NdefError('URI is not valid UTF-8');
  return prefix + rest;
}
