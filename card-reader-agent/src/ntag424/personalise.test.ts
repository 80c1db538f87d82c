import { describe, expect, it } from '@jest/globals';
import {
  cardKeySet,
  factoryKeySet,
  fromHex,
  sunNdefTemplate,
  toHex,
  verifySun,
} from '@qn/card-crypto';
import type { PersonaliseCardCommand } from '@qn/contracts';
import { EmulatedNtag424, NTAG424_NDEF_AID, type CardBehaviour } from '../emulator/ntag424-card.js';
import { CardReadError } from '../pcsc/card-errors.js';
import { readSun, type Transmit } from '../pcsc/read-sun.js';
import { inspectCard, PersonaliseFailure, personaliseCard } from './personalise.js';
import { CardStatusError, Ntag424Pcd } from './pcd.js';

const UID = '04DE5F1EACC040';
const MASTER = fromHex('00112233445566778899AABBCCDDEEFF');
const META = fromHex('42AFF114F2CB3B6141BE6DC95DFC5416');
const TEMPLATE = sunNdefTemplate('https://the.qn.health/c');

const keysOf = (version: number, uid = UID): Buffer[] =>
  version === 0
    ? factoryKeySet()
    : cardKeySet({ masterKey: MASTER, metaReadKey: META, uid: fromHex(uid), keyVersion: version });
const sunKeys = (keys: Buffer[]): { metaRead: Buffer; fileRead: Buffer } => ({
  metaRead: keys[1]!,
  fileRead: keys[2]!,
});

function command(from: number, to: number, uid = UID): PersonaliseCardCommand {
  return {
    kind: 'personalise',
    waitForCardMs: 0,
    uid,
    currentKeyVersion: from,
    currentKeys: keysOf(from, uid).map(toHex),
    keyVersion: to,
    keys: keysOf(to, uid).map(toHex),
    ndef: {
      file: toHex(TEMPLATE.file),
      piccDataOffset: TEMPLATE.piccDataOffset,
      macInputOffset: TEMPLATE.macInputOffset,
      macOffset: TEMPLATE.macOffset,
    },
  };
}

/** One tap of `card` as a transmit function; counts APDUs. */
function tap(
  card: EmulatedNtag424,
  behaviour: CardBehaviour = 'normal',
): Transmit & { count: () => number } {
  const session = card.beginTap(behaviour);
  let count = 0;
  const transmit = (apdu: Buffer): Promise<Buffer> => {
    count += 1;
    return Promise.resolve(session.respond(apdu));
  };
  return Object.assign(transmit, { count: () => count });
}

/**
 * A tap where the card is pulled away at APDU number `at` (1-based): that APDU either never reaches
 * the card, or reaches it and is executed but its answer is lost.
 */
function pulledAt(card: EmulatedNtag424, at: number, executed: boolean): Transmit {
  const session = card.beginTap('normal');
  let count = 0;
  return (apdu: Buffer) => {
    count += 1;
    if (count >= at) {
      if (count === at && executed) session.respond(apdu);
      return Promise.reject(
        new CardReadError('card_removed', 'the card left the reader during the read'),
      );
    }
    return Promise.resolve(session.respond(apdu));
  };
}

/** A tap as nfc-pcsc leaves it for the SUN read: the NDEF application already selected. */
function selectedTap(card: EmulatedNtag424): Transmit {
  const transmit = tap(card);
  void transmit(
    Buffer.concat([Buffer.from('00A4040007', 'hex'), NTAG424_NDEF_AID, Buffer.from([0])]),
    2,
  );
  return transmit;
}

async function failureOf(promise: Promise<unknown>): Promise<PersonaliseFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PersonaliseFailure) return error;
    throw error;
  }
  throw new Error('expected a PersonaliseFailure');
}

