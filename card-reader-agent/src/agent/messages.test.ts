import { describe, expect, it } from '@jest/globals';
import { agentUpMessageSchema, type CommandResult } from '@qn/contracts';
import {
  cardErrorMessage,
  cardTappedMessage,
  commandResultMessage,
  heartbeatMessage,
  helloMessage,
  InvalidMessageError,
  readerMessage,
  restamp,
} from './messages.js';

const NOW = Date.parse('2026-01-02T03:04:05.000Z');

describe('agent messages', () => {
  it('builds a card.tapped that the contract accepts, with upper-case hex', () => {
    const message = cardTappedMessage(
      {
        reader: 'ACS ACR1252 1S CL Reader PICC 0',
        kind: 'TAG_ISO_14443_4',
        atr: '3b8180018080',
        uid: '04de5f1eacc040',
        sun: {
          url: 'https://x/c?picc_data=ef&cmac=94',
          piccData: 'ef963ff7828658a599f3041510671e88',
          cmac: '94eed9ee65337086',
        },
        tappedAt: new Date(NOW - 100),
      },
      NOW,
    );
    expect(agentUpMessageSchema.parse(message)).toEqual(message);
    expect(message).toMatchObject({
      atr: '3B8180018080',
      uid: '04DE5F1EACC040',
      sentAt: '2026-01-02T03:04:05.000Z',
    });
    expect(message.sun?.piccData).toBe('EF963FF7828658A599F3041510671E88');
  });

  it('omits uid and sun when the card had none', () => {
    const message = cardTappedMessage(
      { reader: 'R', kind: 'TAG_ISO_14443_3', atr: '3B', tappedAt: new Date(NOW) },
      NOW,
    );
    expect('uid' in message).toBe(false);
    expect('sun' in message).toBe(false);
  });

  it('builds hello, heartbeat, reader and card.error messages the contract accepts', () => {
    for (const message of [
      helloMessage('0.1.0', ['R0', 'R1'], NOW),
      heartbeatMessage([], NOW),
      readerMessage('reader.detached', 'R0', NOW),
      cardErrorMessage({ reader: 'R0', code: 'read_failed', message: 'card answered 6300' }, NOW),
    ]) {
      expect(agentUpMessageSchema.safeParse(message).success).toBe(true);
    }
  });

  it('throws InvalidMessageError when a field breaks the contract', () => {
    expect(() =>
      cardTappedMessage(
        { reader: 'R', kind: 'TAG_ISO_14443_4', atr: 'not hex', tappedAt: new Date(NOW) },
        NOW,
      ),
    ).toThrow(InvalidMessageError);
  });

  it('changes only sentAt when restamping a queued message', () => {
    const original = cardErrorMessage({ reader: 'R0', code: 'timeout', message: 'slow' }, NOW);
    expect(restamp(original, NOW + 5000)).toEqual({
      ...original,
      sentAt: '2026-01-02T03:04:10.000Z',
    });
  });

  it('builds a command-result for a personalised card that the contract accepts', () => {
    const message = commandResultMessage(
      'cmd-1',
      {
        outcome: 'personalised',
        reader: 'Virtual PCD 00 00',
        uid: '04DE5F1EACC040',
        keyVersion: 1,
        done: ['select', 'identify', 'verify'],
        sun: { url: 'https://x/c?picc_data=EF&cmac=94', piccData: 'EF96', cmac: '94EE' },
      },
      NOW,
    );
    expect(agentUpMessageSchema.parse(message)).toEqual(message);
  });

  it('refuses to send a failure whose step is not a personalisation step', () => {
    expect(() =>
      commandResultMessage(
        'cmd-2',
        // A step the contract does not know, as a bug would send it.
        {
          outcome: 'failed',
          code: 'card_removed',
          message: 'x',
          step: 'polish',
          done: [],
        } as unknown as CommandResult,
        NOW,
      ),
    ).toThrow(InvalidMessageError);
  });
});
