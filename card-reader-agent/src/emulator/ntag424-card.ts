/**
 * An NTAG 424 DNA, far enough for a SUN read and for personalisation at reception:
 *
 * - the NDEF application with the CC and NDEF files, ISO SELECT / READ BINARY, and the PC/SC
 *   "get UID" pseudo-APDU;
 * - native commands (NT4H2421Gx datasheet, NXP AN12196): GetVersion, AuthenticateEV2First (AES,
 *   real session keys, TI and command counter), GetKeyVersion, GetFileSettings,
 *   ChangeFileSettings (CommMode.FULL), ChangeKey (both forms, CRC32 checked), WriteData;
 * - SDM: with SUN on, the first read of a tap mirrors real PICCData and SDMMAC into the NDEF file
 *   and moves SDMReadCtr forward.
 *
 * A card starts either factory-fresh (`EmulatedNtag424.blank`: keys all zero at version 0, empty
 * NDEF file, SDM off) or already personalised (`new EmulatedNtag424({ uid, keys })`, the demo
 * cards). Its state survives taps, and `toState`/`fromState` carry it between processes (the CLI).
 *
 * Pure and synchronous: the vpcd transport (`tap-card.ts`) feeds it APDUs.
 */
import { randomBytes } from 'node:crypto';
import {
  aesCbc,
  authSessionKeys,
  commandMac,
  decodeFileSettings,
  decryptCommandData,
  encodeFileSettings,
  encodeFileSettingsResponse,
  FACTORY_NDEF_FILE_SETTINGS,
  FileSettingsError,
  macEquals,
  mirrorSdm,
  NDEF_FILE_NO,
  NDEF_FILE_SIZE,
  parseChangeKeyPlaintext,
  parseSunUrl,
  responseMac,
  rotateLeft,
  sdmSettingsProblem,
  sunFileSettings,
  sunNdefTemplate,
  ACCESS_FREE,
  type Ev2Session,
  type FileSettings,
} from '@qn/card-crypto';
import { SW, withStatus } from './apdu.js';
import { decodeUriMessage } from '../sun/ndef.js';
import { MAX_SDM_READ_COUNTER, type SunFields, type SunKeys } from '../sun/sun.js';
import { fromHex, toHex } from '../sun/hex.js';
import { INS, nativeAnswer, nativeBody, RC } from '../ntag424/native.js';

export const NTAG424_ATR = Buffer.from('3B8180018080', 'hex');
/** ATR of an NFC Forum Type 2 tag behind a PC/SC reader (nfc-pcsc classifies it ISO 14443-3). */
export const TYPE2_TAG_ATR = Buffer.from('3B8F8001804F0CA0000003060300030000000068', 'hex');
export const NTAG424_NDEF_AID = Buffer.from('D2760000850101', 'hex');
export const NDEF_FILE_ID = 0xe104;
export const CC_FILE_ID = 0xe103;

/** Capability container of an NTAG 424 DNA (NDEF file E104, 256 bytes, free read). */
const CC_FILE = Buffer.from('001720010000FF0406E10401000000', 'hex');
/** GetVersion's three frames: NXP, NTAG, 424 DNA (HW 04 04 02 30 00 11 05, SW 04 04 02 01 02 11 05). */
const VERSION_HW = Buffer.from('04040230001105', 'hex');
const VERSION_SW = Buffer.from('04040201021105', 'hex');
const KEY_COUNT = 5;

/**
 * How the card misbehaves, on purpose:
 * - `normal`: a good NTAG 424 DNA.
 * - `wrong-cmac`: the SUN's CMAC is corrupted (the API must refuse it).
 * - `replay`: the counter does not move; the card serves the previous tap's SUN message again.
 * - `garbage`: the NDEF file holds random bytes.
 * - `slow`: every answer comes `delayMs` late.
 * - `fail`: READ BINARY answers `63 00`, as a reader does when the RF exchange fails.
 * - `blank`: the NDEF file reads empty, as on a card not yet personalised.
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
  /** K_SDMMetaRead (key 1) and K_SDMFileRead (key 2); the other keys stay all-zero. */
  readonly keys?: SunKeys;
  /** SDMReadCtr the next tap presents (default 1). */
  readonly counter?: number;
  readonly baseUrl?: string;
}

/** Everything the card remembers, as JSON (hex strings), for the CLI to keep a card between runs. */
export interface Ntag424State {
  readonly uid: string;
  readonly keys: readonly string[];
  readonly keyVersions: readonly number[];
  readonly ndefFileSettings: string;
  readonly ndefFile: string;
  /** SDMReadCtr of the last SDM read (the next one presents one more). */
  readonly sdmReadCtr: number;
}

