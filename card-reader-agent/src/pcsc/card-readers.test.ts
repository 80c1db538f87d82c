import { describe, expect, it, jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { Reader } from 'nfc-pcsc';
import { CardReaders, pcscdAnswers, type NfcLike } from './card-readers.js';

const SCARD_STATE_PRESENT = 0x20;

/** Just enough of nfc-pcsc's NFC and Reader for the context's life cycle; no card is ever read. */
class FakeNfc extends EventEmitter implements NfcLike {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

function fakeReader(name: string): Reader {
  const pcsc = Object.assign(new EventEmitter(), { SCARD_STATE_PRESENT });
  return Object.assign(new EventEmitter(), {
    name,
    reader: pcsc,
    aid: null,
    autoProcessing: false,
    transmit: () => Promise.reject(new Error('no card')),
    close: () => undefined,
  }) as unknown as Reader;
}

describe('CardReaders when the PC/SC context is lost (pcscd stopped or restarted)', () => {
  it('lets the card and reader go at once, opens a new context with a growing pause, and stops after close()', () => {
    jest.useFakeTimers();
    try {
      const contexts: FakeNfc[] = [];
      const cards = new CardReaders({
        createNfc: () => {
          const nfc = new FakeNfc();
          contexts.push(nfc);
          return nfc;
        },
      });
      const events: string[] = [];
      cards.on('card.removed', (e) => events.push(`removed ${e.reader}`));
      cards.on('reader.detached', (e) => events.push(`detached ${e.reader}`));
      cards.on('error', (e) => events.push(e.code));
      cards.start();
      const reader = fakeReader('Virtual PCD 00 00');
      contexts[0]!.emit('reader', reader);
      reader.reader.emit('status', { state: SCARD_STATE_PRESENT });
      expect(cards.readers).toEqual(['Virtual PCD 00 00']);

      contexts[0]!.emit(
        'error',
        new Error('SCardGetStatusChange error: RPC transport error.(0x80100013)'),
      );
      // A patient's card on the reader counts as lifted: no screen keeps them signed in.
      expect(events).toEqual([
        'pcsc_unavailable',
        'removed Virtual PCD 00 00',
        'detached Virtual PCD 00 00',
      ]);
      expect(cards.readers).toEqual([]);

      jest.advanceTimersByTime(499);
      expect(contexts).toHaveLength(1);
      jest.advanceTimersByTime(1);
      expect(contexts).toHaveLength(2);
      expect(contexts[0]!.closed).toBe(true);

      contexts[1]!.emit(
        'error',
        new Error('SCardEstablishContext error: Service not available.(0x8010001d)'),
      );
      jest.advanceTimersByTime(999);
      expect(contexts).toHaveLength(2);
      jest.advanceTimersByTime(1);
      expect(contexts).toHaveLength(3);

      // pcscd is back: its readers attach to the new context, and the pause starts small again.
      contexts[2]!.emit('reader', fakeReader('Virtual PCD 00 00'));
      expect(cards.readers).toEqual(['Virtual PCD 00 00']);

      contexts[2]!.emit('error', new Error('RPC transport error'));
      cards.close();
      jest.advanceTimersByTime(60_000);
      expect(contexts).toHaveLength(3);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('CardReaders while pcscd does not answer', () => {
  it('opens no PC/SC context (its constructor would spin until pcscd returns), says so, and tries again with a growing pause', async () => {
    jest.useFakeTimers();
    try {
      const contexts: FakeNfc[] = [];
      const answers = [false, false, true];
      const asked: boolean[] = [];
      const cards = new CardReaders({
        createNfc: () => {
          const nfc = new FakeNfc();
          contexts.push(nfc);
          return nfc;
        },
        pcscdAnswers: () => {
          const answer = answers.shift() ?? true;
          asked.push(answer);
          return Promise.resolve(answer);
        },
      });
      const errors: string[] = [];
      cards.on('error', (e) => errors.push(`${e.code}: ${e.message}`));
      cards.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(contexts).toHaveLength(0);
      expect(errors).toEqual([
        expect.stringMatching(/^pcsc_unavailable: PC\/SC: pcscd does not answer/),
      ]);

      await jest.advanceTimersByTimeAsync(500);
      expect(asked).toEqual([false, false]);
      expect(contexts).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(999);
      expect(contexts).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(asked).toEqual([false, false, true]);
      expect(contexts).toHaveLength(1);
      cards.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('finds no pcscd on a socket nobody listens on, and finds one that accepts', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { createServer } = await import('node:net');
    const os = await import('node:os');
    const path = await import('node:path');
    const folder = mkdtempSync(path.join(os.tmpdir(), 'qn-pcscd-probe-'));
    try {
      const socket = path.join(folder, 'pcscd.comm');
      expect(await pcscdAnswers(socket)).toBe(false);
      const server = createServer((client) => client.end());
      await new Promise<void>((resolve) => server.listen(socket, resolve));
      expect(await pcscdAnswers(socket)).toBe(true);
      await new Promise((resolve) => server.close(resolve));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('CardReaders when a reader ends with a card on it', () => {
  it('says the card left before the reader, once, also when the context is lost right after (found by restarting pcscd 100 times)', () => {
    const nfc = new FakeNfc();
    const cards = new CardReaders({ createNfc: () => nfc });
    const events: string[] = [];
    cards.on('card.removed', (e) => events.push(`removed ${e.reader}`));
    cards.on('reader.detached', (e) => events.push(`detached ${e.reader}`));
    cards.start();
    const reader = fakeReader('Virtual PCD 00 00');
    nfc.emit('reader', reader);
    reader.reader.emit('status', { state: SCARD_STATE_PRESENT });

    // pcscd killed: the reader's status loop fails and nfc-pcsc ends the reader first...
    reader.emit('end');
    // ...then the context reports the loss.
    nfc.emit('error', new Error('SCardGetStatusChange error: RPC transport error.(0x80100013)'));
    expect(events).toEqual(['removed Virtual PCD 00 00', 'detached Virtual PCD 00 00']);
    cards.close();
  });
});

describe('CardReaders reader feedback', () => {
  async function tapNonPatientCard(readerName: string): Promise<Buffer[]> {
    const nfc = new FakeNfc();
    const cards = new CardReaders({ createNfc: () => nfc });
    const sent: Buffer[] = [];
    const tapped: string[] = [];
    cards.on('card.tapped', (e) => tapped.push(e.reader));
    cards.start();
    const reader = fakeReader(readerName);
    (reader as unknown as { transmit: (apdu: Buffer) => Promise<Buffer> }).transmit = (apdu) => {
      sent.push(Buffer.from(apdu));
      return Promise.resolve(Buffer.from([0x90, 0x00]));
    };
    nfc.emit('reader', reader);
    reader.reader.emit('status', { state: SCARD_STATE_PRESENT });
    // A MIFARE Classic bank or transport card: read by UID only, no SUN message.
    reader.emit('card', {
      type: 'TAG_ISO_14443_3',
      uid: '04a1b2c3',
      atr: Buffer.from('3b8f', 'hex'),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    cards.close();
    expect(tapped).toEqual([readerName]);
    return sent;
  }

  it('blinks red and beeps on an ACS reader for a card that is not a patient card, after reporting the tap', async () => {
    const sent = await tapNonPatientCard('ACS ACR1252 1S CL Reader PICC 0');
    expect(sent.map((apdu) => apdu.toString('hex'))).toEqual(['ff0040540402020301']);
  });

  it('sends nothing to a reader without LED and buzzer commands', async () => {
    expect(await tapNonPatientCard('Virtual PCD 00 00')).toEqual([]);
  });
});
