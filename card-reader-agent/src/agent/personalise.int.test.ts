import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  cardKeySet,
  factoryKeySet,
  fromHex,
  sunNdefTemplate,
  toHex,
  verifySun,
} from '@qn/card-crypto';
import type { AgentCommand, CommandResult, PersonaliseCardCommand } from '@qn/contracts';
import { Agent } from './agent.js';
import { loadConfig } from './config.js';
import { CardReaders } from '../pcsc/card-readers.js';
import { EmulatedNtag424 } from '../emulator/ntag424-card.js';
import { randomUid, tapEmulatedCard, type PresentCard } from '../emulator/tap-card.js';
import { INS } from '../ntag424/native.js';
import {
  nextEvent,
  requirePcscd,
  VPCD_READER_NAME,
  waitForReader,
} from '../test-support/pcsc-stack.js';
import { FakeApi, freePort } from '../test-support/fake-api.js';

/**
 * Personalising a blank NTAG 424 DNA at the reception desk, on the real pcscd + vpcd: the API
 * stand-in sends `inspect` then `personalise`, the agent runs them through nfc-pcsc against the
 * emulated card, and the card then taps with its new keys. Reader 1, as the agent's other test.
 */
const READER_INDEX = 1;
const READER = VPCD_READER_NAME(READER_INDEX);
const MASTER = fromHex('A1B2C3D4E5F60718293A4B5C6D7E8F90');
const META = fromHex('0F1E2D3C4B5A69788796A5B4C3D2E1F0');
const TEMPLATE = sunNdefTemplate('https://the.qn.health/c');
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const keysOf = (uid: string, version: number): Buffer[] =>
  version === 0
    ? factoryKeySet()
    : cardKeySet({ masterKey: MASTER, metaReadKey: META, uid: fromHex(uid), keyVersion: version });

function personalise(uid: string, from: number, to: number): PersonaliseCardCommand {
  return {
    kind: 'personalise',
    reader: READER,
    waitForCardMs: 5_000,
    uid,
    currentKeyVersion: from,
    currentKeys: keysOf(uid, from).map(toHex),
    keyVersion: to,
    keys: keysOf(uid, to).map(toHex),
    ndef: {
      file: toHex(TEMPLATE.file),
      piccDataOffset: TEMPLATE.piccDataOffset,
      macInputOffset: TEMPLATE.macInputOffset,
      macOffset: TEMPLATE.macOffset,
    },
  };
}

