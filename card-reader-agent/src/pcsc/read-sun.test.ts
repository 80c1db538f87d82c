import { describe, expect, it } from '@jest/globals';
import { readSun, type Transmit } from './read-sun.js';
import { CardReadError } from './card-errors.js';
import { EmulatedNtag424, NTAG424_NDEF_AID, type CardBehaviour } from '../emulator/ntag424-card.js';
import { verifySun } from '../sun/sun.js';
import { fromHex } from '../sun/hex.js';

const UID = '04DE5F1EACC040';

/** The card as nfc-pcsc leaves it: NDEF application already selected. */
function transmitTo(card: EmulatedNtag424, behaviour: CardBehaviour): Transmit {
  const session = card.beginTap(behaviour);
  session.respond(
    Buffer.concat([Buffer.from('00A4040007', 'hex'), NTAG424_NDEF_AID, Buffer.from([0])]),
  );
  return (apdu) => Promise.resolve(session.respond(apdu));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CardReadError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('readSun', () => {
  it('returns the UID and a SUN message that verifies when the card is a good NTAG 424 DNA', async () => {
    const card = new EmulatedNtag424({ uid: fromHex(UID), counter: 7 });
    const read = await readSun(transmitTo(card, 'normal'));
    expect(read.uid).toBe(UID);
    expect(verifySun(read.sun, card.keys)).toEqual({ ok: true, uid: UID, counter: 7 });
  });

  it('sees the counter move forward on each tap and stay put on a replay', async () => {
    const card = new EmulatedNtag424({ uid: fromHex(UID), counter: 1 });
    const first = await readSun(transmitTo(card, 'normal'));
    const second = await readSun(transmitTo(card, 'normal'));
    const replayed = await readSun(transmitTo(card, 'replay'));
    const counterOf = (sun: typeof first.sun): number => {
      const v = verifySun(sun, card.keys);
      return v.ok ? v.counter : -1;
    };
    expect([counterOf(first.sun), counterOf(second.sun), counterOf(replayed.sun)]).toEqual([
      1, 2, 2,
    ]);
    expect(replayed.sun).toEqual(second.sun);
  });

  it('reads a SUN whose CMAC does not verify when the card corrupts it', async () => {
    const card = new EmulatedNtag424({ uid: fromHex(UID) });
    const read = await readSun(transmitTo(card, 'wrong-cmac'));
    expect(verifySun(read.sun, card.keys)).toEqual({ ok: false, reason: 'cmac' });
  });

  it.each([
    ['fail', 'read_failed'],
    ['garbage', 'invalid_ndef'],
    ['blank', 'blank_card'],
  ] as const)('throws %s → %s', async (behaviour, code) => {
    const card = new EmulatedNtag424({ uid: fromHex(UID) });
    expect(await codeOf(readSun(transmitTo(card, behaviour)))).toBe(code);
  });

  it('throws bad_response when an answer is shorter than a status word', async () => {
    expect(await codeOf(readSun(() => Promise.resolve(Buffer.from([0x90]))))).toBe('bad_response');
  });

  it('throws transmit_failed when the transport fails', async () => {
    expect(await codeOf(readSun(() => Promise.reject(new Error('SCardTransmit error'))))).toBe(
      'transmit_failed',
    );
  });

  it('throws no_sun when the NDEF URI carries no SUN parameters', async () => {
    const card = new EmulatedNtag424({ uid: fromHex(UID), baseUrl: 'https://example.com/#' });
    // a URL whose query is inside the fragment: no picc_data in the search params
    expect(await codeOf(readSun(transmitTo(card, 'normal')))).toBe('no_sun');
  });
});
