import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import {
  AGENT_REPLACED_CLOSE_CODE,
  AGENT_SOCKET_PATH,
  type AgentDownMessage,
  type SystemStatus,
} from '@qn/contracts';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { isolatedMongoUri, testHapiUrl } from '../test-support/stack-env.js';

const DEVICE = { id: 'kiosk-it-01', secret: 'correct-horse-battery-staple' };

function connect(
  url: string,
  deviceId: string,
  secret: string,
): Promise<{ socket: WebSocket; messages: AgentDownMessage[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}${AGENT_SOCKET_PATH}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${deviceId}:${secret}`).toString('base64')}`,
      },
    });
    const messages: AgentDownMessage[] = [];
    socket.on('message', (data: Buffer) =>
      messages.push(JSON.parse(data.toString('utf8')) as AgentDownMessage),
    );
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe('card-agent socket with presence kept in MongoDB', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        QN_API_PORT: '0',
        MONGODB_URI: isolatedMongoUri('agents'),
        HAPI_FHIR_URL: testHapiUrl(),
        QN_DEVICE_CREDENTIALS: `${DEVICE.id}:${DEVICE.secret}`,
        QN_LOG_LEVEL: 'warn',
      }),
    );
  });
  afterAll(async () => {
    await server.context.mongo.dropDatabase().catch(() => undefined);
    await server.stop();
  });

  it('shows a connected agent online with its readers on the status page, and offline after it disconnects', async () => {
    const { socket, messages } = await connect(server.url, DEVICE.id, DEVICE.secret);
    socket.send(
      JSON.stringify({
        type: 'hello',
        agentVersion: '0.1.0',
        readers: ['Virtual PCD 00 00', 'Virtual PCD 00 01'],
        sentAt: new Date().toISOString(),
      }),
    );

    const status = await eventually(
      async () => (await (await fetch(`${server.url}/api/status`)).json()) as SystemStatus,
      (s) => s.agents.some((a) => a.deviceId === DEVICE.id && a.readers.length === 2),
    );
    const agent = status.agents.find((a) => a.deviceId === DEVICE.id);
    expect(agent).toMatchObject({
      online: true,
      readers: ['Virtual PCD 00 00', 'Virtual PCD 00 01'],
    });
    expect(messages[0]).toMatchObject({ type: 'welcome', deviceId: DEVICE.id });

    socket.close();
    const after = await eventually(
      async () =>
        (await (await fetch(`${server.url}/api/stations`)).json()) as SystemStatus['agents'],
      (agents) => agents.some((a) => a.deviceId === DEVICE.id && !a.online),
    );
    expect(after.find((a) => a.deviceId === DEVICE.id)?.online).toBe(false);
  });

  it('records the time of a card tap as the station last card event', async () => {
    const { socket } = await connect(server.url, DEVICE.id, DEVICE.secret);
    const tappedAt = new Date().toISOString();
    socket.send(
      JSON.stringify({
        type: 'card.tapped',
        reader: 'Virtual PCD 00 00',
        kind: 'TAG_ISO_14443_4',
        atr: '3B8180018080',
        uid: '04A1B2C3D4E5F6',
        tappedAt,
        sentAt: tappedAt,
      }),
    );
    const stations = await eventually(
      async () =>
        (await (await fetch(`${server.url}/api/stations`)).json()) as SystemStatus['agents'],
      (agents) => agents.some((a) => a.deviceId === DEVICE.id && a.lastCardEventAt !== undefined),
    );
    expect(
      Date.parse(stations.find((a) => a.deviceId === DEVICE.id)?.lastCardEventAt ?? ''),
    ).toBeGreaterThanOrEqual(Date.parse(tappedAt) - 1000);
    socket.close();
  });

  it('closes the older of two connections with one device id with a code that says so, and keeps the station online on the newer', async () => {
    const first = await connect(server.url, DEVICE.id, DEVICE.secret);
    const firstClosed = new Promise<number>((resolve) =>
      first.socket.once('close', (code: number) => resolve(code)),
    );
    const second = await connect(server.url, DEVICE.id, DEVICE.secret);
    expect(await firstClosed).toBe(AGENT_REPLACED_CLOSE_CODE);
    // The replaced connection's close must not mark the station offline under the newer one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stations = (await (
      await fetch(`${server.url}/api/stations`)
    ).json()) as SystemStatus['agents'];
    expect(stations.find((a) => a.deviceId === DEVICE.id)?.online).toBe(true);
    expect(second.socket.readyState).toBe(WebSocket.OPEN);
    second.socket.close();
  });

  it('refuses a device with the wrong secret with 401 before any message is exchanged', async () => {
    await expect(connect(server.url, DEVICE.id, 'wrong-secret')).rejects.toThrow('HTTP 401');
    await expect(connect(server.url, 'unknown-device', DEVICE.secret)).rejects.toThrow('HTTP 401');
  });

  it('answers a malformed or stale message with a rejection that says why, and keeps the connection', async () => {
    const { socket, messages } = await connect(server.url, DEVICE.id, DEVICE.secret);
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'card.tapped', reader: 'Virtual PCD 00 00' }));
    const old = new Date(Date.now() - 31_000).toISOString();
    socket.send(
      JSON.stringify({
        type: 'card.tapped',
        reader: 'Virtual PCD 00 00',
        kind: 'TAG_ISO_14443_4',
        atr: '3B8180018080',
        tappedAt: old,
        sentAt: new Date().toISOString(),
      }),
    );
    await eventually(
      () => Promise.resolve(messages.length),
      (n) => n >= 4,
    );
    const reasons = messages
      .filter((m) => m.type === 'rejected')
      .map((m) => (m.type === 'rejected' ? m.reason : ''));
    expect(reasons[0]).toContain('not JSON');
    expect(reasons[1]).toContain('kind');
    expect(reasons[2]).toMatch(/stale tap: made 3\d s ago/);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });
});