export interface TapSession {
  /** SDMReadCtr of the SUN this tap presents (when it presents one). */
  readonly counter: number;
  readonly sun: SunFields | null;
  /** Answers one command APDU. */
  respond(apdu: Buffer): Buffer;
  readonly atr: Buffer;
}

export class EmulatedNtag424 {
  readonly uid: Buffer;
  private readonly cardKeys: Buffer[];
  private readonly keyVersions: number[];
  private ndefSettings: FileSettings;
  private readonly ndefFile: Buffer;
  private sdmReadCtr: number;
  private lastServed: { counter: number; sun: SunFields; image: Buffer } | null = null;

  constructor(options: Ntag424Options) {
    if (options.uid.length !== 7)
      throw new RangeError(`NTAG 424 DNA UIDs are 7 bytes, got ${options.uid.length}`);
    this.uid = Buffer.from(options.uid);
    const keys = options.keys ?? ZERO_KEYS;
    this.cardKeys = [
      Buffer.alloc(16),
      Buffer.from(keys.metaRead),
      Buffer.from(keys.fileRead),
      Buffer.alloc(16),
      Buffer.alloc(16),
    ];
    this.keyVersions = [0, 0, 0, 0, 0];
    const template = sunNdefTemplate(options.baseUrl ?? DEFAULT_SUN_BASE_URL);
    this.ndefSettings = sunFileSettings(template);
    this.ndefFile = Buffer.alloc(NDEF_FILE_SIZE);
    template.file.copy(this.ndefFile);
    this.sdmReadCtr = (options.counter ?? 1) - 1;
  }

  /** A card as it leaves the factory: keys all zero (version 0), empty NDEF file, SDM off. */
  static blank(uid: Uint8Array): EmulatedNtag424 {
    const card = new EmulatedNtag424({ uid });
    card.ndefSettings = FACTORY_NDEF_FILE_SETTINGS;
    card.ndefFile.fill(0);
    card.sdmReadCtr = 0;
    return card;
  }

  static fromState(state: Ntag424State): EmulatedNtag424 {
    const card = new EmulatedNtag424({ uid: fromHex(state.uid) });
    if (state.keys.length !== KEY_COUNT || state.keyVersions.length !== KEY_COUNT)
      throw new RangeError('a card state has five keys and five key versions');
    state.keys.forEach((key, i) => {
      card.cardKeys[i] = fromHex(key);
    });
    state.keyVersions.forEach((version, i) => {
      card.keyVersions[i] = version;
    });
    card.ndefSettings = decodeFileSettings(fromHex(state.ndefFileSettings));
    fromHex(state.ndefFile).copy(card.ndefFile);
    card.sdmReadCtr = state.sdmReadCtr;
    return card;
  }

  toState(): Ntag424State {
    return {
      uid: toHex(this.uid),
      keys: this.cardKeys.map((key) => toHex(key)),
      keyVersions: [...this.keyVersions],
      ndefFileSettings: toHex(encodeFileSettings(this.ndefSettings)),
      ndefFile: toHex(this.ndefFile),
      sdmReadCtr: this.sdmReadCtr,
    };
  }

  /** SDMReadCtr the next (non-replayed) tap will present. */
  get counter(): number {
    return this.sdmReadCtr + 1;
  }

  /** The SUN keys the card uses now (those of its SDM settings, else keys 1 and 2). */
  get keys(): SunKeys {
    const sdm = this.ndefSettings.sdm;
    const metaRead = sdm && sdm.metaRead <= 4 ? sdm.metaRead : 1;
    const fileRead = sdm && sdm.fileRead <= 4 ? sdm.fileRead : 2;
    return { metaRead: this.key(metaRead), fileRead: this.key(fileRead) };
  }

  /** Whether SUN is on (the card has been personalised). */
  get sdmEnabled(): boolean {
    return this.ndefSettings.sdm !== undefined;
  }

  /** Key versions of keys 0..4. */
  get versions(): readonly number[] {
    return [...this.keyVersions];
  }

  private key(keyNo: number): Buffer {
    const key = this.cardKeys[keyNo];
    if (key === undefined) throw new RangeError(`no key ${keyNo}`);
    return key;
  }

