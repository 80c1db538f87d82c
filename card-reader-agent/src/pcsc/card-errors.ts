/** Stable codes for everything that can go wrong with a card on a reader (sent as `card.error.code`). */
export const CARD_ERROR_CODES = [
  /** ISO 14443-4 card without the NTAG 424 NDEF application (bank card, phone, other tag). */
  'unsupported_card',
  /** The NDEF file is empty: an NTAG 424 DNA not yet personalised. */
  'blank_card',
  /** The NDEF file holds no SUN URL (`picc_data` + `cmac`). */
  'no_sun',
  /** The NDEF file is not a well-formed NDEF URI message (garbage). */
  'invalid_ndef',
  /** The card or reader answered with an error status word (e.g. `63 00`). */
  'read_failed',
  /** The answer was not an APDU response (too short, malformed). */
  'bad_response',
  /** The card did not answer within the read timeout. */
  'timeout',
  /** The card left the reader during the read. */
  'card_removed',
  /** PC/SC could not connect to the card or transmit to it. */
  'transmit_failed',
  /** Anything else the reader reported. */
  'reader_error',
] as const;
export type CardErrorCode = (typeof CARD_ERROR_CODES)[number];

export class CardReadError extends Error {
  readonly code: CardErrorCode;
  constructor(code: CardErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CardReadError';
    this.code = code;
  }
}

interface NfcPcscErrorShape {
  readonly message: string;
  readonly code?: unknown;
  readonly name?: unknown;
  readonly previous?: unknown;
}

function isErrorShape(value: unknown): value is NfcPcscErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * Maps what nfc-pcsc's reader emits as `error` to one of our codes. nfc-pcsc uses plain `Error`s
 * with fixed messages for the ISO 14443-4 AID selection, and `BaseError`s with `code` elsewhere.
 */
export function classifyNfcPcscError(error: unknown): CardReadError {
  if (error instanceof CardReadError) return error;
  if (!isErrorShape(error))
    return new CardReadError('reader_error', `reader reported ${String(error)}`, { cause: error });
  const { message } = error;
  const name = typeof error.name === 'string' ? error.name : '';
  if (message.startsWith('Not found response. Tag not compatible with AID')) {
    return new CardReadError(
      'unsupported_card',
      'card has no NTAG 424 DNA NDEF application (unknown card or phone)',
      { cause: error },
    );
  }
  if (message.startsWith('Response status error')) {
    return new CardReadError('read_failed', 'card refused the NDEF application selection', {
      cause: error,
    });
  }
  if (message.startsWith('Invalid response length')) {
    return new CardReadError('bad_response', `malformed answer from card: ${message}`, {
      cause: error,
    });
  }
  if (name === 'ConnectError')
    return new CardReadError('transmit_failed', 'could not connect to the card', { cause: error });
  if (name === 'GetUIDError' && error.code === 'operation_failed') {
    return new CardReadError('read_failed', 'reader could not get the card UID', { cause: error });
  }
  if (name === 'GetUIDError' || name === 'TransmitError') {
    return new CardReadError('transmit_failed', `transmit to card failed: ${message}`, {
      cause: error,
    });
  }
  return new CardReadError('reader_error', message, { cause: error });
}
