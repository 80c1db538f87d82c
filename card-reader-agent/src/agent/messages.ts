/** Builds every message the agent sends and checks it against the contracts' schema before it leaves. */
import { agentUpMessageSchema, type AgentUpMessage, type CommandResult } from '@qn/contracts';
import type { CardErrorEvent, CardTappedEvent } from '../pcsc/card-readers.js';

export class InvalidMessageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidMessageError';
  }
}

/** Validates with the shared zod schema; throws `InvalidMessageError` (a bug on our side) otherwise. */
export type UpMessageOf<T extends AgentUpMessage['type']> = Extract<AgentUpMessage, { type: T }>;
export type ReaderChangedMessage = Extract<
  AgentUpMessage,
  { type: 'reader.attached' | 'reader.detached' }
>;

export function validateUp<M extends AgentUpMessage>(message: M): M {
  const result = agentUpMessageSchema.safeParse(message);
  if (!result.success) {
    throw new InvalidMessageError(
      `outgoing ${String(message.type)} does not match the contract: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      { cause: result.error },
    );
  }
  return message;
}

/** An ISO instant; a clock or card event without a valid time is refused like any other bad field. */
function iso(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime()))
    throw new InvalidMessageError(`outgoing message has no valid time (${String(ms)})`);
  return date.toISOString();
}

export function helloMessage(
  agentVersion: string,
  readers: readonly string[],
  now: number,
): UpMessageOf<'hello'> {
  return validateUp({ type: 'hello', agentVersion, readers: [...readers], sentAt: iso(now) });
}

export function heartbeatMessage(
  readers: readonly string[],
  now: number,
): UpMessageOf<'heartbeat'> {
  return validateUp({ type: 'heartbeat', readers: [...readers], sentAt: iso(now) });
}

export function readerMessage(
  type: 'reader.attached' | 'reader.detached',
  reader: string,
  now: number,
): ReaderChangedMessage {
  return validateUp({ type, reader, sentAt: iso(now) });
}

export function cardTappedMessage(
  event: Omit<CardTappedEvent, 'timing'>,
  now: number,
): UpMessageOf<'card.tapped'> {
  return validateUp({
    type: 'card.tapped',
    reader: event.reader,
    kind: event.kind,
    atr: event.atr.toUpperCase(),
    ...(event.uid === undefined ? {} : { uid: event.uid.toUpperCase() }),
    ...(event.sun === undefined
      ? {}
      : {
          sun: {
            url: event.sun.url,
            piccData: event.sun.piccData.toUpperCase(),
            cmac: event.sun.cmac.toUpperCase(),
          },
        }),
    tappedAt: iso(event.tappedAt.getTime()),
    sentAt: iso(now),
  });
}

export function cardRemovedMessage(reader: string, now: number): UpMessageOf<'card.removed'> {
  return validateUp({ type: 'card.removed', reader, sentAt: iso(now) });
}

export function cardErrorMessage(
  event: Pick<CardErrorEvent, 'reader' | 'code' | 'message'>,
  now: number,
): UpMessageOf<'card.error'> {
  return validateUp({
    type: 'card.error',
    reader: event.reader,
    code: event.code,
    message: event.message,
    sentAt: iso(now),
  });
}

/** The same message with a new `sentAt` (queued messages are stamped when they actually leave). */
export function restamp<M extends AgentUpMessage>(message: M, now: number): M {
  return validateUp({ ...message, sentAt: iso(now) });
}

/** The one answer to an API command (`inspect`, `personalise`). */
export function commandResultMessage(
  commandId: string,
  result: CommandResult,
  now: number,
): UpMessageOf<'command-result'> {
  return validateUp({ type: 'command-result', commandId, result, sentAt: iso(now) });
}
