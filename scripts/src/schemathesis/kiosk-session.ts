/**
 * Kiosk session tokens for the schemathesis run, from real card taps: connects to the API as the
 * station kiosk-02 of a secrets.json (as `./dev start` writes it; a station without a reader, so
 * the card commands the fuzzer sends never go to a kiosk in use), listens to that station's events
 * as its kiosk page would, and for each line `tap` read on stdin taps a card with a fresh SUN
 * message and writes `{"token": …}` (or `{"error": …}`) as one line on stdout.
 *
 *   npx tsx scripts/src/schemathesis/kiosk-session.ts <baseUrl> <secrets.json>
 *
 * The card is its own: issued at start by a demo receptionist to a demo patient (found by name,
 * QN_SCHEMATHESIS_KIOSK_PATIENT), and issued again whenever the fuzzer has revoked or replaced it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { buildSunUrl, cardFileReadKey, fromHex } from '@qn/card-crypto';
import { AGENT_SOCKET_PATH, type AgentDownMessage, type StationEvent } from '@qn/contracts';

interface Secrets {
  stations: Array<{ deviceId: string; secret: string; displayKey?: string }>;
  cards: { metaKey: string; masterKey: string };
  staff: { demoPassword: string };
}

const [baseUrl, secretsFile] = process.argv.slice(2);
if (!baseUrl || !secretsFile) {
  console.error('usage: kiosk-session.ts <baseUrl> <secrets.json>');
  process.exit(2);
}
const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as Secrets;
const stationId = process.env.QN_SCHEMATHESIS_STATION ?? 'kiosk-02';
const station = secrets.stations.find((candidate) => candidate.deviceId === stationId);
if (!station?.displayKey)
  throw new Error(
    `${secretsFile}: no station ${stationId} with a display key (./dev start adds it; restart it once)`,
  );
const receptionist = process.env.QN_SCHEMATHESIS_RECEPTION ?? 'reception.bvdk';
const patientName = process.env.QN_SCHEMATHESIS_KIOSK_PATIENT ?? 'Nguyễn Thị Lan';

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** A new card with a random UID for the demo patient; its SUN counter starts again at 1. */
async function issueCard(): Promise<{ uid: string; counter: number }> {
  const { accessToken } = await api<{ accessToken: string }>(
    'POST',
    '/api/auth/sign-in',
    undefined,
    {
      username: receptionist,
      password: secrets.staff.demoPassword,
    },
  );
  const found = await api<Array<{ patientId: string }>>(
    'GET',
    `/api/patients?q=${encodeURIComponent(patientName)}&limit=1`,
    accessToken,
  );
  const patientId = found[0]?.patientId;
  if (!patientId) throw new Error(`no patient found for "${patientName}": run ehr-api seed-demo`);
  const uid = `04${randomBytes(6).toString('hex').toUpperCase()}`;
  await api('POST', '/api/cards', accessToken, { patientId, uid });
  return { uid, counter: 0 };
}

let card = await issueCard();

const waiting: Array<(event: StationEvent) => void> = [];

async function listen(): Promise<void> {
  const url = `${baseUrl}/api/stations/${encodeURIComponent(station!.deviceId)}/events?key=${encodeURIComponent(station!.displayKey!)}`;
  const response = await fetch(url, { headers: { Accept: 'text/event-stream' } });
  if (!response.ok || !response.body) throw new Error(`station events answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        buffer = buffer.slice(end + 2);
        if (data) {
          const event = JSON.parse(data) as StationEvent;
          for (const wake of waiting.splice(0)) wake(event);
        }
      }
    }
  })();
}

function connectAgent(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl!.replace(/^http/, 'ws')}${AGENT_SOCKET_PATH}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${station!.deviceId}:${station!.secret}`).toString('base64')}`,
      },
    });
    // Card commands the fuzzer sends to this station (issuing or re-keying a card) get the answer
    // of a real agent whose reader is empty, as promptly: no command is left to time out.
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as AgentDownMessage;
      if (message.type !== 'command') return;
      socket.send(
        JSON.stringify({
          type: 'command-result',
          commandId: message.commandId,
          result: {
            outcome: 'failed',
            reader: 'schemathesis',
            code: 'no_card',
            message: 'no card on the reader',
            done: [],
          },
          sentAt: new Date().toISOString(),
        }),
      );
    });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`agent socket answered HTTP ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

function nextEvent(timeoutMs: number): Promise<StationEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no station event within the timeout')),
      timeoutMs,
    );
    const wake = (event: StationEvent): void => {
      if (event.type !== 'session.started' && event.type !== 'card.rejected') {
        waiting.push(wake);
        return;
      }
      clearTimeout(timer);
      resolve(event);
    };
    waiting.push(wake);
  });
}

async function tap(agent: WebSocket): Promise<StationEvent> {
  card.counter += 1;
  const keys = {
    metaRead: fromHex(secrets.cards.metaKey),
    fileRead: cardFileReadKey(fromHex(secrets.cards.masterKey), fromHex(card.uid), 1),
  };
  const sun = buildSunUrl({
    baseUrl: 'https://the.qn.card/t',
    uid: fromHex(card.uid),
    counter: card.counter,
    keys,
  });
  const now = new Date().toISOString();
  const event = nextEvent(5000);
  agent.send(
    JSON.stringify({
      type: 'card.tapped',
      reader: 'schemathesis',
      kind: 'TAG_ISO_14443_4',
      atr: '3B8180018080',
      sun,
      tappedAt: now,
      sentAt: now,
    }),
  );
  return event;
}

/** A session token; when the fuzzer has revoked or replaced the card, a new card and one more tap. */
async function session(agent: WebSocket): Promise<Record<string, unknown>> {
  let event = await tap(agent);
  if (event.type === 'card.rejected') {
    card = await issueCard();
    event = await tap(agent);
  }
  return event.type === 'session.started' ? { token: event.session.token } : { error: event };
}

await listen();
const agent = await connectAgent();
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'tap') continue;
  const answer = await session(agent).catch((error: unknown) => ({ error: String(error) }));
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
agent.close();
process.exit(0);