describe('personaliseCard on the emulated NTAG 424 DNA', () => {
  it('turns a factory-fresh card into one whose SUN verifies with its diversified keys', async () => {
    const card = EmulatedNtag424.blank(fromHex(UID));
    expect(await inspectCard(tap(card))).toEqual({
      uid: UID,
      keyVersions: [0, 0, 0, 0, 0],
      sdm: false,
    });

    const result = await personaliseCard(tap(card), command(0, 1));
    expect(result.done).toEqual([
      'select',
      'identify',
      'write-ndef',
      'authenticate',
      'change-file-settings',
      'change-key-1',
      'change-key-2',
      'change-key-3',
      'change-key-4',
      'change-key-0',
      'verify',
    ]);
    expect(verifySun(result.sun, sunKeys(keysOf(1)))).toEqual({ ok: true, uid: UID, counter: 1 });
    expect(card.versions).toEqual([1, 1, 1, 1, 1]);

    const next = await readSun(selectedTap(card));
    expect(verifySun(next.sun, sunKeys(keysOf(1)))).toEqual({ ok: true, uid: UID, counter: 2 });
    expect(verifySun(next.sun, sunKeys(factoryKeySet()))).toMatchObject({ ok: false });
  });

  it('re-keys a personalised card to version 2 so only the new keys verify its taps', async () => {
    const card = EmulatedNtag424.blank(fromHex(UID));
    await personaliseCard(tap(card), command(0, 1));
    const result = await personaliseCard(tap(card), command(1, 2));
    expect(result.done).not.toContain('write-ndef');
    expect(result.done).not.toContain('change-file-settings');
    expect(card.versions).toEqual([2, 2, 2, 2, 2]);
    const next = await readSun(selectedTap(card));
    expect(verifySun(next.sun, sunKeys(keysOf(2)))).toMatchObject({ ok: true });
    expect(verifySun(next.sun, sunKeys(keysOf(1)))).toEqual({ ok: false, reason: 'cmac' });
  });

  it('finishes on retry wherever the card was pulled, whether or not the interrupted command ran', async () => {
    const reference = EmulatedNtag424.blank(fromHex(UID));
    const counting = tap(reference);
    await personaliseCard(counting, command(0, 1));
    const total = counting.count();
    expect(total).toBeGreaterThan(15);

    for (let at = 1; at <= total; at++) {
      for (const executed of [false, true]) {
        const card = EmulatedNtag424.blank(fromHex(UID));
        const first = await failureOf(personaliseCard(pulledAt(card, at, executed), command(0, 1)));
        expect(first.code).toBe('card_removed');
        const retry = await personaliseCard(tap(card), command(0, 1));
        expect(
          retry.done.filter((step) => first.done.includes(step) && step.startsWith('change-')),
        ).toEqual([]);
        expect(verifySun(retry.sun, sunKeys(keysOf(1)))).toMatchObject({ ok: true, uid: UID });
        expect(card.versions).toEqual([1, 1, 1, 1, 1]);
      }
    }
  });

  it('says which step was interrupted and what was already done', async () => {
    const card = EmulatedNtag424.blank(fromHex(UID));
    // 1 select + 1 UID + 3 GetVersion + 5 GetKeyVersion + 1 GetFileSettings + 1 WriteData + 2 auth + 1 CFS = 15; the 16th is ChangeKey 1.
    const failure = await failureOf(personaliseCard(pulledAt(card, 16, false), command(0, 1)));
    expect(failure).toMatchObject({ code: 'card_removed', step: 'change-key-1' });
    expect(failure.done).toEqual([
      'select',
      'identify',
      'write-ndef',
      'authenticate',
      'change-file-settings',
    ]);
    expect(failure.message).toMatch(/change-key-1: the card left the reader .*retry/);
  });

  it('refuses another chip than the one the keys were made for', async () => {
    const card = EmulatedNtag424.blank(fromHex('04AABBCCDDEEFF'));
    const failure = await failureOf(personaliseCard(tap(card), command(0, 1)));
    expect(failure).toMatchObject({ code: 'wrong_card', step: 'identify' });
    expect(card.versions).toEqual([0, 0, 0, 0, 0]);
  });

  it('reports auth_failed when key 0 is not the one of the stated version (a card set up elsewhere)', async () => {
    const card = EmulatedNtag424.blank(fromHex(UID));
    const foreign = command(0, 1);
    await personaliseCard(tap(card), {
      ...foreign,
      keys: keysOf(1).map((key) => toHex(Buffer.from(key).reverse())),
    });
    const failure = await failureOf(personaliseCard(tap(card), command(1, 2)));
    expect(failure).toMatchObject({ code: 'auth_failed', step: 'authenticate' });
  });

  it('reports unexpected_card_state when a key version is neither the current nor the target one', async () => {
    const card = EmulatedNtag424.blank(fromHex(UID));
    await personaliseCard(tap(card), command(0, 5));
    const failure = await failureOf(personaliseCard(tap(card), command(1, 2)));
    expect(failure).toMatchObject({ code: 'unexpected_card_state', step: 'identify' });
    expect(failure.message).toMatch(/key 0 has version 5/);
  });

  it('reports unsupported_card for an ISO 14443-4 card without the NDEF application', async () => {
    const card = EmulatedNtag424.blank(fromHex(UID));
    const failure = await failureOf(personaliseCard(tap(card, 'foreign'), command(0, 1)));
    expect(failure).toMatchObject({ code: 'unsupported_card', step: 'select' });
  });
});

