/**
 * An NTAG 424 DNA as far as a SUN read needs: the NDEF application, the CC and NDEF files,
 * ISO SELECT / READ BINARY, the PC/SC "get UID" pseudo-APDU, and real SUN (AN12196) in the
 * NDEF file, with the SDM read counter moving forward on every tap.
 *
 * Pure and synchronous: the vpcd transport (`tap-card.ts`) feeds it APDUs.
 */
import { randomBytes } from 'node:crypto';
import { SW, withStatus } from './apdu.js';
import { buildSunUrl, MAX_SDM_READ_COUNTER, type SunFields, type SunKeys } from '../sun/sun.js';
import { encodeNdefFile, encodeUriMessage } from '../sun/ndef.js';

export const NTAG424_ATR = Buffer.from('3B8180018080', 'hex');
/** ATR of an NFC Forum Type 2 tag behind a PC/SC reader (nfc-pcsc classifies it ISO 14443-3). */
export const TYPE2_TAG_ATR = Buffer.from('3B8F8001804F0CA0000003060300030000000068', 'hex');
export const NTAG424_NDEF_AID = Buffer.from('D2760000850101', 'hex');
export const NDEF_FILE_ID = 0xe104;
export const CC_FILE_ID = 0xe103;
const NDEF_FILE_SIZE = 256;

/** Capability container of an NTAG 424 DNA (NDEF file E104, 256 bytes, free read). */
const CC_FILE = Buffer.from('001720010000FF0406E10401000000', 'hex');

/**
 * How the card misbehaves, on purpose:
 * - `normal`: a good NTAG 424 DNA.
 * - `wrong-cmac`: the SUN's CMAC is corrupted (the API must refuse it).
 * - `replay`: the counter does not move; the card serves the previous tap's SUN message again.
 * - `garbage`: the NDEF file holds random bytes.
 * - `slow`: every answer comes `delayMs` late.
 * - `fail`: READ BINARY answers `63 00`, as a reader does when the RF exchange fails.
 * - `blank`: an NTAG 424 DNA with an empty NDEF file (not yet personalised).
 * - `foreign`: an ISO 14443-4 card without the NDEF application (a bank card, a phone).
 * - `type2`: an NFC Forum Type 2 tag (ISO 14443-3): UID only, no NDEF application.
 */
export const CARD_BEHAVIOURS = [
  'normal',
  'wrong-cmac',
  'replay',
  'garbage',
  'slow',
  'fail',
  'blank',
  'foreign',
  'type2',
] as const;
export type CardBehaviour = (typeof CARD_BEHAVIOURS)[number];

export function isCardBehaviour(value: string): value is CardBehaviour {
  return (CARD_BEHAVIOURS as readonly string[]).includes(value);
}

export const ZERO_KEYS: SunKeys = { metaRead: new Uint8Array(16), fileRead: new Uint8Array(16) };
export const DEFAULT_SUN_BASE_URL = 'https://the.qn.health/c';

export interface Ntag424Options {
  /** 7-byte UID. */
  readonly uid: Uint8Array;
  readonly keys?: SunKeys;
  /** SDMReadCtr the next tap presents (default 1). */
  readonly counter?: number;
  readonly baseUrl?: string;
}

export interface TapSession {
  readonly counter: number;
  readonly sun: SunFields | null;
  /** Answers one command APDU. */
  respond(apdu: Buffer): Buffer;
  readonly atr: Buffer;
}

export class EmulatedNtag424 {
  readonly uid: Buffer;
  readonly keys: SunKeys;
  readonly baseUrl: string;
  private nextCounter: number;
  private lastServed: { counter: number; sun: SunFields } | null = null;

  constructor(options: Ntag424Options) {
    if (options.uid.length !== 7)
      throw new RangeError(`NTAG 424 DNA UIDs are 7 bytes, got ${options.uid.length}`);
    this.uid = Buffer.from(options.uid);
    this.keys = options.keys ?? ZERO_KEYS;
    this.baseUrl = options.baseUrl ?? DEFAULT_SUN_BASE_URL;
    this.nextCounter = options.counter ?? 1;
  }

  /** SDMReadCtr the next (non-replayed) tap will present. */
  get counter(): number {
    return this.nextCounter;
  }

