import { z } from 'zod';
import { sunNdefTemplate } from '@qn/card-crypto';
import { DEFAULT_SUN_BASE_URL } from './cards/desk-personalisation.js';
import { SUN_LANDING_PATH } from './cards/sun-landing.js';
import { accessConfigShape } from './auth/config.js';
import { HOSPITAL_CODES, type HospitalCode } from './ingestion/model.js';

/**
 * Every setting of the API comes from the environment, parsed once at start-up.
 * Each has a default that runs on a developer's machine with none of them set.
 */
const port = z.coerce.number().int().min(0).max(65535);
const milliseconds = z.coerce.number().int().positive();

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  QN_API_HOST: z.string().default('127.0.0.1'),
  QN_API_PORT: port.default(3000),
  /** Public base URL of this API as browsers and agents reach it. */
  QN_PUBLIC_URL: z.string().url().optional(),
  MONGODB_URI: z.string().default('mongodb://127.0.0.1:27027/quangninh'),
  HAPI_FHIR_URL: z.string().url().default('http://127.0.0.1:8090/fhir'),
  /** How long a request to HAPI may take before the API gives up with 503. */
  QN_HAPI_TIMEOUT_MS: milliseconds.default(5000),
  /**
   * How long the FHIR facade keeps its answers to directory reads and searches (Organization,
   * Location, HealthcareService, Practitioner, PractitionerRole); 0: it asks HAPI every time.
   */
  QN_FHIR_DIRECTORY_CACHE_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long the API waits for the database to be selected before answering 503. */
  QN_MONGO_TIMEOUT_MS: milliseconds.default(2000),
  /** How often readiness probes run; a component that stops is reported within interval + timeout. */
  QN_HEALTH_INTERVAL_MS: milliseconds.default(1500),
  QN_HEALTH_PROBE_TIMEOUT_MS: milliseconds.default(1500),
  /** Folder holding the built booking-web app (one sub-folder per locale); unset: API only. */
  QN_WEB_ROOT: z.string().optional(),
  /**
   * Card-reader devices allowed to connect, as `deviceId:secret` pairs separated by commas.
   * Stored hashed in MongoDB at start-up; the secrets themselves never reach the database.
   */
  QN_DEVICE_CREDENTIALS: z.string().default(''),
  /** An agent not heard from for this long is shown offline. */
  QN_AGENT_OFFLINE_AFTER_MS: milliseconds.default(30_000),
  /**
   * Which proxies in front of the API to trust for the client's address (Express "trust proxy"):
   * `loopback` locally; in Docker Compose, the network nginx runs on, e.g. `uniquelocal`.
   */
  QN_TRUST_PROXY: z.string().default('loopback'),
  /** Scheduling: no booking closer than this many minutes to a slot's start. */
  QN_BOOKING_MIN_NOTICE_MINUTES: z.coerce.number().int().min(0).default(30),
  /** Scheduling: how many days ahead slots can be booked. */
  QN_BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  /** Scheduling: how long a hold keeps its seat before it lapses. */
  QN_HOLD_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  /** Scheduling: bookings (and holds) a patient may have ahead at once; an administrator may override. */
  QN_MAX_FUTURE_BOOKINGS: z.coerce.number().int().min(1).max(50).default(4),
  /** Waitlist: how long a freed seat is kept for the waiting patient it is offered to. */
  QN_WAITLIST_OFFER_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  /** How often lapsed holds are expired, interrupted reschedules finished and the waitlist offered seats. */
  QN_SCHEDULING_SWEEP_INTERVAL_MS: milliseconds.default(5000),
  /** How often the outbox publisher sends pending bookings to HAPI FHIR. */
  QN_OUTBOX_INTERVAL_MS: milliseconds.default(1000),
  /** Longest wait between two attempts to publish one booking while HAPI FHIR refuses it. */
  QN_OUTBOX_MAX_BACKOFF_MS: milliseconds.default(60_000),
  /**
   * Stations' kiosk display keys, as `deviceId:displayKey` pairs separated by commas: the kiosk page
   * of a station passes its key (`?key=`) to receive that station's events. Stored hashed.
   * (A separate variable: QN_DEVICE_CREDENTIALS keeps colons inside secrets.)
   */
  QN_STATION_DISPLAY_KEYS: z.string().default(''),
  /** Cards: K_SDMMetaRead, the province-wide key that decrypts PICCData (32 hex digits). Unset: taps are refused. */
  QN_CARD_META_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, '32 hexadecimal digits (AES-128)')
    .optional(),
  /** Cards: the master key each card's SDM file-read key is diversified from (AN10922, 32 hex digits). */
  QN_CARD_MASTER_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, '32 hexadecimal digits (AES-128)')
    .optional(),
  /** Cards: key version new cards are issued with (part of the diversification input). */
  QN_CARD_KEY_VERSION: z.coerce.number().int().min(0).max(255).default(1),
  /**
   * Cards: the URL a card's SUN message is written under at personalisation; a phone held to the
   * card opens it. Unset: `<QN_PUBLIC_URL>/c` (the API's landing page for it), or the built-in
   * address when QN_PUBLIC_URL is unset too. Must fit the card's 256-byte NDEF file.
   */
  QN_CARD_SUN_URL: z.string().url().optional(),
  /** Cards: how long a newly issued card is valid, in days. */
  QN_CARD_VALIDITY_DAYS: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 365),
  /** Kiosk: a session with no API call for this long ends (reason idle). */
  QN_KIOSK_IDLE_MS: milliseconds.default(60_000),
  /** Kiosk: hard cap of one session, however active. */
  QN_KIOSK_SESSION_MAX_MS: milliseconds.default(10 * 60_000),
  /** Kiosk: how often each API instance polls the station event log for its browsers. */
  QN_STATION_EVENTS_POLL_MS: milliseconds.default(200),
  /** Bearer token the operations centre's Prometheus presents on GET /metrics; unset: /metrics answers 404. */
  QN_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** API requests worked on at once by one instance; more wait their turn (hardening/admission.ts). */
  /**
   * Longest an admitted request may work before it is answered 503 (its work is not stopped).
   * Above the longest wait a route has of its own: a card personalised at a desk, up to about 45 s.
   */
  QN_REQUEST_DEADLINE_MS: milliseconds.default(60_000),
  QN_ADMISSION_CONCURRENCY: z.coerce.number().int().positive().default(64),
  /** Requests that may wait for their turn; beyond that, 503 with Retry-After at once. */
  QN_ADMISSION_MAX_QUEUED: z.coerce.number().int().positive().default(20_000),
  /** A request that waited this long for its turn gets 503 instead of being worked on. */
  QN_ADMISSION_MAX_WAIT_MS: milliseconds.default(120_000),
  /** Bookings one kiosk session may make in 10 minutes; the next gets 429. */
  QN_KIOSK_BOOKING_LIMIT: z.coerce.number().int().positive().default(5),
  /** Bookings one member of staff may make per minute. */
  QN_STAFF_BOOKING_LIMIT: z.coerce.number().int().positive().default(120),
  /** How often booking reminders (the day before) are created and sent. */
  QN_REMINDER_INTERVAL_MS: milliseconds.default(60_000),
  /** Ingestion: the largest export file the upload endpoint takes (bigger ones go through the CLI). */
  QN_INGEST_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  /** Ingestion: records per transaction bundle sent to HAPI. */
  QN_INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(25),
  /**
   * HL7 v2 over MLLP: one listener per hospital feed, as `hospital:port` pairs separated by commas
   * (e.g. `bvdk-tinh-quang-ninh:2575`). Unset: no listener.
   */
  QN_MLLP_LISTENERS: z.string().default(''),
  /** Host the MLLP listeners bind to. */
  QN_MLLP_HOST: z.string().default('127.0.0.1'),
  ...accessConfigShape,
  QN_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses configuration from an environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const sunUrl = cardSunBaseUrl(parsed.data);
  try {
    sunNdefTemplate(sunUrl);
  } catch (error) {
    const variable = parsed.data.QN_CARD_SUN_URL ? 'QN_CARD_SUN_URL' : 'QN_PUBLIC_URL';
    throw new ConfigError(
      `Invalid configuration:\n  ${variable}: the card URL ${sunUrl} does not fit a card (${(error as Error).message}); use a shorter address`,
    );
  }
  return parsed.data;
}

