import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WEB_ROOT } from './builds.js';
import { repoPath } from './paths.js';
import {
  assertPortFree,
  httpOk,
  startProcess,
  waitUntil,
  type ManagedProcess,
} from './processes.js';

export interface StationCredential {
  deviceId: string;
  secret: string;
  /** Key the station's kiosk page presents to receive its events (`?station=…&key=…`). */
  displayKey?: string;
}

/** The province card keys of this installation (AES-128, hex): meta-read key, and the master key per-card keys derive from. */
export interface CardSecrets {
  metaKey: string;
  masterKey: string;
}

/** Staff sign-in of this installation: the token signing key, and the demo staff accounts' password. */
export interface StaffSecrets {
  jwtKey: string;
  demoPassword: string;
}

export interface LocalSecrets {
  stations: StationCredential[];
  cards: CardSecrets;
  staff: StaffSecrets;
}

const aesKeyHex = (): string => randomBytes(16).toString('hex').toUpperCase();

/**
 * Per-installation secrets for the local stack, made on first start and kept in the data folder
 * (git-ignored), so no secret is ever committed and a restart keeps the same ones.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = localSecretsFile(dataDir);
  const stored = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>)
    : {};
  // kiosk-01 and reception-01 get the demo's virtual readers; kiosk-02 has none: it is the
  // station automated API runs (scripts/schemathesis) act as, so their card commands and taps
  // never reach a kiosk someone is using.
  const stations: StationCredential[] = [...(stored.stations ?? [])];
  for (const deviceId of ['kiosk-01', 'reception-01', 'kiosk-02']) {
    if (!stations.some((station) => station.deviceId === deviceId))
      stations.push({ deviceId, secret: randomBytes(24).toString('base64url') });
  }
  // Secrets added since a data folder was made are filled in once and kept from then on.
  const secrets: LocalSecrets = {
    stations: stations.map((station) => ({
      ...station,
      displayKey: station.displayKey ?? randomBytes(24).toString('base64url'),
    })),
    cards: stored.cards ?? { metaKey: aesKeyHex(), masterKey: aesKeyHex() },
    staff: stored.staff ?? {
      jwtKey: `local-1:${randomBytes(32).toString('base64url')}`,
      demoPassword: `demo-${randomBytes(6).toString('base64url')}`,
    },
  };
  if (JSON.stringify(secrets) !== JSON.stringify(stored)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/** Where `localSecrets` keeps them: the file the card CLI, e2e tests and schemathesis read. */
export function localSecretsFile(dataDir: string): string {
  return path.join(dataDir, 'secrets.json');
}

/** The kiosk page URL of a station, with its display key. */
export function kioskUrl(webUrl: string, station: StationCredential, locale = 'vi'): string {
  const query = new URLSearchParams({
    station: station.deviceId,
    ...(station.displayKey ? { key: station.displayKey } : {}),
  });
  return `${webUrl}/${locale}/kiosk?${query.toString()}`;
}

export function apiEnv(options: {
  port: number;
  mongoUri: string;
  hapiUrl: string;
  webRoot?: string;
  stations: StationCredential[];
  cards?: CardSecrets;
  staff?: StaffSecrets;
}): NodeJS.ProcessEnv {
  return {
    QN_API_HOST: '127.0.0.1',
    QN_API_PORT: String(options.port),
    MONGODB_URI: options.mongoUri,
    HAPI_FHIR_URL: options.hapiUrl,
    QN_DEVICE_CREDENTIALS: options.stations.map((s) => `${s.deviceId}:${s.secret}`).join(','),
    QN_STATION_DISPLAY_KEYS: options.stations
      .flatMap((s) => (s.displayKey ? [`${s.deviceId}:${s.displayKey}`] : []))
      .join(','),
    ...(options.cards
      ? { QN_CARD_META_KEY: options.cards.metaKey, QN_CARD_MASTER_KEY: options.cards.masterKey }
      : {}),
    ...(options.webRoot ? { QN_WEB_ROOT: options.webRoot } : {}),
    ...(options.staff
      ? {
          QN_AUTH_JWT_KEYS: options.staff.jwtKey,
          QN_DEMO_STAFF_PASSWORD: options.staff.demoPassword,
        }
      : {}),
  };
}

/** The API's environment for the whole system on a running stack: every station, every secret, the web app. */
export function systemApiEnv(
  port: number,
  stack: { mongoUri: string; hapiUrl: string },
  secrets: LocalSecrets,
): NodeJS.ProcessEnv {
  return apiEnv({
    port,
    mongoUri: stack.mongoUri,
    hapiUrl: stack.hapiUrl,
    webRoot: WEB_ROOT,
    stations: secrets.stations,
    cards: secrets.cards,
    staff: secrets.staff,
  });
}

export async function startApi(options: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  port: number;
}): Promise<{ process: ManagedProcess; url: string }> {
  await assertPortFree(options.port, 'ehr-api', 'QN_API_PORT');
  const api = startProcess({
    name: 'ehr-api',
    command: process.execPath,
    args: [repoPath('ehr-api', 'dist', 'server.js')],
    env: { NODE_ENV: 'production', ...options.env },
    logFile: path.join(options.dataDir, 'logs', 'ehr-api.log'),
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitUntil('ehr-api', () => httpOk(`${url}/health/ready`), {
    timeoutMs: 60_000,
    process: api,
    hint: 'See the ehr-api log; /health/ready names the component that is down.',
  });
  return { process: api, url };
}

export function startAgent(options: {
  dataDir: string;
  apiUrl: string;
  station: StationCredential;
  /** Part of the name of the one reader this station uses (pcscd shows two virtual readers). */
  reader?: string;
}): ManagedProcess {
  return startProcess({
    name: 'card-reader-agent',
    command: process.execPath,
    args: [repoPath('card-reader-agent', 'dist', 'cli.js'), 'start'],
    env: {
      QN_API_URL: options.apiUrl,
      QN_DEVICE_ID: options.station.deviceId,
      QN_DEVICE_SECRET: options.station.secret,
      ...(options.reader ? { QN_READERS: options.reader } : {}),
    },
    logFile: path.join(
      options.dataDir,
      'logs',
      `card-reader-agent-${options.station.deviceId}.log`,
    ),
  });
}
