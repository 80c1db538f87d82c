/** ISO 7816-4 status words and small helpers shared by the emulator and the card reading code. */
export const SW = {
  ok: 0x9000,
  /** "Verification failed / no information given": what a reader reports when the RF exchange fails. */
  failed: 0x6300,
  wrongLength: 0x6700,
  securityNotSatisfied: 0x6982,
  fileNotFound: 0x6a82,
  wrongParameters: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
} as const;

export function withStatus(data: Uint8Array, sw: number): Buffer {
  const tail = Buffer.alloc(2);
  tail.writeUInt16BE(sw, 0);
  return Buffer.concat([data, tail]);
}

export function statusOf(response: Uint8Array): number | null {
  if (response.length < 2) return null;
  return ((response[response.length - 2] ?? 0) << 8) | (response[response.length - 1] ?? 0);
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
