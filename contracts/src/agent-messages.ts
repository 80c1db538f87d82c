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

/*
 * Commands: the API asks the agent to do something with the card on one of its readers (only the
 * reception desk's agent is asked, when a receptionist issues or re-keys a card), and the agent
 * answers once with `command-result`. Personalising is two commands: `inspect` tells the API which
 * chip lies on the reader (its UID and key versions), so the API can diversify that chip's keys;
 * `personalise` then carries those keys. The master key never leaves the API.
 */

const uidHex = z.string().regex(/^[0-9A-F]{14}$/, "the chip's 7-byte UID, upper-case hex");
const aesKeyHex = z.string().regex(/^[0-9A-F]{32}$/, 'a 16-byte AES key, upper-case hex');
const keyVersion = z.number().int().min(0).max(255);
/** NTAG 424 DNA keys 0..4, by key number. */
const cardKeys = z.array(aesKeyHex).length(5);

/** The steps of personalisation, in the order the agent runs them (key 0 last, so a retry can always finish). */
export const PERSONALISE_STEPS = [
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
] as const;
export const personaliseStepSchema = z.enum(PERSONALISE_STEPS);
export type PersonaliseStep = z.infer<typeof personaliseStepSchema>;

const commandBase = {
  /** The reader to use; when absent, the one with a card on it (or the first to get one). */
  reader: z.string().min(1).optional(),
  /** How long to wait for a card to be placed on the reader before failing with `no_card`. */
  waitForCardMs: z.number().int().min(0).max(60_000),
};

export const inspectCardCommandSchema = z.object({ kind: z.literal('inspect'), ...commandBase });

export const personaliseCardCommandSchema = z.object({
  kind: z.literal('personalise'),
  ...commandBase,
  /** The chip these keys were diversified for; any other chip is refused (`wrong_card`). */
  uid: uidHex,
  /** Keys and version to authenticate with: the factory's (all zero, version 0) for a blank card. */
  currentKeyVersion: keyVersion,
  currentKeys: cardKeys,
  /** Keys and version the card ends with. */
  keyVersion: keyVersion.min(1),
  keys: cardKeys,
  /** The NDEF file to write and where SDM mirrors PICCData and the SDMMAC in it (byte offsets in the file). */
  ndef: z.object({
    file: z
      .string()
      .regex(/^(?:[0-9A-F]{2})+$/, 'the NDEF file, upper-case hex')
      .max(512, 'the NDEF file holds at most 256 bytes'),
    piccDataOffset: z.number().int().min(0).max(255),
    macInputOffset: z.number().int().min(0).max(255),
    macOffset: z.number().int().min(0).max(255),
  }),
});

export const agentCommandSchema = z.discriminatedUnion('kind', [
  inspectCardCommandSchema,
  personaliseCardCommandSchema,
]);
export type AgentCommand = z.infer<typeof agentCommandSchema>;
export type PersonaliseCardCommand = z.infer<typeof personaliseCardCommandSchema>;

export const agentCommandMessageSchema = z.object({
  type: z.literal('command'),
  commandId: z.string().min(1).max(64),
  /** The API has given up on the command after this: an agent that gets it later does not run it. */
  expiresAt: isoTimestamp,
  command: agentCommandSchema,
});
export type AgentCommandMessage = z.infer<typeof agentCommandMessageSchema>;

/** Why a command failed, as a stable code the API maps to words for the receptionist. */
export const COMMAND_FAILURE_CODES = [
  /** No card came to the reader in time. */
  'no_card',
  /** The card left the reader during the command. */
  'card_removed',
  /** Another chip than the one the command was made for. */
  'wrong_card',
  /** Not an NTAG 424 DNA (bank card, phone, other tag). */
  'unsupported_card',
  /** Key 0 authenticates with neither the current nor the target keys: someone else's card. */
  'auth_failed',
  /** Key versions or file settings that neither the current nor the target state explains. */
  'unexpected_card_state',
  /** The card refused a command (its status word is in the message). */
  'card_error',
  /** PC/SC could not talk to the card. */
  'transmit_failed',
  /** The named reader is not attached. */
  'reader_not_found',
  /** Another command is running on that reader. */
  'reader_busy',
  /** The command reached the agent after its `expiresAt`. */
  'expired',
] as const;
export const commandFailureCodeSchema = z.enum(COMMAND_FAILURE_CODES);
export type CommandFailureCode = z.infer<typeof commandFailureCodeSchema>;

export const inspectedCardSchema = z.object({
  uid: uidHex,
  /** Versions of keys 0..4 (0 on a factory-fresh card). */
  keyVersions: z.array(keyVersion).length(5),
  /** Whether SDM (SUN) is on for the NDEF file. */
  sdm: z.boolean(),
});
export type InspectedCard = z.infer<typeof inspectedCardSchema>;

export const commandResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('inspected'), reader: z.string(), card: inspectedCardSchema }),
  z.object({
    outcome: z.literal('personalised'),
    reader: z.string(),
    uid: uidHex,
    keyVersion: keyVersion.min(1),
    /** Steps done by this run; a retry after a failure skips what an earlier run finished. */
    done: z.array(personaliseStepSchema),
    /** The SUN message read back from the card with its new settings (the API verifies it). */
    sun: z.object({ url: z.string().max(1024), piccData: hex, cmac: hex }),
  }),
  z.object({
    outcome: z.literal('failed'),
    reader: z.string().optional(),
    code: commandFailureCodeSchema,
    message: z.string().max(1000),
    /** The step that failed, when the card was reached. */
    step: personaliseStepSchema.optional(),
    /** Steps this run finished before failing: a retry on the same card continues after them. */
    done: z.array(personaliseStepSchema).default([]),
  }),
]);
export type CommandResult = z.infer<typeof commandResultSchema>;

export const commandResultMessageSchema = z.object({
  type: z.literal('command-result'),
  commandId: z.string().min(1).max(64),
  result: commandResultSchema,
  sentAt: isoTimestamp,
});
export type CommandResultMessage = z.infer<typeof commandResultMessageSchema>;

export const agentUpMessageSchema = z.discriminatedUnion('type', [
  agentHelloSchema,
  readerChangedSchema,
  cardTappedSchema,
  cardRemovedSchema,
  cardErrorSchema,
  heartbeatSchema,
  commandResultMessageSchema,
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
  agentCommandMessageSchema,
]);
export type AgentDownMessage = z.infer<typeof agentDownMessageSchema>;

/** A tap older than this never signs anyone in: the agent drops it, the API refuses it. */
export const MAX_TAP_AGE_MS = 30_000;

/** The WebSocket path an agent connects to, relative to the API base URL. */
export const AGENT_SOCKET_PATH = '/agent/socket';
/**
 * WebSocket close code the API uses when a newer connection with the same device id took over:
 * two agents configured with one device id would otherwise take turns receiving that station's
 * commands. An agent closed with it says so loudly and waits its longest backoff before retrying.
 */
export const AGENT_REPLACED_CLOSE_CODE = 4001;
/** Header carrying the device's credential on the upgrade request. */
export const DEVICE_AUTH_HEADER = 'authorization';