describe('personalisation through the agent on real pcscd + vpcd', () => {
  let cards: CardReaders;
  let agent: Agent;
  let api: FakeApi;
  let present: PresentCard | null = null;

  async function run(command: AgentCommand): Promise<CommandResult> {
    const commandId = randomUUID();
    api.send({
      type: 'command',
      commandId,
      expiresAt: new Date(Date.now() + 20_000).toISOString(),
      command,
    });
    return api.result(commandId);
  }

  /** Puts the card on the reader and waits until the agent has read it (a blank card reads as an error). */
  async function place(
    card: EmulatedNtag424,
    options: Parameters<typeof tapEmulatedCard>[1] = { reader: READER_INDEX },
  ): Promise<void> {
    const read = Promise.race([
      nextEvent(cards, 'card.tapped', READER),
      nextEvent(cards, 'card.error', READER),
    ]);
    present = await tapEmulatedCard(card, options);
    await read;
  }

  async function lift(): Promise<void> {
    if (present === null) return;
    const removed = nextEvent(cards, 'card.removed', READER);
    await present.remove();
    present = null;
    await removed;
  }

  beforeAll(async () => {
    requirePcscd();
    cards = new CardReaders({ readTimeoutMs: 1500, readerNames: [READER] });
    cards.start();
    await waitForReader(cards, READER);
    const port = await freePort();
    api = new FakeApi(port);
    await api.start();
    const config = loadConfig({
      env: {
        QN_API_URL: `http://127.0.0.1:${port}`,
        QN_DEVICE_ID: 'desk-test',
        QN_DEVICE_SECRET: 's',
      },
    });
    agent = new Agent({ config, cards, logger: silent });
    agent.start();
    await api.waitFor((m) => m.some((x) => x.type === 'hello'));
  });

  afterEach(async () => {
    await lift();
  });

  afterAll(async () => {
    await agent?.stop();
    await api?.stop();
    cards?.close();
  });

  it('inspects a blank card, personalises it, and the card then taps with a SUN that verifies with its new keys', async () => {
    const uid = randomUid();
    const card = EmulatedNtag424.blank(fromHex(uid));
    await place(card);
    expect(await run({ kind: 'inspect', reader: READER, waitForCardMs: 1000 })).toEqual({
      outcome: 'inspected',
      reader: READER,
      card: { uid, keyVersions: [0, 0, 0, 0, 0], sdm: false },
    });

    const result = await run(personalise(uid, 0, 1));
    expect(result).toMatchObject({ outcome: 'personalised', reader: READER, uid, keyVersion: 1 });
    if (result.outcome !== 'personalised') throw new Error('not personalised');
    const keys = keysOf(uid, 1);
    expect(verifySun(result.sun, { metaRead: keys[1]!, fileRead: keys[2]! })).toEqual({
      ok: true,
      uid,
      counter: 1,
    });
    await lift();

    const tapped = nextEvent(cards, 'card.tapped', READER);
    present = await tapEmulatedCard(card, { reader: READER_INDEX });
    const tap = await tapped;
    expect(verifySun(tap.sun!, { metaRead: keys[1]!, fileRead: keys[2]! })).toEqual({
      ok: true,
      uid,
      counter: 2,
    });
  });

  it('says the card was removed at change-key-2 when pulled there, and a retry on the same card finishes', async () => {
    const uid = randomUid();
    const card = EmulatedNtag424.blank(fromHex(uid));
    // Pulled while ChangeKey 2 runs: the card changes the key but the answer never arrives.
    await place(card, {
      reader: READER_INDEX,
      pullAt: {
        when: (apdu) => apdu[0] === 0x90 && apdu[1] === INS.changeKey && apdu[5] === 2,
        executed: true,
      },
    });
    const pulled = nextEvent(cards, 'card.removed', READER);
    const failed = await run(personalise(uid, 0, 1));
    await pulled;
    present = null;
    expect(failed).toMatchObject({ outcome: 'failed', code: 'card_removed', step: 'change-key-2' });
    if (failed.outcome !== 'failed') throw new Error('not failed');
    expect(failed.done).toEqual([
      'select',
      'identify',
      'write-ndef',
      'authenticate',
      'change-file-settings',
      'change-key-1',
    ]);

    await place(card);
    const retried = await run(personalise(uid, 0, 1));
    expect(retried).toMatchObject({ outcome: 'personalised', uid, keyVersion: 1 });
    if (retried.outcome !== 'personalised') throw new Error('not personalised');
    expect(retried.done).toEqual([
      'select',
      'identify',
      'authenticate',
      'change-key-3',
      'change-key-4',
      'change-key-0',
      'verify',
    ]);
    expect(card.versions).toEqual([1, 1, 1, 1, 1]);
  });

  it('re-keys a personalised card to version 2: the old keys stop verifying its taps', async () => {
    const uid = randomUid();
    const card = EmulatedNtag424.blank(fromHex(uid));
    await place(card);
    expect(await run(personalise(uid, 0, 1))).toMatchObject({ outcome: 'personalised' });
    const result = await run(personalise(uid, 1, 2));
    expect(result).toMatchObject({ outcome: 'personalised', keyVersion: 2 });
    if (result.outcome !== 'personalised') throw new Error('not personalised');
    const [v1, v2] = [keysOf(uid, 1), keysOf(uid, 2)];
    expect(verifySun(result.sun, { metaRead: v2[1]!, fileRead: v2[2]! })).toMatchObject({
      ok: true,
    });
    expect(verifySun(result.sun, { metaRead: v1[1]!, fileRead: v1[2]! })).toEqual({
      ok: false,
      reason: 'cmac',
    });
  });

  it('fails with no_card when nothing is placed on the reader in time', async () => {
    expect(await run({ kind: 'inspect', reader: READER, waitForCardMs: 300 })).toMatchObject({
      outcome: 'failed',
      code: 'no_card',
    });
  });

  it('refuses to personalise another chip than the one the keys were made for', async () => {
    const card = EmulatedNtag424.blank(fromHex(randomUid()));
    await place(card);
    expect(await run(personalise(randomUid(), 0, 1))).toMatchObject({
      outcome: 'failed',
      code: 'wrong_card',
      step: 'identify',
    });
    expect(card.versions).toEqual([0, 0, 0, 0, 0]);
  });
});
