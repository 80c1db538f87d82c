/**
 * NTAG 424 DNA native commands, ISO 7816-4 wrapped (NT4H2421Gx datasheet section 8.4): CLA 90,
 * INS = the command code, P1 = P2 = 00, Lc, header || data, Le = 00; the answer ends with SW1 91
 * and SW2 the card's return code. Shared by the reader side (`pcd.ts`) and the emulator.
 */

export const NATIVE_CLA = 0x90;

export const INS = {
  getVersion: 0x60,
  authenticateEv2First: 0x71,
  additionalFrame: 0xaf,
  getKeyVersion: 0x64,
  changeKey: 0xc4,
  getFileSettings: 0xf5,
  changeFileSettings: 0x5f,
  writeData: 0x8d,
  readData: 0xad,
} as const;

/** Return codes (SW2 after SW1 = 91), with the datasheet's names. */
export const RC = {
  ok: 0x00,
  illegalCommand: 0x1c,
  integrityError: 0x1e,
  noSuchKey: 0x40,
  lengthError: 0x7e,
  permissionDenied: 0x9d,
  parameterError: 0x9e,
  authenticationError: 0xae,
  additionalFrame: 0xaf,
  boundaryError: 0xbe,
  commandAborted: 0xca,
  fileNotFound: 0xf0,
} as const;

const RC_NAMES: Readonly<Record<number, string>> = {
  0x00: 'OPERATION_OK',
  0x1c: 'ILLEGAL_COMMAND_CODE',
  0x1e: 'INTEGRITY_ERROR',
  0x40: 'NO_SUCH_KEY',
  0x7e: 'LENGTH_ERROR',
  0x9d: 'PERMISSION_DENIED',
  0x9e: 'PARAMETER_ERROR',
  0xae: 'AUTHENTICATION_ERROR',
  0xaf: 'ADDITIONAL_FRAME',
  0xbe: 'BOUNDARY_ERROR',
  0xca: 'COMMAND_ABORTED',
  0xee: 'MEMORY_ERROR',
  0xf0: 'FILE_NOT_FOUND',
};

/** `91AE (AUTHENTICATION_ERROR)`, or the bare status word when it is not a native return code. */
export function describeStatus(sw: number): string {
  const hex = sw.toString(16).toUpperCase().padStart(4, '0');
  const name = sw >> 8 === 0x91 ? RC_NAMES[sw & 0xff] : undefined;
  return name === undefined ? hex : `${hex} (${name})`;
}

export function nativeApdu(ins: number, body: Uint8Array): Buffer {
  if (body.length > 255) throw new RangeError(`native command body too long: ${body.length} bytes`);
  return Buffer.concat([
    Buffer.from([NATIVE_CLA, ins, 0x00, 0x00]),
    body.length > 0 ? Buffer.from([body.length]) : Buffer.alloc(0),
    body,
    Buffer.from([0x00]),
  ]);
}

export function nativeAnswer(data: Uint8Array, returnCode: number): Buffer {
  return Buffer.concat([data, Buffer.from([0x91, returnCode])]);
}

/** The command body (header || data || MAC) of a native APDU; null when Lc does not match. */
export function nativeBody(apdu: Uint8Array): Buffer | null {
  if (apdu.length === 5) return Buffer.alloc(0); // CLA INS P1 P2 Le
  const lc = apdu[4] ?? 0;
  if (apdu.length !== 5 + lc + 1 && apdu.length !== 5 + lc) return null;
  return Buffer.from(apdu.subarray(5, 5 + lc));
}
