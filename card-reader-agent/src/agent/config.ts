/** Agent configuration: environment variables, optionally overlaid by a JSON file (`--config`). Parsed once at start-up. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MAX_TAP_AGE_MS } from '@qn/contracts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const configSchema = z.object({
  apiUrl: z
    .string()
    .url()
    .refine(
      (value) => /^(https?|wss?):\/\//.test(value),
      'QN_API_URL must be http(s):// or ws(s)://',
    ),
  deviceId: z.string().min(1, 'QN_DEVICE_ID is required to connect to the API'),
  deviceSecret: z.string().min(1, 'QN_DEVICE_SECRET is required to connect to the API'),
  logLevel: z.enum(LOG_LEVELS),
  heartbeatMs: z.number().int().positive(),
  /** Taps older than this are never delivered (the API refuses them anyway). */
  maxTapAgeMs: z.number().int().positive(),
  readTimeoutMs: z.number().int().positive(),
  /** Parts of the reader names this agent uses (QN_READERS, comma-separated); empty: every reader. */
  readers: z.array(z.string().min(1)),
  reconnect: z.object({
    initialDelayMs: z.number().int().positive(),
    maxDelayMs: z.number().int().positive(),
  }),
});
export type AgentConfig = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG = {
  apiUrl: 'http://127.0.0.1:3000',
  logLevel: 'info',
  heartbeatMs: 10_000,
  maxTapAgeMs: MAX_TAP_AGE_MS,
  readTimeoutMs: 2_000,
  readers: [] as string[],
  reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
} as const;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export interface LoadConfigParams {
  readonly env?: NodeJS.ProcessEnv;
  /** Path of an optional JSON file whose keys (same names as AgentConfig) win over the environment. */
  readonly configFile?: string;
  /** When false (status, list-readers), device credentials may be missing. */
  readonly requireCredentials?: boolean;
}

export function loadConfig({
  env = process.env,
  configFile,
  requireCredentials = true,
}: LoadConfigParams = {}): AgentConfig {
  let fromFile: Record<string, unknown> = {};
  if (configFile !== undefined) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(configFile, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not a JSON object');
      fromFile = parsed as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`cannot read config file ${configFile}: ${(error as Error).message}`);
    }
  }
  const fromFileReconnect =
    typeof fromFile.reconnect === 'object' && fromFile.reconnect !== null ? fromFile.reconnect : {};
  const merged = {
    ...DEFAULT_CONFIG,
    apiUrl: nonEmpty(env.QN_API_URL) ?? DEFAULT_CONFIG.apiUrl,
    deviceId: nonEmpty(env.QN_DEVICE_ID) ?? (requireCredentials ? '' : 'unset'),
    deviceSecret: nonEmpty(env.QN_DEVICE_SECRET) ?? (requireCredentials ? '' : 'unset'),
    logLevel: nonEmpty(env.QN_LOG_LEVEL) ?? DEFAULT_CONFIG.logLevel,
    readers:
      nonEmpty(env.QN_READERS)
        ?.split(',')
        .map((name) => name.trim())
        .filter(Boolean) ?? DEFAULT_CONFIG.readers,
    ...fromFile,
    reconnect: { ...DEFAULT_CONFIG.reconnect, ...fromFileReconnect },
  };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

/** `http://host:3000` + `/agent/socket` → `ws://host:3000/agent/socket` (keeps any base path). */
export function agentSocketUrl(apiUrl: string, socketPath: string): string {
  const url = new URL(apiUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${socketPath}`;
  return url.toString();
}

export function basicAuthorization(deviceId: string, secret: string): string {
  return `Basic ${Buffer.from(`${deviceId}:${secret}`, 'utf8').toString('base64')}`;
}