  /** Starts a tap: fixes this tap's SUN message and moves the counter on (unless replaying). */
  beginTap(behaviour: CardBehaviour): TapSession {
    let counter = this.nextCounter;
    let sun: SunFields | null = null;
    if (behaviour === 'replay' && this.lastServed !== null) {
      ({ counter, sun } = this.lastServed);
    } else if (
      behaviour === 'normal' ||
      behaviour === 'wrong-cmac' ||
      behaviour === 'slow' ||
      behaviour === 'replay' ||
      behaviour === 'fail'
    ) {
      if (counter > MAX_SDM_READ_COUNTER) throw new RangeError('SDMReadCtr exhausted');
      sun = buildSunUrl({ baseUrl: this.baseUrl, uid: this.uid, counter, keys: this.keys });
      if (behaviour === 'wrong-cmac') sun = corruptCmac(sun);
      this.lastServed = { counter, sun };
      this.nextCounter = counter + 1;
    }
    let ndefFile: Buffer;
    if (behaviour === 'garbage') ndefFile = randomBytes(NDEF_FILE_SIZE);
    else if (sun === null) ndefFile = Buffer.alloc(NDEF_FILE_SIZE);
    else ndefFile = padTo(encodeNdefFile(encodeUriMessage(sun.url)), NDEF_FILE_SIZE);
    const atr = behaviour === 'type2' ? TYPE2_TAG_ATR : NTAG424_ATR;
    return { counter, sun, atr, respond: createResponder(this.uid, ndefFile, behaviour) };
  }
}

function padTo(data: Buffer, size: number): Buffer {
  return data.length >= size ? data : Buffer.concat([data, Buffer.alloc(size - data.length)]);
}

function corruptCmac(sun: SunFields): SunFields {
  const first = Number.parseInt(sun.cmac.slice(0, 2), 16) ^ 0xff;
  const cmac = first.toString(16).toUpperCase().padStart(2, '0') + sun.cmac.slice(2);
  return { piccData: sun.piccData, cmac, url: sun.url.replace(`cmac=${sun.cmac}`, `cmac=${cmac}`) };
}

function createResponder(
  uid: Buffer,
  ndefFile: Buffer,
  behaviour: CardBehaviour,
): (apdu: Buffer) => Buffer {
  let applicationSelected = false;
  let selectedFile: Buffer | null = null;

  return (apdu: Buffer): Buffer => {
    if (apdu.length < 4) return withStatus(Buffer.alloc(0), SW.wrongLength);
    const [cla, ins, p1, p2] = [apdu[0], apdu[1], apdu[2], apdu[3]];

    // PC/SC part 3 "get data" pseudo-APDU, answered by the reader: the UID.
    if (cla === 0xff && ins === 0xca && p1 === 0x00) return withStatus(uid, SW.ok);
    if (cla !== 0x00) return withStatus(Buffer.alloc(0), SW.claNotSupported);

    if (ins === 0xa4) {
      const lc = apdu[4] ?? 0;
      const data = apdu.subarray(5, 5 + lc);
      if (p1 === 0x04) {
        if (behaviour !== 'foreign' && behaviour !== 'type2' && data.equals(NTAG424_NDEF_AID)) {
          applicationSelected = true;
          selectedFile = null;
          return withStatus(Buffer.alloc(0), SW.ok);
        }
        return withStatus(Buffer.alloc(0), SW.fileNotFound);
      }
      if (p1 === 0x00 && applicationSelected && data.length === 2) {
        const fileId = data.readUInt16BE(0);
        if (fileId === NDEF_FILE_ID) selectedFile = ndefFile;
        else if (fileId === CC_FILE_ID) selectedFile = CC_FILE;
        else return withStatus(Buffer.alloc(0), SW.fileNotFound);
        return withStatus(Buffer.alloc(0), SW.ok);
      }
      return withStatus(Buffer.alloc(0), SW.fileNotFound);
    }

    if (ins === 0xb0) {
      if (selectedFile === null) return withStatus(Buffer.alloc(0), SW.securityNotSatisfied);
      if (behaviour === 'fail') return withStatus(Buffer.alloc(0), SW.failed);
      const offset = (((p1 ?? 0) & 0x7f) << 8) | (p2 ?? 0);
      const le = apdu.length > 4 ? (apdu[4] ?? 0) : 0;
      const wanted = le === 0 ? 256 : le;
      if (offset > selectedFile.length) return withStatus(Buffer.alloc(0), SW.wrongParameters);
      return withStatus(selectedFile.subarray(offset, offset + wanted), SW.ok);
    }

    return withStatus(Buffer.alloc(0), SW.insNotSupported);
  };
}
