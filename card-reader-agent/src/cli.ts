#!/usr/bin/env node
/**
 * card-reader-agent CLI: `start`, `status`, `list-readers`, `simulate tap`, `simulate remove`.
 * Run `card-reader-agent help` for usage.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent } from './agent/agent.js';
import { ConfigError, loadConfig } from './agent/config.js';
import { CardReaders, pcscdSocketPath } from './pcsc/card-readers.js';
import { createLogger } from './logger.js';
import {
  CARD_BEHAVIOURS,
  EmulatedNtag424,
  isCardBehaviour,
  ZERO_KEYS,
  type Ntag424State,
} from './emulator/ntag424-card.js';
import { randomUid, tapEmulatedCard } from './emulator/tap-card.js';
import { fromHex } from './sun/hex.js';
import { verifySun } from './sun/sun.js';
import { cardFileReadKey, findDemoCard } from '@qn/card-crypto';

const USAGE = `Usage: card-reader-agent <command> [options]

Commands:
  start [--config file.json]     run the agent (connects out to QN_API_URL; opens no port)
  status                         show whether pcscd answers and which readers it has
  list-readers                   print the PC/SC reader names, one per line
  simulate tap [options]         put an emulated NTAG 424 DNA on a vpcd virtual reader
      --reader N                 vpcd reader index (0 → port 35963, 1 → 35964), default 0
      --uid HEX                  7-byte UID (default random 04xxxxxxxxxxxx)
      --behaviour B              ${CARD_BEHAVIOURS.join('|')}
      --counter N                SDMReadCtr to present (default: one more than the last simulated tap of this UID)
      --meta-key HEX --file-key HEX   SDM keys (default all-zero, the factory keys)
      --card NAME|UID            a province card: a demo card name (lan, hung, mai, khoi, ngoc) or a UID,
                                 with its keys derived from the province card keys (QN_CARD_META_KEY and
                                 QN_CARD_MASTER_KEY, or --secrets FILE: the local stack's secrets.json)
      --blank                    a factory-fresh NTAG 424 DNA (keys all zero, SUN off) to issue at reception;
                                 what reception writes to it is kept, so tap it later with --uid <its UID>
      --delay-ms N               answer delay for --behaviour slow (default 3000)
      --hold-ms N                remove the card after N ms (default: keep it until Ctrl-C or 'simulate remove')
  simulate remove [--reader N]   take the simulated card off the reader

A card issued from --blank is remembered by UID (in the temp dir): 'simulate tap --uid <UID>' presents it
again with the keys reception wrote.

Environment: QN_API_URL (default http://127.0.0.1:3000), QN_DEVICE_ID, QN_DEVICE_SECRET, QN_LOG_LEVEL (default info),
QN_READERS (parts of the reader names this agent uses, comma-separated; default all).`;

function emulatorFile(kind: 'pid' | 'counter' | 'state', key: string): string {
  return join(tmpdir(), `qn-card-emulator-${kind}-${key}`);
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new ConfigError(`--${name} must be a non-negative integer, got ${value}`);
  return parsed;
}

async function probeReaders(waitMs: number): Promise<{ readers: string[]; error: string | null }> {
  const cards = new CardReaders();
  let error: string | null = null;
  cards.on('error', (event) => {
    error = event.message;
  });
  cards.start();
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  const readers = cards.readers;
  cards.close();
  return { readers, error };
}

async function commandStatus(): Promise<number> {
  const socket = pcscdSocketPath();
  const socketPresent = socket === undefined || existsSync(socket);
  const { readers, error } = await probeReaders(1500);
  const answers = socketPresent && error === null;
  console.log(
    JSON.stringify(
      { pcscd: { socket: socket ?? null, socketPresent, answers, error }, readers },
      null,
      2,
    ),
  );
  return answers ? 0 : 1;
}

async function commandListReaders(): Promise<number> {
  const { readers, error } = await probeReaders(1500);
  if (error !== null) {
    console.error(`pcscd did not answer: ${error}`);
    return 1;
  }
  for (const reader of readers) console.log(reader);
  return 0;
}

async function commandStart(configFile: string | undefined): Promise<number> {
  const config = loadConfig(configFile === undefined ? {} : { configFile });
  const logger = createLogger(config.logLevel);
  const cards = new CardReaders({
    logger,
    readTimeoutMs: config.readTimeoutMs,
    readerNames: config.readers,
  });
  const agent = new Agent({ config, cards, logger });
  cards.on('error', (event) =>
    logger.error({ code: event.code, reader: event.reader, err: event.message }, 'PC/SC error'),
  );
  cards.start();
  agent.start();
  logger.info({ apiUrl: config.apiUrl, deviceId: config.deviceId }, 'card-reader-agent started');
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string): void => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await agent.stop();
  cards.close();
  return 0;
}

/** The province card keys (hex) from the environment, or from the local stack's secrets file. */
function provinceCardKeys(secretsFile: string | undefined): { metaKey: string; masterKey: string } {
  if (secretsFile !== undefined) {
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as {
      cards?: { metaKey?: string; masterKey?: string };
    };
    if (secrets.cards?.metaKey && secrets.cards.masterKey)
      return { metaKey: secrets.cards.metaKey, masterKey: secrets.cards.masterKey };
    throw new ConfigError(`${secretsFile} holds no card keys (cards.metaKey, cards.masterKey)`);
  }
  const metaKey = process.env.QN_CARD_META_KEY;
  const masterKey = process.env.QN_CARD_MASTER_KEY;
  if (metaKey && masterKey) return { metaKey, masterKey };
  throw new ConfigError(
    '--card needs the province card keys: set QN_CARD_META_KEY and QN_CARD_MASTER_KEY, or pass --secrets <data dir>/secrets.json',
  );
}