  /** The NDEF file as one SDM read returns it, moving the counter on; the stored file when SDM is off. */
  private readImage(): { image: Buffer; counter: number | null } {
    const sdm = this.ndefSettings.sdm;
    if (!sdm) return { image: Buffer.from(this.ndefFile), counter: null };
    const counter = this.sdmReadCtr + 1;
    if (counter > MAX_SDM_READ_COUNTER) throw new RangeError('SDMReadCtr exhausted');
    this.sdmReadCtr = counter;
    const image = mirrorSdm({
      file: this.ndefFile,
      sdm,
      uid: this.uid,
      counter,
      keys: this.cardKeys,
    });
    return { image, counter };
  }

  /** Starts a tap: fixes this tap's SUN message and moves the counter on (unless replaying). */
  beginTap(behaviour: CardBehaviour): TapSession {
    let counter = this.sdmReadCtr + 1;
    let sun: SunFields | null = null;
    let image: Buffer | null = null;
    if (behaviour === 'replay' && this.lastServed !== null) {
      ({ counter, sun, image } = this.lastServed);
    } else if (
      this.sdmEnabled &&
      (behaviour === 'normal' ||
        behaviour === 'wrong-cmac' ||
        behaviour === 'slow' ||
        behaviour === 'replay' ||
        behaviour === 'fail')
    ) {
      const read = this.readImage();
      counter = read.counter ?? counter;
      image = read.image;
      sun = sunOf(image);
      if (sun !== null && behaviour === 'wrong-cmac') {
        const corrupted = corruptCmac(sun);
        image = Buffer.from(image.toString('latin1').replace(sun.cmac, corrupted.cmac), 'latin1');
        sun = corrupted;
      }
      if (sun !== null) this.lastServed = { counter, sun, image };
    }
    if (behaviour === 'garbage') image = randomBytes(NDEF_FILE_SIZE);
    else if (behaviour === 'blank') image = Buffer.alloc(NDEF_FILE_SIZE);
    const atr = behaviour === 'type2' ? TYPE2_TAG_ATR : NTAG424_ATR;
    return { counter, sun, atr, respond: this.createResponder(behaviour, image) };
  }

