/** Upper-case hexadecimal, the form the agent messages use. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('hex')
    .toUpperCase();
}

/** Parses hexadecimal (either case, even length); throws on anything else. */
export function fromHex(hex: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) {
    throw new Error(`not an even-length hexadecimal string: ${JSON.stringify(hex.slice(0, 40))}`);
  }
  return Buffer.from(hex, 'hex');
}
