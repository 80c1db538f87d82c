/**
 * vpcd (vsmartcard virtual PC/SC reader) wire format: every message is a 2-byte big-endian length
 * then the payload. A 1-byte payload is a control code; anything longer is a command APDU, which the
 * card answers with one length-prefixed response APDU.
 */

export const VPCD_CONTROL = {
  powerOff: 0,
  powerOn: 1,
  reset: 2,
  getAtr: 4,
} as const;

export type VpcdControlCode = (typeof VPCD_CONTROL)[keyof typeof VPCD_CONTROL];

export type VpcdMessage =
  | { readonly kind: 'control'; readonly code: number }
  | { readonly kind: 'apdu'; readonly apdu: Buffer };

export const VPCD_BASE_PORT = 35963;
export const MAX_VPCD_PAYLOAD = 0xffff;

export function encodeFrame(payload: Uint8Array): Buffer {
  if (payload.length > MAX_VPCD_PAYLOAD) {
    throw new RangeError(
      `vpcd payload too long: ${payload.length} bytes (max ${MAX_VPCD_PAYLOAD})`,
    );
  }
  const header = Buffer.alloc(2);
  header.writeUInt16BE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

export function classify(payload: Buffer): VpcdMessage {
  if (payload.length === 1) return { kind: 'control', code: payload[0] ?? -1 };
  return { kind: 'apdu', apdu: payload };
}

/** Splits a TCP byte stream into vpcd payloads, whatever the chunking. */
export class VpcdFrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);

  /** Feeds received bytes; returns every payload completed by them, in order. */
  push(chunk: Uint8Array): Buffer[] {
    this.buffered =
      this.buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, chunk]);
    const out: Buffer[] = [];
    while (this.buffered.length >= 2) {
      const length = this.buffered.readUInt16BE(0);
      if (this.buffered.length < 2 + length) break;
      out.push(Buffer.from(this.buffered.subarray(2, 2 + length)));
      this.buffered = this.buffered.subarray(2 + length);
    }
    return out;
  }

  /** Bytes received but not yet part of a whole frame. */
  get pending(): number {
    return this.buffered.length;
  }
}

export function vpcdPort(readerIndex: number, basePort: number = VPCD_BASE_PORT): number {
  if (!Number.isInteger(readerIndex) || readerIndex < 0)
    throw new RangeError(`bad vpcd reader index ${readerIndex}`);
  return basePort + readerIndex;
}
