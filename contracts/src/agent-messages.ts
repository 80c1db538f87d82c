import { z } from 'zod';

/**
 * Messages on the one outbound WebSocket a card-reader agent keeps to ehr-api.
 * Up: agent → API. Down: API → agent. Every message is JSON with a `type` tag.
 */

const isoTimestamp = z.string().datetime({ offset: true });
const hex = z.string().regex(/^[0-9A-F]*$/, 'upper-case hexadecimal');

export const cardKindSchema = z.enum(['TAG_ISO_14443_3', 'TAG_ISO_14443_4', 'unknown']);

export const agentHelloSchema = z.object({
  type: z.literal('hello'),
  agentVersion: z.string(),
  readers: z.array(z.string()),
  sentAt: isoTimestamp,
});

export const readerChangedSchema = z.object({
  type: z.enum(['reader.attached', 'reader.detached']),
  reader: z.string(),
  sentAt: isoTimestamp,
});

export const cardTappedSchema = z.object({
  type: z.literal('card.tapped'),
  reader: z.string(),
  kind: cardKindSchema,
  atr: hex,
  /** Anti-collision UID as the reader reports it; random per tap on privacy-mode cards. */
  uid: hex.optional(),
  /** The SUN (secure unique NFC) message read from the card's NDEF file, when it has one. */
  sun: z
    .object({
      url: z.string().max(1024),
      piccData: hex,
      cmac: hex,
    })
    .optional(),
  /** When the card event reached the agent; the API refuses stale taps. */
  tappedAt: isoTimestamp,
  sentAt: isoTimestamp,
});

export const cardRemovedSchema = z.object({
  type: z.literal('card.removed'),
  reader: z.string(),
  sentAt: isoTimestamp,
});

export const cardErrorSchema = z.object({
  type: z.literal('card.error'),
  reader: z.string(),
  /** Stable code, e.g. `unsupported_card`, `read_failed`, `timeout`. */
  code: z.string(),
  message: z.string(),
  sentAt: isoTimestamp,
});

export const heartbeatSchema = z.object({
  type: z.literal('heartbeat'),
  readers: z.array(z.string()),
  sentAt: isoTimestamp,
});

export const agentUpMessageSchema = z.discriminatedUnion('type', [
  agentHelloSchema,
  readerChangedSchema,
  cardTappedSchema,
  cardRemovedSchema,
  cardErrorSchema,
  heartbeatSchema,
]);
export type AgentUpMessage = z.infer<typeof agentUpMessageSchema>;
export type CardTapped = z.infer<typeof cardTappedSchema>;

export const agentWelcomeSchema = z.object({
  type: z.literal('welcome'),
  deviceId: z.string(),
  serverTime: isoTimestamp,
});

export const agentRejectedSchema = z.object({
  type: z.literal('rejected'),
  /** Which message was refused and why, for the agent's log. */
  reason: z.string(),
});

export const agentDownMessageSchema = z.discriminatedUnion('type', [
  agentWelcomeSchema,
  agentRejectedSchema,
]);
export type AgentDownMessage = z.infer<typeof agentDownMessageSchema>;

/** A tap older than this never signs anyone in: the agent drops it, the API refuses it. */
export const MAX_TAP_AGE_MS = 30_000;

/** The WebSocket path an agent connects to, relative to the API base URL. */
export const AGENT_SOCKET_PATH = '/agent/socket';
/** Header carrying the device's credential on the upgrade request. */
export const DEVICE_AUTH_HEADER = 'authorization';