async function commandSimulateTap(values: Record<string, string | undefined>): Promise<number> {
  const reader = intOption(values.reader, 'reader', 0);
  const behaviour = values.behaviour ?? 'normal';
  if (!isCardBehaviour(behaviour))
    throw new ConfigError(`--behaviour must be one of ${CARD_BEHAVIOURS.join(', ')}`);
  let uid = (values.uid ?? randomUid()).toUpperCase();
  let provinceKeys: { metaRead: Buffer; fileRead: Buffer } | undefined;
  if (values.card !== undefined) {
    const demo = findDemoCard(values.card);
    if (!demo && !/^[0-9A-Fa-f]{14}$/.test(values.card))
      throw new ConfigError(
        `--card must be a demo card name (lan, hung, mai, khoi, ngoc) or a 7-byte UID, got ${values.card}`,
      );
    uid = demo?.uid ?? values.card.toUpperCase();
    const { metaKey, masterKey } = provinceCardKeys(values.secrets);
    const keyVersion = intOption(process.env.QN_CARD_KEY_VERSION, 'key-version', 1);
    provinceKeys = {
      metaRead: fromHex(metaKey),
      fileRead: cardFileReadKey(fromHex(masterKey), fromHex(uid), keyVersion),
    };
  }
  const keys = {
    metaRead:
      values['meta-key'] === undefined
        ? (provinceKeys?.metaRead ?? ZERO_KEYS.metaRead)
        : fromHex(values['meta-key']),
    fileRead:
      values['file-key'] === undefined
        ? (provinceKeys?.fileRead ?? ZERO_KEYS.fileRead)
        : fromHex(values['file-key']),
  };
  const counterFile = emulatorFile('counter', uid);
  const stateFile = emulatorFile('state', uid);
  const remembered = existsSync(counterFile) ? Number(readFileSync(counterFile, 'utf8')) : 1;
  const counter = intOption(
    values.counter,
    'counter',
    Number.isInteger(remembered) ? remembered : 1,
  );
  // A blank card, or a card issued from one earlier (its keys are whatever reception wrote).
  const stateful =
    values.blank === 'true' ||
    (values.card === undefined &&
      values['meta-key'] === undefined &&
      values['file-key'] === undefined &&
      existsSync(stateFile));
  const card =
    values.blank === 'true'
      ? EmulatedNtag424.blank(fromHex(uid))
      : stateful
        ? EmulatedNtag424.fromState(JSON.parse(readFileSync(stateFile, 'utf8')) as Ntag424State)
        : new EmulatedNtag424({ uid: fromHex(uid), keys, counter });
  const present = await tapEmulatedCard(card, {
    reader,
    behaviour,
    ...(values['delay-ms'] === undefined
      ? {}
      : { delayMs: intOption(values['delay-ms'], 'delay-ms', 3000) }),
  });
  if (!stateful) writeFileSync(counterFile, String(card.counter));
  const pidFile = emulatorFile('pid', String(reader));
  writeFileSync(pidFile, String(process.pid));
  const check = present.sun === null ? null : verifySun(present.sun, stateful ? card.keys : keys);
  console.log(
    JSON.stringify({
      tapped: {
        reader,
        uid,
        behaviour,
        counter: present.counter,
        sun: present.sun,
        verifiesWithKeys: check?.ok ?? null,
      },
    }),
  );
  const holdMs =
    values['hold-ms'] === undefined ? null : intOption(values['hold-ms'], 'hold-ms', 0);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    void present.gone.then(() => resolve());
    if (holdMs !== null) setTimeout(resolve, holdMs);
  });
  await present.remove();
  rmSync(pidFile, { force: true });
  console.log(JSON.stringify({ removed: { reader, apdus: present.apdus } }));
  if (stateful) {
    writeFileSync(stateFile, JSON.stringify(card.toState()));
    console.log(
      JSON.stringify({
        kept: {
          uid,
          personalised: card.sdmEnabled,
          keyVersions: card.versions,
          tapAgain: `simulate tap --uid ${uid}`,
        },
      }),
    );
  }
  return 0;
}

function commandSimulateRemove(values: Record<string, string | undefined>): number {
  const reader = intOption(values.reader, 'reader', 0);
  const pidFile = emulatorFile('pid', String(reader));
  if (!existsSync(pidFile)) {
    console.error(`no simulated card on reader ${reader}`);
    return 1;
  }
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    console.error(`the simulated card process ${pid} is gone`);
  }
  rmSync(pidFile, { force: true });
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      reader: { type: 'string' },
      uid: { type: 'string' },
      behaviour: { type: 'string' },
      counter: { type: 'string' },
      'meta-key': { type: 'string' },
      'file-key': { type: 'string' },
      'delay-ms': { type: 'string' },
      'hold-ms': { type: 'string' },
      card: { type: 'string' },
      secrets: { type: 'string' },
      blank: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  const stringValues: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(values)
      .filter((entry): entry is [string, string | boolean] => entry[1] !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
  try {
    if (values.help === true || command === undefined || command === 'help') {
      console.log(USAGE);
      return command === undefined && values.help !== true ? 1 : 0;
    }
    if (command === 'start') return await commandStart(values.config);
    if (command === 'status') return await commandStatus();
    if (command === 'list-readers') return await commandListReaders();
    if (command === 'simulate' && sub === 'tap') return await commandSimulateTap(stringValues);
    if (command === 'simulate' && sub === 'remove') return commandSimulateRemove(stringValues);
    console.error(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  } catch (error) {
    if (
      error instanceof ConfigError ||
      (error instanceof Error && 'code' in error && error.code === 'vpcd_unavailable')
    ) {
      console.error(`card-reader-agent: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
