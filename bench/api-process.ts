/**
 * The ehr-api as the booking benchmark runs it: in a process of its own, as in production, so the
 * load generator does not share its event loop. Started by lib/api-child.ts with its configuration
 * in the environment (the same variables the API reads in production); prints its URL and tells
 * the parent over the IPC channel once it is ready to take bookings.
 *
 * Over the same channel the parent can ask for the MongoDB commands counted so far (when started
 * with monitorCommands=true in MONGODB_URI and QN_BENCH_MONGO_TRACE=1) and start or stop a V8 CPU
 * profile of one phase.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { loadConfig } from '../ehr-api/src/config.js';
import { startServer } from '../ehr-api/src/server.js';
import type { ChildReply, ChildRequest } from './lib/api-child.js';
import { waitUntil } from './lib/measure.js';

function send(message: ChildReply): void {
  process.send?.(message);
}

const server = await startServer(loadConfig());
// The unique indexes the seat claims rely on, before the first booking (createContext builds the others).
await server.context.scheduling.ready();
const monitor = server.context.monitor;
const up = await waitUntil(
  () => Promise.resolve(monitor.isUp('mongodb') && monitor.isUp('hapi-fhir')),
  30_000,
);
if (!up) {
  console.error(`ehr-api is not ready: ${JSON.stringify(monitor.readiness())}`);
  await server.stop();
  process.exit(3);
}

const commands: Record<string, number> = {};
const commandMs: Record<string, number> = {};
if (process.env.QN_BENCH_MONGO_TRACE === '1') {
  const inFlight = new Map<number, string>();
  const finished = (event: CommandSucceededEvent | CommandFailedEvent): void => {
    const key = inFlight.get(event.requestId);
    if (key === undefined) return;
    inFlight.delete(event.requestId);
    commandMs[key] = (commandMs[key] ?? 0) + event.duration;
  };
  const client = server.context.mongo.getClient();
  client.on('commandSucceeded', finished);
  client.on('commandFailed', finished);
  client.on('commandStarted', (event: CommandStartedEvent) => {
    const target: unknown = event.command[event.commandName];
    const collection =
      typeof target === 'string'
        ? target
        : typeof event.command.collection === 'string'
          ? event.command.collection
          : '';
    const key = `${event.commandName} ${collection}`.trim();
    commands[key] = (commands[key] ?? 0) + 1;
    inFlight.set(event.requestId, key);
  });
}

let profiler: Session | undefined;
async function handle(request: ChildRequest): Promise<ChildReply> {
  switch (request.type) {
    case 'commands':
      return { type: 'commands', id: request.id, counts: { ...commands }, ms: { ...commandMs } };
    case 'profile-start':
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      return { type: 'done', id: request.id };
    case 'profile-stop': {
      if (!profiler) return { type: 'failed', id: request.id, message: 'no profile running' };
      const { profile } = await profiler.post('Profiler.stop');
      await writeFile(request.file, JSON.stringify(profile));
      profiler.disconnect();
      profiler = undefined;
      return { type: 'done', id: request.id };
    }
  }
}
process.on('message', (request: ChildRequest) => {
  handle(request).then(send, (error: unknown) =>
    send({ type: 'failed', id: request.id, message: String(error) }),
  );
});

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// The benchmark died without stopping us: do not outlive it.
process.on('disconnect', shutdown);

console.log(`ehr-api listening on ${server.url}`);
send({ type: 'ready', url: server.url });