/** Where the SUN URL written to new cards points: QN_CARD_SUN_URL, else `<QN_PUBLIC_URL>/c`. */
export function cardSunBaseUrl(config: Pick<Config, 'QN_CARD_SUN_URL' | 'QN_PUBLIC_URL'>): string {
  if (config.QN_CARD_SUN_URL) return config.QN_CARD_SUN_URL;
  if (config.QN_PUBLIC_URL) return `${config.QN_PUBLIC_URL.replace(/\/+$/, '')}${SUN_LANDING_PATH}`;
  return DEFAULT_SUN_BASE_URL;
}

export interface DeviceCredential {
  deviceId: string;
  secret: string;
}

export interface StationDisplayKey {
  deviceId: string;
  displayKey: string;
}

/** Reads `deviceId:value,…`; the value may itself hold colons. Errors name the variable, never the value. */
function parseDevicePairs(
  value: string,
  variable: string,
  valueName: string,
): Array<{ deviceId: string; value: string }> {
  return value
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const separator = pair.indexOf(':');
      if (separator <= 0 || separator === pair.length - 1) {
        throw new ConfigError(
          `${variable}: "${pair.split(':')[0]}" must be written deviceId:${valueName}`,
        );
      }
      return { deviceId: pair.slice(0, separator), value: pair.slice(separator + 1) };
    });
}

/** `QN_MLLP_LISTENERS`: which hospital's feed listens on which port. */
export function parseMllpListeners(value: string): Array<{ hospital: HospitalCode; port: number }> {
  return value
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [hospital, port] = pair.split(':');
      if (!HOSPITAL_CODES.includes(hospital as HospitalCode) || !/^\d{1,5}$/.test(port ?? '')) {
        throw new ConfigError(
          `QN_MLLP_LISTENERS: "${pair}" must be <hospital>:<port> with hospital one of ${HOSPITAL_CODES.join(', ')}`,
        );
      }
      return { hospital: hospital as HospitalCode, port: Number(port) };
    });
}

export function parseDeviceCredentials(value: string): DeviceCredential[] {
  return parseDevicePairs(value, 'QN_DEVICE_CREDENTIALS', 'secret').map(
    ({ deviceId, value: secret }) => ({ deviceId, secret }),
  );
}

export function parseStationDisplayKeys(value: string): StationDisplayKey[] {
  return parseDevicePairs(value, 'QN_STATION_DISPLAY_KEYS', 'displayKey').map(
    ({ deviceId, value: displayKey }) => ({ deviceId, displayKey }),
  );
}
