/**
 * The reader's side of NTAG 424 DNA native commands, over any APDU transport (nfc-pcsc's
 * `reader.transmit`, or the emulator directly in unit tests). Keeps the EV2 session (keys, TI,
 * command counter) and turns each command into the CommMode it needs; see `@qn/card-crypto`'s
 * `ev2.ts` for the cryptography.
 */
import {
  aesCbc,
  authSessionKeys,
  changeKeyPlaintext,
  commandMac,
  decodeFileSettingsResponse,
  encodeFileSettings,
  encryptCommandData,
  macEquals,
  responseMac,
  rotateLeft,
  rotateRight,
  type CommMode,
  type Ev2Session,
  type FileSettings,
} from '@qn/card-crypto';
import { randomBytes } from 'node:crypto';
import { CardReadError } from '../pcsc/card-errors.js';
import type { Transmit } from '../pcsc/read-sun.js';
import { statusOf, SW } from '../emulator/apdu.js';
import { describeStatus, INS, nativeApdu, RC } from './native.js';

/** The card answered a command with an error status. */
export class CardStatusError extends Error {
  constructor(
    readonly command: string,
    readonly sw: number,
  ) {
    super(`${command}: card answered ${describeStatus(sw)}`);
    this.name = 'CardStatusError';
  }

  get returnCode(): number | null {
    return this.sw >> 8 === 0x91 ? this.sw & 0xff : null;
  }
}

/** The card's answer did not verify (MAC) or was malformed: a broken or hostile card, or a wrong key. */
export class CardIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardIntegrityError';
  }
}

export interface CardVersion {
  readonly vendorId: number;
  readonly hwType: number;
  readonly hwStorageSize: number;
  readonly uid: string;
}

const MAX_RESPONSE = 258;
const WRITE_CHUNK = 128;

export class Ntag424Pcd {
  private session: Ev2Session | null = null;

  constructor(private readonly transmit: Transmit) {}

  /** Key number of the open EV2 session, if any. */
  get authenticatedWith(): number | null {
    return this.session?.keyNo ?? null;
  }

  private async exchange(apdu: Buffer): Promise<Buffer> {
    let response: Buffer;
    try {
      response = await this.transmit(apdu, MAX_RESPONSE);
    } catch (error) {
      this.session = null;
      if (error instanceof CardReadError) throw error;
      throw new CardReadError('transmit_failed', 'transmit to card failed', { cause: error });
    }
    if (statusOf(response) === null)
      throw new CardReadError(
        'bad_response',
        `answer of ${response.length} byte(s) is not an APDU response`,
      );
    return response;
  }

  /** An ISO 7816-4 command; returns the data when the card answers 90 00. */
  async iso(apdu: Buffer, what: string): Promise<Buffer> {
    const response = await this.exchange(apdu);
    const sw = statusOf(response) ?? 0;
    if (sw !== SW.ok) throw new CardStatusError(what, sw);
    return response.subarray(0, -2);
  }

  /** One native frame: the data and the return code (91 xx). */
  private async frame(
    ins: number,
    body: Uint8Array,
    what: string,
  ): Promise<{ data: Buffer; rc: number }> {
    const response = await this.exchange(nativeApdu(ins, body));
    const sw = statusOf(response) ?? 0;
    if (sw >> 8 !== 0x91) {
      this.session = null;
      throw new CardStatusError(what, sw);
    }
    return { data: response.subarray(0, -2), rc: sw & 0xff };
  }

  /**
   * A native command in the given CommMode. Without a session, MAC and FULL commands travel plain
   * (the card allows that only where the access right is free).
   */
  async command(
    ins: number,
    header: Uint8Array,
    data: Uint8Array,
    mode: CommMode,
    what: string,
    options: { endsSession?: boolean } = {},
  ): Promise<Buffer> {
    const session = this.session;
    if (session === null || mode === 'plain') {
      const { data: answer, rc } = await this.frame(ins, Buffer.concat([header, data]), what);
      if (rc !== RC.ok) {
        this.session = null;
        throw new CardStatusError(what, 0x9100 | rc);
      }
      if (session !== null) session.cmdCtr += 1; // plain commands count in a session too
      return answer;
    }
    const payload =
      mode === 'full' && data.length > 0 ? encryptCommandData(session, data) : Buffer.from(data);
    const content = Buffer.concat([header, payload]);
    const mac = commandMac(session.macKey, ins, session.cmdCtr, session.ti, content);
    const { data: answer, rc } = await this.frame(ins, Buffer.concat([content, mac]), what);
    if (rc !== RC.ok) {
      this.session = null;
      throw new CardStatusError(what, 0x9100 | rc);
    }
    if (options.endsSession === true) {
      this.session = null;
      return answer;
    }
    session.cmdCtr += 1;
    if (answer.length < 8) {
      this.session = null;
      throw new CardIntegrityError(`${what}: answer carries no MAC`);
    }
    const responseData = answer.subarray(0, -8);
    const expected = responseMac(session.macKey, rc, session.cmdCtr, session.ti, responseData);
    if (!macEquals(answer.subarray(-8), expected)) {
      this.session = null;
      throw new CardIntegrityError(`${what}: the MAC of the card's answer does not verify`);
    }
    return responseData;
  }

  async selectApplication(aid: Buffer): Promise<void> {
    this.session = null;
    await this.iso(
      Buffer.concat([Buffer.from([0x00, 0xa4, 0x04, 0x00, aid.length]), aid, Buffer.from([0x00])]),
      'select NDEF application',
    );
  }

