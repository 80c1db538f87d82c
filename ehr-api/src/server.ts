import { createServer, type Server } from 'node:http';
import { attachAgentSocket } from './agents/agent-socket.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createContext, type AppContext } from './context.js';
import { parseMllpListeners } from './config.js';
import { startMllpListener, type MllpListener } from './ingestion/adapters/hl7v2/index.js';

export interface RunningServer {
  server: Server;
  context: AppContext;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const context = await createContext(config);
  const server = createServer(createApp(context));
  const sockets = attachAgentSocket(server, context);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Node's default backlog (511) overflowed when 10,000 kiosks pressed "book" at once: the
    // kernel dropped their connection attempts and they timed out before being accepted. The
    // kernel caps the backlog at net.core.somaxconn (4096 on Debian).
    server.listen({ port: config.QN_API_PORT, host: config.QN_API_HOST, backlog: 4096 }, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.QN_API_PORT;
  const url = `http://${config.QN_API_HOST}:${port}`;
  context.logger.info(
    { url, readiness: context.monitor.readiness().status },
    `ehr-api listening on ${url}`,
  );
  const listeners: MllpListener[] = [];
  for (const feed of parseMllpListeners(config.QN_MLLP_LISTENERS)) {
    const job = await context.ingestion.startJob({
      hospital: feed.hospital,
      format: 'hl7v2',
      source: `mllp:${config.QN_MLLP_HOST}:${feed.port}`,
      createdBy: 'mllp-listener',
    });
    const listener = await startMllpListener({
      host: config.QN_MLLP_HOST,
      port: feed.port,
      hospital: feed.hospital,
      logger: context.logger,
      onMessage: async (outcome) =>
        (await context.ingestion.ingestMessage(job, outcome)) === 'rejected'
          ? 'rejected'
          : 'accepted',
    });
    listeners.push(listener);
    context.logger.info(
      { hospital: feed.hospital, port: listener.port, job: job._id },
      `HL7 v2 MLLP listener for ${feed.hospital} on ${config.QN_MLLP_HOST}:${listener.port}`,
    );
  }

  return {
    server,
    context,
    url,
    async stop() {
      for (const client of sockets.clients) client.close(1001, 'server shutting down');
      await Promise.all(listeners.map((listener) => listener.close()));
      sockets.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await context.close();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const running = await startServer(config);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    running.context.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
