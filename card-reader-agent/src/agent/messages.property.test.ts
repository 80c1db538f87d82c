import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { agentUpMessageSchema } from '@qn/contracts';
import { CARD_ERROR_CODES } from '../pcsc/card-errors.js';
import {
  cardErrorMessage,
  cardRemovedMessage,
  cardTappedMessage,
  heartbeatMessage,
  helloMessage,
  InvalidMessageError,
  readerMessage,
  restamp,
} from './messages.js';

/**
 * Property tests of the messages the agent builds from what readers and cards report: whatever
 * a reader names itself, whatever a card answers and whatever the clock says, a builder returns a
 * message the contract accepts or throws InvalidMessageError (which the agent logs and drops),
 * never another exception that would take the agent down.
 */
const anyHex = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 40 }),
  fc.string({ maxLength: 20 }),
);
const anyTime = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }) },
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 8.64e15 + 1, -8.64e15 - 1, 0),
  fc.double(),
);
const anyDate = anyTime.map((ms) => new Date(ms));
const reader = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('ACS ACR1252 1S CL Reader PICC 0', 'Virtual PCD 00 00', ''),
);

/** Builds the message, and checks it is either contract-valid or refused with InvalidMessageError. */
function built(build: () => unknown): 'sent' | 'refused' {
  let message: unknown;
  try {
    message = build();
  } catch (error) {
    if (error instanceof InvalidMessageError) return 'refused';
    throw error;
  }
  expect(agentUpMessageSchema.safeParse(message).success).toBe(true);
  return 'sent';
}

describe('agent message builders under arbitrary reader, card and clock input', () => {
  it('build card.tapped from any reader name, ATR, UID, SUN fields and times, or refuse it', () => {
    let sent = 0;
    fc.assert(
      fc.property(
        reader,
        fc.constantFrom<'TAG_ISO_14443_3' | 'TAG_ISO_14443_4' | 'unknown'>(
          'TAG_ISO_14443_3',
          'TAG_ISO_14443_4',
          'unknown',
        ),
        anyHex,
        fc.option(anyHex, { nil: undefined }),
        fc.option(
          fc.record({
            url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 1100 })),
            piccData: anyHex,
            cmac: anyHex,
          }),
          { nil: undefined },
        ),
        anyDate,
        anyTime,
        (name, kind, atr, uid, sun, tappedAt, now) => {
          const outcome = built(() =>
            cardTappedMessage(
              {
                reader: name,
                kind,
                atr,
                tappedAt,
                ...(uid === undefined ? {} : { uid }),
                ...(sun === undefined ? {} : { sun }),
              },
              now,
            ),
          );
          if (outcome === 'sent') sent += 1;
        },
      ),
      { numRuns: 1000 },
    );
    expect(sent).toBeGreaterThan(0);
  });

  it('build hello, heartbeat, reader, removal and error messages from any names and times, or refuse them', () => {
    fc.assert(
      fc.property(
        reader,
        fc.array(reader, { maxLength: 5 }),
        fc.string({ maxLength: 30 }),
        fc.constantFrom(...CARD_ERROR_CODES),
        fc.string({ maxLength: 500 }),
        anyTime,
        (name, readers, version, code, text, now) => {
          built(() => helloMessage(version, readers, now));
          built(() => heartbeatMessage(readers, now));
          built(() => readerMessage('reader.attached', name, now));
          built(() => readerMessage('reader.detached', name, now));
          built(() => cardRemovedMessage(name, now));
          built(() => cardErrorMessage({ reader: name, code, message: text }, now));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('restamps a queued message at any clock reading, or refuses it', () => {
    fc.assert(
      fc.property(reader, anyTime, (name, now) => {
        const queued = cardRemovedMessage(name, Date.UTC(2026, 0, 1));
        built(() => restamp(queued, now));
      }),
      { numRuns: 1000 },
    );
  });
});