describe('the emulated card as the datasheet has it', () => {
  async function authenticated(card: EmulatedNtag424): Promise<Ntag424Pcd> {
    const pcd = new Ntag424Pcd(tap(card));
    await pcd.selectApplication(NTAG424_NDEF_AID);
    await pcd.authenticate(0, new Uint8Array(16));
    return pcd;
  }

  it('answers 91AE when authenticating with a wrong key', async () => {
    const pcd = new Ntag424Pcd(tap(EmulatedNtag424.blank(fromHex(UID))));
    await pcd.selectApplication(NTAG424_NDEF_AID);
    await expect(
      pcd.authenticate(0, fromHex('000102030405060708090A0B0C0D0E0F')),
    ).rejects.toMatchObject({ sw: 0x91ae });
  });

  it('answers 911E (integrity) to ChangeKey with a wrong old key, and keeps the key', async () => {
    const card = EmulatedNtag424.blank(fromHex(UID));
    const pcd = await authenticated(card);
    const error = await pcd
      .changeKey(2, keysOf(1)[2]!, 1, fromHex('FF'.repeat(16)))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardStatusError);
    expect((error as CardStatusError).sw).toBe(0x911e);
    expect(card.versions[2]).toBe(0);
  });

  it('answers MACed GetKeyVersion and GetFileSettings inside a session, counting commands', async () => {
    const card = EmulatedNtag424.blank(fromHex(UID));
    const pcd = await authenticated(card);
    expect(await pcd.getKeyVersion(3)).toBe(0);
    expect((await pcd.getFileSettings(2)).sdm).toBeUndefined();
    expect(await pcd.getKeyVersion(0)).toBe(0);
  });

  it('refuses ChangeFileSettings without authentication (91 9D)', async () => {
    const pcd = new Ntag424Pcd(tap(EmulatedNtag424.blank(fromHex(UID))));
    await pcd.selectApplication(NTAG424_NDEF_AID);
    await expect(
      pcd.changeFileSettings(2, {
        commMode: 'plain',
        access: { read: 0xe, write: 0, readWrite: 0, change: 0 },
      }),
    ).rejects.toMatchObject({ sw: 0x919d });
  });

  it('keeps its state through toState/fromState', async () => {
    const card = EmulatedNtag424.blank(fromHex(UID));
    await personaliseCard(tap(card), command(0, 1));
    const copy = EmulatedNtag424.fromState(
      JSON.parse(JSON.stringify(card.toState())) as ReturnType<EmulatedNtag424['toState']>,
    );
    const read = await readSun(selectedTap(copy));
    expect(verifySun(read.sun, sunKeys(keysOf(1)))).toEqual({ ok: true, uid: UID, counter: 2 });
  });
});