  private createResponder(
    behaviour: CardBehaviour,
    firstImage: Buffer | null,
  ): (apdu: Buffer) => Buffer {
    let applicationSelected = false;
    let selectedFile: 'cc' | 'ndef' | null = null;
    /** What this tap's reads of the NDEF file return; recomputed after a write or a settings change. */
    let image = firstImage;
    let session: Ev2Session | null = null;
    let pendingAuth: { keyNo: number; rndB: Buffer } | null = null;
    let versionFrame = 0;

    const plainOk = (data: Uint8Array = Buffer.alloc(0)): Buffer => nativeAnswer(data, RC.ok);
    const fail = (returnCode: number): Buffer => {
      // Errors end the authenticated state, as on the chip: the reader must authenticate again.
      session = null;
      pendingAuth = null;
      return nativeAnswer(Buffer.alloc(0), returnCode);
    };
    /** Checks the MAC of a MAC/FULL command; returns header || data without it, or null. */
    const unwrap = (ins: number, body: Buffer): Buffer | null => {
      if (session === null || body.length < 8) return null;
      const content = body.subarray(0, body.length - 8);
      const mac = body.subarray(body.length - 8);
      return macEquals(mac, commandMac(session.macKey, ins, session.cmdCtr, session.ti, content))
        ? content
        : null;
    };
    /** A MACed answer at the incremented counter (CommMode.MAC, or FULL with no data). */
    const macAnswer = (data: Uint8Array = Buffer.alloc(0)): Buffer => {
      if (session === null) return plainOk(data);
      session.cmdCtr += 1;
      return nativeAnswer(
        Buffer.concat([data, responseMac(session.macKey, RC.ok, session.cmdCtr, session.ti, data)]),
        RC.ok,
      );
    };

    const native = (ins: number, body: Buffer): Buffer => {
      if (ins !== INS.additionalFrame) {
        pendingAuth = null;
        versionFrame = 0;
      }
      switch (ins) {
        case INS.getVersion:
          versionFrame = 1;
          return nativeAnswer(VERSION_HW, RC.additionalFrame);
        case INS.additionalFrame: {
          if (pendingAuth !== null) return authPart2(body);
          if (versionFrame === 1) {
            versionFrame = 2;
            return nativeAnswer(VERSION_SW, RC.additionalFrame);
          }
          if (versionFrame === 2) {
            versionFrame = 0;
            // UID, batch number and fabrication data (week 01, year 2024).
            return plainOk(Buffer.concat([this.uid, Buffer.from('CF39411C8F0124', 'hex')]));
          }
          return fail(RC.commandAborted);
        }
        case INS.authenticateEv2First: {
          session = null;
          const keyNo = body[0];
          if (body.length < 2) return fail(RC.lengthError);
          if (keyNo === undefined || keyNo >= KEY_COUNT) return fail(RC.noSuchKey);
          const rndB = randomBytes(16);
          pendingAuth = { keyNo, rndB };
          return nativeAnswer(aesCbc('encrypt', this.key(keyNo), rndB), RC.additionalFrame);
        }
        case INS.getKeyVersion: {
          const content = session === null ? body : unwrap(ins, body);
          if (content === null) return fail(RC.integrityError);
          const keyNo = content[0];
          if (content.length !== 1) return fail(RC.lengthError);
          if (keyNo === undefined || keyNo >= KEY_COUNT) return fail(RC.noSuchKey);
          return macAnswer(Buffer.from([this.keyVersions[keyNo] ?? 0]));
        }
        case INS.getFileSettings: {
          const content = session === null ? body : unwrap(ins, body);
          if (content === null) return fail(RC.integrityError);
          if (content.length !== 1) return fail(RC.lengthError);
          if (content[0] !== NDEF_FILE_NO) return fail(RC.fileNotFound);
          return macAnswer(encodeFileSettingsResponse(this.ndefSettings, NDEF_FILE_SIZE));
        }
        case INS.changeFileSettings:
          return changeFileSettings(body);
        case INS.changeKey:
          return changeKey(body);
        case INS.writeData:
          return writeData(body);
        default:
          return fail(RC.illegalCommand);
      }
    };

    const authPart2 = (body: Buffer): Buffer => {
      const auth = pendingAuth;
      pendingAuth = null;
      if (auth === null) return fail(RC.commandAborted);
      if (body.length !== 32) return fail(RC.lengthError);
      const key = this.key(auth.keyNo);
      const plain = aesCbc('decrypt', key, body);
      const rndA = plain.subarray(0, 16);
      if (!plain.subarray(16).equals(rotateLeft(auth.rndB))) return fail(RC.authenticationError);
      const ti = randomBytes(4);
      const { encKey, macKey } = authSessionKeys(key, rndA, auth.rndB);
      session = { encKey, macKey, ti, keyNo: auth.keyNo, cmdCtr: 0 };
      const answer = Buffer.concat([ti, rotateLeft(rndA), Buffer.alloc(6), Buffer.alloc(6)]);
      return plainOk(aesCbc('encrypt', key, answer));
    };

    const changeFileSettings = (body: Buffer): Buffer => {
      const content = unwrap(INS.changeFileSettings, body);
      if (session === null) return fail(RC.permissionDenied);
      if (content === null) return fail(RC.integrityError);
      if (content[0] !== NDEF_FILE_NO) return fail(RC.fileNotFound);
      if (this.ndefSettings.access.change !== session.keyNo) return fail(RC.permissionDenied);
      const plain = decryptCommandData(session, content.subarray(1));
      if (plain === null) return fail(RC.integrityError);
      let settings: FileSettings;
      try {
        settings = decodeFileSettings(plain);
      } catch (error) {
        if (error instanceof FileSettingsError) return fail(RC.parameterError);
        throw error;
      }
      if (settings.sdm && sdmSettingsProblem(settings.sdm) !== null) return fail(RC.parameterError);
      this.ndefSettings = settings;
      image = null;
      return macAnswer();
    };

    const changeKey = (body: Buffer): Buffer => {
      const content = unwrap(INS.changeKey, body);
      if (session === null) return fail(RC.permissionDenied);
      if (content === null) return fail(RC.integrityError);
      const keyNo = content[0];
      if (keyNo === undefined || keyNo >= KEY_COUNT) return fail(RC.noSuchKey);
      // Keys are changed with the application master key (key 0) authenticated.
      if (session.keyNo !== 0) return fail(RC.permissionDenied);
      const plaintext = decryptCommandData(session, content.subarray(1));
      if (plaintext === null) return fail(RC.integrityError);
      const parsed = parseChangeKeyPlaintext({
        keyNo,
        authKeyNo: session.keyNo,
        plaintext,
        currentKey: this.key(keyNo),
      });
      if (!parsed.ok) return fail(RC.integrityError);
      this.cardKeys[keyNo] = parsed.newKey;
      this.keyVersions[keyNo] = parsed.newKeyVersion;
      image = null;
      if (keyNo === session.keyNo) {
        // The session's own key changed: the session ends and the answer carries no MAC.
        session = null;
        return plainOk();
      }
      return macAnswer();
    };

    const writeData = (body: Buffer): Buffer => {
      const settings = this.ndefSettings;
      const free =
        settings.access.write === ACCESS_FREE || settings.access.readWrite === ACCESS_FREE;
      const granted =
        session !== null &&
        (settings.access.write === session.keyNo || settings.access.readWrite === session.keyNo);
      if (!free && !granted) return fail(RC.permissionDenied);
      // Free access is always plain; with a key, the file's CommMode (only plain is emulated).
      if (granted && !free && settings.commMode !== 'plain') return fail(RC.permissionDenied);
      if (body.length < 7) return fail(RC.lengthError);
      if (body[0] !== NDEF_FILE_NO) return fail(RC.fileNotFound);
      const offset = body.readUIntLE(1, 3);
      const length = body.readUIntLE(4, 3);
      const data = body.subarray(7);
      if (data.length !== length) return fail(RC.lengthError);
      if (offset + length > NDEF_FILE_SIZE) return fail(RC.boundaryError);
      data.copy(this.ndefFile, offset);
      image = null;
      // A plain command in an authenticated session still counts.
      if (session !== null) session.cmdCtr += 1;
      return plainOk();
    };

    return (apdu: Buffer): Buffer => {
      if (apdu.length < 4) return withStatus(Buffer.alloc(0), SW.wrongLength);
      const [cla, ins, p1, p2] = [apdu[0], apdu[1], apdu[2], apdu[3]];

      // PC/SC part 3 "get data" pseudo-APDU, answered by the reader: the UID.
      if (cla === 0xff && ins === 0xca && p1 === 0x00) return withStatus(this.uid, SW.ok);

      if (cla === 0x90) {
        if (behaviour === 'foreign' || behaviour === 'type2')
          return withStatus(Buffer.alloc(0), SW.claNotSupported);
        const body = nativeBody(apdu);
        if (body === null) return fail(RC.lengthError);
        return native(ins ?? 0, body);
      }
      if (cla !== 0x00) return withStatus(Buffer.alloc(0), SW.claNotSupported);

      if (ins === 0xa4) {
        const lc = apdu[4] ?? 0;
        const data = apdu.subarray(5, 5 + lc);
        if (p1 === 0x04) {
          if (behaviour !== 'foreign' && behaviour !== 'type2' && data.equals(NTAG424_NDEF_AID)) {
            applicationSelected = true;
            selectedFile = null;
            session = null;
            return withStatus(Buffer.alloc(0), SW.ok);
          }
          return withStatus(Buffer.alloc(0), SW.fileNotFound);
        }
        if (p1 === 0x00 && applicationSelected && data.length === 2) {
          const fileId = data.readUInt16BE(0);
          if (fileId === NDEF_FILE_ID) selectedFile = 'ndef';
          else if (fileId === CC_FILE_ID) selectedFile = 'cc';
          else return withStatus(Buffer.alloc(0), SW.fileNotFound);
          return withStatus(Buffer.alloc(0), SW.ok);
        }
        return withStatus(Buffer.alloc(0), SW.fileNotFound);
      }

      if (ins === 0xb0) {
        if (selectedFile === null) return withStatus(Buffer.alloc(0), SW.securityNotSatisfied);
        if (behaviour === 'fail') return withStatus(Buffer.alloc(0), SW.failed);
        let file: Buffer;
        if (selectedFile === 'cc') file = CC_FILE;
        else {
          image ??= this.readImage().image;
          file = image;
        }
        const offset = (((p1 ?? 0) & 0x7f) << 8) | (p2 ?? 0);
        const le = apdu.length > 4 ? (apdu[4] ?? 0) : 0;
        const wanted = le === 0 ? 256 : le;
        if (offset > file.length) return withStatus(Buffer.alloc(0), SW.wrongParameters);
        return withStatus(file.subarray(offset, offset + wanted), SW.ok);
      }

      return withStatus(Buffer.alloc(0), SW.insNotSupported);
    };
  }
}

/** The SUN fields of an NDEF file image, when it holds a URI with them. */
function sunOf(image: Buffer): SunFields | null {
  const nlen = image.readUInt16BE(0);
  if (nlen === 0 || nlen > image.length - 2) return null;
  try {
    return parseSunUrl(decodeUriMessage(image.subarray(2, 2 + nlen)));
  } catch {
    return null;
  }
}

function corruptCmac(sun: SunFields): SunFields {
  const first = Number.parseInt(sun.cmac.slice(0, 2), 16) ^ 0xff;
  const cmac = first.toString(16).toUpperCase().padStart(2, '0') + sun.cmac.slice(2);
  return { piccData: sun.piccData, cmac, url: sun.url.replace(`cmac=${sun.cmac}`, `cmac=${cmac}`) };
}