  /** The UID through the PC/SC "get data" pseudo-APDU (answered by the reader from anticollision). */
  async getUid(): Promise<string> {
    const uid = await this.iso(Buffer.from('FFCA000000', 'hex'), 'get UID');
    return uid.toString('hex').toUpperCase();
  }

  async getVersion(): Promise<CardVersion> {
    const what = 'GetVersion';
    const hw = await this.frame(INS.getVersion, Buffer.alloc(0), what);
    if (hw.rc !== RC.additionalFrame) throw new CardStatusError(what, 0x9100 | hw.rc);
    const sw = await this.frame(INS.additionalFrame, Buffer.alloc(0), what);
    if (sw.rc !== RC.additionalFrame) throw new CardStatusError(what, 0x9100 | sw.rc);
    const production = await this.frame(INS.additionalFrame, Buffer.alloc(0), what);
    if (production.rc !== RC.ok) throw new CardStatusError(what, 0x9100 | production.rc);
    if (hw.data.length < 7 || production.data.length < 7)
      throw new CardIntegrityError(`${what}: answer too short`);
    return {
      vendorId: hw.data[0] ?? 0,
      hwType: hw.data[1] ?? 0,
      hwStorageSize: hw.data[5] ?? 0,
      uid: production.data.subarray(0, 7).toString('hex').toUpperCase(),
    };
  }

  async getKeyVersion(keyNo: number): Promise<number> {
    const answer = await this.command(
      INS.getKeyVersion,
      Buffer.from([keyNo]),
      Buffer.alloc(0),
      'mac',
      `GetKeyVersion ${keyNo}`,
    );
    if (answer.length !== 1)
      throw new CardIntegrityError(`GetKeyVersion ${keyNo}: answer of ${answer.length} bytes`);
    return answer[0] ?? 0;
  }

  async getFileSettings(fileNo: number): Promise<FileSettings> {
    const answer = await this.command(
      INS.getFileSettings,
      Buffer.from([fileNo]),
      Buffer.alloc(0),
      'mac',
      `GetFileSettings ${fileNo}`,
    );
    return decodeFileSettingsResponse(answer).settings;
  }

  /** AuthenticateEV2First with `key`; throws CardStatusError 91AE when the key is wrong. */
  async authenticate(keyNo: number, key: Uint8Array): Promise<void> {
    this.session = null;
    const what = `AuthenticateEV2First key ${keyNo}`;
    const first = await this.frame(INS.authenticateEv2First, Buffer.from([keyNo, 0x00]), what);
    if (first.rc !== RC.additionalFrame) throw new CardStatusError(what, 0x9100 | first.rc);
    if (first.data.length !== 16)
      throw new CardIntegrityError(`${what}: challenge of ${first.data.length} bytes`);
    const rndB = aesCbc('decrypt', key, first.data);
    const rndA = randomBytes(16);
    const second = await this.frame(
      INS.additionalFrame,
      aesCbc('encrypt', key, Buffer.concat([rndA, rotateLeft(rndB)])),
      what,
    );
    if (second.rc !== RC.ok) throw new CardStatusError(what, 0x9100 | second.rc);
    if (second.data.length !== 32)
      throw new CardIntegrityError(`${what}: answer of ${second.data.length} bytes`);
    const plain = aesCbc('decrypt', key, second.data);
    if (!rotateRight(plain.subarray(4, 20)).equals(rndA))
      throw new CardIntegrityError(`${what}: the card did not prove it holds the key`);
    const { encKey, macKey } = authSessionKeys(key, rndA, rndB);
    this.session = { encKey, macKey, ti: Buffer.from(plain.subarray(0, 4)), keyNo, cmdCtr: 0 };
  }

  async changeFileSettings(fileNo: number, settings: FileSettings): Promise<void> {
    await this.command(
      INS.changeFileSettings,
      Buffer.from([fileNo]),
      encodeFileSettings(settings),
      'full',
      `ChangeFileSettings ${fileNo}`,
    );
  }

  /** ChangeKey; `oldKey` is needed for any key but the session's own, whose change ends the session. */
  async changeKey(
    keyNo: number,
    newKey: Uint8Array,
    newKeyVersion: number,
    oldKey?: Uint8Array,
  ): Promise<void> {
    const session = this.session;
    if (session === null) throw new CardIntegrityError('ChangeKey needs an authenticated session');
    const plaintext = changeKeyPlaintext({
      keyNo,
      authKeyNo: session.keyNo,
      newKey,
      newKeyVersion,
      ...(oldKey === undefined ? {} : { oldKey }),
    });
    await this.command(
      INS.changeKey,
      Buffer.from([keyNo]),
      plaintext,
      'full',
      `ChangeKey ${keyNo}`,
      {
        endsSession: keyNo === session.keyNo,
      },
    );
  }

  /** WriteData in CommMode.Plain (the NDEF file's mode), in chunks the reader's buffer takes. */
  async writeDataPlain(fileNo: number, offset: number, data: Uint8Array): Promise<void> {
    for (let at = 0; at < data.length; at += WRITE_CHUNK) {
      const chunk = data.subarray(at, Math.min(data.length, at + WRITE_CHUNK));
      const header = Buffer.alloc(7);
      header[0] = fileNo;
      header.writeUIntLE(offset + at, 1, 3);
      header.writeUIntLE(chunk.length, 4, 3);
      await this.command(
        INS.writeData,
        header,
        chunk,
        'plain',
        `WriteData ${fileNo} @${offset + at}`,
      );
    }
  }
}

export function isStatus(error: unknown, returnCode: number): boolean {
  return error instanceof CardStatusError && error.returnCode === returnCode;
}
