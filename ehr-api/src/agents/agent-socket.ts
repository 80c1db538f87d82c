import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AGENT_REPLACED_CLOSE_CODE,
  AGENT_SOCKET_PATH,
  MAX_TAP_AGE_MS,
  agentUpMessageSchema,
  type AgentDownMessage,
  type AgentUpMessage,
} from '@qn/contracts';
import type { DeviceRegistry } from './device-registry.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import type { Logger } from '../logger.js';
import type { KioskService } from '../kiosk/kiosk-service.js';
import { closeStationStreams } from '../kiosk/routes.js';
import type { AgentCommandBus } from './agent-commands.js';

const MAX_MESSAGE_BYTES = 16 * 1024;

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ title: reason, status });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function parseBasicAuth(
  header: string | undefined,
): { deviceId: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return undefined;
  return { deviceId: decoded.slice(0, separator), secret: decoded.slice(separator + 1) };
}

/**
 * The endpoint card-reader agents connect out to. The agent authenticates on the upgrade request;
 * every message it sends is checked against the shared schema, and presence is kept in MongoDB so
 * any API instance can answer where each station stands.
 */
export function attachAgentSocket(
  server: Server,
  deps: {
    registry: DeviceRegistry;
    monitor: HealthMonitor;
    logger: Logger;
    kiosk?: KioskService;
    cards?: { readonly commands: AgentCommandBus };
  },
): WebSocketServer {
  const { registry, monitor, logger, kiosk } = deps;
  const commands = deps.cards?.commands;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // Closing the agent socket server means the HTTP server is shutting down: end the kiosk pages'
  // event streams too, or they would keep `server.close()` waiting.
  wss.once('close', closeStationStreams);
  // The open connection of each device on this instance: a newer one replaces an older one.
  const current = new Map<string, WebSocket>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== AGENT_SOCKET_PATH) {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    if (!monitor.isUp('mongodb')) {
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    const credential = parseBasicAuth(request.headers.authorization);
    if (!credential) {
      refuseUpgrade(socket, 401, 'Unauthorized');
      return;
    }
    registry.authenticate(credential.deviceId, credential.secret).then(
      (deviceId) => {
        if (!deviceId) {
          logger.warn(
            { deviceId: credential.deviceId },
            'agent refused: unknown device or wrong secret',
          );
          refuseUpgrade(socket, 401, 'Unauthorized');
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => serveAgent(ws, deviceId));
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'agent refused: device registry unavailable');
        refuseUpgrade(socket, 503, 'Service Unavailable');
      },
    );
  });

  function send(ws: WebSocket, message: AgentDownMessage): void {
    ws.send(JSON.stringify(message));
  }

  function serveAgent(ws: WebSocket, deviceId: string): void {
    const log = logger.child({ deviceId });
    log.info('agent connected');
    const older = current.get(deviceId);
    current.set(deviceId, ws);
    if (older) {
      // A reconnect whose old socket has not closed yet looks the same as a second agent with the
      // same device id; either way the newest connection is the one that can still be answered.
      log.warn(
        'a newer connection for this device replaced an open one: if this repeats, two agents share this device id',
      );
      older.close(AGENT_REPLACED_CLOSE_CODE, 'replaced by a newer connection for this device id');
    }
    // Every write this connection makes to its device document goes through one queue, in order:
    // the connection record first, then each message, then the disconnection. Besides keeping a
    // tap before its removal, this matters on FerretDB, which loses one of two concurrent updates
    // of the same document (a lost `connected` left a connected station shown offline).
    let inOrder: Promise<void> = registry
      .connected(deviceId, new Date())
      .catch((error: unknown) => log.warn({ err: error }, 'could not record connection'));
    send(ws, { type: 'welcome', deviceId, serverTime: new Date().toISOString() });
    // Commands for this station (personalising a card at the desk) go down this socket.
    const detach = commands?.attach(deviceId, (message) => send(ws, message));

    ws.on('message', (data: Buffer) => {
      // Taken before parsing and queueing: bench/tap.ts measures card event → here (debug log).
      const receivedAt = Date.now();
      let message: AgentUpMessage;
      try {
        const parsed = agentUpMessageSchema.safeParse(JSON.parse(data.toString('utf8')));
        if (!parsed.success) {
          send(ws, {
            type: 'rejected',
            reason: `invalid message: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
          });
          return;
        }
        message = parsed.data;
        if (message.type === 'card.tapped')
          log.debug({ reader: message.reader, receivedAt }, 'card tap received');
      } catch {
        send(ws, { type: 'rejected', reason: 'invalid message: not JSON' });
        return;
      }
      // One at a time, in order: a quick tap-and-lift must open the session before its removal ends it.
      const current = message;
      inOrder = inOrder
        .then(() => handle(current))
        .catch((error: unknown) =>
          log.warn({ err: error, type: current.type }, 'agent message not recorded'),
        );
    });

    ws.on('close', () => {
      detach?.();
      if (current.get(deviceId) !== ws) {
        log.info('replaced agent connection closed');
        return;
      }
      current.delete(deviceId);
      log.info('agent disconnected');
      const at = new Date();
      inOrder = inOrder.then(() => registry.disconnected(deviceId, at)).catch(() => undefined);
    });

    async function handle(message: AgentUpMessage): Promise<void> {
      const now = new Date();
      switch (message.type) {
        case 'hello':
          await registry.seen(deviceId, now, {
            readers: message.readers,
            agentVersion: message.agentVersion,
          });
          return;
        case 'heartbeat':
          await registry.seen(deviceId, now, { readers: message.readers });
          return;
        case 'reader.attached':
        case 'reader.detached':
          await registry.readerChanged(
            deviceId,
            message.reader,
            message.type === 'reader.attached',
            now,
          );
          return;
        case 'card.tapped': {
          const ageMs = now.getTime() - Date.parse(message.tappedAt);
          if (ageMs > MAX_TAP_AGE_MS) {
            send(ws, {
              type: 'rejected',
              reason: `stale tap: made ${Math.round(ageMs / 1000)} s ago`,
            });
            await kiosk?.reject(
              deviceId,
              'stale-tap',
              `tap made ${Math.round(ageMs / 1000)} s ago`,
            );
            return;
          }
          // The station is the device: a verified tap signs the patient in on its kiosk page.
          await Promise.all([
            registry.seen(deviceId, now, { cardEvent: true }),
            kiosk?.onTap(deviceId, message),
          ]);
          return;
        }
        case 'card.removed':
          await Promise.all([
            registry.seen(deviceId, now, { cardEvent: true }),
            kiosk?.onCardRemoved(deviceId),
          ]);
          return;
        case 'card.error':
          await registry.seen(deviceId, now, { cardEvent: true });
          return;
        case 'command-result':
          await Promise.all([
            registry.seen(deviceId, now, { cardEvent: true }),
            commands?.answer(deviceId, message.commandId, message.result),
          ]);
          return;
      }
    }
  }

  return wss;
}
