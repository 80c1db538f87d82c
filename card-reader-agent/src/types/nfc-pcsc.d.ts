/**
 * The part of `nfc-pcsc` 0.8 the facade uses. The package ships no typings; everything we read
 * from it is typed `unknown` here and narrowed in `src/pcsc/`.
 */
declare module 'nfc-pcsc' {
  import type { EventEmitter } from 'node:events';

  export interface PcscliteReaderStatus {
    state: number;
    atr?: Buffer;
  }

  /** The @pokusew/pcsclite CardReader that nfc-pcsc wraps. */
  export interface PcscliteCardReader extends EventEmitter {
    name: string;
    state: number;
    SCARD_STATE_EMPTY: number;
    SCARD_STATE_PRESENT: number;
  }

  export interface NfcPcscCard {
    atr?: Buffer;
    standard?: string;
    type?: string;
    uid?: string;
    data?: Buffer;
  }

  export class Reader extends EventEmitter {
    readonly name: string;
    readonly reader: PcscliteCardReader;
    aid: string | Buffer | ((card: NfcPcscCard) => Buffer) | null;
    autoProcessing: boolean;
    transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
    close(): void;
  }

  export class NFC extends EventEmitter {
    constructor(logger?: unknown);
    readonly readers: Record<string, unknown>;
    close(): void;
  }

  export const TAG_ISO_14443_3: 'TAG_ISO_14443_3';
  export const TAG_ISO_14443_4: 'TAG_ISO_14443_4';

  const nfcPcsc: {
    NFC: typeof NFC;
    TAG_ISO_14443_3: typeof TAG_ISO_14443_3;
    TAG_ISO_14443_4: typeof TAG_ISO_14443_4;
  };
  export default nfcPcsc;
}
