import { z } from 'zod';

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
  QN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses configuration from an environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export interface DeviceCredential {
  deviceId: string;
  secret: string;
}

export function parseDeviceCredentials(value: string): DeviceCredential[] {
  return value
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const separator = pair.indexOf(':');
      if (separator <= 0 || separator === pair.length - 1) {
        throw new ConfigError(`QN_DEVICE_CREDENTIALS: "${pair.split(':')[0]}" must be written deviceId:secret`);
      }
      return { deviceId: pair.slice(0, separator), secret: pair.slice(separator + 1) };
    });
}
